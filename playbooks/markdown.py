"""Markdown to safe HTML, run once when content is saved, never per request."""

import re

import markdown as md
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def render_markdown(text: str) -> str:
    """Render Markdown and strip anything that could run script or load from elsewhere.

    Headings move down one level: the page owns the h1 and the h2 that introduces the body,
    so an editor's "## Steps" becomes an h3 beneath it. Raw HTML in the source goes through
    Markdown and is then sanitised, so editors can't smuggle markup past nh3.
    """
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    html = HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
