"""Login required, and htmx told so: a lapsed session sends the whole tab to the login page.

Django's LoginRequiredMiddleware answers a logged-out request with a redirect, which htmx
follows in the background and then swaps the login page into the fragment it asked for (a
guide question, the search results). For an htmx request the answer is instead an
`HX-Redirect` header, with `next` set to the page the reader is on, not the fragment's URL.
"""

from urllib.parse import urlsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url


class HtmxLoginRequiredMiddleware(LoginRequiredMiddleware):
    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if request.headers.get("HX-Request") != "true":
            return super().handle_no_permission(request, view_func)
        # Only the path of the page: a host in the header is the browser's to claim, not ours.
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        path = page.path if page.path.startswith("/") else request.path
        if page.query:
            path += "?" + page.query
        login = redirect_to_login(
            path,
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )
        response = HttpResponse()
        response["HX-Redirect"] = login["Location"]
        return response
