"""Rewrites for a finding, drawn from the playbooks' phrases for the reader's answers."""

from playbooks.library.models import Phrase, Playbook

from .matching import Context, Finding, Rule, raises_problem

PER_FINDING = 2


def _fits(phrase: Phrase, context: Context) -> bool:
    """The guide's own tests, for the answers the checker has: situation, channel, signals."""
    if phrase.channels and context.channel not in phrase.channels:
        return False
    if set(phrase.exclude_signals or ()) & context.signals:
        return False
    if phrase.signals and not (set(phrase.signals) & context.signals):
        return False
    if context.situation and phrase.situations and context.situation not in phrase.situations:
        return False
    # A promise someone else must approve is never offered as a rewrite.
    return phrase.approver in ("", "you")


def candidate_phrases(kinds: set[str], context: Context) -> dict[str, list[str]]:
    """Phrases of the given kinds, best first, grouped by kind."""
    if not kinds:
        return {}
    phrases = Phrase.objects.filter(
        kind__in=kinds,
        playbook__status=Playbook.Status.PUBLISHED,
        playbook__language=context.language,
    )
    if context.situation:
        phrases = phrases.filter(playbook__situations__slug=context.situation)
    by_kind: dict[str, list[str]] = {}
    for phrase in phrases.order_by("-priority", "-weight", "playbook_id", "order").distinct():
        if _fits(phrase, context):
            by_kind.setdefault(phrase.kind, []).append(phrase.text)
    return by_kind


def add_rewrites(findings: list[Finding], rules: list[Rule], context: Context) -> None:
    """Give each finding one or two rewrites that the checker itself would not flag."""
    kinds = {kind for f in findings for kind in f.rule.phrase_kinds}
    phrases = candidate_phrases(kinds, context)
    used: set[str] = set()
    for finding in findings:
        pool = [p for kind in finding.rule.phrase_kinds for p in phrases.get(kind, [])]
        pool += list(finding.rule.suggestions)
        for text in pool:
            if len(finding.rewrites) == PER_FINDING:
                break
            if text in used or raises_problem(text, rules, context):
                continue
            finding.rewrites.append(text)
            used.add(text)
