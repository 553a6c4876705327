"""The guide's engine: from structured answers to a response plan, deterministically.

`build_plan(answers, rules)` is a plain function of the answers and the rules. The rules are
the weights team leads set in the admin, the situations and resources (small, read at
once), and for each situation its candidates: the tagged content of the playbooks about
it, bounded in SQL so that neither time nor memory grows with the whole corpus, read the
first time a plan asks for that situation. A process keeps its reading while the
content version stays put; any save or delete moves it (see playbooks/content_version.py).

How an item is scored: each of its tags either applies to all (empty), matches the answer
(adds that dimension's weight and a reason) or does not match (the item is left out).
The item's own weight is added on top. Ties break on playbook and item order, so the same
answers always give the same plan.
"""

import contextlib
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from playbooks.content_version import stamp as content_stamp
from playbooks.models import (
    Boundary,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)
from playbooks.tags import (
    Approver,
    BoundaryKind,
    Channel,
    Language,
    PhraseKind,
    Pressure,
    Region,
    Relationship,
    ResourceKind,
    Signal,
)

from .models import GuideRules

UNSAFE = Signal.UNSAFE.value
SAY, AVOID, OFFER = "say", "avoid", "offer"

# Which resources a region's readers can use: their own, then wider ones.
REGION_REACH = {
    Region.US: ("us", "intl"),
    Region.UK: ("uk", "intl"),
    Region.IE: ("ie", "eu", "intl"),
    Region.FR: ("fr", "eu", "intl"),
    Region.EU: ("eu", "intl"),
    Region.INTL: ("intl",),
}
PHRASE_KIND_ORDER = [k.value for k in PhraseKind]
# Emergency numbers belong in the safety section, never among ordinary referrals.
REFER_KINDS = {k.value for k in ResourceKind} - {ResourceKind.EMERGENCY.value}

# A plan draws on other languages' playbooks only to reach these counts.
MINIMUM = {SAY: 3, AVOID: 3, OFFER: 2}

CACHE_SECONDS = 300  # how long a rendered plan fragment is kept (its key names the rules)


# --- The rules: plain, picklable data ------------------------------------------------------


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

    @property
    def url(self) -> str:
        """Worked out only for the few playbooks a plan lists."""
        return reverse("playbook_detail", kwargs={"slug": self.slug})


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


@dataclass(frozen=True)
class Weights:
    situation: int = 3
    relationship: int = 2
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
    unsafe_leaves_out_signals: frozenset[str] = frozenset({Signal.CARRY_ON.value})
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

    def situation(self, slug: str) -> SituationRule | None:
        return next((s for s in self.situations if s.slug == slug), None)

    def candidates(self, slug: str) -> Candidates:
        """The situation's candidates, read once per reading of the rules (that is, per edit)."""
        found = self._candidates.get(slug)
        if found is None:
            found = load_candidates(slug, statuses=self.statuses, weights=self.weights)
            self._candidates[slug] = found
        return found


# Per section and language, how many items a situation's plans choose from: far more than a
# plan shows (six phrases at most by default), so tags still reorder them freely.
CANDIDATES_PER_SECTION = 120


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


ITEM_SECTIONS = (
    (SAY, Phrase, ("kind",)),
    (AVOID, Boundary, ("kind", "why")),
    (OFFER, FlexibilityOption, ("approver", "when", "wording_self", "wording_ask")),
)
TAG_FIELDS = ("situations", "relationships", "channels", "pressures", "signals")


def _top(queryset, partition: list, order: list, limit: int):
    """The first `limit` rows of each partition, in SQL (a window), so only those travel."""
    ranked = queryset.annotate(rank=Window(RowNumber(), partition_by=partition, order_by=order))
    return ranked.filter(rank__lte=limit)


def load_candidates(
    slug: str,
    *,
    statuses: Iterable[str] = (Playbook.Status.PUBLISHED,),
    weights: Weights | None = None,
    per_section: int = CANDIDATES_PER_SECTION,
) -> Candidates:
    """One situation's candidates in six queries, whose results are bounded whatever the corpus.

    The database ranks the situation's items (reached through its playbooks, never by a scan
    of every item) and only the top `per_section` of each section and language travel and
    stay in memory.

    Only playbooks linked to the situation count; an item's own situations narrow its
    playbook's (an item tagged only for situations its playbook is not about fits nowhere).
    """
    statuses = [str(s) for s in statuses]
    weights = weights or Weights()
    through = Playbook.situations.through
    # The item's own situations are empty or name this one (re-checked exactly below).
    own_fits = Q(situations=[]) | Q(own_text__contains=f'"{slug}"')
    rows: list[tuple[str, dict]] = []
    for section, model, extra in ITEM_SECTIONS:
        queryset = (
            model.objects.filter(playbook__situations__slug=slug, playbook__status__in=statuses)
            .annotate(own_text=Cast("situations", TextField()))
            .filter(own_fits)
            .order_by()
        )
        top = _top(
            queryset,
            [F("playbook__language")],
            [
                F("weight").desc(),
                F("playbook__title").asc(),
                F("playbook_id").asc(),
                F("order").asc(),
                F("pk").asc(),
            ],
            per_section,
        )
        # Rank narrow rows, then fetch the few winners whole: the sort never carries text.
        winners = model.objects.filter(pk__in=Subquery(top.values("pk"))).order_by()
        fields = ("pk", "playbook_id", "order", "text", "weight", *TAG_FIELDS, *extra)
        rows.extend((section, row) for row in winners.values(*fields))

    # The playbooks "Read more" and the follow-up could list when no item points to them:
    # the first few in their order, for each language, with and without a follow-up, and
    # with and without a translation (which may hide them from readers of another language).
    limit = max(weights.max_read_more, 2)
    situation_count = Subquery(
        through.objects.filter(playbook_id=OuterRef("pk"))
        .values("playbook_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    translated = Exists(
        Playbook.objects.filter(translation_of=OuterRef("pk"), status__in=statuses)
    ) | Q(translation_of__status__in=statuses)
    listed = _top(
        Playbook.objects.filter(situations__slug=slug, status__in=statuses)
        .order_by()
        .annotate(
            situation_count=situation_count,
            has_follow_up=ExpressionWrapper(~Q(follow_up=""), output_field=BooleanField()),
            translated=ExpressionWrapper(translated, output_field=BooleanField()),
        ),
        [F("language"), F("has_follow_up"), F("translated")],
        [F("situation_count").asc(), F("title").asc(), F("pk").asc()],
        limit,
    )
    pks = {row["playbook_id"] for _section, row in rows}
    pks.update(listed.values_list("pk", flat=True))
    playbooks = _playbooks(sorted(pks), statuses)

    shared: dict[frozenset, frozenset] = {}

    def tag_set(values) -> frozenset[str]:
        """One frozenset object per distinct set of tags, however many items carry it."""
        values = frozenset(values or ())
        return shared.setdefault(values, values)

    items: list[ItemRule] = []
    extras = {section: extra for section, _model, extra in ITEM_SECTIONS}
    for section, row in rows:
        playbook = playbooks[row["playbook_id"]]
        own = frozenset(row["situations"] or ())
        situations = (own & playbook.situations) if own else playbook.situations
        if slug not in situations:
            continue
        items.append(
            ItemRule(
                section=section,
                pk=row["pk"],
                playbook=playbook.pk,
                order=row["order"],
                text=row["text"],
                weight=row["weight"],
                situations=tag_set(situations),
                relationships=tag_set(row["relationships"]),
                channels=tag_set(row["channels"]),
                pressures=tag_set(row["pressures"]),
                signals=tag_set(row["signals"]),
                same_as=normalise(row["text"]),
                **{name: row[name] or "" for name in extras[section]},
            )
        )
    items.sort(key=lambda i: (playbooks[i.playbook].title, i.playbook, i.section, i.order, i.pk))
    return Candidates(slug, playbooks, tuple(items))


def _playbooks(pks: list[int], statuses: list[str]) -> dict[int, PlaybookRule]:
    """These playbooks, with their situations and the languages they are translated into."""
    situations: dict[int, set[str]] = {}
    for pk, slug in Playbook.situations.through.objects.filter(playbook_id__in=pks).values_list(
        "playbook_id", "situation__slug"
    ):
        situations.setdefault(pk, set()).add(slug)
    languages = [str(code) for code in Language.values]
    translations = {
        f"into_{code}": Exists(
            Playbook.objects.filter(
                translation_of=OuterRef("pk"), status__in=statuses, language=code
            )
        )
        for code in languages
    }
    rows = (
        Playbook.objects.filter(pk__in=pks)
        .annotate(
            original_language=Case(
                When(translation_of__status__in=statuses, then=F("translation_of__language")),
                default=Value(""),
            ),
            **translations,
        )
        .values(
            "pk",
            "slug",
            "title",
            "summary",
            "language",
            "translation_of",
            "follow_up",
            "follow_up_days",
            "original_language",
            *translations,
        )
    )
    return {
        p["pk"]: PlaybookRule(
            pk=p["pk"],
            slug=p["slug"],
            title=p["title"],
            summary=p["summary"],
            language=p["language"],
            translation_of=p["translation_of"],
            situations=frozenset(situations.get(p["pk"], ())),
            follow_up=p["follow_up"],
            follow_up_days=p["follow_up_days"],
            translated_into=frozenset(code for code in languages if p[f"into_{code}"]),
            original_language=p["original_language"] or "",
        )
        for p in rows
    }


# The copy this process holds, checked against the database's content version on each use.
_memo: Rules | None = None


def get_rules(*, version: int | None = None) -> Rules:
    """The published rules: this process's copy while the content version has not moved.

    Each call asks the database for the content version (one tiny query, see
    playbooks/content_version.py), so an edit saved in any process is seen by every process
    on its next request, and this process's own edits at once; the rules are read again
    only when the version has moved, and then only the global part plus, on demand, the
    candidates of the situations asked for.
    """
    global _memo
    stamp = content_stamp(version)
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


PLANS_REMEMBERED = 512
# Plans already built from the rules in use: answers recur often, and a plan is a pure
# function of answers and rules. It holds structured answers only, never anything typed.
_plans: tuple[object, dict] = (None, {})


def remembered_plan(answers: "Answers", rules: Rules) -> "Plan":
    """build_plan, kept for the rules in use (a new set of rules starts afresh)."""
    global _plans
    owner, plans = _plans
    if owner is not rules:
        plans = {}
        _plans = (rules, plans)
    plan = plans.get(answers)
    if plan is None:
        plan = build_plan(answers, rules)
        if len(plans) >= PLANS_REMEMBERED:
            # another thread may have dropped the same one first
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del plans[next(iter(plans))]
        plans[answers] = plan
    return plan


# --- Answers and the plan ------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    situation: str
    relationship: str
    channel: str
    pressure: str
    signals: tuple[str, ...] = ()
    can_grant: bool = False
    region: str = Region.UK.value
    language: str = "en"

    @property
    def unsafe(self) -> bool:
        return UNSAFE in self.signals


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
class FollowUp:
    days: int
    how: tuple[str, ...]
    language: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    title: str
    url: str
    summary: str
    language: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Safety:
    emergency: tuple[Referral, ...]
    crisis_lines: tuple[Referral, ...]


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

    @property
    def avoid_only(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.avoid if s.kind != BoundaryKind.DO)

    @property
    def do_only(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.avoid if s.kind == BoundaryKind.DO)


# --- Scoring -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text reduced to letters and digits, so near-identical wordings count as duplicates."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in re.sub(r"\{(client|me)\}", " ", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", text))


def reader_playbooks(playbooks: dict[int, PlaybookRule], language: str) -> dict[int, PlaybookRule]:
    """Playbooks in the reader's language, and others only where no translation exists.

    A playbook in another language gives way when it has a published translation into the
    reader's language, or translates a published playbook in it, whether or not that
    playbook is among the ones loaded.
    """
    return {
        pk: p
        for pk, p in playbooks.items()
        if p.language == language
        or (language not in p.translated_into and p.original_language != language)
    }


class _Labels:
    """Labels for reasons, in the answers' language."""

    def __init__(self, rules: Rules, answers: Answers):
        situation = rules.situation(answers.situation)
        with translation.override(answers.language):
            self.situation = situation.label(answers.language) if situation else answers.situation
            self.relationship = str(Relationship(answers.relationship).label)
            self.channel = str(Channel(answers.channel).label)
            self.pressure = str(Pressure(answers.pressure).label)
            self.signals = {s: str(Signal(s).label) for s in answers.signals}
            self.authority = str(_("you can grant it"))
            self.general = str(_("fits every situation"))


def _match(item, answers: Answers, rules: Rules, labels: _Labels) -> tuple[int, list[str]] | None:
    """The item's score and reasons, or None when one of its tags rules it out."""
    w = rules.weights
    score, reasons = item.weight, []
    if bonus := _specificity(w.situation, len(item.situations), len(rules.situations)):
        score += bonus
        reasons.append(labels.situation)
    for tags, answer, weight, label in (
        (item.relationships, answers.relationship, w.relationship, labels.relationship),
        (item.channels, answers.channel, w.channel, labels.channel),
        (item.pressures, answers.pressure, w.pressure, labels.pressure),
    ):
        if tags:
            if answer not in tags:
                return None
            score += weight
            reasons.append(label)
    if item.signals:
        noticed = [s for s in answers.signals if s in item.signals]
        if not noticed:
            return None
        score += w.signal * len(noticed)
        reasons.extend(labels.signals[s] for s in noticed)
    if answers.unsafe and _no_longer_fits(item, w):
        return None
    return score, reasons or [labels.general]


def _specificity(weight: int, tagged: int, total: int) -> int:
    """The full weight for an item meant for one situation, none for one meant for all."""
    if total <= 1 or not 0 < tagged < total:
        return 0
    return round(weight * (total - tagged) / (total - 1))


def _no_longer_fits(item, w: Weights) -> bool:
    """Once the client may be unsafe: 'carry on as normal' and pure deadline talk go."""
    if UNSAFE in item.signals:
        return False
    if item.signals and item.signals <= w.unsafe_leaves_out_signals:
        return True
    deadline_only = item.pressures and Pressure.NONE.value not in item.pressures
    return bool(
        w.unsafe_leaves_out_deadline_talk and deadline_only and item.section in (SAY, AVOID)
    )


def _ranked(scored: list[tuple[int, ItemRule, list[str]]]) -> list[tuple[int, ItemRule, list[str]]]:
    """Highest score first, duplicates (same words) dropped, ties in content order."""
    scored.sort(key=lambda entry: -entry[0])  # stable: content order breaks ties
    seen, unique = set(), []
    for entry in scored:
        key = entry[1].same_as
        if key and key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def _varied(ranked, limit: int, per_kind: int):
    """The best phrases, no more than `per_kind` of one kind until other kinds run out."""
    chosen, held_back, counts = [], [], {}
    for entry in ranked:
        kind = entry[1].kind
        if counts.get(kind, 0) < per_kind:
            counts[kind] = counts.get(kind, 0) + 1
            chosen.append(entry)
        else:
            held_back.append(entry)
    chosen = (chosen + held_back)[:limit]
    order = {k: i for i, k in enumerate(PHRASE_KIND_ORDER)}
    return sorted(chosen, key=lambda e: (order.get(e[1].kind, len(order)), -e[0]))


def dialable(contact: str) -> str:
    """The phone number a contact starts with ("116 123", "+33 1 23"), digits only."""
    if match := re.match(r"\+?\d[\d\s\-().]{1,}(?![\w.])", contact.strip()):
        digits = re.sub(r"[^\d+]", "", match.group())
        return digits if len(digits.lstrip("+")) >= 2 else ""
    return ""


def _resource_referral(r: ResourceRule, answers: Answers, reasons: list[str]) -> Referral:
    with translation.override(answers.language):
        kind_label = str(ResourceKind(r.kind).label) if r.kind in ResourceKind.values else r.kind
    french = answers.language == "fr"
    return Referral(
        key=f"resource-{r.pk}",
        name=r.name_fr if french and r.name_fr else r.name,
        contact=r.contact,
        url=r.url,
        kind=r.kind,
        kind_label=kind_label,
        description=r.description_fr if french and r.description_fr else r.description,
        language=r.language,
        reasons=tuple(reasons),
        tel=dialable(r.contact),
    )


def _resources(rules: Rules, answers: Answers, labels: _Labels):
    """Resources reachable from the reader's region, scored like items; nearest region first."""
    reach = REGION_REACH.get(answers.region, (answers.region, "intl"))
    w = rules.weights
    scored = []
    for r in rules.resources:
        if r.regions and not (r.regions & set(reach)):
            continue
        if r.situations and answers.situation not in r.situations:
            continue
        noticed = [s for s in answers.signals if s in r.signals]
        if r.signals and not noticed:
            continue
        score, reasons = 0, []
        if r.situations:
            score += w.situation
            reasons.append(labels.situation)
        score += w.signal * len(noticed)
        reasons.extend(labels.signals[s] for s in noticed)
        nearest = min((reach.index(g) for g in r.regions if g in reach), default=len(reach))
        scored.append((-score, nearest, r.order, r.pk, r, reasons))
    scored.sort(key=lambda e: e[:4])
    return [(r, reasons) for *_, r, reasons in scored]


def build_plan(answers: Answers, rules: Rules) -> Plan:
    """The response plan for these answers: same answers and rules, same plan."""
    labels = _Labels(rules, answers)
    candidates = rules.candidates(answers.situation)
    playbooks = reader_playbooks(candidates.playbooks, answers.language)
    w = rules.weights
    scored: dict[str, list] = {SAY: [], AVOID: [], OFFER: []}
    for item in candidates.items:
        if item.playbook not in playbooks:
            continue
        if (match := _match(item, answers, rules, labels)) is None:
            continue
        score, reasons = match
        if item.section == OFFER and answers.can_grant and item.approver in w.self_approvers:
            score += w.authority
            reasons = [*reasons, labels.authority]
        scored[item.section].append((score, item, reasons))

    def pick(section: str, limit: int, choose=lambda entries, n: entries[:n]):
        """Suggestions in the reader's language; others only to reach the minimum."""
        ranked = _ranked(scored[section])
        native = [e for e in ranked if playbooks[e[1].playbook].language == answers.language]
        foreign = [e for e in ranked if playbooks[e[1].playbook].language != answers.language]
        chosen = choose(native, limit)
        return chosen + foreign[: max(0, min(MINIMUM[section], limit) - len(chosen))]

    say = pick(SAY, w.max_say, lambda entries, n: _varied(entries, n, w.max_per_kind))
    avoid = pick(AVOID, w.max_avoid)
    avoid.sort(key=lambda e: (e[1].kind == BoundaryKind.DO, -e[0]))
    offer = pick(OFFER, w.max_offer)

    with translation.override(answers.language):
        say_out = tuple(_suggestion(e, playbooks, answers, w) for e in say)
        avoid_out = tuple(_suggestion(e, playbooks, answers, w) for e in avoid)
        offer_out = tuple(_suggestion(e, playbooks, answers, w) for e in offer)

    resources = _resources(rules, answers, labels)
    safety = None
    shown: set[int] = set()
    if answers.unsafe:
        reach = REGION_REACH.get(answers.region, (answers.region, "intl"))
        emergency = [
            r
            for r in rules.resources
            if r.kind == ResourceKind.EMERGENCY and (not r.regions or r.regions & set(reach))
        ]
        crisis = [r for r, _why in resources if r.kind == ResourceKind.CRISIS_LINE]
        why = [labels.signals[UNSAFE]]
        safety = Safety(
            emergency=tuple(_resource_referral(r, answers, why) for r in emergency),
            crisis_lines=tuple(_resource_referral(r, answers, why) for r in crisis),
        )
        shown = {r.pk for r in emergency} | {r.pk for r in crisis}
    refer = tuple(
        _resource_referral(r, answers, reasons or [labels.general])
        for r, reasons in resources
        if r.kind in REFER_KINDS and r.pk not in shown
    )[: w.max_refer]

    relevance = _playbook_relevance([*say, *avoid, *offer], playbooks, answers)
    follow_up = _follow_up(relevance, answers, labels, w)
    read_more = tuple(
        Reading(p.title, p.url, p.summary, p.language, (labels.situation,))
        for p in relevance[: w.max_read_more]
    )
    return Plan(answers, safety, say_out, avoid_out, offer_out, refer, follow_up, read_more)


def _suggestion(entry, playbooks, answers: Answers, w: Weights) -> Suggestion:
    score, item, reasons = entry
    playbook = playbooks[item.playbook]
    common = {
        "key": f"{item.section}-{item.pk}",
        "section": item.section,
        "text": item.text,
        "reasons": tuple(reasons),
        "score": score,
        "language": playbook.language,
        "playbook": playbook.slug,
    }
    if item.section == SAY:
        label = PhraseKind(item.kind).label if item.kind in PhraseKind.values else item.kind
        return Suggestion(**common, kind=item.kind, kind_label=str(label))
    if item.section == AVOID:
        label = BoundaryKind(item.kind).label if item.kind in BoundaryKind.values else item.kind
        return Suggestion(**common, kind=item.kind, kind_label=str(label), why=item.why)
    you_can = answers.can_grant and item.approver in w.self_approvers
    approver = Approver(item.approver).label if item.approver in Approver.values else ""
    return Suggestion(
        **common,
        why=item.when,
        approver=item.approver,
        approver_label=str(approver),
        wording=(item.wording_self if you_can else item.wording_ask) or item.text,
        you_can_grant=you_can,
    )


def _playbook_relevance(chosen, playbooks, answers: Answers):
    """Playbooks for the situation: in the reader's language, then behind the most suggestions."""
    totals: dict[int, int] = {}
    for score, item, _why in chosen:
        totals[item.playbook] = totals.get(item.playbook, 0) + score
    candidates = [p for p in playbooks.values() if answers.situation in p.situations]
    candidates.sort(
        key=lambda p: (
            p.language != answers.language,
            -totals.get(p.pk, 0),
            len(p.situations),
            p.title,
            p.pk,
        )
    )
    return candidates


def _follow_up(relevance, answers: Answers, labels: _Labels, w: Weights) -> FollowUp | None:
    with_follow_up = [p for p in relevance if p.follow_up]
    if not with_follow_up:
        return None
    how, seen = [], set()
    for p in with_follow_up[:2]:
        if (key := normalise(p.follow_up)) not in seen:
            seen.add(key)
            how.append(p.follow_up)
    days = min(p.follow_up_days for p in with_follow_up[:2])
    reasons = [labels.situation]
    if answers.unsafe:
        days = min(days, w.unsafe_follow_up_days)
        reasons.append(labels.signals[UNSAFE])
    language = with_follow_up[0].language
    return FollowUp(days=max(days, 0), how=tuple(how), language=language, reasons=tuple(reasons))
