"""Search results as readers see them: escaped text with the matches marked.

The database puts private-use markers around matches (FTS5 highlight(), ts_headline); the
text is escaped first and only then are the markers turned into <mark>, so nothing in a
playbook or a query can inject markup.
"""

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from playbooks.library.models import Situation
from playbooks.library.templatetags.guidance import name_slot

# Highlight markers, turned into <mark> after the text is escaped. Documents never contain
# them (documents.py strips them).
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
MAX_PHRASES = 3


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


def hit_from(pk, slug, language, title, summary, body, phrases) -> Hit:
    """A Hit from highlighted text; the snippet is the body's best passage if the body matched."""
    return Hit(
        id=pk,
        slug=slug,
        language=language,
        title=marked(title),
        snippet=marked(body, markdown=True) if MARK_OPEN in body else marked(summary),
        phrases=[marked(line) for line in phrases.split("\n") if MARK_OPEN in line][:MAX_PHRASES],
    )
