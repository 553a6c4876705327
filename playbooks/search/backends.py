"""Full-text search over published playbooks: one interface, a backend per database.

`search()` returns a lazy, Paginator-friendly sequence of `Hit`s. The backend is chosen by
`connection.vendor`: SQLite FTS5 (the embedded default) or PostgreSQL full-text search.

Cost stays bounded however many playbooks match: the newest RANK_WINDOW matches are counted
and ranked, so a query for the commonest word ranks at most that many rows, and the count reads
"more than 1,000". Each results page costs three queries on either database.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from playbooks.models import Playbook, Situation

from .query import SearchTerms, parse_query
from .schema import MARK_CLOSE, MARK_OPEN

PER_PAGE = 20
ORPHANS = 3
# How many matches are counted and ranked at most; see the module docstring.
RANK_WINDOW = 1000
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
    situations: list[Situation] = field(default_factory=list)

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("playbook_detail", kwargs={"slug": self.slug})


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_MARKDOWN = re.compile(r"[*_`\[\]]+|^[ \t]*(?:#+|>|[-+]|\d+\.)[ \t]+", re.MULTILINE)


_NAME_SLOT = re.compile(f"\\{{([{MARK_OPEN}]?)(client|me)([{MARK_CLOSE}]?)\\}}")


def _name_slot(match: re.Match) -> str:
    """Phrases say {client} and {me}; results read as the page does without names typed."""
    opening, name, closing = match.groups()
    return f"{opening}{gettext('your client')}{closing}" if name == "client" else ""


def marked(text: str, *, markdown: bool = False) -> SafeString:
    """Escape text from the index, then turn the highlight markers into <mark> elements.

    Escaping first means nothing in a playbook or a query can inject markup; only our own
    markers become tags, and they are always balanced.
    """
    if markdown:
        text = _MARKDOWN.sub("", _LINK_TARGET.sub("", text))
    text = _NAME_SLOT.sub(_name_slot, text)
    html, open_ = [], False
    for part in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", " ".join(text.split())):
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
    return mark_safe("".join(html))  # noqa: S308 - every part above is escaped


def _matching_lines(text: str) -> list[SafeString]:
    return [marked(line) for line in text.split("\n") if MARK_OPEN in line][:MAX_PHRASES]


def _excerpt(body: str, summary: str) -> SafeString:
    """The body's best passage when the body matches, else the summary, highlighted."""
    return marked(body, markdown=True) if MARK_OPEN in body else marked(summary)


class SqliteBackend:
    """SQLite FTS5: bm25 with column weights, snippet() and highlight()."""

    # bm25 weights in column order: title, summary, phrases, body, situations, slug, language.
    WEIGHTS = "10.0, 5.0, 3.0, 1.0, 0.0, 0.0, 0.0"

    def match(self, terms: SearchTerms, situation: Situation | None) -> str:
        """An FTS5 query built only from quoted words, so nothing typed is ever an operator."""
        words = [f'"{word}"' for word in terms.words]
        if terms.prefix:
            words[-1] += "*"
        expression = "{title summary phrases body} : (" + " ".join(words) + ")"
        if situation is not None:
            expression += f' AND {{situations}} : "sit{int(situation.pk)}"'
        return expression

    def window(self, terms: SearchTerms, situation: Situation | None) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(min(id), 0) FROM ("
                " SELECT rowid AS id FROM search_index WHERE search_index MATCH %s"
                " ORDER BY rowid DESC LIMIT %s)",
                [self.match(terms, situation), RANK_WINDOW + 1],
            )
            return cursor.fetchone()

    def page(self, terms, situation, *, floor, language, offset, limit) -> list[Hit]:
        mark = [MARK_OPEN, MARK_CLOSE]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT rowid, slug, language,
                       highlight(search_index, 0, %s, %s),
                       highlight(search_index, 1, %s, %s),
                       snippet(search_index, 3, %s, %s, '…', {SNIPPET_WORDS}),
                       highlight(search_index, 2, %s, %s)
                FROM search_index
                WHERE search_index MATCH %s AND rowid >= %s
                ORDER BY language = %s DESC, bm25(search_index, {self.WEIGHTS}), rowid DESC
                LIMIT %s OFFSET %s
                """,
                [*mark * 4, self.match(terms, situation), floor, language, limit, offset],
            )
            rows = cursor.fetchall()
        return [
            Hit(
                id=pk,
                slug=slug,
                language=lang,
                title=marked(title),
                snippet=_excerpt(body, summary),
                phrases=_matching_lines(phrases),
            )
            for pk, slug, lang, title, summary, body, phrases in rows
        ]

    def similar(self, terms, situation, *, language) -> list[Hit]:
        return []


class PostgresBackend:
    """PostgreSQL: a weighted tsvector per playbook, ts_rank, ts_headline, pg_trgm for typos."""

    CONFIGS = ("crisisguide_en", "crisisguide_fr")
    HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}"
    MIN_STEM = 5
    SIMILARITY = 0.5

    def tsquery(self, terms: SearchTerms) -> tuple[str, list]:
        """All the words, stemmed by each language's configuration; the last one as a prefix.

        Documents hold stems ("funeral" is "funer"), and stemming a half-typed word gives odd
        results, so the last word matches through its stem, as a prefix of an indexed stem, or
        as a stem with one or two letters more ("funera"); the last two are left unstemmed.
        """
        whole = terms.words[:-1] if terms.prefix else terms.words
        parts, params = [], []
        for config in self.CONFIGS:
            conjuncts = []
            if whole:
                conjuncts.append("websearch_to_tsquery(%s::regconfig, %s)")
                params += [config, " ".join(whole)]
            if terms.prefix:
                last = terms.words[-1]
                unstemmed = [f"'{last}':*"] + [
                    f"'{last[:n]}'" for n in (len(last) - 1, len(last) - 2) if n >= self.MIN_STEM
                ]
                conjuncts.append(
                    "(to_tsquery(%s::regconfig, %s) || to_tsquery('simple'::regconfig, %s))"
                )
                params += [config, f"'{last}'", " | ".join(unstemmed)]
            parts.append("(" + " && ".join(conjuncts) + ")")
        return "(" + " || ".join(parts) + ")", params

    def _filters(self, terms, situation) -> tuple[str, list]:
        query, params = self.tsquery(terms)
        sql = f"vector @@ {query}"
        if situation is not None:
            sql += " AND situation_ids @> ARRAY[%s]::bigint[]"
            params.append(situation.pk)
        return sql, params

    def window(self, terms: SearchTerms, situation: Situation | None) -> tuple[int, int]:
        where, params = self._filters(terms, situation)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(min(playbook_id), 0) FROM ("
                f" SELECT playbook_id FROM search_index WHERE {where}"
                " ORDER BY playbook_id DESC LIMIT %s) AS w",
                [*params, RANK_WINDOW + 1],
            )
            return cursor.fetchone()

    def page(self, terms, situation, *, floor, language, offset, limit) -> list[Hit]:
        where, where_params = self._filters(terms, situation)
        query, query_params = self.tsquery(terms)
        headline = "ts_headline(search_index_config(s.language), {text}, " + query + ", %s)"
        all_params = [*query_params, self.HEADLINE + ", HighlightAll=true"]
        excerpt_params = [
            *query_params,
            self.HEADLINE + f", MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2, "
            'FragmentDelimiter=" … "',
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT s.playbook_id, s.slug, s.language,
                       {headline.format(text="s.title")},
                       {headline.format(text="s.summary")},
                       {headline.format(text="s.body")},
                       {headline.format(text="s.phrases")}
                FROM (
                    SELECT playbook_id, language = %s AS own_language,
                           ts_rank(vector, {query}, 1) AS rank
                    FROM search_index
                    WHERE {where} AND playbook_id >= %s
                    ORDER BY own_language DESC, rank DESC, playbook_id DESC
                    LIMIT %s OFFSET %s
                ) AS r
                JOIN search_index s ON s.playbook_id = r.playbook_id
                ORDER BY r.own_language DESC, r.rank DESC, r.playbook_id DESC
                """,
                [
                    *all_params,
                    *all_params,
                    *excerpt_params,
                    *all_params,
                    language,
                    *query_params,
                    *where_params,
                    floor,
                    limit,
                    offset,
                ],
            )
            rows = cursor.fetchall()
        return [
            Hit(
                id=pk,
                slug=slug,
                language=lang,
                title=marked(title),
                snippet=_excerpt(body, summary),
                phrases=_matching_lines(phrases),
            )
            for pk, slug, lang, title, summary, body, phrases in rows
        ]

    def similar(self, terms, situation, *, language) -> list[Hit]:
        """Titles that look like the query, for when a typo finds nothing at all."""
        text = " ".join(terms.words)
        if len(text) < 4:
            return []
        extra, params = "", [text, text, self.SIMILARITY]
        if situation is not None:
            extra = " AND situation_ids @> ARRAY[%s]::bigint[]"
            params.append(situation.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT playbook_id, slug, language, title, summary FROM (
                    SELECT playbook_id, slug, language, title, summary,
                           %s <<-> title_folded AS distance
                    FROM search_index WHERE word_similarity(%s, title_folded) >= %s {extra}
                    ORDER BY distance LIMIT {SIMILAR_TITLES}
                ) AS t ORDER BY language = %s DESC, distance
                """,
                [*params, language],
            )
            rows = cursor.fetchall()
        return [
            Hit(id=pk, slug=slug, language=lang, title=marked(title), snippet=marked(summary))
            for pk, slug, lang, title, summary in rows
        ]


def backend() -> SqliteBackend | PostgresBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


def _attach_situations(hits: list[Hit]) -> None:
    if not hits:
        return
    links = (
        Playbook.situations.through.objects.filter(playbook_id__in=[h.id for h in hits])
        .select_related("situation")
        .order_by("situation__order", "situation__slug")
    )
    by_playbook = defaultdict(list)
    for link in links:
        by_playbook[link.playbook_id].append(link.situation)
    for hit in hits:
        hit.situations = by_playbook[hit.id]


class SearchResults:
    """Matches for one query, fetched lazily a page at a time (what Paginator expects).

    `count()` is exact up to RANK_WINDOW; `capped` says there are more than that.
    `similar` holds look-alike titles when nothing matched (PostgreSQL only).
    """

    def __init__(self, terms: SearchTerms, *, language: str, situation: Situation | None):
        self.terms = terms
        self.language = language
        self.situation = situation
        self.backend = backend()
        self._total: int | None = None
        self._floor = 0
        self._similar: list[Hit] | None = None

    def _window(self) -> None:
        if self._total is None:
            if self.terms:
                self._total, self._floor = self.backend.window(self.terms, self.situation)
            else:
                self._total = 0

    def count(self) -> int:
        self._window()
        return min(self._total, RANK_WINDOW)

    @property
    def capped(self) -> bool:
        self._window()
        return self._total > RANK_WINDOW

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
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
        hits = self.backend.page(
            self.terms,
            self.situation,
            floor=self._floor,
            language=self.language,
            offset=start,
            limit=stop - start,
        )
        _attach_situations(hits)
        return hits

    @property
    def similar(self) -> list[Hit]:
        if self._similar is None:
            self._similar = []
            if self.terms and self.count() == 0:
                self._similar = self.backend.similar(
                    self.terms, self.situation, language=self.language
                )
                _attach_situations(self._similar)
        return self._similar


def search(
    query: str, *, language: str, situation: Situation | None = None
) -> SearchResults:
    """Published playbooks matching `query`, best first, the reader's language before others."""
    return SearchResults(parse_query(query), language=language[:2], situation=situation)


def search_page(
    query: str,
    *,
    language: str,
    situation: Situation | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of `search()`; out-of-range or malformed page numbers give the nearest page."""
    results = search(query, language=language, situation=situation)
    return Paginator(results, per_page, orphans=ORPHANS).get_page(page)
