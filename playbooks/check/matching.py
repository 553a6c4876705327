"""Checking a draft against the rules: plain functions of the text, the rules and the answers.

Nothing here touches the database or keeps the text: the view hands it in and the result
goes straight back into the response.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Read curly quotes as straight ones; each is one character for one, so offsets hold.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Rule:
    slug: str
    category: str
    category_label: str
    severity: str
    label: str
    explanation: str
    pattern: re.Pattern
    approver: str = ""
    approver_label: str = ""
    situations: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()
    unless_signals: frozenset[str] = frozenset()
    unless_found: frozenset[str] = frozenset()
    phrase_kinds: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def is_good(self) -> bool:
        return self.severity == "good"


@dataclass(frozen=True)
class Context:
    """The reader's structured answers: never the draft, never a name."""

    language: str = "en"
    situation: str = ""
    channel: str = "written"
    signals: frozenset[str] = frozenset()


@dataclass
class Finding:
    rule: Rule
    spans: list[tuple[int, int]]
    excerpts: list[str]
    number: int = 0
    rewrites: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}"


@dataclass
class Result:
    problems: list[Finding]
    good: list[Finding]
    marked: SafeString

    @property
    def categories(self) -> set[str]:
        """The categories flagged (problems and cautions), as a lead reads the corpus."""
        return {f.rule.category for f in self.problems}

    @property
    def good_categories(self) -> set[str]:
        return {f.rule.category for f in self.good}


def compile_pattern(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern, FLAGS)
    except re.error:
        return None  # the admin refuses such patterns; a broken row is skipped, not a 500


def applies(rule: Rule, context: Context) -> bool:
    if rule.situations and context.situation not in rule.situations:
        return False
    if rule.signals and not (rule.signals & context.signals):
        return False
    return not (rule.unless_signals & context.signals)


def find(text: str, rules: list[Rule], context: Context) -> tuple[list[Finding], list[Finding]]:
    """The problems and the good signs in the text, in rule order."""
    reading = text.translate(QUOTES)
    found: dict[str, Finding] = {}
    for rule in rules:
        if not applies(rule, context):
            continue
        spans = [m.span() for m in rule.pattern.finditer(reading) if m.end() > m.start()]
        if spans:
            found[rule.slug] = Finding(rule, spans, [text[a:b] for a, b in spans])
    kept = [f for f in found.values() if not (f.rule.unless_found & found.keys())]
    problems = [f for f in kept if not f.rule.is_good]
    good = [f for f in kept if f.rule.is_good]
    # Problems first, then cautions; each keeps its rule order within.
    problems.sort(key=lambda f: f.rule.severity != "problem")
    for number, finding in enumerate(problems, 1):
        finding.number = number
    return problems, good


def mark(text: str, problems: list[Finding]) -> SafeString:
    """The text, escaped, with each flagged passage in a numbered <mark>.

    Overlapping passages keep the first; names the browser filled stay as slots.
    """
    spans = sorted(
        ((start, end, f) for f in problems for start, end in f.spans),
        key=lambda span: (span[0], -span[1], span[2].number),
    )
    html, at = [], 0
    for start, end, finding in spans:
        if start < at:
            continue
        html.append(_escaped(text[at:start]))
        html.append(
            f'<mark class="flag flag-{finding.rule.severity}">'
            f"{_escaped(text[start:end])}"
            f'<a class="flag-number" href="#{finding.anchor}">{finding.number}</a></mark>'
        )
        at = end
    html.append(_escaped(text[at:]))
    return mark_safe("".join(html))


def _escaped(text: str) -> str:
    """Escape, then show the name placeholders as slots that the browser fills."""
    html = escape(text)
    html = html.replace("{client}", '<span class="name-slot" data-name="client">{client}</span>')
    return html.replace("{me}", '<span class="name-slot" data-name="me">{me}</span>')


def check(text: str, rules: list[Rule], context: Context) -> Result:
    problems, good = find(text, rules, context)
    return Result(problems=problems, good=good, marked=mark(text, problems))


def raises_problem(text: str, rules: list[Rule], context: Context) -> bool:
    """Whether a suggested rewrite would itself be flagged: such a rewrite is never offered."""
    return bool(find(text, rules, context)[0])
