"""What readers browse: situations with counts, a page of the list, a playbook and its related.

Reads are lazy where a template fragment keeps their rendering (`{% cache %}` keyed by the
content version and language), so a kept fragment costs no query at all.
"""

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, When
from django.utils.functional import SimpleLazyObject, cached_property

from . import content_version, signals
from .models import Playbook, Situation

PER_PAGE = 24
ORPHANS = 3
RELATED_SHOWN = 4
CARD_FIELDS = ("title", "slug", "summary", "language")


def all_situations() -> list[Situation]:
    return list(Situation.objects.all())


def situations_with_counts(language: str) -> list[Situation]:
    """Every situation, with as many playbooks as its list shows a reader of `language`."""
    visible = Playbook.objects.published().for_reader(language)
    counts = dict(
        visible.values_list("situations").annotate(n=Count("pk")).values_list("situations", "n")
    )
    situations = all_situations()
    for situation in situations:
        situation.playbook_count = counts.get(situation.pk, 0)
    return situations


class CountedPaginator(Paginator):
    """A paginator told its count, so that a cached count spares the COUNT query."""

    def __init__(self, object_list, per_page, *, count: int, orphans: int = 0):
        super().__init__(object_list, per_page, orphans=orphans)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def reader_page(language: str, situation: Situation | None, number, *, version: int) -> Page:
    """One page of the published playbooks a reader of `language` sees: the situation's own
    playbook first ("Start here"), then by title, those only in another language last.

    The count is kept per content version; the page's cards are read only when their
    rendering is not kept (playbooks/playbook_list.html).
    """
    playbooks = Playbook.objects.published().for_reader(language)
    start = None
    if situation is not None:
        playbooks = playbooks.for_situation(situation.slug)
        start = signals.start_here(situation, language, version=version)
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
    return CountedPaginator(cards, PER_PAGE, count=count, orphans=ORPHANS).get_page(number)


def published_playbook(slug: str) -> Playbook | None:
    return Playbook.objects.published().select_related("translation_of").filter(slug=slug).first()


def translations(playbook: Playbook) -> list[Playbook]:
    """The published translations of `playbook`, its original included."""
    found = list(playbook.translations.published())
    if playbook.translation_of and playbook.translation_of.status == Playbook.Status.PUBLISHED:
        found.append(playbook.translation_of)
    return found


def related(playbook: Playbook, language: str) -> list[Playbook]:
    """Up to four published playbooks sharing the most situations with this one, as cards."""
    others = Playbook.objects.published().for_reader(language).related_to(playbook)
    return list(others.only(*CARD_FIELDS)[:RELATED_SHOWN])


def lazily(compute) -> SimpleLazyObject:
    """compute(), run only if a template renders it (not when its fragment is kept)."""
    return SimpleLazyObject(compute)
