"""The home page's notice for team leads: playbooks overdue for review, in one query."""

from django import template

from ..models import Playbook

register = template.Library()
SHOWN = 5


@register.simple_tag(takes_context=True)
def overdue_playbooks(context) -> dict | None:
    """Up to five overdue playbooks and whether there are more; None for anyone but a lead."""
    if not context.get("is_team_lead"):
        return None
    rows = list(
        Playbook.objects.overdue()
        .exclude(status=Playbook.Status.ARCHIVED)
        .select_related("owner")
        .order_by("review_by", "title")[: SHOWN + 1]
    )
    return {"playbooks": rows[:SHOWN], "more": len(rows) > SHOWN}
