"""Error handlers: every error has a page in the app's look that leaks nothing."""

import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from .middleware import render_error


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A database that is down or unreachable is a 503 the client may retry, not a bug."""
    if isinstance(sys.exception(), DatabaseError):
        return render_error(request, 503)
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(request, 403)
