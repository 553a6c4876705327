"""The guide's rules: what the engine chooses from, read from the database as plain data.

The rules are the weights team leads set in the admin, the situations and resources (small,
read at once), and for each situation its candidates: the tagged content of the playbooks
about it, bounded in SQL (candidates.py), read the first time a plan asks for that
situation. A process keeps its reading while the content version stays put; any save or
delete moves it (see playbooks/library/content_version.py).
"""

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse

from playbooks.library import content_version as content
from playbooks.library.choices import Approver, Signal
from playbooks.library.models import Playbook, Resource, Situation

from .models import GuideRules

SAY, AVOID, OFFER = "say", "avoid", "offer"


def normalise(text: str) -> str:
    """Text reduced to letters and digits, so near-identical wordings count as duplicates."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in re.sub(r"\{(client|me)\}", " ", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", text))


@dataclass(frozen=True)
class SituationRule:
    slug: str
    name: str
    name_fr: str

    def label(self, language: str) -> str:
        return self.name_fr if language == "fr" and self.name_fr else self.name


@dataclass(frozen=True)
class PlaybookRule:
    pk: int
    slug: str
    title: str
    summary: str
    language: str
    translation_of: int | None
    situations: frozenset[str]
    follow_up: str
    follow_up_days: int
    translated_into: frozenset[str] = frozenset()  # languages of its published translations
    original_language: str = ""  # the language of the published playbook it translates

    @cached_property
    def url(self) -> str:
        """Worked out only for the few playbooks a plan lists, once."""
        return reverse("playbook_detail", kwargs={"slug": self.slug})

    @cached_property
    def follow_up_key(self) -> str:
        return normalise(self.follow_up)


@dataclass(frozen=True, slots=True)
class ItemRule:
    section: str  # say, avoid or offer
    pk: int
    playbook: int
    order: int
    text: str
    weight: int
    situations: frozenset[str]  # the item's own, or else its playbook's
    relationships: frozenset[str]
    channels: frozenset[str]
    pressures: frozenset[str]
    signals: frozenset[str]
    exclude_signals: frozenset[str] = frozenset()
    priority: int = 0
    stages: frozenset[str] = frozenset()
    kind: str = ""
    why: str = ""
    approver: str = ""
    when: str = ""
    wording_self: str = ""
    wording_ask: str = ""
    same_as: str = ""  # the text reduced by normalise(): equal keys are duplicates


@dataclass(frozen=True)
class ResourceRule:
    pk: int
    slug: str
    order: int
    name: str
    name_fr: str
    contact: str
    url: str
    kind: str
    regions: frozenset[str]
    language: str
    description: str
    description_fr: str
    situations: frozenset[str]
    signals: frozenset[str]
    exclude_signals: frozenset[str] = frozenset()
    priority: int = 0
    needs_setup: bool = False


@dataclass(frozen=True)
class Weights:
    situation: int = 3
    relationship: int = 2
    stage: int = 4
    channel: int = 3
    pressure: int = 2
    signal: int = 3
    authority: int = 2
    max_say: int = 6
    max_avoid: int = 5
    max_offer: int = 4
    max_refer: int = 4
    max_read_more: int = 4
    max_per_kind: int = 2
    self_approvers: frozenset[str] = frozenset({Approver.YOU.value})
    unsafe_leaves_out_signals: frozenset[str] = frozenset(
        {Signal.CARRY_ON.value, Signal.JOKED.value, Signal.ASKED_ABOUT_YOU.value}
    )
    unsafe_leaves_out_deadline_talk: bool = True
    unsafe_follow_up_days: int = 1


@dataclass(frozen=True)
class Candidates:
    """What one situation's plans can draw on: its best items, and the playbooks behind them.

    Bounded whatever the corpus size: per section and language, the items of highest weight
    (ties in content order), plus the first playbooks that "Read more" and the follow-up could
    list. A plan only ever needs the top few of each, so with the bound well above what a plan
    shows, the plan is the one the whole corpus would give in all but contrived cases (many
    hundreds of items that outrank every loaded one only through tags).
    """

    situation: str
    playbooks: dict[int, PlaybookRule]
    items: tuple[ItemRule, ...]


@dataclass(frozen=True)
class Rules:
    """The small, global part of the rules; each situation's candidates are read on demand."""

    situations: tuple[SituationRule, ...]
    resources: tuple[ResourceRule, ...]
    weights: Weights = field(default_factory=Weights)
    statuses: tuple[str, ...] = (Playbook.Status.PUBLISHED.value,)
    # The content stamp this reading belongs to (None when read outside get_rules).
    content_version: str | None = None
    # Names this reading of the rules, so that anything derived from it can be cached by it.
    version: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False)
    _candidates: dict[str, Candidates] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )
    # What the engine derives from this reading alone, by part (see memo), kept with it.
    derived: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def situation(self, slug: str) -> SituationRule | None:
        return next((s for s in self.situations if s.slug == slug), None)

    def memo(self, part: str, limit: int = 4096) -> dict:
        """A store for one part of the plan worked out from this reading and the answers it
        reads; emptied when full, so a long-lived process never holds more than `limit`."""
        store = self.derived.get(part)
        if store is None or len(store) >= limit:
            store = self.derived[part] = {}
        return store

    def candidates(self, slug: str) -> Candidates:
        """The situation's candidates, read once per reading of the rules (that is, per edit)."""
        found = self._candidates.get(slug)
        if found is None:
            from .candidates import load_candidates  # it reads into these types

            found = load_candidates(slug, statuses=self.statuses, weights=self.weights)
            self._candidates[slug] = found
        return found


def load_rules(
    *, statuses: Iterable[str] = (Playbook.Status.PUBLISHED,), content_version: str | None = None
) -> Rules:
    """Read the global rules: situations, resources and weights, three small queries."""
    situations = tuple(
        SituationRule(s["slug"], s["name"], s["name_fr"])
        for s in Situation.objects.values("slug", "name", "name_fr")
    )
    resources = tuple(
        ResourceRule(
            pk=r["id"],
            slug=r["slug"],
            order=r["order"],
            name=r["name"],
            name_fr=r["name_fr"],
            contact=r["contact"],
            url=r["url"],
            kind=r["kind"],
            regions=frozenset(r["regions"] or ()),
            language=r["language"],
            description=r["description"],
            description_fr=r["description_fr"],
            situations=frozenset(r["situations"] or ()),
            signals=frozenset(r["signals"] or ()),
            exclude_signals=frozenset(r["exclude_signals"] or ()),
            priority=r["priority"],
            needs_setup=r["needs_setup"],
        )
        for r in Resource.objects.order_by("order", "name", "pk").values()
    )
    saved = GuideRules.current()
    weights = Weights(
        situation=saved.weight_situation,
        relationship=saved.weight_relationship,
        channel=saved.weight_channel,
        pressure=saved.weight_pressure,
        signal=saved.weight_signal,
        authority=saved.weight_authority,
        max_say=saved.max_say,
        max_avoid=saved.max_avoid,
        max_offer=saved.max_offer,
        max_refer=saved.max_refer,
        max_read_more=saved.max_read_more,
        max_per_kind=max(saved.max_per_kind, 1),
        self_approvers=frozenset(saved.self_approvers or ()),
        unsafe_leaves_out_signals=frozenset(saved.unsafe_leaves_out_signals or ()),
        unsafe_leaves_out_deadline_talk=saved.unsafe_leaves_out_deadline_talk,
        unsafe_follow_up_days=saved.unsafe_follow_up_days,
    )
    return Rules(
        situations,
        resources,
        weights,
        statuses=tuple(str(s) for s in statuses),
        content_version=content_version,
    )


# The copy this process holds, checked against the database's content version on each use.
_memo: Rules | None = None


def get_rules(*, version: int | None = None) -> Rules:
    """The published rules: this process's copy while the content version has not moved.

    Pass the `version` the request has read (playbooks/library/content_version.py); otherwise it is
    read here. The rules are read again only when the version has moved, and then only the
    global part plus, on demand, the candidates of the situations asked for.
    """
    global _memo
    stamp = str(content.current() if version is None else version)
    memo = _memo
    if memo is not None and memo.content_version == stamp:
        return memo
    rules = load_rules(content_version=stamp)
    _memo = rules
    return rules


def clear_rules_cache() -> None:
    """Forget this process's copy; the next request reads the rules afresh."""
    global _memo
    _memo = None
