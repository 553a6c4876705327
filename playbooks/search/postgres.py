"""Search on PostgreSQL: the documents' stored vector, SearchQuery, SearchRank, SearchHeadline.

Each word typed is looked for as an English and a French word (a playbook's vector is built
with its own language's configuration), every word required; the last one, still being
typed, also as a prefix. The first RANK_WINDOW + 1 matches the GIN index yields are ranked,
so a query for the commonest word ranks hundreds of rows, not every playbook.
"""

from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Left

from playbooks.library.models import Playbook, Situation

from .highlight import MARK_CLOSE, MARK_OPEN, Hit, hit_from, marked
from .models import SEARCH_CONFIG, SearchDocument
from .query import SearchTerms

CONFIGS = ("crisisguide_en", "crisisguide_fr")
SNIPPET_WORDS = 24
# ts_headline parses the whole text it is given; the excerpt comes from the body's start.
EXCERPT_CHARS = 2000
SIMILAR_TITLES = 5


def word_query(word: str, *, prefix: bool) -> SearchQuery:
    """One typed word: its English or French stem; while typed, any word it begins, and
    itself a letter or two short, unstemmed ("funera" of "funeral", whose stem is "funer")."""
    forms = [SearchQuery(word, config=config, search_type="websearch") for config in CONFIGS]
    if prefix:
        # Raw syntax, safe: the word is letters and digits only (query.parse_query), quoted.
        forms.append(SearchQuery(f"'{word}':*", config="simple", search_type="raw"))
        forms += [
            SearchQuery(word[:-cut], config="simple", search_type="websearch")
            for cut in (1, 2)
            if len(word) >= 5 + cut
        ]
    return reduce(or_, forms)


def terms_query(terms: SearchTerms, *, any_word: bool = False) -> SearchQuery:
    last = len(terms.words) - 1
    words = [word_query(w, prefix=terms.prefix and i == last) for i, w in enumerate(terms.words)]
    return reduce(or_ if any_word else and_, words)


def for_reader(documents, language: str):
    """Leave out a playbook whose twin in the reader's language is published, as the
    playbook list does (PlaybookQuerySet.for_reader): one piece of guidance, shown once."""
    twin = Playbook.objects.filter(status=Playbook.Status.PUBLISHED, language=language).filter(
        Q(translation_of=OuterRef("playbook_id")) | Q(pk=OuterRef("playbook__translation_of"))
    )
    return documents.filter(Q(language=language) | ~Exists(twin))


class PostgresQuery:
    """Matches for one query, best first: `ids` (at most window + 1) and their `total`."""

    def __init__(
        self,
        terms: SearchTerms,
        situation: Situation | None,
        language: str,
        *,
        window: int,
        any_word: bool = False,
    ):
        self.terms = terms
        self.situation = situation
        self.query = terms_query(terms, any_word=any_word)
        matching = SearchDocument.objects.filter(vector=self.query)
        if situation is not None:
            matching = matching.filter(playbook__situations=situation)
        window_ids = matching.values("pk")[: window + 1]
        ranked = for_reader(SearchDocument.objects.filter(pk__in=window_ids), language)
        ranked = ranked.annotate(
            own_language=Case(When(language=language, then=Value(0)), default=Value(1)),
            rank=SearchRank(F("vector"), self.query),
        )
        self.ids = list(
            ranked.order_by("own_language", "-rank", "-pk").values_list("pk", flat=True)
        )
        self.total = len(self.ids)

    def _headline(self, expression, **options) -> SearchHeadline:
        return SearchHeadline(
            expression,
            self.query,
            config=SEARCH_CONFIG,
            start_sel=MARK_OPEN,
            stop_sel=MARK_CLOSE,
            **options,
        )

    def page(self, ids: list[int]) -> list[Hit]:
        if not ids:
            return []
        rows = (
            SearchDocument.objects.filter(pk__in=ids)
            .annotate(
                slug=F("playbook__slug"),
                title_marked=self._headline("title", highlight_all=True),
                summary_marked=self._headline("summary", highlight_all=True),
                body_marked=self._headline(
                    Left("body", EXCERPT_CHARS),
                    max_words=SNIPPET_WORDS,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
                phrases_marked=self._headline("phrases", highlight_all=True),
            )
            .values_list(
                "pk",
                "slug",
                "language",
                "title_marked",
                "summary_marked",
                "body_marked",
                "phrases_marked",
            )
        )
        found = {row[0]: row for row in rows}
        return [hit_from(*found[pk]) for pk in ids if pk in found]

    def words_matched(self, ids: list[int]) -> dict[int, int]:
        """How many of the words typed each of `ids` contains, for the any-word ranking."""
        if not ids:
            return {}
        last = len(self.terms.words) - 1
        each = [
            Case(
                When(vector=word_query(w, prefix=self.terms.prefix and i == last), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for i, w in enumerate(self.terms.words)
        ]
        rows = SearchDocument.objects.filter(pk__in=ids).annotate(matched=reduce(add, each))
        return dict(rows.values_list("pk", "matched"))

    @staticmethod
    def known_words(word: str) -> list[str]:
        """None: PostgreSQL stores stems, not words; titles by trigram serve instead (similar)."""
        return []

    def similar(self) -> list[Hit]:
        """Titles that look like the query (pg_trgm), for when a typo finds nothing at all."""
        text = " ".join(self.terms.words)
        if len(text) < 4:
            return []
        documents = SearchDocument.objects.filter(title__trigram_word_similar=text)
        if self.situation is not None:
            documents = documents.filter(playbook__situations=self.situation)
        rows = (
            documents.annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-similarity", "pk")
            .values_list("pk", "playbook__slug", "language", "title", "summary")[:SIMILAR_TITLES]
        )
        return [
            Hit(pk, slug, language, marked(title), marked(summary))
            for pk, slug, language, title, summary in rows
        ]
