"""Each situation's candidates: the tagged content of the playbooks about it, read as
plain rules (rules.py), bounded in SQL so that neither time nor memory grows with the
whole corpus."""

from collections.abc import Iterable

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

from playbooks.library.choices import Language
from playbooks.library.models import Boundary, FlexibilityOption, GuidanceItem, Phrase, Playbook

from .rules import AVOID, OFFER, SAY, Candidates, ItemRule, PlaybookRule, Weights, normalise

# Per section, language and set of stages, how many items a situation's plans choose from:
# far more than a plan shows (six phrases at most by default), so tags still reorder them.
CANDIDATES_PER_SECTION = 120


ITEM_SECTIONS = (
    (SAY, Phrase, ("kind", "approver", "wording_ask")),
    (AVOID, Boundary, ("kind", "why")),
    (OFFER, FlexibilityOption, ("approver", "when", "wording_self", "wording_ask")),
)
TAG_FIELDS = GuidanceItem.TAG_FIELDS


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
    of every item) and only the top `per_section` of each section, language and stage set
    travel and stay in memory.

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
        # Per stage set too: lines for a later stage must not be crowded out of the bound
        # by the many that fit every stage (there are at most 15 such sets).
        top = _top(
            queryset.annotate(stage_set=Cast("stages", TextField())),
            [F("playbook__language"), F("stage_set")],
            [
                F("priority").desc(),
                F("weight").desc(),
                F("playbook_id").asc(),
                F("order").asc(),
                F("pk").asc(),
            ],
            per_section,
        )
        # Rank narrow rows, then fetch the few winners whole: the sort never carries text.
        winners = model.objects.filter(pk__in=Subquery(top.values("pk"))).order_by()
        fields = ("pk", "playbook_id", "order", "text", "weight", "priority", *TAG_FIELDS, *extra)
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
                exclude_signals=tag_set(row["exclude_signals"]),
                priority=row["priority"],
                stages=tag_set(row["stages"]),
                same_as=normalise(row["text"]),
                **{name: row[name] or "" for name in extras[section]},
            )
        )
    # Content order (playbook, then item), never the title: retitling must not reorder plans.
    items.sort(key=lambda i: (i.playbook, i.section, i.order, i.pk))
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
