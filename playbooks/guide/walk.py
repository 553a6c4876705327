"""Walking the guide's answers: every combination, or a sample, and a tally of what the
invariants (invariants.py) found in the plans built from them."""

import itertools
import random
from dataclasses import dataclass, field

from playbooks.library.choices import (
    Channel,
    Language,
    Pressure,
    Region,
    Relationship,
    Signal,
    Stage,
)

from .invariants import INVARIANTS, RISK
from .plan import Answers, Plan


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
    situations = "+".join(answers.situations)
    client = f", client {answers.client_language}" if answers.client_language else ""
    reader = f", reader in {answers.reader_region}" if answers.reader_region else ""
    return (
        f"[{answers.language}] {situations}, {answers.stage}, {answers.relationship}, "
        f"{answers.channel}, {answers.pressure}, {signals}, {grant}, {answers.region}"
        f"{client}{reader}"
    )


# Signals the invariants themselves read: never set aside as changing nothing.
INVARIANT_SIGNALS = frozenset(
    {Signal.JOKED.value, Signal.ASKED_ABOUT_YOU.value, Signal.CARRY_ON.value} | RISK
)


def inert_signals(rules, situation: str) -> frozenset[str]:
    """Signals that change nothing in this situation's plans: no item, resource or rule
    reads them, and no invariant does. Tests prove it plan by plan (test_invariants)."""
    read = set(INVARIANT_SIGNALS) | set(rules.weights.unsafe_leaves_out_signals)
    for item in rules.candidates(situation).items:
        read |= item.signals | item.exclude_signals
    for r in rules.resources:
        if not r.situations or situation in r.situations:
            read |= r.signals | r.exclude_signals
    return frozenset(Signal.values) - read


def every_answer(situations, *, language: str, region: str, rules=None):
    """Every combination of the core answers for these situations: each stage,
    relationship, channel, time pressure, authority and set of signals (less those that
    `inert_signals` proves change nothing, when the rules are given). The client speaks
    the reader's language and is in the reader's region; `sampled_answers` covers the rest.
    """
    for situation in situations:
        inert = inert_signals(rules, situation) if rules is not None else frozenset()
        signals = [s for s in Signal.values if s not in inert]
        for stage, relationship, channel, pressure, can_grant in itertools.product(
            Stage.values, Relationship.values, Channel.values, Pressure.values, (False, True)
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
                        stage,
                    )


def sampled_answers(situations, count: int, *, seed: int = 0):
    """`count` answers drawn at random over the whole space: up to three situations, every
    stage, channel and signal set, the client's region and language and the reader's."""
    rng = random.Random(seed)
    situations = list(situations)
    for _ in range(count):
        chosen = rng.sample(situations, rng.choice((1, 1, 2, 3)))
        language = rng.choice(Language.values)
        yield Answers(
            chosen[0],
            rng.choice(Relationship.values),
            rng.choice(Channel.values),
            rng.choice(Pressure.values),
            tuple(s for s in Signal.values if rng.random() < 0.2),
            rng.random() < 0.5,
            rng.choice(Region.values),
            language,
            rng.choice(Stage.values),
            tuple(chosen[1:]),
            rng.choice(("", *[lang for lang in Language.values if lang != language])),
            rng.choice(("", *Region.values)),
        )
