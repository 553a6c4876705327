"""What a plan must never do: the guide's safety specification, one named rule each.

Read it as a team lead would. Each invariant says, in its docstring, what it protects and
why; `check(plan)` returns every broken one with the offending text. The engine's rules
are data that leads edit, so these checks do not trust the tags: they read the words a
reader would see, in English and French. Tests run them over every combination of
answers (tests/guide/test_invariants.py) and on rendered pages; a change that breaks one
does not land.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from playbooks.tags import Channel, Pressure, Relationship, ResourceKind, Signal

from .plan import Answers, Plan, Suggestion


@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Lower case, no accents, straight apostrophes and single spaces: what patterns match."""
    text = text.casefold().replace("\u2019", "'").replace("\u00a0", " ")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c)))


def words(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# What the words look like, in English and French (accents removed, see plain()).
SECRECY = words(
    r"keep (this|it) (private|to myself|between us)\b(?! because)",
    r"\bstays? between us",
    r"won't tell anyone",
    r"our secret",
    r"restera entre nous",
    r"je garderai (cela|ca) pour moi",
    r"n'en parlerai a personne",
)
SAFETY_EXCEPTION = words(
    r"one exception",
    r"worried about your safety",
    r"seule exception",
    r"m'inquietais .* securite",
)
ENDS_CONVERSATION = words(
    r"stop here",
    r"another day",
    r"pick (this|it) up (later|another)",
    r"end (or shorten )?(the|this|today's) (meeting|call)",
    r"end the meeting",
    r"shorten",
    r"keep (it|today) (very )?short",
    r"leave it there",
    r"pause the call",
    r"(short|a) break",
    r"take five minutes",
    r"step out",
    r"ring you back later",
    r"cameras? off",
    r"coffee",
    r"keep today to the main",
    r"arreter la",
    r"un autre jour",
    r"reprendre (plus tard|un autre)",
    r"ecourter",
    r"raccourcir",
    r"faire une pause",
    r"(en|une) pause",
    r"en rester la",
    r"un cafe",
    r"cameras?",
    r"vous rappeler plus tard",
)
NO_REPLY = words(
    r"no need to reply",
    r"no reply (is )?needed",
    r"needs? no reply",
    r"nothing to write back",
    r"nothing needs a reply",
    r"don't (feel you )?have to (answer|reply|respond)",
    r"nothing is needed from you",
    r"nothing to do\b",
    r"pas besoin de repondre",
    r"inutile (de|d.y) repondre",
    r"n'attend(s)? (aucune|pas de) reponse",
    r"(ne vous sentez pas|sans vous sentir) oblige(e)?s? de repondre",
    r"n'avez (rien|pas) a repondre",
    r"aucune reponse",
)
SELF_DISCLOSURE = words(
    r"\bi went through",
    r"i've been somewhere",
    r"how i handled",
    r"from my own",
    r"happened to me",
    r"in my own experience",
    r"enough about me",
    r"j'ai (vecu|traverse)",
    r"comment j'y ai fait face",
    r"ma propre (famille|experience)",
    r"assez parle de moi",
)
HUMOUR = words(
    r"\blaugh",
    r"\bsmile",
    r"\bjok",
    r"funny side",
    r"sense of humour",
    r"make light",
    r"keep today light",
    r"\brire\b",
    r"sourire",
    r"humour",
    r"plaisant",
    r"cote drole",
    r"a la legere",
)
NETWORK = words(
    r"introduc",
    r"put you in touch",
    r"contact of mine",
    r"people who've dealt",
    r"recommendation",
    r"\breference",
    r"mettre en (relation|contact)",
    r"vous presenter",
    r"recommandation",
    r"mon reseau",
    r"personnes de mon entourage",
)
IN_THE_ROOM = words(
    r"coffee",
    r"step out",
    r"cameras?",
    r"end (or shorten )?(the|this|today's) meeting",
    r"this meeting",
    r"un cafe",
    r"cette reunion",
    r"la reunion de (ce jour|aujourd'hui)",
)
ROOM_ONLY = words(r"coffee", r"step out", r"un cafe", r"je sors", r"\bcafe\b")
CAMERAS = words(r"\bcameras?\b", r"webcam", r"\bcamera\b")
OPEN_ENDED_TIME = words(
    r"all the time you need",
    r"as long as you need",
    r"no hurry",
    r"no rush",
    r"project can wait",
    r"plan will move",
    r"tout le temps (qu'il vous faut|necessaire|que vous voulez)",
    r"rien ne presse",
    r"le projet (peut|attendra)",
    r"le planning qui s'adaptera",
)
PLACEHOLDER = words(r"in the admin", r"dans l'administration", r"placeholder", r"\badd your\b")
LETS_THEM_GO = words(
    r"please go",
    r"go and be with",
    r"need to go at any point",
    r"^go\b",
    r"allez(-y| vite)",
    r"partez",
    r"devez partir",
)
CARRIES_ON = words(
    r"keep going as normal",
    r"carry on as normal",
    r"business as usual",
    r"continu\w* (normalement|comme d'habitude)",
    r"comme d'habitude",
)
ASKS_FIRST = words(
    r"\bask",
    r"check",
    r"confirm",
    r"find out",
    r"see with",
    r"work out with",
    r"demand",
    r"verifi",
    r"confirme",
    r"voir avec",
    r"verrai avec",
)
SAFETY_WORDS = words(
    r"\bsafe",
    r"suicid",
    r"crisis line",
    r"emergency",
    r"danger",
    r"where you are",
    r"securit",
    r"ligne d'ecoute",
    r"urgence",
    r"secours",
    r"ou vous etes",
    r"sans risque",
    r"\bsur de vous joindre",
    r"moyen sur",
)

RISK = {
    Signal.DISTRESSED.value,
    Signal.SUICIDAL.value,
    Signal.DANGER.value,
    Signal.ABUSE.value,
}
COMMERCIAL = {"finance", "account-director", "engagement-lead"}


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
    INVARIANTS.append(Invariant(fn.__name__, (fn.__doc__ or "").strip(), fn))
    return fn


def _texts(items) -> list[str]:
    return [s.text for s in items]


def _offers(plan: Plan) -> list[str]:
    return [t for o in plan.offer for t in (o.text, o.wording)]


def _said(plan: Plan) -> list[str]:
    """What the reader is told to say or offer, word for word."""
    return _texts(plan.say) + _offers(plan)


@functools.lru_cache(maxsize=262144)
def says(pattern: re.Pattern, text: str) -> bool:
    return pattern.search(plain(text)) is not None


def _matching(pattern: re.Pattern, texts) -> list[str]:
    return [t for t in texts if says(pattern, t)]


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
    if a.situation != "family-emergency" or a.at_risk or a.stage != "first":
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
        text = plain(step.text)
        if re.search(r"same day|tomorrow|next (working )?day|le jour meme|demain", text):
            if step.days > 2:
                problems.append(f"{step.days} days: {step.text}")
        elif re.search(r"\b(a|one|une) (week|semaine)|week later|semaine (plus tard|apres)", text):
            if not 3 <= step.days <= 10:
                problems.append(f"{step.days} days: {step.text}")
        elif re.search(r"(two|deux) weeks|quinze jours|deux semaines", text) and not (
            7 <= step.days <= 21
        ):
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


@dataclass
class Tally:
    """How many plans each invariant applied to, and the first few that broke it."""

    plans: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    broken: dict[str, list[str]] = field(default_factory=dict)

    def add(self, plan: Plan, *, keep: int = 5) -> None:
        self.plans += 1
        for i in INVARIANTS:
            found = i.check(plan)
            if found is None:
                continue
            self.applied[i.name] = self.applied.get(i.name, 0) + 1
            if found:
                examples = self.broken.setdefault(i.name, [])
                if len(examples) < keep:
                    examples.append(f"{describe(plan.answers)}: {found[0]}")

    def merge(self, other: "Tally") -> None:
        self.plans += other.plans
        for name, n in other.applied.items():
            self.applied[name] = self.applied.get(name, 0) + n
        for name, examples in other.broken.items():
            self.broken.setdefault(name, []).extend(examples)


def describe(answers) -> str:
    """The answers as the plan page's query string would hold them."""
    signals = "+".join(answers.signals) or "no signals"
    grant = "can grant" if answers.can_grant else "cannot grant"
    return (
        f"[{answers.language}] {answers.situation}, {answers.relationship}, {answers.channel}, "
        f"{answers.pressure}, {signals}, {grant}, {answers.region}"
    )


def every_answer(situations, *, language: str, region: str):
    """Every combination of answers for these situations: the space the invariants hold over."""
    signals = list(Signal.values)
    for situation in situations:
        for relationship, channel, pressure, can_grant in itertools.product(
            Relationship.values, Channel.values, Pressure.values, (False, True)
        ):
            for size in range(len(signals) + 1):
                for chosen in itertools.combinations(signals, size):
                    yield Answers(
                        situation,
                        relationship,
                        channel,
                        pressure,
                        chosen,
                        can_grant,
                        region,
                        language,
                    )
