from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def with_names(text: str) -> SafeString:
    """Escape a phrase and turn {client} / {me} into slots that the browser may fill.

    The names are typed in the page and never sent to the server; without JavaScript the
    slots read "your client" and nothing at all.
    """
    html = escape(text)
    your_client = escape(gettext("your client"))  # outside the f-string, where xgettext sees it
    html = html.replace(
        "{client}", f'<span class="name-slot" data-name="client">{your_client}</span>'
    )
    html = html.replace("{me}", '<span class="name-slot" data-name="me"></span>')
    return mark_safe(html)


@register.filter
def minutes(delta) -> int:
    """A timedelta as whole minutes, rounded up, for messages like "try again in 15 minutes"."""
    seconds = delta.total_seconds() if delta else 0
    return max(1, -(-int(seconds) // 60))
