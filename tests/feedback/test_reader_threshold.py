"""A search text reaches team leads only once enough different readers searched it.

One account manager typing a client's name (and pressing Enter, and refining it) must never
put that name in a report, however many requests it took.
"""

import pytest

from playbooks.feedback import insights
from playbooks.library.roles import ACCOUNT_MANAGERS
from playbooks.search.models import SearchLog

from ..factories import make_user

pytestmark = pytest.mark.django_db
REPORTS = ("/insights/?days=7", "/insights/export.csv?days=7")


def search_as(user, query: str, times: int = 1, **params) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _ in range(times):
        client.get("/search/", {"q": query, **params}, headers={"HX-Request": "true"})


def test_one_readers_three_searches_of_a_name_never_appear(settings, lead_client):
    settings.CRISISGUIDE_QUERY_THRESHOLD = 3
    reader = make_user(role=ACCOUNT_MANAGERS)
    search_as(reader, "jane smithson", times=2)
    search_as(reader, "jane smithson", situation="bereavement")
    assert SearchLog.objects.filter(query="jane smithson").count() == 3
    for url in REPORTS:
        assert "jane smithson" not in lead_client.get(url).content.decode()
    assert not [r for r in insights.unanswered_searches(7) if "jane" in r.label]


def test_a_text_three_readers_searched_does_appear(settings, lead_client):
    settings.CRISISGUIDE_QUERY_THRESHOLD = 3
    for _ in range(3):
        search_as(make_user(role=ACCOUNT_MANAGERS), "zzyzx sabbatical")
    for url in REPORTS:
        assert "zzyzx sabbatical" in lead_client.get(url).content.decode()


def test_the_log_keeps_a_keyed_hash_of_the_reader_never_who(settings):
    reader = make_user(role=ACCOUNT_MANAGERS, username="distinctive-reader")
    search_as(reader, "grief")
    search_as(reader, "grief")
    rows = list(SearchLog.objects.filter(query="grief").values())
    hashes = {row["reader"] for row in rows}
    assert len(hashes) == 1 and len(hashes.pop()) == 64
    assert not [column for column in rows[0] if "user" in column]
    assert "distinctive-reader" not in repr(rows)
    settings.SECRET_KEY = "another-secret-key-that-is-long-enough-0123456789abcdef"
    search_as(reader, "grief")
    assert SearchLog.objects.filter(query="grief").values("reader").distinct().count() == 2


def test_leads_cannot_read_the_raw_search_log_in_the_admin(lead_client):
    search_as(make_user(role=ACCOUNT_MANAGERS), "jane smithson")
    response = lead_client.get("/admin/search/searchlog/")
    assert response.status_code == 404
    assert "jane smithson" not in lead_client.get("/admin/").content.decode()
