"""What team leads learn from the team's use of the guidance, aggregated in the database.

Every function returns a bounded list, so the insights page costs the same number of queries
however many events there are. A search text appears only once at least
CRISISGUIDE_QUERY_THRESHOLD different readers searched it in the period (counted by the
log's keyed reader hash): a name one reader types, however often, never reaches a report.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from playbooks.library.models import (
    Boundary,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)
from playbooks.search.models import SearchLog

from .models import PlaybookView, Rating, SearchClick
from .recording import mask_digits

LIMIT = 10
SUGGESTION_MODELS = {
    "phrase": Phrase,
    "boundary": Boundary,
    "option": FlexibilityOption,
    "resource": Resource,
}


def query_threshold() -> int:
    return getattr(settings, "CRISISGUIDE_QUERY_THRESHOLD", 3)


def since(days: int):
    return timezone.now() - timedelta(days=days)


@dataclass
class Row:
    label: str
    value: int
    detail: str = ""
    url: str = ""


def unanswered_searches(days: int) -> list[Row]:
    rows = (
        SearchLog.objects.filter(created_at__gte=since(days), result_count=0)
        .values("query")
        .annotate(searches=Count("id"), readers=Count("reader", distinct=True))
        .filter(readers__gte=query_threshold())
        .order_by("-searches", "query")[:LIMIT]
    )
    return [Row(mask_digits(r["query"]), r["searches"]) for r in rows]


def searches_with_few_clicks(days: int) -> list[Row]:
    """Frequent searches that found something, yet whose results were rarely opened."""
    searched = (
        SearchLog.objects.filter(created_at__gte=since(days), result_count__gt=0)
        .values("query")
        .annotate(searches=Count("id"), readers=Count("reader", distinct=True))
        .filter(readers__gte=query_threshold())
        .order_by("-searches")[: LIMIT * 5]
    )
    counts = {r["query"]: r["searches"] for r in searched}
    clicks = dict(
        SearchClick.objects.filter(created_at__gte=since(days), query__in=counts)
        .values("query")
        .annotate(clicks=Count("id"))
        .values_list("query", "clicks")
    )
    rows = sorted(counts.items(), key=lambda item: (clicks.get(item[0], 0) / item[1], -item[1]))
    return [
        Row(mask_digits(query), searches, detail=str(clicks.get(query, 0)))
        for query, searches in rows[:LIMIT]
    ]


def most_viewed(days: int) -> list[Row]:
    rows = (
        PlaybookView.objects.filter(day__gte=since(days).date())
        .values("playbook__title", "playbook_id")
        .annotate(views=Sum("count"))
        .order_by("-views", "playbook__title")[:LIMIT]
    )
    return [
        Row(r["playbook__title"], r["views"], url=_admin_url("playbook", r["playbook_id"]))
        for r in rows
    ]


def least_helpful(days: int) -> list[Row]:
    rows = (
        Rating.objects.filter(target="playbook", updated_at__gte=since(days))
        .values("object_id")
        .annotate(no=Count("id", filter=Q(helpful=False)), total=Count("id"))
        .filter(no__gt=0)
        .order_by("-no", "total")[:LIMIT]
    )
    titles = dict(
        Playbook.objects.filter(pk__in=[r["object_id"] for r in rows]).values_list("pk", "title")
    )
    return [
        Row(
            titles.get(r["object_id"], "?"),
            r["no"],
            detail=str(r["total"]),
            url=_admin_url("playbook", r["object_id"]),
        )
        for r in rows
    ]


def unhelpful_suggestions(days: int) -> list[Row]:
    rows = list(
        Rating.objects.filter(
            target__in=list(SUGGESTION_MODELS), helpful=False, updated_at__gte=since(days)
        )
        .values("target", "object_id")
        .annotate(no=Count("id"))
        .order_by("-no")[:LIMIT]
    )
    texts: dict[tuple[str, int], str] = {}
    for target, model in SUGGESTION_MODELS.items():
        ids = [r["object_id"] for r in rows if r["target"] == target]
        if ids:
            field = "name" if model is Resource else "text"
            texts |= {
                (target, pk): t
                for pk, t in model.objects.filter(pk__in=ids).values_list("pk", field)
            }
    admin_models = {
        "phrase": "phrase",
        "boundary": "boundary",
        "option": "flexibilityoption",
        "resource": "resource",
    }
    return [
        Row(
            texts.get((r["target"], r["object_id"]), "?"),
            r["no"],
            detail=r["target"],
            url=_admin_url(admin_models[r["target"]], r["object_id"]),
        )
        for r in rows
    ]


def overdue_reviews() -> list[Row]:
    today = timezone.localdate()
    rows = (
        Playbook.objects.overdue(today)
        .exclude(status=Playbook.Status.ARCHIVED)
        .select_related("owner")
        .order_by("review_by")[: LIMIT * 2]
    )
    return [
        Row(
            p.title,
            (today - p.review_by).days,
            detail=p.owner.get_username() if p.owner else "",
            url=_admin_url("playbook", p.pk),
        )
        for p in rows
    ]


def thin_coverage() -> list[Row]:
    """Situations by how much guidance they have: a playbook and its translation count once
    (the original is counted; one only in French is its own original)."""
    published = Q(
        playbooks__status=Playbook.Status.PUBLISHED, playbooks__translation_of__isnull=True
    )
    rows = Situation.objects.annotate(
        count=Count("playbooks", filter=published, distinct=True),
        phrases=Count("playbooks__phrases", filter=published, distinct=True),
    ).order_by("count", "phrases", "order")[:LIMIT]
    return [
        Row(s.label, s.count, detail=str(s.phrases), url=_admin_url("situation", s.pk))
        for s in rows
    ]


def _admin_url(model: str, pk: int) -> str:
    return f"/admin/playbooks/{model}/{pk}/change/"


def bars(rows: list[Row], width: int = 130) -> dict:
    """Bar geometry for a server-drawn SVG chart, relative to the largest value."""
    top = max((r.value for r in rows), default=0) or 1
    items = []
    for i, row in enumerate(rows):
        length = round(row.value / top * width, 1)
        items.append({"row": row, "length": length, "y": i * 24, "value_x": 170 + length + 4})
    return {"bars": items, "height": max(len(rows) * 24, 1)}
