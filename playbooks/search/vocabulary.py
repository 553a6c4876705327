"""What situation a search points to, from the everyday words people type.

The words are data (content/vocabulary.toml → SituationWords, edited by team leads), plus the
words of each situation's own name and description that no other situation shares. A query
points to a situation when its words cover more of that situation's words than of any
other's: "mother died" covers two of Bereavement's (mother, died) and one of Illness's.
"""

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from playbooks.library import content_version
from playbooks.library.models import Phrase, Playbook, Situation

from .models import SituationWords
from .query import SearchTerms, parse_query

# Words that say nothing about what happened; left out of recognition and of the any-word
# fallback, where they would match nearly every playbook.
STOPWORDS = frozenset(
    """
    a an and are as at be been but by can client clients do does for from had has have he her
    him his how i in is it its me my of on or our she so that the their them they this to us
    was we were what when who will with you your about after just has got get au aux avec ce
    ces dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne nous
    on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous y a
    l d s n j c m t qu
    """.split()  # noqa: SIM905 (a list of words reads better as words)
)
# Words of the situations' descriptions too general to point to one ("home", "work", "loss" of
# "Job loss", which people say of a death): only the vocabulary may use them.
GENERIC = frozenset(
    """
    any autre avoir care choisit choose close comme dit dont ete evenement event face going
    home laisse left long loss mal maison made off organisation other personne running say
    seriou similar situation something subit such through toute traverse under vient work
    chez contact dealt longer person peut plu traitiez vou
    """.split()  # noqa: SIM905 (a list of words reads better as words)
)
MIN_TYPO_CHARS = 4
TYPO_CUTOFF = 0.85


def stem(word: str) -> str:
    """Singular enough to compare: "funerals" and "funeral", "parents" and "parent"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise(phrase: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in parse_query(phrase).words)


@dataclass(frozen=True)
class Lexicon:
    """Every entry as (normalised words, situation id), and every word any entry uses."""

    entries: tuple[tuple[tuple[str, ...], int], ...]
    words: frozenset[str]
    start_here: dict[tuple[int, str], int]  # (situation id, language) → playbook id


def _distinctive_words(situations: list[Situation]) -> dict[int, set[str]]:
    """Words of a situation's name and description that no other situation's use."""
    words = {
        s.pk: {
            w
            for text in (s.name, s.name_fr, s.description, s.description_fr)
            for w in normalise(text)
            if w not in STOPWORDS and w not in GENERIC and len(w) > 2
        }
        for s in situations
    }
    return {
        pk: {w for w in own if not any(w in other for k, other in words.items() if k != pk)}
        for pk, own in words.items()
    }


def _build() -> Lexicon:
    situations = list(Situation.objects.all())
    entries: set[tuple[tuple[str, ...], int]] = set()
    for pk, words in _distinctive_words(situations).items():
        entries.update(((w,), pk) for w in words)
    start_here = {}
    for row in SituationWords.objects.all():
        for phrase in row.phrases():
            if words := tuple(w for w in normalise(phrase) if w not in STOPWORDS):
                entries.add((words, row.situation_id))
        if row.start_here_id:
            start_here[(row.situation_id, row.language)] = row.start_here_id
    ordered = tuple(sorted(entries, key=lambda e: (-len(e[0]), e)))
    return Lexicon(ordered, frozenset(w for words, _ in ordered for w in words), start_here)


def lexicon(*, version: int | None = None) -> Lexicon:
    return content_version.cached("search-lexicon", _build, version=version)


def start_here_id(situation: Situation, language: str, *, version: int | None = None) -> int | None:
    """The playbook a situation starts from for a reader of `language`, if one is set."""
    start_here = lexicon(version=version).start_here
    return start_here.get((situation.pk, language)) or next(
        (v for (pk, _), v in start_here.items() if pk == situation.pk), None
    )


def _covers(entry: tuple[str, ...], words: list[str], prefix: bool) -> list[int]:
    """Positions in `words` that `entry` covers, in order; the last typed word may be a prefix."""
    n = len(entry)
    for start in range(len(words) - n + 1):
        window = words[start : start + n]
        last = start + n == len(words)
        if all(
            w == e or (prefix and last and i == n - 1 and len(w) >= 3 and e.startswith(w))
            for i, (w, e) in enumerate(zip(window, entry, strict=True))
        ):
            return list(range(start, start + n))
    return []


def corrected(word: str, known: frozenset[str]) -> str:
    """The known word closest to a mistyped one, or the word itself."""
    if word in known or len(word) < MIN_TYPO_CHARS:
        return word
    # The first letter is rarely the one mistyped, and keeping it keeps the candidates few.
    candidates = [k for k in known if k[0] == word[0] and abs(len(k) - len(word)) <= 2]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=TYPO_CUTOFF)
    return close[0] if close else word


FIRST_PHRASES = 2


@dataclass(frozen=True)
class Recognised:
    situation: Situation
    start_here_id: int | None

    def first_phrases(self, *, version: int | None = None) -> list[Phrase]:
        """What to say first for this situation: its start-here playbook's first phrases."""
        if not self.start_here_id:
            return []

        def read() -> list[Phrase]:
            phrases = Phrase.objects.filter(
                playbook_id=self.start_here_id, playbook__status=Playbook.Status.PUBLISHED
            )
            phrases = phrases.select_related("playbook").only("text", "order", "playbook__language")
            return list(phrases.order_by("order", "pk")[:FIRST_PHRASES])

        return content_version.cached("first-phrases", read, self.start_here_id, version=version)


def recognise(
    terms: SearchTerms, language: str, *, version: int | None = None
) -> Recognised | None:
    """The one situation the words point to most, or None when none does or two tie."""
    known = lexicon(version=version)
    words = [corrected(stem(w), known.words) for w in terms.words if w not in STOPWORDS]
    if not words:
        return None
    typed, last = set(words), words[-1]

    def may_cover(entry: tuple[str, ...]) -> bool:
        # What _covers needs at the least, checked first: most entries fail it at once.
        *head, tail = entry
        return all(e in typed for e in head) and (
            tail in typed or (terms.prefix and len(last) >= 3 and tail.startswith(last))
        )

    used: dict[int, set[int]] = {}
    for entry, pk in known.entries:
        if not may_cover(entry):
            continue
        positions = _covers(entry, words, terms.prefix)
        covered = used.setdefault(pk, set())
        if positions and not covered.intersection(positions):
            covered.update(positions)
    scores = {pk: len(covered) for pk, covered in sorted(used.items()) if covered}
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    from playbooks.library.selectors import all_situations

    situation = next(s for s in all_situations() if s.pk == ranked[0][0])
    return Recognised(situation, start_here_id(situation, language, version=version))


# Loading and exporting the file.

VOCABULARY_FILE = "vocabulary.toml"


@transaction.atomic
def load_vocabulary(directory: Path) -> None:
    """Bring SituationWords in line with the file, except rows a team lead has edited."""
    path = directory / VOCABULARY_FILE
    if not path.exists():
        return
    situations = {s.slug: s for s in Situation.objects.all()}
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("situation", []):
        situation = situations.get(entry["slug"])
        if situation is None:
            continue
        for language, suffix in (("en", ""), ("fr", "_fr")):
            words = "\n".join(entry.get(f"words{suffix}", []))
            start = Playbook.objects.filter(slug=entry.get(f"start_here{suffix}", "")).first()
            row = SituationWords.objects.filter(situation=situation, language=language).first()
            if row is None:
                row = SituationWords(situation=situation, language=language)
            elif row.words != row.loaded:
                continue  # edited in the admin
            row.words = row.loaded = words
            row.start_here = start
            row.save()


def vocabulary_data() -> list[dict]:
    """The vocabulary as file data, for export."""
    rows: dict[str, dict] = {}
    for row in SituationWords.objects.select_related("situation", "start_here"):
        suffix = "" if row.language == "en" else "_fr"
        data = rows.setdefault(row.situation.slug, {"slug": row.situation.slug})
        if row.start_here:
            data[f"start_here{suffix}"] = row.start_here.slug
        data[f"words{suffix}"] = row.phrases()
    return list(rows.values())
