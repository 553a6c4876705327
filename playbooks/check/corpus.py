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


def load_corpus(language: str, directory: Path = CORPUS_DIR) -> list[Draft]:
    data = tomllib.loads((directory / f"corpus.{language}.toml").read_text(encoding="utf-8"))
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
