"""Markdown is rendered once, on save, and nothing an editor types can run script."""

from html.parser import HTMLParser

import pytest

from playbooks.library.markdown import render_markdown

from ..factories import make_playbook

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<form action="https://evil.example"><input name=a></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>body{background:url(https://evil.example)}</style>",
    '<base href="https://evil.example/">',
    "<marquee onstart=alert(1)>x</marquee>",
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '{onclick=alert(1)}\n\nparagraph {: onclick="alert(1)" }',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]
SAFE_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_survives_rendering(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    for tag, attrs in elements(html):
        assert tag in SAFE_TAGS, f"<{tag}> survived in {html!r}"
        assert not [a for a in attrs if a.startswith("on") or a in {"style", "srcdoc", "src"}]
        for value in attrs.values():
            scheme = (value or "").strip().lower().split(":", 1)[0]
            assert scheme not in {"javascript", "vbscript", "data"}, html
    assert "<script" not in html.lower()
    assert "After" in html


def test_ordinary_markdown_still_renders():
    html = render_markdown("## Steps\n\n1. Listen\n2. **Offer** [help](https://example.org)")
    assert "<h3>Steps</h3>" in html
    assert "<li>Listen</li>" in html
    assert "<strong>Offer</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_headings_move_down_a_level_so_the_page_keeps_one_h1():
    html = render_markdown("# Title\n\n## Part\n\n###### Deep")
    assert "<h2>Title</h2>" in html and "<h3>Part</h3>" in html and "<h6>Deep</h6>" in html


@pytest.mark.django_db
def test_body_is_rendered_on_save_and_served_as_stored():
    playbook = make_playbook(body="Hello *world* <script>x()</script>")
    assert playbook.body_html == "<p>Hello <em>world</em> </p>"
    playbook.body = "Changed"
    playbook.save()
    playbook.refresh_from_db()
    assert playbook.body_html == "<p>Changed</p>"
