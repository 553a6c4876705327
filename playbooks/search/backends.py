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

from playbooks.library.models import Situation
from playbooks.library.selectors import all_situations
from playbooks.library.templatetags.guidance import name_slot

from . import vocabulary
from .query import SearchTerms, parse_query
from .schema import MARK_CLOSE, MARK_OPEN

PER_PAGE = 10
ORPHANS = 3
# How many matches are counted and ranked at most; see the module docstring.
RANK_WINDOW = 500
MAX_PHRASES = 3
SNIPPET_WORDS = 24
SIMILAR_TITLES = 5
# Fewer matches than this for every word, and any word will do (ranked by how many match).
FEW = 3
# A recognised situation's own playbook is moved first unless it already ranks this high.
PINNED_WITHIN = 3


# A playbook in another language than the reader's is left out when its twin in the
# reader's language is published, as the playbook list does (PlaybookQuerySet.for_reader):
# one piece of guidance, counted and shown once. Two parameters: the reader's language.
NO_TWIN = """({playbook}.language = %s OR NOT EXISTS (
    SELECT 1 FROM playbooks_playbook twin
    WHERE twin.status = 'published' AND twin.language = %s
      AND (twin.translation_of_id = {playbook}.id OR twin.id = {playbook}.translation_of_id)))"""


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


# Where a client name slot goes, until the text is escaped (a private-use character, as the
# highlight markers are).
_CLIENT_SLOT = "\ue002"


def _name_slot(match: re.Match) -> str:
    """Phrases say {client} and {me}; results show the client's as a chip to fill in."""
    opening, name, closing = match.groups()
    if name != "client":
        return ""
    return opening + _CLIENT_SLOT + closing


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
    return mark_safe("".join(html).replace(_CLIENT_SLOT, name_slot("client")))


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

    def __init__(
        self,
        terms: SearchTerms,
        situation: Situation | None,
        language: str,
        *,
        any_word: bool = False,
    ):
        self.terms = terms
        self.match = self.expression(terms, situation, any_word=any_word)
        self.language = language
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(min(id), 0) FROM ("
                " SELECT rowid AS id FROM search_index WHERE search_index MATCH %s"
                " ORDER BY rowid DESC LIMIT %s)",
                [self.match, RANK_WINDOW + 1],
            )
            self.total, floor = cursor.fetchone()
            self.ids: list[int] = []
            if self.total:
                # The language comes from playbooks_playbook: reading any column of the FTS5
                # table itself would load each candidate's whole stored row, body and all.
                cursor.execute(
                    f"""
                    SELECT search_index.rowid
                    FROM search_index JOIN playbooks_playbook p ON p.id = search_index.rowid
                    WHERE search_index MATCH %s AND search_index.rowid >= %s
                      AND {NO_TWIN.format(playbook="p")}
                    ORDER BY p.language = %s DESC, bm25(search_index, {self.WEIGHTS}),
                             search_index.rowid DESC
                    LIMIT %s
                    """,
                    [self.match, floor, language, language, language, RANK_WINDOW],
                )
                self.ids = [row[0] for row in cursor.fetchall()]

    @staticmethod
    def expression(terms: SearchTerms, situation: Situation | None, *, any_word=False) -> str:
        """An FTS5 query built only from quoted words, so nothing typed is ever an operator."""
        words = [f'"{word}"' for word in terms.words]
        if terms.prefix:
            words[-1] += "*"
        joiner = " OR " if any_word else " "
        expression = "{title summary phrases body} : (" + joiner.join(words) + ")"
        if situation is not None:
            expression += f' AND {{situations}} : "sit{int(situation.pk)}"'
        return expression

    def page(self, ids: list[int]) -> list[Hit]:
        """Mark up only the page's rows, ranked already.

        The query walks the page's range of rowids once: `rowid IN (…)` alone would run the
        full-text query again for each row (the `+` keeps SQLite from doing that), which
        costs much more for a prefix. A row put first without matching (see
        SearchResults.pinned) is read plainly.
        """
        if not ids:
            return []
        marks = [MARK_OPEN, MARK_CLOSE]
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
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
                  AND +search_index.rowid IN ({placeholders})
                """,
                [*marks * 4, self.match, min(ids), max(ids), *ids],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
            if missing := [pk for pk in ids if pk not in rows]:
                cursor.execute(
                    f"""
                    SELECT search_index.rowid, p.slug, p.language, search_index.title,
                           search_index.summary, '', '', search_index.situations
                    FROM search_index JOIN playbooks_playbook p ON p.id = search_index.rowid
                    WHERE search_index.rowid IN ({", ".join(["%s"] * len(missing))})
                    """,
                    missing,
                )
                rows.update((row[0], row) for row in cursor.fetchall())
        return [
            _hit(*rows[pk][:-1], situation_ids=[int(t[3:]) for t in rows[pk][-1].split()])
            for pk in ids
            if pk in rows
        ]

    def words_matched(self, ids: list[int]) -> dict[int, int]:
        """How many of the words typed each of `ids` contains, for the any-word ranking."""
        counts = dict.fromkeys(ids, 0)
        if not ids:
            return counts
        last = len(self.terms.words) - 1
        with connection.cursor() as cursor:
            for i, word in enumerate(self.terms.words):
                term = f'"{word}"' + ("*" if self.terms.prefix and i == last else "")
                cursor.execute(
                    "SELECT rowid FROM search_index WHERE search_index MATCH %s"
                    " AND rowid BETWEEN %s AND %s"
                    f" AND +rowid IN ({', '.join(['%s'] * len(ids))})",
                    ["{title summary phrases body} : " + term, min(ids), max(ids), *ids],
                )
                for (pk,) in cursor.fetchall():
                    counts[pk] += 1
        return counts

    @staticmethod
    def indexed(ids: list[int]) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM search_index WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def known_words(word: str) -> list[str]:
        """Words of the index that begin with the same letter and are about as long."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM search_vocabulary WHERE term = %s AND col != 'situations'",
                [word],
            )
            if cursor.fetchone():
                return [word]
            cursor.execute(
                "SELECT DISTINCT term FROM search_vocabulary WHERE term >= %s AND term < %s"
                " AND col != 'situations' AND length(term) BETWEEN %s AND %s LIMIT 20000",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
            )
            return [row[0] for row in cursor.fetchall()]

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

    def __init__(
        self,
        terms: SearchTerms,
        situation: Situation | None,
        language: str,
        *,
        any_word: bool = False,
    ):
        self.terms = terms
        self.situation = situation
        self.tsquery, self.params = self.build_tsquery(terms, any_word=any_word)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(array_agg(w.playbook_id ORDER BY w.language = %s DESC,"
                f" w.rank DESC, w.playbook_id DESC), '{{}}')"
                f" FROM search_index_window({self.tsquery}, %s, %s) w"
                " JOIN playbooks_playbook p ON p.id = w.playbook_id"
                f" WHERE {NO_TWIN.format(playbook='p')}",
                [
                    language,
                    *self.params,
                    situation.pk if situation else None,
                    RANK_WINDOW + 1,
                    language,
                    language,
                ],
            )
            self.ids = cursor.fetchone()[0]
        self.total = len(self.ids)

    @staticmethod
    def build_tsquery(terms: SearchTerms, *, any_word: bool = False) -> tuple[str, list]:
        """Every word required (or any, for the fallback), each stemmed by English and French;
        the last one a prefix.

        `search_index_word()` (schema.py) turns one word into a tsquery; it is immutable, so
        PostgreSQL works the whole query out once, when planning.
        """
        last = len(terms.words) - 1
        joiner = " || " if any_word else " && "
        sql = joiner.join(["search_index_word(%s, %s)"] * len(terms.words))
        params = [p for i, w in enumerate(terms.words) for p in (w, terms.prefix and i == last)]
        return f"({sql})", params

    def page(self, ids: list[int]) -> list[Hit]:
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

    def words_matched(self, ids: list[int]) -> dict[int, int]:
        """How many of the words typed each of `ids` contains, for the any-word ranking."""
        if not ids:
            return {}
        last = len(self.terms.words) - 1
        each = " + ".join(["(vector @@ search_index_word(%s, %s))::int"] * len(self.terms.words))
        params = [
            p for i, w in enumerate(self.terms.words) for p in (w, self.terms.prefix and i == last)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT playbook_id, {each} FROM search_index WHERE playbook_id = ANY(%s)",
                [*params, ids],
            )
            return dict(cursor.fetchall())

    @staticmethod
    def indexed(ids: list[int]) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT playbook_id FROM search_index WHERE playbook_id = ANY(%s)", [ids]
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def known_words(word: str) -> list[str]:
        """None: PostgreSQL stores stems, not words; titles by trigram serve instead (similar)."""
        return []

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
        self._query: SqliteQuery | PostgresQuery | None = None
        self._ids: list[int] | None = None
        self._similar: list[Hit] | None = None
        self._suggestion: str | None = None
        self._recognised: vocabulary.Recognised | bool | None = False

    @property
    def engine(self) -> type[SqliteQuery] | type[PostgresQuery]:
        return PostgresQuery if connection.vendor == "postgresql" else SqliteQuery

    @property
    def query(self) -> SqliteQuery | PostgresQuery | None:
        if self._query is None and self.terms:
            self._query = self.engine(self.terms, self.situation, self.language)
            content = content_words(self.terms)
            if self._query.total < FEW and len(content.words) > 1:
                loose = self.engine(content, self.situation, self.language, any_word=True)
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
            if pinned and pinned not in ids[:PINNED_WITHIN] and self.engine.indexed([pinned]):
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
