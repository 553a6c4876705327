from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def name_slot(who: str) -> str:
    """An empty name slot: a visible chip the browser fills with the name typed, and leaves
    out of what it copies while empty (static/js/app.js)."""
    # Outside an f-string, where xgettext sees them.
    placeholder = gettext("[client's name]") if who == "client" else gettext("[your name]")
    return (
        f'<span class="name-slot name-empty" data-name="{who}" '
        f'data-unfilled="{escape(placeholder)}">{escape(placeholder)}</span>'
    )


@register.filter
def with_names(text: str) -> SafeString:
    """Escape a phrase and turn {client} / {me} into slots that the browser may fill.

    The names are typed in the page and never sent to the server; until they are, the slots
    show as "[client's name]" and "[your name]".
    """
    html = escape(text)
    html = html.replace("{client}", name_slot("client")).replace("{me}", name_slot("me"))
    return mark_safe(html)


@register.filter
def minutes(delta) -> int:
    """A timedelta as whole minutes, rounded up, for messages like "try again in 15 minutes"."""
    seconds = delta.total_seconds() if delta else 0
    return max(1, -(-int(seconds) // 60))


@register.filter
def bare_url(url: str) -> str:
    """A web address as people read it: no scheme, no "www.", no trailing slash."""
    url = (url or "").strip().lower()
    for prefix in ("https://", "http://", "www."):
        url = url.removeprefix(prefix)
    return url.rstrip("/")


@register.filter
def contact_is_url(resource) -> bool:
    """Whether a resource's contact is its web address, which then need not be shown twice."""
    return bool(resource.url) and bare_url(resource.contact) == bare_url(resource.url)


@register.filter
def plan_reasons(plan) -> list[str]:
    """Every answer the plan's suggestions were chosen for, once each, in order: said once
    under "Why these suggestions?" instead of a "because" on every line."""
    items = [*plan.say, *plan.avoid, *plan.offer, *plan.refer]
    if plan.follow_up:
        items.append(plan.follow_up)
    reasons: dict[str, None] = {}
    for item in items:
        reasons.update(dict.fromkeys(str(reason) for reason in item.reasons))
    return list(reasons)
