"""Full-text search over published playbooks: one interface, an engine per database.

`search()` returns a lazy, Paginator-friendly sequence of `Hit`s. The engine is chosen by
`connection.vendor`: SQLite FTS5 (sqlite.py, the embedded default) or PostgreSQL full-text
search (postgres.py); both read the search documents (models.SearchDocument) and satisfy
`Engine`.

Cost stays bounded however many playbooks match: at most RANK_WINDOW matches are counted and
ranked, so a query for the commonest word ranks 500 rows, not 100,000, and the count reads
"more than 500". Highlighting runs only for the page shown.
"""

from typing import Protocol

from django.core.paginator import Page, Paginator
from django.db import connection

from playbooks.library.models import Playbook, Situation
from playbooks.library.selectors import all_situations

from . import vocabulary
from .highlight import Hit
from .models import SearchDocument
from .postgres import PostgresQuery
from .query import SearchTerms, parse_query
from .sqlite import SqliteQuery

PER_PAGE = 10
ORPHANS = 3
# How many matches are counted and ranked at most; see the module docstring.
RANK_WINDOW = 500
# Fewer matches than this for every word, and any word will do (ranked by how many match).
FEW = 3
# A recognised situation's own playbook is moved first unless it already ranks this high.
PINNED_WITHIN = 3


class Engine(Protocol):
    """What each database's search offers: matches for one query, best first."""

    ids: list[int]  # at most window + 1, the reader's language first
    total: int

    def __init__(
        self,
        terms: SearchTerms,
        situation: Situation | None,
        language: str,
        *,
        window: int,
        any_word: bool = False,
    ) -> None: ...

    def page(self, ids: list[int]) -> list[Hit]:
        """The hits for `ids`, in that order, matches marked."""

    def words_matched(self, ids: list[int]) -> dict[int, int]:
        """How many of the words typed each playbook contains."""

    @staticmethod
    def known_words(word: str) -> list[str]:
        """Indexed words close to `word`, for spelling suggestions."""

    def similar(self) -> list[Hit]:
        """Look-alike titles, for a query that found nothing."""


def indexed(ids: list[int]) -> list[int]:
    """Those of `ids` that search can find (published playbooks)."""
    return list(SearchDocument.objects.filter(pk__in=ids).values_list("pk", flat=True))


def _attach_situations(hits: list[Hit]) -> None:
    """Each hit's situations: their ids in one query, then the cached list."""
    if not hits:
        return
    links = Playbook.situations.through.objects.filter(playbook_id__in=[hit.id for hit in hits])
    ids: dict[int, list[int]] = {}
    for playbook_id, situation_id in links.values_list("playbook_id", "situation_id"):
        ids.setdefault(playbook_id, []).append(situation_id)
    situations = {situation.pk: situation for situation in all_situations()}
    for hit in hits:
        hit.situation_ids = ids.get(hit.id, [])
        found = [situations[pk] for pk in hit.situation_ids if pk in situations]
        hit.situations = sorted(found, key=lambda s: (s.order, s.slug))


class SearchResults:
    """Matches for one query, fetched lazily a page at a time (what Paginator expects).

        Every word must match; when that finds fewer than FEW playbooks, any word may, and
        playbooks are ranked by how many of the words they contain. When the words point to a
        situation (vocabulary.recognise), its start-here playbook comes first, unless the words
    already rank it in the top three.

        `count()` is exact up to RANK_WINDOW; `capped` says there are more than that.
        `similar` holds look-alike titles when nothing matched (PostgreSQL only); `suggestion`
        a respelt query when a word is unknown. `version` is the content version the caller has
        read, if any.
    """

    def __init__(
        self,
        terms: SearchTerms,
        *,
        language: str,
        situation: Situation | None,
        version: int | None = None,
    ):
        self.terms = terms
        self.language = language
        self.situation = situation
        self.version = version
        self.any_word = False
        self._query: Engine | None = None
        self._ids: list[int] | None = None
        self._similar: list[Hit] | None = None
        self._suggestion: str | None = None
        self._recognised: vocabulary.Recognised | bool | None = False

    @property
    def engine(self) -> type[Engine]:
        return PostgresQuery if connection.vendor == "postgresql" else SqliteQuery

    @property
    def query(self) -> Engine | None:
        if self._query is None and self.terms:
            window = RANK_WINDOW
            self._query = self.engine(self.terms, self.situation, self.language, window=window)
            content = content_words(self.terms)
            if self._query.total < FEW and len(content.words) > 1:
                loose = self.engine(
                    content, self.situation, self.language, window=window, any_word=True
                )
                if loose.total > self._query.total:
                    self._query, self.any_word = loose, True
        return self._query

    @property
    def recognised(self) -> "vocabulary.Recognised | None":
        """The situation the words point to, unless the reader filtered by another one."""
        if self._recognised is False:
            found = vocabulary.recognise(self.terms, self.language, version=self.version)
            if found and self.situation and found.situation != self.situation:
                found = None
            self._recognised = found
        return self._recognised

    @property
    def first_phrases(self) -> list:
        """The recognised situation's first phrases, to copy straight from the results."""
        return self.recognised.first_phrases(version=self.version) if self.recognised else []

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            ids = list(self.query.ids[:RANK_WINDOW]) if self.query else []
            if self.any_word and ids:
                matched = self.query.words_matched(ids)
                ids.sort(key=lambda pk: -matched.get(pk, 0))  # stable: rank order within
            pinned = self.recognised.start_here_id if self.recognised else None
            # Put first, unless the words themselves already rank it near the top.
            if pinned and pinned not in ids[:PINNED_WITHIN] and indexed([pinned]):
                ids = [pinned, *(pk for pk in ids if pk != pinned)][:RANK_WINDOW]
            self._ids = ids
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    @property
    def capped(self) -> bool:
        return bool(self.query) and self.query.total > RANK_WINDOW

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, int | slice):
            raise TypeError(index)  # templates try obj["name"] before obj.name
        if isinstance(index, int):
            hits = self[index : index + 1]
            if not hits:
                raise IndexError(index)
            return hits[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("Search results can only be sliced with step 1.")
        if stop <= start:
            return []
        hits = self.query.page(self.ids[start:stop]) if self.query else []
        _attach_situations(hits)
        return hits

    @property
    def similar(self) -> list[Hit]:
        if self._similar is None:
            self._similar = []
            if self.query and self.count() == 0:
                self._similar = self.query.similar()
                _attach_situations(self._similar)
        return self._similar

    @property
    def suggestion(self) -> str:
        """The query with each unknown word respelt as the closest known one, if any was."""
        if self._suggestion is None:
            self._suggestion = ""
            if self.terms and (self.count() < FEW or self.any_word):
                known = vocabulary.lexicon(version=self.version).words
                words = []
                for word in self.terms.words:
                    candidates = self.engine.known_words(word) if len(word) >= 4 else []
                    if word in candidates:
                        words.append(word)
                        continue
                    words.append(vocabulary.corrected(word, known | frozenset(candidates)))
                if list(self.terms.words) != words:
                    self._suggestion = " ".join(words)
        return self._suggestion


def content_words(terms: SearchTerms) -> SearchTerms:
    """The words that say something: for the any-word fallback, "my" would match everything."""
    words = tuple(w for w in terms.words if w not in vocabulary.STOPWORDS)
    last_kept = bool(words) and bool(terms.words) and words[-1] == terms.words[-1]
    return SearchTerms(words, terms.prefix and last_kept)


def search(
    query: str,
    *,
    language: str,
    situation: Situation | None = None,
    version: int | None = None,
) -> SearchResults:
    """Published playbooks matching `query`, best first, the reader's language before others."""
    terms = parse_query(query)
    return SearchResults(terms, language=language[:2], situation=situation, version=version)


def results_page(
    results: SearchResults, page: int | str | None, *, per_page: int = PER_PAGE
) -> Page:
    """One page of `results`; out-of-range or malformed page numbers give the nearest page."""
    return Paginator(results, per_page, orphans=ORPHANS).get_page(page)


def page_of(count: int, page: int | str | None, *, per_page: int = PER_PAGE) -> Page:
    """Page `page` of `count` results, numbers only: for links, and to key cached pages."""
    return Paginator(range(count), per_page, orphans=ORPHANS).get_page(page)
