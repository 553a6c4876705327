"""What readers browse — situations with counts, the list's pages, a playbook's related ones.

Each is an aggregate over every published playbook, too slow to run per request once there
are thousands; each is kept by content version (content_version.py), so a publish or an
unpublish shows on the next request, in every process.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Prefetch, When
from django.utils.functional import cached_property

from . import content_version
from .models import Boundary, FlexibilityOption, Phrase, Playbook, Situation

PER_PAGE = 24
ORPHANS = 3
RELATED_SHOWN = 4
CARD_FIELDS = ("title", "slug", "summary", "language")


def all_situations(*, version: int | None = None) -> list[Situation]:
    """Every situation, in order."""

    def everything() -> list[Situation]:
        return list(Situation.objects.all())

    return content_version.cached("situations", everything, version=version)


def situations_with_counts(language: str, *, version: int | None = None) -> list[Situation]:
    """Every situation, with as many playbooks as its list shows a reader of `language`."""

    def compute() -> list[Situation]:
        visible = Playbook.objects.published().for_reader(language)
        counts = dict(
            visible.values_list("situations").annotate(n=Count("pk")).values_list("situations", "n")
        )
        situations = list(Situation.objects.all())
        for situation in situations:
            situation.playbook_count = counts.get(situation.pk, 0)
        return situations

    return content_version.cached("situation-counts", compute, language, version=version)


class CountedPaginator(Paginator):
    """A paginator told its count, so that a cached count spares the COUNT query."""

    def __init__(self, object_list, per_page, *, count: int, orphans: int = 0):
        super().__init__(object_list, per_page, orphans=orphans)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class ListPage:
    page: Page  # its cards (the few fields a card shows, and situations) are read lazily
    stamp: str  # the content version it was read at, to key the rendered cards by


def reader_page(language: str, situation: Situation | None, number, *, version: int) -> ListPage:
    """One page of the published playbooks a reader of `language` sees: the situation's own
    playbook first ("Start here"), then by title, those only in another language last.

    The count is cached; the page's cards are read only when their rendering, cached by
    `stamp`, is not (playbooks/playbook_list.html).
    """
    from .search.vocabulary import start_here_id  # search builds on this module

    playbooks = Playbook.objects.published().for_reader(language)
    start = None
    if situation is not None:
        playbooks = playbooks.for_situation(situation.slug)
        start = start_here_id(situation, language, version=version)
    slug = situation.slug if situation else ""
    count = content_version.cached(
        "playbook-count", playbooks.count, language, slug, version=version
    )
    cards = playbooks.only(*CARD_FIELDS).prefetch_related("situations")
    cards = cards.annotate(
        start_here=Case(When(pk=start or 0, then=True), default=False, output_field=BooleanField()),
        other_language=Case(
            When(language=language, then=False), default=True, output_field=BooleanField()
        ),
    ).order_by("-start_here", "other_language", "title", "pk")
    page = CountedPaginator(cards, PER_PAGE, count=count, orphans=ORPHANS).get_page(number)
    return ListPage(page, content_version.stamp(version))


@dataclass(frozen=True)
class PlaybookPage:
    playbook: Playbook  # with everything its page shows, prefetched
    translations: list[Playbook]  # published ones, the original included
    related: list[Playbook]  # cards
    stamp: str  # the content version it was read at, to key the rendered parts by


def _with_everything(slug: str) -> Playbook | None:
    return (
        Playbook.objects.published()
        .select_related("translation_of")
        .prefetch_related(
            "situations",
            "contributions",
            Prefetch("phrases", Phrase.objects.order_by("order", "pk")),
            Prefetch("boundaries", Boundary.objects.order_by("order", "pk")),
            Prefetch("options", FlexibilityOption.objects.order_by("order", "pk")),
            Prefetch("translations", Playbook.objects.published()),
        )
        .filter(slug=slug)
        .first()
    )


def _related(playbook: Playbook, language: str) -> list[Playbook]:
    """Up to four published playbooks sharing the most situations with this one, as cards."""
    related = Playbook.objects.published().for_reader(language).related_to(playbook)
    return list(related.only(*CARD_FIELDS)[:RELATED_SHOWN])


def published_playbook_id(slug: str, *, version: int) -> int | None:
    """The id of the published playbook at `slug`, or None; one cache read once known."""

    def find() -> int | None:
        return Playbook.objects.published().filter(slug=slug).values_list("pk", flat=True).first()

    return content_version.cached("playbook-id", find, slug, version=version)


def playbook_page(slug: str, language: str, *, version: int) -> PlaybookPage | None:
    """A published playbook with all its page shows, or None; nothing but the version is read
    from the database once it is cached (an unknown slug is never cached)."""
    playbook = content_version.cached(
        "playbook", lambda: _with_everything(slug), slug, version=version
    )
    if playbook is None:
        return None
    translations = [*playbook.translations.all()]
    if playbook.translation_of and playbook.translation_of.status == Playbook.Status.PUBLISHED:
        translations.append(playbook.translation_of)
    related = content_version.cached(
        "related", lambda: _related(playbook, language), playbook.pk, language, version=version
    )
    return PlaybookPage(playbook, translations, related, content_version.stamp(version))
