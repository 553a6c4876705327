"""The example drafts shipped beside the rules, and how the checker does on them.

A team lead reads the outcome as a table (`manage.py check_corpus`); the tests require every
row to pass: each expected flag raised, no other flag, the expected good signs noticed.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .matching import Context, Rule, check

CORPUS_DIR = Path(__file__).resolve().parent.parent / "content" / "check"


@dataclass(frozen=True)
class Draft:
    id: str
    language: str
    text: str
    situation: str
    signals: frozenset[str]
    flags: frozenset[str]
    good: frozenset[str]

    @property
    def context(self) -> Context:
        return Context(language=self.language, situation=self.situation, signals=self.signals)


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    raised: frozenset[str]
    noticed: frozenset[str]

    @property
    def missed(self) -> frozenset[str]:
        return self.draft.flags - self.raised

    @property
    def unexpected(self) -> frozenset[str]:
        return self.raised - self.draft.flags

    @property
    def unnoticed(self) -> frozenset[str]:
        return self.draft.good - self.noticed

    @property
    def passed(self) -> bool:
        return not (self.missed or self.unexpected or self.unnoticed)


def load_corpus(language: str, directory: Path = CORPUS_DIR, name: str = "corpus") -> list[Draft]:
    """The drafts in `<name>.<language>.toml`: the corpus, or the held-out set."""
    data = tomllib.loads((directory / f"{name}.{language}.toml").read_text(encoding="utf-8"))
    return [
        Draft(
            id=entry["id"],
            language=language,
            text=entry["text"],
            situation=entry.get("situation", ""),
            signals=frozenset(entry.get("signals", ())),
            flags=frozenset(entry.get("flags", ())),
            good=frozenset(entry.get("good", ())),
        )
        for entry in data.get("draft", [])
    ]


def evaluate(drafts: list[Draft], rules: list[Rule]) -> list[Outcome]:
    outcomes = []
    for draft in drafts:
        result = check(draft.text, rules, draft.context)
        outcomes.append(
            Outcome(draft, frozenset(result.categories), frozenset(result.good_categories))
        )
    return outcomes


@dataclass(frozen=True)
class CatchRate:
    """How much of what a lead would flag the rules flag, and what they flag on good drafts."""

    expected: int  # flags a lead would raise, over the bad drafts
    caught: int
    bad_drafts: int
    fully_caught: int  # bad drafts with every expected flag raised
    good_drafts: int
    good_flagged: int  # good drafts with any flag at all
    extra: int  # flags raised on bad drafts that a lead would not raise

    def __str__(self) -> str:
        share = f"{self.caught / self.expected:.0%}" if self.expected else "—"
        return (
            f"flags caught {self.caught}/{self.expected} ({share}); "
            f"bad drafts fully caught {self.fully_caught}/{self.bad_drafts}; "
            f"good drafts flagged {self.good_flagged}/{self.good_drafts}; "
            f"extra flags on bad drafts {self.extra}"
        )


def catch_rate(outcomes: list[Outcome]) -> CatchRate:
    bad = [o for o in outcomes if o.draft.flags]
    good = [o for o in outcomes if not o.draft.flags]
    return CatchRate(
        expected=sum(len(o.draft.flags) for o in bad),
        caught=sum(len(o.draft.flags & o.raised) for o in bad),
        bad_drafts=len(bad),
        fully_caught=sum(not o.missed for o in bad),
        good_drafts=len(good),
        good_flagged=sum(bool(o.raised) for o in good),
        extra=sum(len(o.unexpected) for o in bad),
    )
