"""Signed-in pages are never kept by the browser or a shared cache.

They carry the reader's name, plans and searches; after logging out, Back must not show them.
"""

import contextlib

import pytest
from django.urls import Resolver404, resolve

from playbooks.library.models import Playbook
from playbooks.onboarding.models import Lesson

PLAN = (
    "/guide/plan/?situation=bereavement&relationship=established&channel=phone"
    "&pressure=none&can_grant=no"
)
pytestmark = pytest.mark.django_db


def reader_pages() -> list[str]:
    lesson = Lesson.objects.select_related("track").first()
    pages = [
        "/",
        "/playbooks/",
        "/playbooks/?situation=bereavement",
        Playbook.objects.published().first().get_absolute_url(),
        "/search/?q=grief",
        "/guide/",
        PLAN,
        "/guide/safety/",
        "/onboarding/",
        lesson.track.get_absolute_url(),
        lesson.get_absolute_url(),
        "/onboarding/team/",
        "/insights/",
        "/insights/export.csv",
        "/playbooks/no-such-playbook/",  # errors too
    ]
    with contextlib.suppress(Resolver404):  # "Check my message", once it is there
        resolve("/check/")
        pages.append("/check/")
    return pages


def test_every_signed_in_page_says_private_no_store(lead_client):
    for url in reader_pages():
        response = lead_client.get(url)
        assert response.status_code == (404 if "no-such" in url else 200), url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_htmx_fragments_too(manager_client):
    response = manager_client.get("/search/?q=grief", headers={"HX-Request": "true"})
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
