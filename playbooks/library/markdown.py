"""Markdown to safe HTML, run once when content is saved, never per request."""

import re

import markdown as md
import nh3
from django.utils.html import escape
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


# Lists and quotes nested deeper than this are refused: Python-Markdown renders nesting by
# recursion, and some thousand levels exhaust Python's stack.
MAX_NESTING = 50
_MARKERS = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$))+", re.MULTILINE)
_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")


class MarkdownError(ValueError):
    """Markdown nested too deeply to render; the message says so for an editor."""


def check_markdown(text: str) -> None:
    """Raise MarkdownError for lists or quotes nested deeper than MAX_NESTING on one line."""
    for markers in _MARKERS.finditer(text or ""):
        if len(_MARKER.findall(markers.group())) > MAX_NESTING:
            raise MarkdownError(
                _("Lists or quotes are nested more than %(limit)s deep, too deep to show.")
                % {"limit": MAX_NESTING}
            )


def render_markdown(text: str) -> str:
    """Render Markdown and strip anything that could run script or load from elsewhere.

    Headings move down one level: the page owns the h1 and the h2 that introduces the body,
    so an editor's "## Steps" becomes an h3 beneath it. Raw HTML in the source goes through
    Markdown and is then sanitised, so editors can't smuggle markup past nh3.
    """
    try:
        html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    except RecursionError:  # nesting check_markdown did not catch: show it as plain text
        html = "".join(f"<p>{escape(part)}</p>" for part in (text or "").split("\n\n"))
    html = HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
