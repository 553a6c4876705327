"""Whole pages kept per content version, with each reader's own values filled in per response.

Most pages are the same for every reader of a language until published guidance changes,
yet rendering one through the template engine cost more than everything else a request
does. So a page is rendered once and kept per content version (content_version.py),
language, host, path and query, team-lead flag, day and whether htmx asked for it, plus
what the view adds (a reader's vote, their region).

What differs per request is rendered as holes, random strings made for that rendering and
kept beside the page: the CSRF token and the reader's name in the header. Each response fills
them in, so no reader ever sees another's token or name. htmx requests are kept apart from
full pages; requests with messages to show are rendered in full.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.html import escape

from . import content_version
from .roles import shows_team_lead_links


def page_key(request: HttpRequest, vary: tuple, version: int | None) -> str:
    where = f"{request.get_host()}{request.get_full_path()}"
    htmx = getattr(request, "htmx", None)
    parts = [
        content_version.stamp(version),
        translation.get_language(),
        hashlib.md5(where.encode(), usedforsecurity=False).hexdigest(),
        int(shows_team_lead_links(request)),
        timezone.localdate().isoformat(),
        int(bool(htmx)) + int(bool(htmx and htmx.history_restore_request)),
        *vary,
    ]
    return "page:" + ":".join(map(str, parts))


def render_page(
    request: HttpRequest,
    build: Callable[[dict], HttpResponse],
    *,
    vary: tuple = (),
    version: int | None = None,
    keep: bool = True,
) -> HttpResponse:
    """The page for this request; `build(extra_context)` renders it when it is not kept.

    `vary` names what else the page depends on; pass `version` when the view has read the
    content version already, and `keep=False` for a page that must not be kept at all. Only
    a 200 is kept, and only its body: a view whose 200s set headers of their own must not
    use this.
    """
    if not keep or get_messages(request):
        return build({})
    key = page_key(request, vary, version)
    kept = cache.get(key)
    if kept is None:
        holes = {"csrf_token": secrets.token_hex(16), "account_name": secrets.token_hex(16)}
        response = build(holes)
        kept = (response.content.decode(), holes["csrf_token"], holes["account_name"])
        if response.status_code != 200:
            response.content = fill(request, *kept)
            return response
        cache.set(key, kept, content_version.CACHE_SECONDS)
    return HttpResponse(fill(request, *kept))


def fill(request: HttpRequest, html: str, token_hole: str, name_hole: str) -> str:
    html = html.replace(token_hole, get_token(request))
    return html.replace(name_hole, escape(request.user.get_username()))
