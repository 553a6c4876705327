"""What the engine answers with: the reader's answers and the plan built from them.

Plain frozen data, so a plan can be kept, compared and checked by the invariants
(playbooks/guide/invariants.py) without a database or a template.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from playbooks.library.choices import RISK_ORDER, BoundaryKind, Region, Stage

MAX_SITUATIONS = 3  # the main situation and up to two more


@dataclass(frozen=True)
class Answers:
    """What the reader told the guide. `region` is where the client is (their numbers);
    `language` is the reader's (the plan's words); `client_language` the client's (the
    phrases to say); `reader_region` where the reader is, when it differs from the client's."""

    situation: str
    relationship: str
    channel: str
    pressure: str
    signals: tuple[str, ...] = ()
    can_grant: bool = False
    region: str = Region.UK.value
    language: str = "en"
    stage: str = Stage.FIRST.value
    also: tuple[str, ...] = ()  # further situations, most important first
    client_language: str = ""  # empty: the reader's
    reader_region: str = ""  # empty: the client's

    @cached_property
    def situations(self) -> tuple[str, ...]:
        """Every situation, the main one first, without repeats."""
        return tuple(dict.fromkeys((self.situation, *self.also)))

    @cached_property
    def phrase_language(self) -> str:
        """The language of what the reader says to the client."""
        return self.client_language or self.language

    @cached_property
    def abroad(self) -> bool:
        """The reader is in another region than the client: local numbers may not work."""
        return bool(self.reader_region) and self.reader_region != self.region

    @cached_property
    def risks(self) -> tuple[str, ...]:
        """The risk grades noticed, most serious first."""
        return tuple(g for g in RISK_ORDER if g in self.signals)

    @cached_property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @cached_property
    def noticed(self) -> frozenset[str]:
        return frozenset(self.signals)


@dataclass(frozen=True)
class Suggestion:
    """One thing to say, avoid or offer, and why the engine chose it."""

    key: str  # a stable id for the page, such as "say-12"
    section: str
    text: str
    reasons: tuple[str, ...]
    score: int
    language: str
    playbook: str
    kind: str = ""
    kind_label: str = ""
    why: str = ""  # a boundary's reason, or when an option fits
    approver: str = ""
    approver_label: str = ""
    wording: str = ""
    you_can_grant: bool = False
    priority: int = 0
    signals: frozenset[str] = frozenset()  # the item's own signal tags


@dataclass(frozen=True)
class Referral:
    key: str
    name: str
    contact: str
    url: str
    kind: str
    kind_label: str
    description: str
    language: str
    reasons: tuple[str, ...]
    tel: str = ""  # the number to dial, when the contact starts with one


@dataclass(frozen=True)
class FollowUpStep:
    """One instruction and the day it is due: the text and its date come from one place."""

    days: int
    text: str
    language: str


@dataclass(frozen=True)
class FollowUp:
    steps: tuple[FollowUpStep, ...]
    reasons: tuple[str, ...]

    @property
    def days(self) -> int:
        """When the first check-in is due (the calendar reminder's date)."""
        return self.steps[0].days

    def dated(self, today: date) -> list[tuple[date, FollowUpStep]]:
        return [(today + timedelta(days=step.days), step) for step in self.steps]


@dataclass(frozen=True)
class Reading:
    title: str
    url: str
    summary: str
    language: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SafetyCard:
    """What to do now for one risk grade, in the plan's language."""

    grade: str
    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Abroad:
    """How to get help to a client in another region than the reader's."""

    title: str
    steps: tuple[str, ...]
    own_numbers: tuple[Referral, ...]  # the reader's own emergency numbers


@dataclass(frozen=True)
class Safety:
    grades: tuple[str, ...]  # most serious first
    cards: tuple[SafetyCard, ...]
    emergency: tuple[Referral, ...]  # empty when the only grade is distress
    crisis_lines: tuple[Referral, ...]
    abuse_lines: tuple[Referral, ...]
    abroad: Abroad | None = None  # when the reader is in another region

    @property
    def emergency_protocol(self) -> bool:
        return bool(self.emergency)


@dataclass(frozen=True)
class Plan:
    answers: Answers
    safety: Safety | None
    say: tuple[Suggestion, ...]
    avoid: tuple[Suggestion, ...]
    offer: tuple[Suggestion, ...]
    refer: tuple[Referral, ...]
    follow_up: FollowUp | None
    read_more: tuple[Reading, ...]
    for_you: tuple[Referral, ...] = ()  # support for the reader, never the client's referrals

    @property
    def avoid_only(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.avoid if s.kind != BoundaryKind.DO)

    @property
    def do_only(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.avoid if s.kind == BoundaryKind.DO)
