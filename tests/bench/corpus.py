"""A realistic synthetic corpus of playbooks for the load benchmark; no database needed.

Search speed depends on how words are distributed far more than on what they mean, so the
text is drawn from a vocabulary of several thousand words with a Zipf-like (Zipf-Mandelbrot)
distribution: a few very common words, a long tail of rare ones. The head comes from the
app's own shipped text (so function words and the domain's terms rank as they do in real
playbooks), the domain's terms are guaranteed a place, the middle from English prose that
ships with Python (the pydoc topics) and French from Django's own French catalogues, and
the tail from pronounceable made-up words (names, jargon, typos). Each playbook also leans
on the terms of its own situations, as real ones do.

Bodies are built as structured blocks, so the Markdown and the HTML that
``playbooks.library.markdown.render_markdown`` would make from it come out together, from wrappers
learnt by rendering one sample of each kind of block (``Markup``): rendering 100,000 bodies
through Markdown would take longer than the rest of the seeding.
"""

import bisect
import collections
import hashlib
import html
import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO / "playbooks" / "content"

# Bump when the generated text changes shape: an older seeded database is then rebuilt.
GENERATOR_VERSION = "1"


def generator_fingerprint() -> str:
    """Changes whenever the generator, the seeder or the Markdown rendering changes."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for name in ("corpus.py", "seed.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(repr(sorted(vars(Markup()).items())).encode())
    return f"{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"


def _words(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(
    # PostgreSQL's English stop words, then common French ones: a query for "the most common
    # word" must be a word both backends index.
    _words(
        """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own s same she should so some such t than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves ll re ve d m
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c j l à n s t y été être avoir est sont fait plus
    cette comme si tout tous leurs"""
    )
)

# The domain's own terms, each guaranteed a place in the vocabulary.
DOMAIN_EN = _words("""client account manager crisis bereavement grief loss death funeral condolences
sympathy illness diagnosis hospital treatment surgery recovery carer emergency family
mental health anxiety depression burnout exhaustion overwhelmed stress financial hardship
debt redundancy layoff divorce separation breakup disaster flood fire evacuation displaced
deadline extension flexibility reschedule postpone cover handover workload priorities
empathy listen acknowledge reassure boundary professional privacy consent confidential
helpline referral employee assistance programme safety unsafe suicide samaritans crisis
line escalate lead approval sponsor engagement delivery follow up check anniversary
compassion leave absence condolence bereaved widow widower miscarriage cancer chemotherapy
caregiver hospice terminal estate probate wellbeing resilience support""")

DOMAIN_FR = _words("""client crise deuil décès funérailles obsèques condoléances sympathie maladie
diagnostic hôpital traitement chirurgie rétablissement aidant urgence famille santé mentale
anxiété dépression épuisement professionnel surmenage difficultés financières dette
licenciement divorce séparation rupture catastrophe inondation incendie évacuation délai
échéance report souplesse flexibilité remplacement passation charge priorités empathie
écouter reconnaître rassurer limite confidentialité consentement ligne écoute orientation
programme aide salariés sécurité suicide urgences responsable validation accompagnement
suivi rappel anniversaire compassion congé absence endeuillé veuve veuf cancer soignant
soins palliatifs bienveillance soutien""")

SITUATION_WEIGHTS = {
    "bereavement": 20,
    "illness": 15,
    "family-emergency": 10,
    "mental-health": 12,
    "burnout": 10,
    "financial-hardship": 8,
    "relationship-breakdown": 8,
    "disaster": 5,
    "job-loss": 8,
    "other": 4,
}

SITUATION_TERMS = {
    "bereavement": (
        "bereavement grief loss death funeral condolences sympathy bereaved anniversary widow",
        "deuil décès funérailles obsèques condoléances sympathie endeuillé anniversaire veuve",
    ),
    "illness": (
        "illness diagnosis hospital treatment surgery recovery cancer chemotherapy carer",
        "maladie diagnostic hôpital traitement chirurgie rétablissement cancer soins aidant",
    ),
    "family-emergency": (
        "family emergency hospital carer caregiver absence cover handover",
        "famille urgence hôpital aidant absence remplacement passation",
    ),
    "mental-health": (
        "mental health anxiety depression wellbeing helpline safety support",
        "santé mentale anxiété dépression bienveillance écoute sécurité soutien",
    ),
    "burnout": (
        "burnout exhaustion overwhelmed stress workload priorities resilience",
        "épuisement surmenage charge priorités soutien",
    ),
    "financial-hardship": (
        "financial hardship debt payment invoice credit budget",
        "difficultés financières dette paiement facture budget",
    ),
    "relationship-breakdown": (
        "divorce separation breakup privacy family",
        "divorce séparation rupture confidentialité famille",
    ),
    "disaster": (
        "disaster flood fire evacuation displaced emergency safety",
        "catastrophe inondation incendie évacuation urgence sécurité",
    ),
    "job-loss": ("redundancy layoff job loss referral", "licenciement emploi perte orientation"),
    "other": ("crisis support empathy", "crise soutien empathie"),
}

PHRASE_KINDS = ["acknowledge", "listen", "offer", "reassure", "follow-up", "refer", "boundary"]
RELATIONSHIPS = ["new", "established", "partner"]
CHANNELS = ["room", "video", "phone", "written"]
PRESSURES = ["none", "soon", "critical"]
SIGNALS = ["upset", "withdrawn", "carry-on", "unsafe"]
APPROVERS = ["you", "delivery-lead", "engagement-lead", "account-director", "finance"]

WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+")
TOML_KEY = re.compile(r"^\s*[\w.\"]+\s*=", re.MULTILINE)
PLACEHOLDER = re.compile(r"%(\(\w+\))?[sd]|\{\w*\}|\\n")
TOML_TABLE = re.compile(r"^\s*\[.*$", re.MULTILINE)
SYLLABLES = [c + v for c in "bcdfghklmnprstvwz" for v in "aeiou"] + _words(
    "bra cre dri fla gro pla pre sti tro"
)
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "rt", "st", "ck", "sh"]


def _tokens(text: str) -> list[str]:
    text = TOML_TABLE.sub(" ", TOML_KEY.sub(" ", text)).lower()
    return [w for w in WORD.findall(text) if len(w) > 1 and w not in {"true", "false"}]


def _ranked(counter: collections.Counter) -> list[str]:
    return [w for w, _ in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def _shipped_words(language: str) -> list[str]:
    counter = collections.Counter()
    for path in sorted(CONTENT_DIR.rglob("*")):
        if path.suffix not in {".md", ".toml"} or path.name == "README.md":
            continue
        is_french = "/fr/" in path.as_posix() or path.stem.endswith("-fr")
        if (language == "fr") == is_french:
            counter.update(_tokens(path.read_text(encoding="utf-8")))
    return _ranked(counter)


def _long_tail_words(language: str) -> list[str]:
    counter = collections.Counter()
    if language == "en":
        try:
            from pydoc_data.topics import topics

            for text in topics.values():
                # Drop code samples and reST markup; keep the prose.
                counter.update(w for w in _tokens(text) if 3 <= len(w) <= 14)
        except ImportError:  # some distributions strip pydoc_data; made-up words fill in
            pass
    else:
        root = Path(django.__file__).parent
        for po in sorted(root.rglob("fr/LC_MESSAGES/django*.po")):
            translated = False  # inside a msgstr, not a msgid or the header
            for line in po.read_text(encoding="utf-8").splitlines():
                if line.startswith("msgstr"):
                    translated, line = True, line.partition(" ")[2]
                elif not line.startswith('"'):
                    translated = False
                if translated and ":" not in line:
                    line = PLACEHOLDER.sub(" ", line)
                    counter.update(w for w in _tokens(line) if len(w) >= 3)
    return _ranked(counter)


def _made_up_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words = []
    while len(words) < count:
        word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 4)))) + rng.choice(CODAS)
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


def build_vocabulary(language: str, size: int, seed: int = 7) -> list[str]:
    """Words ordered by rank, most frequent first: shipped text, domain terms, prose, made-up."""
    rng = random.Random(f"vocabulary-{language}-{seed}")
    words: list[str] = []
    seen: set[str] = set()

    def add(candidates, limit=None):
        for word in candidates:
            if limit is not None and len(words) >= limit:
                return
            if word not in seen:
                seen.add(word)
                words.append(word)

    add(_shipped_words(language), limit=size // 3)
    add(_long_tail_words(language), limit=size - size // 8)
    # Domain terms missing so far are spread through ranks 40-600: common enough to be
    # searched for, never as common as "the".
    domain = [w for w in (DOMAIN_EN if language == "en" else DOMAIN_FR) if w not in seen]
    for offset, word in enumerate(domain):
        words.insert(min(len(words), 40 + offset * 560 // len(domain)), word)
        seen.add(word)
    if len(words) < size:
        words.extend(_made_up_words(rng, size - len(words), seen))
    return words[:size]


class Zipf:
    """Draws words with Zipf-Mandelbrot frequencies: weight(rank) = 1 / (rank + 2.7)."""

    def __init__(self, words: list[str], rng: random.Random):
        self.words = words
        self.rng = rng
        weights = (1.0 / (rank + 2.7) for rank in range(len(words)))
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, count: int) -> list[str]:
        random_ = self.rng.random
        cumulative, total, words = self.cumulative, self.total, self.words
        return [words[bisect.bisect(cumulative, random_() * total)] for _ in range(count)]

    def share(self, word: str) -> float:
        rank = self.words.index(word)
        return (1.0 / (rank + 2.7)) / self.total


def most_common_word(words: list[str]) -> str:
    """The vocabulary's most frequent word that search engines index (not a stop word)."""
    return next(w for w in words if w not in STOPWORDS and len(w) >= 3)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class PlaybookSpec:
    index: int
    slug: str
    title: str
    language: str
    summary: str
    body: str
    body_html: str
    situations: list[str]
    follow_up: str
    follow_up_days: int
    overdue: bool
    translation_of: int | None
    phrases: list[dict] = field(default_factory=list)
    boundaries: list[dict] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


class Markup:
    """The HTML that render_markdown makes for each kind of block, learnt from it once.

    The generated text is plain words and punctuation, so each block renders as a fixed
    wrapper around its escaped text: rendering one sample of each kind gives the wrappers,
    whatever the project's renderer does with headings or lists.
    """

    SLOT = "qqslotqq"

    def __init__(self):
        from playbooks.library.markdown import render_markdown

        def wrapper(source: str, slot: str = self.SLOT) -> tuple[str, str]:
            before, found, after = render_markdown(source).partition(slot)
            if not found:
                raise ValueError(f"render_markdown dropped the text of {source!r}")
            return before, after

        self.wrappers = {
            "heading": wrapper(f"## {self.SLOT}"),
            "paragraph": wrapper(self.SLOT),
        }
        strong = wrapper(f"**{self.SLOT}**")
        paragraph = self.wrappers["paragraph"]
        self.strong = (strong[0].removeprefix(paragraph[0]), strong[1].removesuffix(paragraph[1]))
        first, second = self.SLOT + "a", self.SLOT + "b"
        two = render_markdown(f"- {first}\n- {second}")
        self.list_open, rest = two.split(first)
        self.item_join, self.list_close = rest.split(second)
        pair = render_markdown(f"{first}\n\n{second}")
        self.separator = pair[pair.index(first) + len(first) : pair.index(second)]
        self.separator = self.separator.removeprefix(paragraph[1]).removesuffix(paragraph[0])

    def block(self, kind: str, text: str, *, escaped: bool = False) -> str:
        before, after = self.wrappers[kind]
        return before + (text if escaped else escape(text)) + after

    def inline(self, kind: str, text: str) -> str:
        return self.strong[0] + escape(text) + self.strong[1]

    def bullets(self, items: list[str]) -> str:
        return self.list_open + self.item_join.join(escape(i) for i in items) + self.list_close


class CorpusGenerator:
    """Makes N playbooks, the same ones for the same seed."""

    def __init__(self, *, seed: int = 2026, en_words: int = 6000, fr_words: int = 2500):
        self.rng = random.Random(seed)
        self.vocabulary = {
            "en": build_vocabulary("en", en_words),
            "fr": build_vocabulary("fr", fr_words),
        }
        self.zipf = {lang: Zipf(words, self.rng) for lang, words in self.vocabulary.items()}
        self.terms = {
            slug: {"en": en.split(), "fr": fr.split()} for slug, (en, fr) in SITUATION_TERMS.items()
        }
        self.domain = {"en": DOMAIN_EN, "fr": DOMAIN_FR}
        self.situation_slugs = list(SITUATION_WEIGHTS)
        self.situation_weights = list(SITUATION_WEIGHTS.values())
        self.english_pool: list[int] = []
        self.translated: set[int] = set()
        self.markup = Markup()

    # Text -------------------------------------------------------------------------------

    def _sentence(self, lang: str, terms: list[str], low: int, high: int, end: str = ".") -> str:
        rng = self.rng
        words = self.zipf[lang].draw(rng.randint(low, high))
        if rng.random() < 0.4:
            words[rng.randrange(len(words))] = rng.choice(terms)
        if rng.random() < 0.15:
            words[rng.randrange(len(words))] = rng.choice(self.domain[lang])
        words[0] = words[0].capitalize()
        return " ".join(words) + end

    def _paragraph(self, lang: str, terms: list[str]) -> tuple[str, str]:
        words = " ".join(
            self._sentence(lang, terms, 7, 22) for _ in range(self.rng.randint(2, 5))
        ).split(" ")
        bold = self.rng.randrange(1, len(words)) if self.rng.random() < 0.15 else None
        if bold is None or not words[bold].isalpha():
            text = " ".join(words)
            return text, self.markup.block("paragraph", text)
        before, word, after = " ".join(words[:bold]), words[bold], " ".join(words[bold + 1 :])
        markdown = f"{before} **{word}** {after}".strip()
        inner = f"{escape(before)} {self.markup.inline('strong', word)} {escape(after)}".strip()
        return markdown, self.markup.block("paragraph", inner, escaped=True)

    def _body(self, lang: str, terms: list[str]) -> tuple[str, str]:
        rng = self.rng
        markdown, markup = [], []
        for _ in range(rng.randint(3, 6)):
            heading = self._sentence(lang, terms, 2, 6, end="")
            markdown.append(f"## {heading}")
            markup.append(self.markup.block("heading", heading))
            for _ in range(rng.randint(1, 3)):
                text, as_html = self._paragraph(lang, terms)
                markdown.append(text)
                markup.append(as_html)
            if rng.random() < 0.35:
                items = [self._sentence(lang, terms, 5, 14) for _ in range(rng.randint(3, 5))]
                markdown.append("\n".join(f"- {item}" for item in items))
                markup.append(self.markup.bullets(items))
        return "\n\n".join(markdown) + "\n", self.markup.separator.join(markup)

    def _tags(self, values: list[str], empty: float) -> list[str]:
        if self.rng.random() < empty:
            return []
        return sorted(self.rng.sample(values, self.rng.randint(1, min(2, len(values)))))

    def _guidance(self, lang: str, terms: list[str]) -> dict:
        rng = self.rng
        return {
            "relationships": self._tags(RELATIONSHIPS, 0.6),
            "channels": self._tags(CHANNELS, 0.5),
            "pressures": self._tags(PRESSURES, 0.6),
            "signals": self._tags(SIGNALS, 0.75),
            "weight": rng.choices((1, 2, 3), weights=(7, 2, 1))[0],
        }

    def _phrase(self, lang: str, terms: list[str]) -> dict:
        text = self._sentence(lang, terms, 8, 24, end=self.rng.choice(".....?"))
        if self.rng.random() < 0.15:
            text = "{client}, " + text[0].lower() + text[1:]
        return {"kind": self.rng.choice(PHRASE_KINDS), "text": text, **self._guidance(lang, terms)}

    # Playbooks --------------------------------------------------------------------------

    def playbook(self, index: int) -> PlaybookSpec:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
        situations = []
        while len(situations) < count:
            slug = rng.choices(self.situation_slugs, weights=self.situation_weights)[0]
            if slug not in situations:
                situations.append(slug)
        lang = "fr" if rng.random() < 0.1 else "en"
        terms = [t for s in situations for t in self.terms[s][lang]]
        translation_of = None
        if lang == "fr" and self.english_pool and rng.random() < 0.5:
            original = self.english_pool.pop(rng.randrange(len(self.english_pool)))
            if original not in self.translated:
                translation_of = original
                self.translated.add(original)
        title = self._sentence(lang, terms, 4, 9, end="")
        body, body_html = self._body(lang, terms)
        spec = PlaybookSpec(
            index=index,
            slug=f"{slugify(title)[:80].strip('-')}-b{index}",
            title=title,
            language=lang,
            summary=" ".join(self._sentence(lang, terms, 10, 22) for _ in range(rng.randint(1, 2))),
            body=body,
            body_html=body_html,
            situations=situations,
            follow_up=self._sentence(lang, terms, 8, 20),
            follow_up_days=rng.choice((1, 2, 3, 7, 14)),
            overdue=rng.random() < 0.05,
            translation_of=translation_of,
            phrases=[self._phrase(lang, terms) for _ in range(rng.randint(4, 6))],
            boundaries=[
                {
                    "kind": rng.choice(("avoid", "avoid", "do")),
                    "text": self._sentence(lang, terms, 6, 18),
                    "why": self._sentence(lang, terms, 8, 20),
                    **self._guidance(lang, terms),
                }
                for _ in range(rng.randint(2, 4))
            ],
            options=[
                {
                    "text": self._sentence(lang, terms, 5, 14),
                    "approver": rng.choice(APPROVERS),
                    "when": self._sentence(lang, terms, 6, 14),
                    "wording_self": self._sentence(lang, terms, 8, 20),
                    "wording_ask": self._sentence(lang, terms, 8, 20),
                    **self._guidance(lang, terms),
                }
                for _ in range(rng.randint(1, 3))
            ],
        )
        return spec

    def playbooks(self, n: int):
        """Yield n playbooks; a translation always comes after its original."""
        for index in range(n):
            spec = self.playbook(index)
            if spec.language == "en":
                self.english_pool.append(index)
            yield spec
