"""Headers, throttled login, and error pages that say what happened and leak nothing."""

import re

import pytest
from django.test import Client, override_settings

from ..factories import PASSWORD, make_playbook, make_user

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_secure_headers(response):
    for name, value in EXPECTED_HEADERS.items():
        assert response[name] == value, name
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    # The nonce appears only when the page used one (htmx's script tag); never unsafe-inline.
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", csp)
    assert response["X-Request-ID"]


@pytest.mark.parametrize("url", ["/", "/playbooks/", "/admin/", "/nope/"])
def test_every_page_type_sends_the_security_headers(lead_client, url):
    assert_secure_headers(lead_client.get(url))


def test_anonymous_pages_and_htmx_fragments_send_them_too(client, manager_client):
    assert_secure_headers(client.get("/accounts/login/"))
    assert_secure_headers(client.get("/healthz"))
    assert_secure_headers(manager_client.get("/search/?q=grief", headers={"HX-Request": "true"}))


def test_pages_have_no_inline_script_or_handler(manager_client):
    playbook = make_playbook(phrases=["Hello"])
    for url in ("/", "/playbooks/", playbook.get_absolute_url(), "/accounts/login/"):
        html = manager_client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, tag
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url
        assert "<style" not in html


@pytest.mark.parametrize(
    "method, url, status",
    [("get", "/does-not-exist/", 404), ("post", "/playbooks/", 405), ("put", "/", 405)],
)
def test_error_pages_are_friendly_and_leak_nothing(manager_client, method, url, status):
    response = getattr(manager_client, method)(url)
    html = response.content.decode()
    assert response.status_code == status
    assert "<h1>" in html and "crisisguide" in html
    assert "Traceback" not in html and "settings" not in html.lower()


def test_htmx_errors_get_a_fragment(manager_client):
    response = manager_client.get("/does-not-exist/", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_csrf_failure_is_a_friendly_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert (
        "You don&#x27;t have access" in response.content.decode()
        or "access" in response.content.decode()
    )


@override_settings(DEBUG=False)
def test_a_server_error_is_a_friendly_500(manager, monkeypatch):
    from playbooks.library import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "render", boom)
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.content.decode()
    assert "Something went wrong" in response.content.decode()


def _fail_login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"})


def test_login_is_throttled_per_username_and_says_when_to_retry():
    user = make_user()
    client = Client()
    for _ in range(4):
        assert _fail_login(client, user.username).status_code == 200
    response = _fail_login(client, user.username)  # the fifth failure locks
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    # Even the right password is refused while locked.
    locked = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429


def test_login_throttle_releases_after_the_cool_off(settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    user = make_user()
    client = Client()
    for _ in range(6):
        _fail_login(client, user.username)
    assert _fail_login(client, user.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_login_is_throttled_per_address_across_usernames():
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(4):
        assert _fail_login(client, f"guess{n}").status_code == 200
    assert _fail_login(client, "another-guess").status_code == 429
    assert _fail_login(Client(REMOTE_ADDR="198.51.100.7"), "someone").status_code == 200


def test_session_cookie_is_httponly_and_samesite(client):
    user = make_user()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
