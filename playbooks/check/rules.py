"""The rules as the checker uses them, read from the database (one query per check)."""

from playbooks.library.choices import Approver

from .matching import Rule, compile_pattern
from .models import Category, CheckRule


def active_rules(language: str) -> list[Rule]:
    rules = []
    for row in CheckRule.objects.enabled().for_language(language).order_by("order", "slug"):
        pattern = compile_pattern(row.pattern)
        if pattern is None:
            continue
        rules.append(
            Rule(
                slug=row.slug,
                category=row.category,
                category_label=str(Category(row.category).label)
                if row.category in Category.values
                else row.category,
                severity=row.severity,
                label=row.label,
                explanation=row.explanation,
                pattern=pattern,
                approver=row.approver,
                approver_label=str(Approver(row.approver).label)
                if row.approver in Approver.values
                else "",
                situations=frozenset(row.situations or ()),
                signals=frozenset(row.signals or ()),
                unless_signals=frozenset(row.unless_signals or ()),
                unless_found=frozenset(row.unless_found or ()),
                phrase_kinds=tuple(row.phrase_kinds or ()),
                suggestions=tuple(row.suggestion_list),
            )
        )
    return rules
