"""Turn whatever a reader typed into plain search terms.

Both backends build their query language (FTS5 MATCH strings, PostgreSQL tsquery) only from
the terms returned here: runs of letters and digits, never operators, quotes or markup. So a
query of any bytes yields results or none, never a syntax error.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
# The last term is matched as a prefix (the reader may still be typing it) once it is this long;
# shorter prefixes match too much of the vocabulary to be worth the cost.
MIN_PREFIX_CHARS = 2

_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")


def normalise_query(text: str) -> str:
    """The query as the search log keeps it: case-folded, spaces collapsed, digits masked.

    Digits are masked so that phone or account numbers typed into the box are never stored.
    """
    text = unicodedata.normalize("NFKC", _clean(text)).casefold()
    return _DIGIT.sub("#", " ".join(text.split()))[:MAX_QUERY_CHARS]


def _clean(text: str) -> str:
    # NUL and other control characters can't be stored (PostgreSQL) and mean nothing here.
    return "".join(c if c.isprintable() or c.isspace() else " " for c in text[:MAX_QUERY_CHARS])


def _unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@dataclass(frozen=True)
class SearchTerms:
    """The words to look for, lower-case and without accents; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(text: str) -> SearchTerms:
    words: list[str] = []
    for word in _WORD.findall(_unaccent(_clean(text)).lower()):
        word = word[:MAX_TERM_CHARS]
        if word not in words:
            words.append(word)
    words = words[:MAX_TERMS]
    prefix = bool(words) and len(words[-1]) >= MIN_PREFIX_CHARS
    return SearchTerms(tuple(words), prefix)
