"""The guide's targets on the shipped content, for every situation x relationship x channel.

Each plan (with a deadline within two weeks) must hold at least 3 phrases, 3 boundaries,
2 offers and a follow-up, no duplicate, and none of the phrases the domain brief calls
harmful. A failure lists every combination that misses, so content can be fixed where it is
thin.
"""

import itertools

import pytest

from playbooks.guide.engine import Answers, build_plan, get_rules, normalise
from playbooks.library.choices import Channel, Relationship

pytestmark = pytest.mark.django_db

HARMFUL = (
    "time heals",
    "at least",
    "i know how you feel",
    "you'll be fine",
    "you look well",
    "calm down",
    "cheer up",
    "blessing in disguise",
    "better place",
    "just take a holiday",
    "everything happens for a reason",
    "stay positive",
)


def harmful_in(text: str) -> list[str]:
    plain = " " + normalise(text) + " "
    return [h for h in HARMFUL if f" {normalise(h)} " in plain]


def shortfalls(plan) -> list[str]:
    problems = []
    if len(plan.say) < 3:
        problems.append(f"{len(plan.say)} phrases")
    if len(plan.avoid) < 3:
        problems.append(f"{len(plan.avoid)} boundaries")
    if len(plan.offer) < 2:
        problems.append(f"{len(plan.offer)} offers")
    if plan.follow_up is None:
        problems.append("no follow-up")
    for section in (plan.say, plan.avoid, plan.offer):
        keys = [normalise(s.text) for s in section]
        if len(keys) != len(set(keys)):
            problems.append("duplicates")
    problems.extend(f"harmful {h!r}: {s.text!r}" for s in plan.say for h in harmful_in(s.text))
    return problems


def combinations(rules, language: str):
    for situation, relationship, channel in itertools.product(
        rules.situations, Relationship.values, Channel.values
    ):
        for can_grant in (False, True):
            answers = Answers(
                situation=situation.slug,
                relationship=relationship,
                channel=channel,
                pressure="soon",
                can_grant=can_grant,
                language=language,
            )
            yield answers, build_plan(answers, rules)


def test_harmful_phrase_check_finds_the_briefs_examples():
    assert harmful_in("Time heals, you know.") == ["time heals"]
    assert harmful_in("At least it was quick.") == ["at least"]
    assert harmful_in("I know how you feel") == ["i know how you feel"]
    assert harmful_in("We need at least one date") == ["at least"]
    assert harmful_in("I'm so sorry.") == []


def test_every_combination_meets_the_targets():
    rules = get_rules()
    assert len(rules.situations) >= 10
    failures = [
        f"{a.situation} x {a.relationship} x {a.channel}"
        f"{' (can grant)' if a.can_grant else ''}: {', '.join(problems)}"
        for a, plan in combinations(rules, "en")
        if (problems := shortfalls(plan))
    ]
    total = len(rules.situations) * len(Relationship.values) * len(Channel.values) * 2
    assert not failures, f"{len(failures)} of {total} plans miss a target:\n" + "\n".join(failures)


def test_no_shipped_phrase_is_harmful():
    rules = get_rules()
    harmful = {
        item.text
        for situation in rules.situations
        for item in rules.candidates(situation.slug).items
        if item.section == "say" and harmful_in(item.text)
    }
    assert not harmful, harmful
