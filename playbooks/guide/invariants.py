"""What a plan must never do: the guide's safety specification, one named rule each.

Read it as a team lead would. Each invariant says, in its docstring, what it protects and
why; `check(plan)` returns every broken one with the offending text. The engine's rules
are data that leads edit, so these checks do not trust the tags: they read the words a
reader would see, in English and French (wording.py). Tests run them over every
combination of answers (walk.py, tests/guide/test_invariants.py) and on rendered pages; a
change that breaks one does not land.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from playbooks.library.choices import Language, Region, ResourceKind, Signal, Stage

from .plan import Plan, Suggestion
from .wording import (
    A_WEEK,
    ASKS_FIRST,
    CAMERAS,
    CARRIES_ON,
    ENDS_CONVERSATION,
    ENGLISH,
    FIRST_NEWS,
    FRENCH,
    HUMOUR,
    IN_THE_ROOM,
    LETS_THEM_GO,
    NETWORK,
    NO_REPLY,
    OPEN_ENDED_TIME,
    PLACEHOLDER,
    ROOM_ONLY,
    SAFETY_EXCEPTION,
    SAFETY_WORDS,
    SECRECY,
    SELF_DISCLOSURE,
    TWO_WEEKS,
    WITHIN_A_DAY,
    Words,
    says,
)

RISK = {
    Signal.DISTRESSED.value,
    Signal.SUICIDAL.value,
    Signal.DANGER.value,
    Signal.ABUSE.value,
}
COMMERCIAL = {"finance", "account-director", "engagement-lead"}
EMERGENCY_GRADES = frozenset({Signal.DANGER.value, Signal.SUICIDAL.value, Signal.ABUSE.value})
# The numbers each region's client may be given, from the domain brief (§5): emergency
# services, then crisis lines. International has none of its own (directories instead).
EMERGENCY_NUMBERS = {
    Region.UK.value: {"999"},
    Region.IE.value: {"112"},
    Region.FR.value: {"15", "17", "18", "112"},
    Region.EU.value: {"112"},
    Region.US.value: {"911"},
    Region.INTL.value: set(),
}
CRISIS_NUMBERS = {
    Region.UK.value: {"116123"},
    Region.IE.value: {"116123"},
    Region.FR.value: {"3114"},
    Region.EU.value: set(),
    Region.US.value: {"988", "18009855990"},
    Region.INTL.value: set(),
}


# A check returns None when the rule does not apply to the plan's answers, otherwise what
# broke it (an empty list: the plan keeps the rule).
Check = Callable[[Plan], list[str] | None]


@dataclass(frozen=True)
class Invariant:
    name: str
    rule: str
    check: Check


INVARIANTS: list[Invariant] = []


def invariant(fn: Check) -> Check:
    INVARIANTS.append(Invariant(fn.__name__, " ".join((fn.__doc__ or "").split()), fn))
    return fn


def _texts(items) -> list[str]:
    return [s.text for s in items]


def _offers(plan: Plan) -> list[str]:
    return [t for o in plan.offer for t in (o.text, o.wording)]


def _said(plan: Plan) -> list[str]:
    """What the reader is told to say or offer, word for word."""
    return _texts(plan.say) + _offers(plan)


def _matching(pattern: Words, texts) -> list[str]:
    return [t for t in texts if pattern.said_in(t)]


def is_safety_phrase(s: Suggestion, plan: Plan) -> bool:
    """A phrase pinned for one of the noticed risk grades, whose words are about safety."""
    return not s.signals.isdisjoint(plan.answers.risks) and says(SAFETY_WORDS, s.text)


# --- With any risk grade ---------------------------------------------------------------------


@invariant
def risk_puts_safety_card_first(plan: Plan) -> list[str]:
    """Any risk grade brings the safety card, led by the most serious grade noticed."""
    risks = plan.answers.risks
    if not risks:
        return None
    if plan.safety is None:
        return ["no safety card"]
    if plan.safety.cards[0].grade != risks[0]:
        return [f"the card starts with {plan.safety.cards[0].grade}, not {risks[0]}"]
    return []


@invariant
def risk_opens_with_safety(plan: Plan) -> list[str]:
    """With any risk grade, one of the first two phrases to say is about the client's safety."""
    if not plan.answers.at_risk:
        return None
    if any(is_safety_phrase(s, plan) for s in plan.say[:2]):
        return []
    return [f"first phrases: {_texts(plan.say[:2])}"]


@invariant
def risk_makes_no_secrecy_promise(plan: Plan) -> list[str]:
    """Privacy ends where a life may be at risk: never promise secrecy to a client at risk."""
    if not plan.answers.at_risk:
        return None
    return _matching(SECRECY, _said(plan)) + _matching(SAFETY_EXCEPTION, _said(plan))


@invariant
def risk_never_ends_the_conversation(plan: Plan) -> list[str]:
    """At risk, never offer to stop, end, shorten, pause or pick up another day."""
    if not plan.answers.at_risk:
        return None
    return _matching(ENDS_CONVERSATION, _said(plan))


@invariant
def risk_never_says_no_reply(plan: Plan) -> list[str]:
    """At risk, never write "no need to reply": the conversation must stay open."""
    if not plan.answers.at_risk:
        return None
    follow = [s.text for s in plan.follow_up.steps] if plan.follow_up else []
    return _matching(NO_REPLY, _said(plan) + follow)


@invariant
def risk_offers_no_introductions(plan: Plan) -> list[str]:
    """At risk, no network introductions or references: safety comes first."""
    if not plan.answers.at_risk:
        return None
    return _matching(NETWORK, _said(plan))


@invariant
def risk_puts_money_talk_last(plan: Plan) -> list[str]:
    """At risk, offers that need finance or a contract change come after all others."""
    if not plan.answers.at_risk:
        return None
    seen_commercial = False
    for o in plan.offer:
        if o.approver in COMMERCIAL:
            seen_commercial = True
        elif seen_commercial:
            return [f"{o.text} comes after a commercial offer"]
    return []


@invariant
def distress_alone_is_no_emergency(plan: Plan) -> list[str]:
    """Not coping, alone, is not the emergency protocol: no emergency numbers."""
    if plan.answers.risks != (Signal.DISTRESSED.value,) or plan.safety is None:
        return None
    return [r.contact for r in plan.safety.emergency]


@invariant
def abuse_first_asks_if_it_is_safe_to_talk(plan: Plan) -> list[str]:
    """With abuse (and no immediate danger), the first question is whether it is safe to talk."""
    risks = plan.answers.risks
    if not risks or risks[0] != Signal.ABUSE.value:
        return None
    first = plan.say[0].text if plan.say else ""
    return [] if says(SAFETY_WORDS, first) else [first]


# --- Invitations ---------------------------------------------------------------------------


@invariant
def humour_only_when_the_client_joked(plan: Plan) -> list[str]:
    """Humour only after the client used it, and never with a risk."""
    a = plan.answers
    if Signal.JOKED.value in a.signals and not a.at_risk:
        return None
    return _matching(HUMOUR, _said(plan))


@invariant
def own_experience_only_when_asked(plan: Plan) -> list[str]:
    """Your own story only when the client asked about it, and never with a risk."""
    a = plan.answers
    if Signal.ASKED_ABOUT_YOU.value in a.signals and not a.at_risk:
        return None
    return _matching(SELF_DISCLOSURE, _said(plan))


# --- Ordinary plans --------------------------------------------------------------------------


@invariant
def ordinary_plans_raise_no_alarm(plan: Plan) -> list[str]:
    """Without a risk grade: no safety card, no talk of a safety exception."""
    if plan.answers.at_risk:
        return None
    found = _matching(SAFETY_EXCEPTION, _said(plan))
    return (["a safety card"] if plan.safety else []) + found


@invariant
def written_plans_stay_written(plan: Plan) -> list[str]:
    """By email or chat, never suggest ending a meeting, stepping out or fetching a coffee."""
    if plan.answers.channel != "written":
        return None
    return _matching(IN_THE_ROOM, _said(plan))


@invariant
def video_never_offers_coffee(plan: Plan) -> list[str]:
    """On a video call, never offer a coffee or to step out: those need a room."""
    if plan.answers.channel != "video":
        return None
    return _matching(ROOM_ONLY, _said(plan))


@invariant
def room_never_mentions_cameras(plan: Plan) -> list[str]:
    """In a room together, never mention cameras: that line is for a video call."""
    if plan.answers.channel != "room":
        return None
    return _matching(CAMERAS, _said(plan))


@invariant
def phone_offers_no_coffee_or_cameras(plan: Plan) -> list[str]:
    """On the phone, neither a coffee nor cameras: there is neither a room nor a screen."""
    if plan.answers.channel != "phone":
        return None
    return _matching(ROOM_ONLY, _said(plan)) + _matching(CAMERAS, _said(plan))


@invariant
def family_emergency_lets_them_go(plan: Plan) -> list[str]:
    """A family emergency, just disclosed (no risk), opens by letting the client go."""
    a = plan.answers
    if "family-emergency" not in a.situations or a.at_risk or a.stage != Stage.FIRST:
        return None
    first = plan.say[0].text if plan.say else ""
    return [] if says(LETS_THEM_GO, first) else [first]


@invariant
def carry_on_means_carry_on(plan: Plan) -> list[str]:
    """When the client wants to carry on (no risk): say so, and offer no pause in Say."""
    a = plan.answers
    if Signal.CARRY_ON.value not in a.signals or a.at_risk:
        return None
    problems = _matching(ENDS_CONVERSATION, _texts(plan.say))
    if not _matching(CARRIES_ON, _texts(plan.say)):
        problems.append("no phrase says work carries on as normal")
    return problems


@invariant
def no_open_ended_time_against_a_fixed_deadline(plan: Plan) -> list[str]:
    """With a critical deadline the reader cannot move, promise no open-ended time."""
    a = plan.answers
    if a.pressure != "critical" or a.can_grant:
        return None
    return _matching(OPEN_ENDED_TIME, _said(plan))


@invariant
def promises_wait_for_approval(plan: Plan) -> list[str]:
    """A phrase that promises a change the reader cannot grant is worded as a request."""
    return [
        s.text
        for s in plan.say
        if s.approver and not s.you_can_grant and not says(ASKS_FIRST, s.text)
    ]


# --- Stage, language and region -------------------------------------------------------------


@invariant
def later_stages_never_greet_the_news(plan: Plan) -> list[str]:
    """Weeks into a crisis or on a return to work (no new risk), no line greets the news as
    if just heard ("sorry to hear", "thank you for telling me", "none of today's agenda")."""
    a = plan.answers
    if a.stage not in (Stage.ONGOING, Stage.RETURN) or a.at_risk:
        return None
    return _matching(FIRST_NEWS, _texts(plan.say))


@invariant
def phrases_speak_the_client_language(plan: Plan) -> list[str]:
    """What the reader says to the client is in the client's language, word for word."""
    language = plan.answers.phrase_language
    other = ENGLISH if language == Language.FR else FRENCH
    return [s.text for s in plan.say if s.language != language or says(other, _unnamed(s.text))]


@invariant
def safety_numbers_are_the_client_region(plan: Plan) -> list[str]:
    """The safety card gives the numbers of the country the client is in, never the
    reader's; with a reader elsewhere, it says how to reach help from there."""
    a, safety = plan.answers, plan.safety
    if safety is None:
        return None
    problems = []
    on_card = [(r.tel, EMERGENCY_NUMBERS) for r in safety.emergency]
    on_card += [(r.tel, CRISIS_NUMBERS) for r in safety.crisis_lines]
    for tel, allowed in on_card:
        if tel and tel not in allowed[a.region]:
            problems.append(f"{tel} is not a number for {a.region}")
    wanted = EMERGENCY_NUMBERS[a.region]
    needs_help = not EMERGENCY_GRADES.isdisjoint(a.risks)
    if needs_help and wanted and not {r.tel for r in safety.emergency} & wanted:
        problems.append(f"no emergency number for {a.region}")
    if a.abroad and needs_help:
        if safety.abroad is None:
            problems.append("no card for reaching a client in another country")
        else:
            own = {r.tel for r in safety.abroad.own_numbers}
            if own - EMERGENCY_NUMBERS[a.reader_region]:
                problems.append(f"{own} are not the reader's numbers ({a.reader_region})")
    elif safety.abroad is not None and not a.abroad:
        problems.append("an abroad card for a client in the reader's own region")
    return problems


@functools.lru_cache(maxsize=65536)
def _unnamed(text: str) -> str:
    return re.sub(r"\{(client|me)\}", " ", text)


# --- Everywhere ----------------------------------------------------------------------------


@invariant
def no_setup_placeholders(plan: Plan) -> list[str]:
    """Readers never see a placeholder meant for the admin."""
    texts = _said(plan) + _texts(plan.avoid)
    for r in (*plan.refer, *plan.for_you):
        texts += [r.contact, r.description]
    if plan.safety:
        for r in (*plan.safety.emergency, *plan.safety.crisis_lines, *plan.safety.abuse_lines):
            texts += [r.contact, r.description]
    return _matching(PLACEHOLDER, texts)


@invariant
def eap_is_for_you_not_the_client(plan: Plan) -> list[str]:
    """The employee assistance programme and internal contacts are for the reader, not Refer."""
    kinds = {ResourceKind.EAP.value, ResourceKind.INTERNAL.value}
    return [r.name for r in plan.refer if r.kind in kinds]


@invariant
def follow_up_dates_match_their_words(plan: Plan) -> list[str]:
    """Each follow-up step carries its own date; words about timing agree with it."""
    if plan.follow_up is None:
        return ["no follow-up"]
    problems = []
    for step in plan.follow_up.steps:
        if WITHIN_A_DAY.said_in(step.text):
            if step.days > 2:
                problems.append(f"{step.days} days: {step.text}")
        elif A_WEEK.said_in(step.text):
            if not 3 <= step.days <= 10:
                problems.append(f"{step.days} days: {step.text}")
        elif TWO_WEEKS.said_in(step.text) and not 7 <= step.days <= 21:
            problems.append(f"{step.days} days: {step.text}")
    if plan.answers.at_risk and plan.follow_up.steps[0].days > 1:
        problems.append("at risk, the first check-in is later than tomorrow")
    return problems


@invariant
def plan_is_complete(plan: Plan) -> list[str]:
    """Every plan has at least 3 phrases, 3 boundaries, 2 offers and a follow-up."""
    problems = []
    for name, items, least in (("say", plan.say, 3), ("avoid", plan.avoid, 3)):
        if len(items) < least:
            problems.append(f"{len(items)} {name}")
    if len(plan.offer) < 2:
        problems.append(f"{len(plan.offer)} offer")
    if plan.follow_up is None:
        problems.append("no follow-up")
    return problems


def check(plan: Plan) -> dict[str, list[str]]:
    """Every broken invariant, by name, with what broke it."""
    return {i.name: found for i in INVARIANTS if (found := i.check(plan))}
