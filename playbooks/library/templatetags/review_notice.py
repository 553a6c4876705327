"""The home page's notices for team leads: overdue playbooks, resources to set up."""

from django import template

from ..models import Playbook, Resource

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


@register.simple_tag(takes_context=True)
def resources_to_set_up(context) -> list[Resource]:
    """Placeholders (the firm's EAP, its safeguarding contact) that readers cannot see yet."""
    if not context.get("is_team_lead"):
        return []
    return list(Resource.objects.filter(needs_setup=True).order_by("order", "name"))
