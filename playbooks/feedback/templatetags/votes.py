"""The yes/no vote, as a tag any page can place without its view knowing about feedback."""

from django import template

from ..models import Rating
from ..recording import previous_vote

register = template.Library()


@register.inclusion_tag("feedback/_vote.html", takes_context=True)
def vote_buttons(context, target: str, object_id: int, *, next: str = "", label: str = "") -> dict:
    """The buttons for one item, showing the reader's earlier vote if they made one."""
    request = context["request"]
    helpful = previous_vote(request.user, target=target, object_id=object_id)
    return {
        "request": request,
        "target": target,
        "object_id": object_id,
        "next": next,
        "label": label,
        "rating": None if helpful is None else Rating(helpful=helpful),
    }
