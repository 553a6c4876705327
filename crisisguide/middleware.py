"""Cross-cutting request handling: request logs, security headers, friendly error pages."""

import json
import logging
import re
import time
import uuid
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("crisisguide.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class RequestLogMiddleware:
    """One JSON line per request: id, method, path, status, duration.

    The query string is never logged: the guide's answers and any search text live there,
    and people sometimes type a client's name into a search box.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        if getattr(request, "keep_out_of_logs", False):
            return response
        logger.info(
            json.dumps(
                {
                    "event": "request",
                    "request_id": request.id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "htmx": request.headers.get("HX-Request") == "true",
                }
            )
        )
        return response


def keep_out_of_logs(view):
    """Leave the view's requests out of the request log altogether (the message checker:
    even that someone checked a draft, and when, is nobody's business)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.keep_out_of_logs = True
        return view(request, *args, **kwargs)

    return wrapped


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, and friendly pages for bare 405 responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if response.status_code == 405 and not response.content:
            allowed = response.get("Allow", "")
            response.content = render_error(request, 405).content
            response["Content-Type"] = "text/html; charset=utf-8"
            response["Allow"] = allowed
        return response


ERROR_TEXT = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    500: "server_error",
    503: "unavailable",
}


def render_error(request: HttpRequest, status: int) -> HttpResponse:
    """Render an error page without touching the database, which may be the problem.

    htmx requests get just the message, for the page to show in place.
    """
    htmx = request.headers.get("HX-Request") == "true"
    template = "errors/_message.html" if htmx else "errors/error.html"
    html = render_to_string(template, {"status": status, "kind": ERROR_TEXT[status]}, request=None)
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


class SessionIdleMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE of inactivity without a write per request.

    A session that a request already loaded is renewed at most once a minute; requests that
    never touch the session (healthz, static files) never reach the database for it.
    """

    RENEW_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get("_renewed", 0) > self.RENEW_AFTER:
                session["_renewed"] = now
        return response


class PrivatePagesMiddleware:
    """Signed-in pages are `Cache-Control: private, no-store`.

    They show the reader's name, plans, searches and team data: no shared cache may keep
    them, and after logging out the browser's Back button must not bring them back.
    Only requests that read the session (every page behind the login) are looked at, so
    static files and /healthz still cost no session lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
