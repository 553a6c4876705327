"""The words the guide's invariants look for, in English and French.

The invariants (invariants.py) read the words a reader would see rather than trusting the
tags, so what each kind of line looks like is written down here, one pattern per idea.
"""

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Lower case, no accents, straight apostrophes and single spaces: what patterns match."""
    text = text.casefold().replace("\u2019", "'").replace("\u00a0", " ")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c)))


class Words:
    """Alternative patterns over plain text, remembering which texts they were found in:
    the exhaustive walk asks about the same few hundred texts millions of times, and a
    compiled pattern is slow to hash (its whole program), so it cannot key a cache itself."""

    __slots__ = ("_found", "pattern")
    REMEMBERED = 65536

    def __init__(self, *patterns: str):
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns))
        self._found: dict[str, bool] = {}

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text)

    def said_in(self, text: str) -> bool:
        """Whether the text, made plain, matches."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= self.REMEMBERED:
                self._found.clear()
            found = self._found[text] = self.pattern.search(plain(text)) is not None
        return found


def words(*patterns: str) -> Words:
    return Words(*patterns)


def says(pattern: Words, text: str) -> bool:
    return pattern.said_in(text)


# What the words look like, in English and French (accents removed, see plain()).
SECRECY = words(
    r"keep (this|it) (private|to myself|between us)\b(?! because)",
    r"\bstays? between us",
    r"won't tell anyone",
    r"our secret",
    r"restera entre nous",
    r"je garderai (cela|ca) pour moi",
    r"n'en parlerai a personne",
)
SAFETY_EXCEPTION = words(
    r"one exception",
    r"worried about your safety",
    r"seule exception",
    r"m'inquietais .* securite",
)
ENDS_CONVERSATION = words(
    r"stop here",
    r"another day",
    r"pick (this|it) up (later|another)",
    r"end (or shorten )?(the|this|today's) (meeting|call)",
    r"end the meeting",
    r"shorten",
    r"keep (it|today) (very )?short",
    r"leave it there",
    r"pause the call",
    r"(short|a) break",
    r"take five minutes",
    r"step out",
    r"ring you back later",
    r"cameras? off",
    r"coffee",
    r"keep today to the main",
    r"arreter la",
    r"un autre jour",
    r"reprendre (plus tard|un autre)",
    r"ecourter",
    r"raccourcir",
    r"faire une pause",
    r"(en|une) pause",
    r"en rester la",
    r"un cafe",
    r"cameras?",
    r"vous rappeler plus tard",
)
NO_REPLY = words(
    r"no need to reply",
    r"no reply (is )?needed",
    r"needs? no reply",
    r"nothing to write back",
    r"nothing needs a reply",
    r"don't (feel you )?have to (answer|reply|respond)",
    r"nothing is needed from you",
    r"nothing to do\b",
    r"pas besoin de repondre",
    r"inutile (de|d.y) repondre",
    r"n'attend(s)? (aucune|pas de) reponse",
    r"(ne vous sentez pas|sans vous sentir) oblige(e)?s? de repondre",
    r"n'avez (rien|pas) a repondre",
    r"aucune reponse",
)
SELF_DISCLOSURE = words(
    r"\bi went through",
    r"i've been somewhere",
    r"how i handled",
    r"from my own",
    r"happened to me",
    r"in my own experience",
    r"enough about me",
    r"j'ai (vecu|traverse)",
    r"comment j'y ai fait face",
    r"ma propre (famille|experience)",
    r"assez parle de moi",
)
HUMOUR = words(
    r"\blaugh",
    r"\bsmile",
    r"\bjok",
    r"funny side",
    r"sense of humour",
    r"make light",
    r"keep today light",
    r"\brire\b",
    r"sourire",
    r"humour",
    r"plaisant",
    r"cote drole",
    r"a la legere",
)
NETWORK = words(
    r"introduc",
    r"put you in touch",
    r"contact of mine",
    r"people who've dealt",
    r"recommendation",
    r"\breference",
    r"mettre en (relation|contact)",
    r"vous presenter",
    r"recommandation",
    r"mon reseau",
    r"personnes de mon entourage",
)
IN_THE_ROOM = words(
    r"coffee",
    r"step out",
    r"cameras?",
    r"end (or shorten )?(the|this|today's) meeting",
    r"this meeting",
    r"un cafe",
    r"cette reunion",
    r"la reunion de (ce jour|aujourd'hui)",
)
ROOM_ONLY = words(r"coffee", r"step out", r"un cafe", r"je sors", r"\bcafe\b")
CAMERAS = words(r"\bcameras?\b", r"webcam", r"\bcamera\b")
OPEN_ENDED_TIME = words(
    r"all the time you need",
    r"as long as you need",
    r"no hurry",
    r"no rush",
    r"project can wait",
    r"plan will move",
    r"tout le temps (qu'il vous faut|necessaire|que vous voulez)",
    r"rien ne presse",
    r"le projet (peut|attendra)",
    r"le planning qui s'adaptera",
)
# Words that greet news just heard: right for a first disclosure, wrong weeks into it.
FIRST_NEWS = words(
    r"sorry to (hear|read|learn)",
    r"sorry for your loss",
    r"thank(s| you) for (telling|trusting|letting me know|being (so )?open|sharing this)",
    r"grateful you told me",
    r"none of today's agenda",
    r"(hard|sad|difficult) news",
    r"merci de (me l'avoir dit|votre confiance|m'en (avoir )?(parle|fait part))",
    r"merci de m'en parler",
    r"(desole|triste|peine)\(?e?\)? (de l'apprendre|d'apprendre)",
    r"condoleances",
    r"appris (votre|la) nouvelle",
    r"dure nouvelle",
    r"notre ordre du jour n'a aucune importance",
    r"j'apprends que",
)
# A rough read of which language a phrase is in, by its commonest small words.
ENGLISH = words(r"\b(the|you|your|and|i'm|i'll|we'll|with|this|that)\b")
FRENCH = words(r"\b(vous|votre|vos|je|nous|les|des|est|une|pour|avec)\b")
PLACEHOLDER = words(r"in the admin", r"dans l'administration", r"placeholder", r"\badd your\b")
LETS_THEM_GO = words(
    r"please go",
    r"go and be with",
    r"need to go at any point",
    r"^go\b",
    r"allez(-y| vite)",
    r"partez",
    r"devez partir",
)
CARRIES_ON = words(
    r"keep going as normal",
    r"carry on as normal",
    r"business as usual",
    r"continu\w* (normalement|comme d'habitude)",
    r"comme d'habitude",
)
ASKS_FIRST = words(
    r"\bask",
    r"check",
    r"confirm",
    r"find out",
    r"see with",
    r"work out with",
    r"demand",
    r"verifi",
    r"confirme",
    r"voir avec",
    r"verrai avec",
)
SAFETY_WORDS = words(
    r"\bsafe",
    r"suicid",
    r"crisis line",
    r"emergency",
    r"danger",
    r"where you are",
    r"securit",
    r"ligne d'ecoute",
    r"urgence",
    r"secours",
    r"ou vous etes",
    r"sans risque",
    r"\bsur de vous joindre",
    r"moyen sur",
)
# When a follow-up step says it is due, in words.
WITHIN_A_DAY = words(r"same day|tomorrow|next (working )?day|le jour meme|demain")
A_WEEK = words(r"\b(a|one|une) (week|semaine)|week later|semaine (plus tard|apres)")
TWO_WEEKS = words(r"(two|deux) weeks|quinze jours|deux semaines")
