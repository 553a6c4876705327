"""Search on SQLite: the FTS5 table `search_fts` over the search documents (migration 0006).

bm25 ranks with column weights; highlight() and snippet() mark the matches. The newest
RANK_WINDOW + 1 matches are found by walking the index from the highest rowid (no ranking
needed); the ranking query then reads only rows at or above the lowest of them.
"""

from django.db import connection

from playbooks.library.models import Situation

from .highlight import MARK_CLOSE, MARK_OPEN, Hit, hit_from
from .query import SearchTerms

SNIPPET_WORDS = 24

# A playbook in another language than the reader's is left out when its twin in the
# reader's language is published, as the playbook list does (PlaybookQuerySet.for_reader).
# Two parameters: the reader's language.
NO_TWIN = """(p.language = %s OR NOT EXISTS (
    SELECT 1 FROM playbooks_playbook twin
    WHERE twin.status = 'published' AND twin.language = %s
      AND (twin.translation_of_id = p.id OR twin.id = p.translation_of_id)))"""


def _in(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


class SqliteQuery:
    """Matches for one query, best first: `ids` (at most window + 1) and their `total`."""

    # bm25 weights in column order: title, summary, phrases, body.
    WEIGHTS = "10.0, 5.0, 3.0, 1.0"

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
        self.match = self.expression(terms, any_word=any_word)
        in_situation, situation_params = "", []
        if situation is not None:
            in_situation = (
                " AND search_fts.rowid IN (SELECT playbook_id FROM playbooks_playbook_situations"
                " WHERE situation_id = %s)"
            )
            situation_params = [situation.pk]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(min(id), 0) FROM ("
                " SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s"
                f" {in_situation} ORDER BY rowid DESC LIMIT %s)",
                [self.match, *situation_params, window + 1],
            )
            self.total, floor = cursor.fetchone()
            self.ids: list[int] = []
            if self.total:
                cursor.execute(
                    f"""
                    SELECT search_fts.rowid
                    FROM search_fts JOIN playbooks_playbook p ON p.id = search_fts.rowid
                    WHERE search_fts MATCH %s AND search_fts.rowid >= %s {in_situation}
                      AND {NO_TWIN}
                    ORDER BY p.language = %s DESC, bm25(search_fts, {self.WEIGHTS}),
                             search_fts.rowid DESC
                    LIMIT %s
                    """,
                    [self.match, floor, *situation_params, language, language, language, window],
                )
                self.ids = [row[0] for row in cursor.fetchall()]

    @staticmethod
    def expression(terms: SearchTerms, *, any_word: bool = False) -> str:
        """An FTS5 query built only from quoted words, so nothing typed is ever an operator."""
        words = [f'"{word}"' for word in terms.words]
        if terms.prefix:
            words[-1] += "*"
        return "(" + (" OR " if any_word else " ").join(words) + ")"

    def page(self, ids: list[int]) -> list[Hit]:
        """Mark up only the page's rows, ranked already.

        The query walks the page's range of rowids once: `rowid IN (…)` alone would run the
        full-text query again for each row (the `+` keeps SQLite from doing that). A row put
        first without matching (SearchResults.ids, pinned) is read plainly.
        """
        if not ids:
            return []
        marks = [MARK_OPEN, MARK_CLOSE]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT search_fts.rowid, p.slug, p.language,
                       highlight(search_fts, 0, %s, %s),
                       highlight(search_fts, 1, %s, %s),
                       snippet(search_fts, 3, %s, %s, '…', {SNIPPET_WORDS}),
                       highlight(search_fts, 2, %s, %s)
                FROM search_fts JOIN playbooks_playbook p ON p.id = search_fts.rowid
                WHERE search_fts MATCH %s AND search_fts.rowid BETWEEN %s AND %s
                  AND +search_fts.rowid IN ({_in(ids)})
                """,
                [*marks * 4, self.match, min(ids), max(ids), *ids],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
            if missing := [pk for pk in ids if pk not in rows]:
                cursor.execute(
                    f"""
                    SELECT d.playbook_id, p.slug, p.language, d.title, d.summary, '', ''
                    FROM search_searchdocument d JOIN playbooks_playbook p ON p.id = d.playbook_id
                    WHERE d.playbook_id IN ({_in(missing)})
                    """,
                    missing,
                )
                rows.update((row[0], row) for row in cursor.fetchall())
        return [hit_from(*rows[pk]) for pk in ids if pk in rows]

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
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                    f" AND rowid BETWEEN %s AND %s AND +rowid IN ({_in(ids)})",
                    [term, min(ids), max(ids), *ids],
                )
                for (pk,) in cursor.fetchall():
                    counts[pk] += 1
        return counts

    @staticmethod
    def known_words(word: str) -> list[str]:
        """Words of the index that begin with the same letter and are about as long."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_vocabulary WHERE term = %s", [word])
            if cursor.fetchone():
                return [word]
            cursor.execute(
                "SELECT DISTINCT term FROM search_vocabulary WHERE term >= %s AND term < %s"
                " AND length(term) BETWEEN %s AND %s LIMIT 20000",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
            )
            return [row[0] for row in cursor.fetchall()]

    def similar(self) -> list[Hit]:
        """Look-alike titles: PostgreSQL only (pg_trgm); SQLite suggests a respelling instead."""
        return []
