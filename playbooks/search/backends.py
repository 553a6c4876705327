"""Full-text search over published playbooks: one interface, a backend per database.

`search()` returns a lazy, Paginator-friendly sequence of `Hit`s. The backend is chosen by
`connection.vendor`: SQLite FTS5 (the embedded default) or PostgreSQL full-text search.

Cost stays bounded however many playbooks match: at most RANK_WINDOW matches are counted and
ranked (SQLite takes the newest, PostgreSQL the first its index yields), so a query for the
commonest word ranks 500 rows, not 100,000, and the count reads "more than 500". Highlighting
runs only for the page shown. A page costs three queries on PostgreSQL, four on SQLite.
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from playbooks.browsing import all_situations
from playbooks.models import Situation

from .query import SearchTerms, parse_query
from .schema import MARK_CLOSE, MARK_OPEN

PER_PAGE = 10
ORPHANS = 3
# How many matches are counted and ranked at most; see the module docstring.
RANK_WINDOW = 500
MAX_PHRASES = 3
SNIPPET_WORDS = 24
SIMILAR_TITLES = 5


@dataclass
class Hit:
    """One playbook found, with its title, snippet and matching phrases as safe HTML."""

    id: int
    slug: str
    language: str
    title: SafeString
    snippet: SafeString
    phrases: list[SafeString] = field(default_factory=list)
    situation_ids: list[int] = field(default_factory=list)
    situations: list[Situation] = field(default_factory=list)

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("playbook_detail", kwargs={"slug": self.slug})


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_HEADING = re.compile(r"^[ \t]*#+[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_MARKDOWN = re.compile(r"[*_`\[\]]+|^[ \t]*(?:>|[-+]|\d+\.)[ \t]+", re.MULTILINE)
_NAME_SLOT = re.compile(f"\\{{([{MARK_OPEN}]?)(client|me)([{MARK_CLOSE}]?)\\}}")
_MARKS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")


_SIGN_OFF = re.compile(f"\\s*[\u2014\u2013-]\\s*\\{{[{MARK_OPEN}]?me[{MARK_CLOSE}]?\\}}")


def _name_slot(match: re.Match) -> str:
    """Phrases say {client} and {me}; results read as the page does without names typed."""
    opening, name, closing = match.groups()
    if name != "client":
        return ""
    return opening + gettext("your client") + closing


def marked(text: str, *, markdown: bool = False) -> SafeString:
    """Escape text from the index, then turn the highlight markers into <mark> elements.

    Escaping first means nothing in a playbook or a query can inject markup; only our own
    markers become tags, and they are always balanced.
    """
    if markdown:
        text = _MARKDOWN.sub("", _HEADING.sub(r"\1 —", _LINK_TARGET.sub("", text)))
    if "{" in text:
        text = _NAME_SLOT.sub(_name_slot, _SIGN_OFF.sub("", text))
    html, open_ = [], False
    for part in _MARKS.split(" ".join(text.split())):
        if part == MARK_OPEN and not open_:
            html.append("<mark>")
            open_ = True
        elif part == MARK_CLOSE and open_:
            html.append("</mark>")
            open_ = False
        elif part not in (MARK_OPEN, MARK_CLOSE):
            html.append(escape(part))
    if open_:
        html.append("</mark>")
    return mark_safe("".join(html))


def _hit(pk, slug, language, title, summary, body, phrases, *, situation_ids) -> Hit:
    """A Hit from highlighted text; the snippet is the body's best passage if the body matched."""
    return Hit(
        id=pk,
        slug=slug,
        language=language,
        title=marked(title),
        snippet=marked(body, markdown=True) if MARK_OPEN in body else marked(summary),
        phrases=[marked(line) for line in phrases.split("\n") if MARK_OPEN in line][:MAX_PHRASES],
        situation_ids=situation_ids,
    )


class SqliteQuery:
    """SQLite FTS5: bm25 with column weights, snippet() and highlight().

    The newest RANK_WINDOW + 1 matches are found by walking the index from the highest rowid
    (no ranking needed); the page query then ranks only rows at or above the lowest of them.
    """

    # bm25 weights in column order: title, summary, phrases, body, situations.
    WEIGHTS = "10.0, 5.0, 3.0, 1.0, 0.0"

    def __init__(self, terms: SearchTerms, situation: Situation | None, language: str):
        self.match = self.expression(terms, situation)
        self.language = language
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(min(id), 0) FROM ("
                " SELECT rowid AS id FROM search_index WHERE search_index MATCH %s"
                " ORDER BY rowid DESC LIMIT %s)",
                [self.match, RANK_WINDOW + 1],
            )
            self.total, self.floor = cursor.fetchone()

    @staticmethod
    def expression(terms: SearchTerms, situation: Situation | None) -> str:
        """An FTS5 query built only from quoted words, so nothing typed is ever an operator."""
        words = [f'"{word}"' for word in terms.words]
        if terms.prefix:
            words[-1] += "*"
        expression = "{title summary phrases body} : (" + " ".join(words) + ")"
        if situation is not None:
            expression += f' AND {{situations}} : "sit{int(situation.pk)}"'
        return expression

    def page(self, offset: int, limit: int) -> list[Hit]:
        """Rank first, then mark up only the page's rows.

        In one query SQLite works out the highlights of every ranked candidate before
        sorting; in two it does so for the page alone. The second query walks the page's
        range of rowids once: `rowid IN (…)` alone would run the full-text query again for
        each row (the `+` keeps SQLite from doing that), which costs much more for a prefix.
        """
        with connection.cursor() as cursor:
            # The language comes from playbooks_playbook: reading any column of the FTS5 table
            # itself would load each candidate's whole stored row, body and all.
            cursor.execute(
                f"""
                SELECT search_index.rowid
                FROM search_index JOIN playbooks_playbook p ON p.id = search_index.rowid
                WHERE search_index MATCH %s AND search_index.rowid >= %s
                ORDER BY p.language = %s DESC, bm25(search_index, {self.WEIGHTS}),
                         search_index.rowid DESC
                LIMIT %s OFFSET %s
                """,
                [self.match, self.floor, self.language, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return []
            mark = [MARK_OPEN, MARK_CLOSE]
            cursor.execute(
                f"""
                SELECT search_index.rowid, p.slug, p.language,
                       highlight(search_index, 0, %s, %s),
                       highlight(search_index, 1, %s, %s),
                       snippet(search_index, 3, %s, %s, '…', {SNIPPET_WORDS}),
                       highlight(search_index, 2, %s, %s),
                       search_index.situations
                FROM search_index JOIN playbooks_playbook p ON p.id = search_index.rowid
                WHERE search_index MATCH %s AND search_index.rowid BETWEEN %s AND %s
                  AND +search_index.rowid IN ({", ".join(["%s"] * len(ids))})
                """,
                [*mark * 4, self.match, min(ids), max(ids), *ids],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        return [
            _hit(*rows[pk][:-1], situation_ids=[int(t[3:]) for t in rows[pk][-1].split()])
            for pk in ids
            if pk in rows
        ]

    def similar(self) -> list[Hit]:
        return []


class PostgresQuery:
    """PostgreSQL: a weighted tsvector per playbook, ts_rank, ts_headline, pg_trgm for typos.

    `search_index_window()` (see schema.py) returns up to RANK_WINDOW + 1 matches with their
    rank, from a bitmap scan of the GIN index that stops early; only the page's rows are then
    read in full for ts_headline.
    """

    HIGHLIGHT = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"
    EXCERPT = (
        f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    # ts_headline parses the whole text it is given; the excerpt comes from the body's start.
    EXCERPT_CHARS = 2000

    def __init__(self, terms: SearchTerms, situation: Situation | None, language: str):
        self.terms = terms
        self.situation = situation
        self.tsquery, self.params = self.build_tsquery(terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(array_agg(playbook_id ORDER BY language = %s DESC, rank DESC,"
                f" playbook_id DESC), '{{}}') FROM search_index_window({self.tsquery}, %s, %s)",
                [language, *self.params, situation.pk if situation else None, RANK_WINDOW + 1],
            )
            self.ids = cursor.fetchone()[0]
        self.total = len(self.ids)

    @staticmethod
    def build_tsquery(terms: SearchTerms) -> tuple[str, list]:
        """Every word required, each stemmed by English and French; the last one a prefix.

        `search_index_word()` (schema.py) turns one word into a tsquery; it is immutable, so
        PostgreSQL works the whole query out once, when planning.
        """
        last = len(terms.words) - 1
        sql = " && ".join(["search_index_word(%s, %s)"] * len(terms.words))
        params = [p for i, w in enumerate(terms.words) for p in (w, terms.prefix and i == last)]
        return f"({sql})", params

    def page(self, offset: int, limit: int) -> list[Hit]:
        ids = self.ids[offset : offset + limit]
        if not ids:
            return []
        headline = f"ts_headline(search_index_config(language), {{}}, {self.tsquery}, %s)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT playbook_id, slug, language,
                       {headline.format("title")}, {headline.format("summary")},
                       {headline.format(f"left(body, {self.EXCERPT_CHARS})")},
                       {headline.format("phrases")}, situation_ids
                FROM search_index WHERE playbook_id = ANY(%s)
                """,
                [
                    *self.params,
                    self.HIGHLIGHT,
                    *self.params,
                    self.HIGHLIGHT,
                    *self.params,
                    self.EXCERPT,
                    *self.params,
                    self.HIGHLIGHT,
                    ids,
                ],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        return [_hit(*rows[pk][:-1], situation_ids=rows[pk][-1]) for pk in ids if pk in rows]

    def similar(self) -> list[Hit]:
        """Titles that look like the query, for when a typo finds nothing at all."""
        text = " ".join(self.terms.words)
        if len(text) < 4:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT playbook_id, slug, language, title, summary, situation_ids"
                " FROM search_index_similar(%s, %s, %s)",
                [text, self.situation.pk if self.situation else None, SIMILAR_TITLES],
            )
            rows = cursor.fetchall()
        return [
            Hit(pk, slug, lang, marked(title), marked(summary), situation_ids=situation_ids)
            for pk, slug, lang, title, summary, situation_ids in rows
        ]


def _attach_situations(hits: list[Hit], version: int | None) -> None:
    """Situations come from the index as ids, and are looked up in the cached list."""
    if not hits:
        return
    situations = {situation.pk: situation for situation in all_situations()}
    for hit in hits:
        found = [situations[pk] for pk in hit.situation_ids if pk in situations]
        hit.situations = sorted(found, key=lambda s: (s.order, s.slug))


class SearchResults:
    """Matches for one query, fetched lazily a page at a time (what Paginator expects).

    `count()` is exact up to RANK_WINDOW; `capped` says there are more than that.
    `similar` holds look-alike titles when nothing matched (PostgreSQL only). `version` is
    the content version the caller has read, if any.
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
        self._query: SqliteQuery | PostgresQuery | None = None
        self._similar: list[Hit] | None = None

    @property
    def query(self) -> SqliteQuery | PostgresQuery | None:
        if self._query is None and self.terms:
            engine = PostgresQuery if connection.vendor == "postgresql" else SqliteQuery
            self._query = engine(self.terms, self.situation, self.language)
        return self._query

    def count(self) -> int:
        return min(self.query.total, RANK_WINDOW) if self.query else 0

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
        hits = self.query.page(start, stop - start)
        _attach_situations(hits, self.version)
        return hits

    @property
    def similar(self) -> list[Hit]:
        if self._similar is None:
            self._similar = []
            if self.query and self.count() == 0:
                self._similar = self.query.similar()
                _attach_situations(self._similar, self.version)
        return self._similar


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
