"""The guide never undercuts safety: every invariant, over every combination of answers.

The invariants themselves live in playbooks/guide/invariants.py, readable as a
specification. Here they are walked over every answer combination through the engine, then
over a sample through the plain no-JavaScript form, as a reader sees the page.
"""

import random
import re
import tomllib
from dataclasses import replace
from html import unescape
from itertools import combinations, product
from pathlib import Path

import pytest
from django.urls import reverse

from playbooks.guide import invariants, walk
from playbooks.guide.engine import Rules, build_plan, get_rules
from playbooks.guide.invariants import INVARIANTS
from playbooks.guide.plan import Answers, Plan, Suggestion
from playbooks.guide.walk import Tally, every_answer
from playbooks.guide.wording import plain
from playbooks.library.choices import (
    RISK_ORDER,
    Channel,
    Pressure,
    Region,
    Relationship,
    Signal,
    Stage,
)
from playbooks.library.loader import CONTENT_DIR

SITUATIONS = [
    s["slug"] for s in tomllib.loads((CONTENT_DIR / "situations.toml").read_text())["situation"]
]
REGION = {"en": "uk", "fr": "fr"}
CORE_PER_SIGNAL_SET = (
    len(Stage.values)
    * len(Relationship.values)
    * len(Channel.values)
    * len(Pressure.values)
    * 2  # can or cannot grant
)


def broken_report(tally: Tally) -> str:
    return "\n".join(
        f"{name}:\n  " + "\n  ".join(examples) for name, examples in tally.broken.items()
    )


@pytest.mark.exhaustive
@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(REGION))
@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_plan_keeps_every_invariant(situation, language):
    """Every core combination: each stage, relationship, channel, pressure, authority and
    signal set, less the signals proven inert (test_inert_signals_change_nothing)."""
    rules = get_rules()
    tally = Tally()
    for answers in every_answer(
        [situation], language=language, region=REGION[language], rules=rules
    ):
        tally.add(build_plan(answers, rules))
    inert = walk.inert_signals(rules, situation)
    assert tally.plans == CORE_PER_SIGNAL_SET * 2 ** (len(Signal.values) - len(inert))
    assert not tally.broken, f"invariants broken for {situation} [{language}]:\n" + (
        broken_report(tally)
    )


RISK_SETS = [
    tuple(r for r in RISK_ORDER if r in chosen)
    for size in range(5)
    for chosen in combinations(RISK_ORDER, size)
]


@pytest.mark.exhaustive
@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(REGION))
@pytest.mark.parametrize("main", SITUATIONS)
def test_every_pair_of_situations_keeps_every_invariant(main, language):
    """Two situations at once: every pair, in both orders (each main situation with every
    other, one test per main situation so the walk spreads over the workers), at every
    stage and channel, with every set of risk grades."""
    rules = get_rules()
    tally = Tally()
    for other in SITUATIONS:
        if other == main:
            continue
        for stage, channel, risks, pressure in product(
            Stage.values, Channel.values, RISK_SETS, ("none", "critical")
        ):
            answers = Answers(
                main, "established", channel, pressure, risks, False, REGION[language],
                language, stage, (other,),
            )  # fmt: skip
            tally.add(build_plan(answers, rules))
    assert tally.plans == (len(SITUATIONS) - 1) * 4 * 4 * 16 * 2
    assert not tally.broken, broken_report(tally)


@pytest.mark.exhaustive
@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(REGION))
def test_every_client_region_language_and_reader_region_keeps_every_invariant(language):
    """The client in each region, speaking each language, with the reader in each region,
    for every set of risk grades and every situation."""
    rules = get_rules()
    tally = Tally()
    other = "fr" if language == "en" else "en"
    for situation, region, reader, client, risks in product(
        SITUATIONS, Region.values, Region.values, ("", other), RISK_SETS
    ):
        answers = Answers(
            situation, "established", "phone", "soon", risks, False, region, language,
            "first", (), client, reader,
        )  # fmt: skip
        tally.add(build_plan(answers, rules))
    assert tally.plans == len(SITUATIONS) * 6 * 6 * 2 * 16
    assert not tally.broken, broken_report(tally)


@pytest.mark.django_db
def test_inert_signals_change_nothing():
    """A signal no item, resource, rule or invariant reads leaves every plan as it was: this
    is what lets the exhaustive walk leave it out."""
    rules = get_rules()
    rng = random.Random(7)
    checked = 0
    for situation in SITUATIONS:
        inert = walk.inert_signals(rules, situation)
        assert Signal.WITHDRAWN.value in inert  # nothing in the shipped content reads it
        core = list(every_answer([situation], language="en", region="uk", rules=rules))
        for answers in rng.sample(core, 20):
            noticed = set(answers.signals) | inert
            with_inert = replace(answers, signals=tuple(s for s in Signal.values if s in noticed))
            plan, same = build_plan(answers, rules), build_plan(with_inert, rules)
            assert replace(same, answers=answers) == plan
            checked += 1
    assert checked == 20 * len(SITUATIONS)


@pytest.mark.django_db
def test_a_plan_is_the_same_whatever_was_built_before():
    """The engine keeps parts of plans with the rules (Rules.memo), each under the answers
    it reads: what the exhaustive walk checks is what a fresh process would show."""
    warm = get_rules()
    core = list(every_answer(["family-emergency"], language="fr", region="fr", rules=warm))
    answers = core[::100] + list(walk.sampled_answers(SITUATIONS, 300, seed=5))
    built = [build_plan(a, warm) for a in answers]
    for i in random.Random(5).sample(range(len(answers)), 100):
        # The same reading of the content, with nothing kept from earlier plans.
        fresh = Rules(
            warm.situations, warm.resources, warm.weights, _candidates=dict(warm._candidates)
        )
        assert build_plan(answers[i], fresh) == built[i], answers[i]


@pytest.mark.django_db
def test_a_sample_of_the_whole_space_keeps_every_invariant():
    rules = get_rules()
    tally = Tally()
    for answers in walk.sampled_answers(SITUATIONS, 400, seed=3):
        tally.add(build_plan(answers, rules))
    assert tally.plans == 400
    assert not tally.broken, broken_report(tally)


def test_the_core_space_is_every_answer_combination():
    answers = list(every_answer(["bereavement"], language="en", region="uk"))
    assert len(answers) == len(set(answers)) == CORE_PER_SIGNAL_SET * 2 ** len(Signal.values)
    assert len(answers) == 147_456
    assert (
        Answers(
            "bereavement",
            "partner",
            "written",
            "critical",
            tuple(Signal.values),
            True,
            "uk",
            "en",
            "return",
        )
        in answers
    )


# --- Each invariant can fail: a plan that breaks it is caught, by name ------------------------


def plan_with(
    *,
    signals=(),
    say=(),
    offer=(),
    situation="bereavement",
    channel="phone",
    pressure="none",
    can_grant=False,
    stage="first",
    client_language="",
    language="en",
) -> Plan:
    answers = Answers(
        situation, "new", channel, pressure, tuple(signals), can_grant, "uk", "en", stage,
        (), client_language,
    )  # fmt: skip
    good = build_plan(answers, get_rules())

    def suggestion(text, section, **extra):
        return Suggestion(
            key=text[:8],
            section=section,
            text=text,
            reasons=(),
            score=0,
            language=language,
            playbook="x",
            wording=text,
            **extra,
        )

    return Plan(
        answers,
        good.safety,
        tuple(suggestion(t, "say") for t in say) + good.say,
        good.avoid,
        tuple(suggestion(t, "offer") for t in offer) + good.offer,
        good.refer,
        good.follow_up,
        good.read_more,
        good.for_you,
    )


BAD_PLANS = [
    ("risk_makes_no_secrecy_promise", dict(signals=["suicidal"], say=["I'll keep this private."])),
    (
        "risk_never_ends_the_conversation",
        dict(
            signals=["distressed"],
            say=["Would you like to stop here and pick this up another day?"],
        ),
    ),
    (
        "risk_never_ends_the_conversation",
        dict(signals=["danger"], offer=["End the meeting early."]),
    ),
    (
        "risk_never_says_no_reply",
        dict(signals=["suicidal"], channel="written", say=["There's no need to reply to this."]),
    ),
    (
        "risk_offers_no_introductions",
        dict(signals=["abuse"], say=["Would an introduction to a contact of mine help?"]),
    ),
    ("risk_opens_with_safety", dict(signals=["suicidal"], say=["I'm so sorry.", "Thank you."])),
    (
        "humour_only_when_the_client_joked",
        dict(signals=["carry-on"], say=["It's good to hear you laugh."]),
    ),
    ("own_experience_only_when_asked", dict(say=["I know from my own family how hard that is."])),
    (
        "ordinary_plans_raise_no_alarm",
        dict(say=["The one exception is if I were ever worried about your safety."]),
    ),
    (
        "written_plans_stay_written",
        dict(channel="written", say=["Shall we take five minutes? I'll get us a coffee."]),
    ),
    (
        "family_emergency_lets_them_go",
        dict(situation="family-emergency", say=["There's no hurry. I'm listening."]),
    ),
    (
        "no_open_ended_time_against_a_fixed_deadline",
        dict(pressure="critical", say=["The project can wait. Take all the time you need."]),
    ),
    ("no_setup_placeholders", dict(say=["Add your EAP's number in the admin"])),
    (
        "video_never_offers_coffee",
        dict(channel="video", offer=["Shall we take five minutes? I'll get us a coffee."]),
    ),
    (
        "room_never_mentions_cameras",
        dict(channel="room", say=["Shall we both switch our cameras off for a moment?"]),
    ),
    (
        "later_stages_never_greet_the_news",
        dict(stage="return", say=["I'm so sorry to hear that. Thank you for telling me."]),
    ),
    (
        "later_stages_never_greet_the_news",
        dict(stage="ongoing", say=["None of today's agenda matters next to that."]),
    ),
    (
        "phrases_speak_the_client_language",
        dict(client_language="fr", language="fr", say=["Thank you for letting me know."]),
    ),
    (
        "phrases_speak_the_client_language",
        dict(say=["Je suis désolé pour vous."], language="en"),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "bad"), BAD_PLANS, ids=[f"{n}-{i}" for i, (n, _b) in enumerate(BAD_PLANS)]
)
def test_each_invariant_catches_the_plan_it_forbids(name, bad):
    plan = plan_with(**bad)
    assert name in invariants.check(plan)


@pytest.mark.django_db
def test_the_shipped_plans_it_was_built_from_are_clean():
    """The same answers without the planted phrase keep every rule (the check is not noise)."""
    for _name, bad in BAD_PLANS:
        answers = {k: v for k, v in bad.items() if k not in ("say", "offer")}
        assert invariants.check(plan_with(**answers)) == {}


# --- What the reader sees, plan by plan -----------------------------------------------------


def plan(
    signals=(),
    situation="bereavement",
    channel="phone",
    pressure="none",
    can_grant=False,
    language="en",
    region=None,
) -> Plan:
    answers = Answers(
        situation,
        "established",
        channel,
        pressure,
        tuple(signals),
        can_grant,
        region or REGION[language],
        language,
    )
    return build_plan(answers, get_rules())


def say(p: Plan) -> list[str]:
    return [s.text for s in p.say]


@pytest.mark.django_db
def test_suicide_plans_ask_directly_and_offer_a_crisis_line_with_company():
    texts = say(plan(["suicidal"]))
    assert texts[0] == "Can I ask you directly: are you having thoughts of suicide?"
    assert (
        "Would you be willing to call a crisis line now? I'll stay with you while you do." in texts
    )
    assert any(t.startswith("I can't keep this just between us") for t in texts)


@pytest.mark.django_db
def test_danger_comes_before_everything_and_keeps_the_reader_on_the_line():
    p = plan(["carry-on", "joked", "danger", "suicidal"])
    assert p.safety.cards[0].grade == "danger"
    assert say(p)[0].startswith("Can you tell me exactly where you are?")
    assert not any("normal" in t or "laugh" in t for t in say(p))
    numbers = [r.contact for r in p.safety.emergency]
    assert "999" in numbers


@pytest.mark.django_db
def test_abuse_plans_first_ask_whether_it_is_safe_to_talk():
    spoken, written = plan(["abuse"]), plan(["abuse"], channel="written")
    assert say(spoken)[0].startswith("Is it safe for you to talk right now?")
    assert say(written)[0].startswith("Is this a safe way to reach you?")
    steps = " ".join(written.safety.cards[0].steps)
    assert "Never contact their partner" in steps and "Write nothing an abuser could read" in steps
    assert "0808 2000 247" in [r.contact for r in written.safety.abuse_lines]


@pytest.mark.django_db
def test_distress_alone_is_not_the_emergency_protocol():
    p = plan(["distressed"])
    assert p.safety.cards[0].grade == "distressed"
    assert p.safety.emergency == ()
    assert "116 123" in [r.contact for r in p.safety.crisis_lines]
    assert (
        say(p)[0]
        == "Thank you for telling me. It sounds like a lot to carry. How are you coping, really?"
    )


@pytest.mark.django_db
def test_a_french_client_in_danger_gets_french_numbers_and_french_words():
    p = plan(["danger"], language="fr")
    assert {"15", "112"} <= {r.contact for r in p.safety.emergency}
    # French text keeps a non-breaking space before "?"
    assert say(p)[0].startswith("Pouvez-vous me dire exactement où vous êtes\u00a0?")


@pytest.mark.django_db
def test_a_family_emergency_opens_by_letting_the_client_go():
    assert say(plan(situation="family-emergency"))[0].startswith("Please go")
    assert say(plan(situation="family-emergency", channel="written"))[0].startswith(
        "Please go and be with your family"
    )
    carry_on = say(plan(["carry-on"], situation="family-emergency"))
    assert (
        carry_on[0]
        == "If you need to go at any point, just go. Otherwise we'll carry on as normal."
    )


@pytest.mark.django_db
def test_carry_on_plans_say_work_carries_on_and_do_not_joke():
    texts = say(plan(["carry-on"]))
    assert (
        "Understood. We'll keep going as normal, and you can change your mind at any point."
        in texts
    )
    assert not any("laugh" in t or "funny" in t for t in texts)
    joked = say(plan(["carry-on", "joked"]))
    assert any("laugh" in t for t in joked)


@pytest.mark.django_db
def test_self_disclosure_needs_the_clients_question():
    assert not any("I went through" in t for t in say(plan(["upset"])))
    partner = Answers(
        "bereavement", "partner", "phone", "none", ("asked-about-you",), False, "uk", "en"
    )
    assert any("I went through" in t for t in say(build_plan(partner, get_rules())))


@pytest.mark.django_db
def test_a_promise_the_reader_cannot_grant_is_worded_as_a_request():
    cannot = plan(situation="family-emergency", can_grant=False)
    can = plan(situation="family-emergency", can_grant=True)
    ask = "I'll ask to move this afternoon's session and let you know; please don't give it a"
    assert any(t.startswith(ask) for t in say(cannot))
    assert (
        "I'll move this afternoon's session, and we'll find a new slot once things settle."
        in say(can)
    )


@pytest.mark.django_db
def test_placeholders_never_reach_readers_and_the_eap_is_for_the_reader():
    from playbooks.library.models import Resource

    for p in (plan(), plan(["suicidal"])):
        assert all("admin" not in r.contact for r in (*p.refer, *p.for_you))
        assert all(r.kind not in ("eap", "internal") for r in p.refer)
    Resource.objects.filter(slug="company-eap").update(needs_setup=False, contact="0800 000 000")
    from playbooks.guide.engine import clear_rules_cache

    clear_rules_cache()
    assert [r.contact for r in plan().for_you] == ["0800 000 000"]


@pytest.mark.django_db
def test_at_risk_the_first_check_in_is_tomorrow_and_asks_for_a_reply():
    steps = plan(["suicidal"], channel="written").follow_up.steps
    assert steps[0].days == 1
    assert all("no reply" not in s.text for s in steps)
    assert [s.days for s in steps] == sorted(s.days for s in steps)


# --- Through the plain form, as the page reads ------------------------------------------------

FORBIDDEN_AT_RISK = (
    invariants.SECRECY,
    invariants.ENDS_CONVERSATION,
    invariants.NO_REPLY,
    invariants.NETWORK,
    invariants.HUMOUR,
    invariants.SELF_DISCLOSURE,
)
SECTION = re.compile(r'<section class="panel panel-(\w[\w-]*)', re.S)


def page_texts(html: str, panel: str) -> list[str]:
    start = html.find(f'class="panel panel-{panel}')
    if start < 0:
        return []
    end = html.find("</section>", start)
    chunk = html[start:end]
    found = re.findall(r'<p id="[^"]+" class="phrase-text[^"]*">(.*?)</p>', chunk, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def sample_answers(n: int, seed: int = 14):
    rng = random.Random(seed)
    grades = ["distressed", "suicidal", "danger", "abuse"]
    others = ["upset", "withdrawn", "carry-on", "joked", "asked-about-you"]
    risk_sets = [()] + [c for k in (1, 2) for c in combinations(grades, k)]
    for i in range(n):
        yield dict(
            situation=rng.choice(SITUATIONS),
            relationship=rng.choice(Relationship.values),
            channel=rng.choice(Channel.values),
            pressure=rng.choice(Pressure.values),
            can_grant=rng.choice(["yes", "no"]),
            signals=[*rng.sample(others, rng.randint(0, 2)), *risk_sets[i % len(risk_sets)]],
            language="en" if i % 2 else "fr",
        )


@pytest.mark.django_db
def test_plans_through_the_plain_form_keep_the_invariants(manager_client):
    checked = 0
    for answers in sample_answers(80):
        language = answers.pop("language")
        manager_client.cookies["django_language"] = language
        response = manager_client.get(reverse("guide:plan"), answers)
        assert response.status_code == 200, answers
        html = response.content.decode()
        said = page_texts(html, "say")
        offered = page_texts(html, "offer")
        sections = SECTION.findall(html)
        where = f"{answers} [{language}]"
        at_risk = bool({"distressed", "suicidal", "danger", "abuse"} & set(answers["signals"]))
        assert len(said) >= 3 and len(offered) >= 2, where
        assert not invariants.PLACEHOLDER.search(plain(html)), where
        if at_risk:
            assert sections[0] == "safety", where
            assert any(invariants.SAFETY_WORDS.search(plain(t)) for t in said[:2]), where
            for pattern in FORBIDDEN_AT_RISK:
                assert not [t for t in said + offered if pattern.search(plain(t))], where
        else:
            assert "safety" not in sections, where
        if answers["channel"] == "written":
            assert not [t for t in said + offered if invariants.IN_THE_ROOM.search(plain(t))]
        if answers["situation"] == "family-emergency" and not at_risk:
            assert invariants.LETS_THEM_GO.search(plain(said[0])), where
        checked += 1
    assert checked == 80


@pytest.mark.django_db
def test_contradictory_or_unknown_signals_follow_the_most_serious(manager_client):
    response = manager_client.get(
        reverse("guide:plan"),
        {
            "situation": "bereavement",
            "relationship": "new",
            "channel": "phone",
            "pressure": "none",
            "can_grant": "no",
            "signals": ["carry-on", "danger", "nonsense"],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert SECTION.findall(html)[0] == "safety"
    assert "We'll keep going as normal" not in html
    assert "not one we recognise" in html


def test_every_invariant_has_a_rule_a_lead_can_read():
    assert len({i.name for i in INVARIANTS}) == len(INVARIANTS) >= 18
    assert all(i.rule and i.rule.endswith(".") for i in INVARIANTS)


def test_the_specification_is_one_module():
    source = Path(invariants.__file__).read_text()
    assert source.count("@invariant") == len(INVARIANTS)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_another_country_comes_up_only_when_the_reader_is_in_one(language):
    """Both in one country, a plan for a client at risk says nothing about calling from
    abroad; with the reader elsewhere, the abroad card says how (review: the line showed
    to readers beside their client)."""
    elsewhere = re.compile(r"another country|autre pays", re.IGNORECASE)
    for channel in ("room", "phone", "written"):
        same = plan(["danger", "suicidal"], channel=channel, language=language)
        texts = [s.text for s in same.say + same.avoid + same.offer]
        texts += [step for card in same.safety.cards for step in card.steps]
        assert same.safety.abroad is None
        assert not [t for t in texts if elsewhere.search(t)], channel
        away = build_plan(
            replace(same.answers, reader_region="us" if language == "en" else "uk"), get_rules()
        )
        assert away.safety.abroad is not None and away.safety.abroad.steps
