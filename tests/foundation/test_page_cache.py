"""Kept pages (playbooks/page_cache.py): the same page for everyone, each reader's own parts.

Every test asks for a page twice or more, so that the later answers come from the cache.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from playbooks.guide.regions import set_reader_region
from playbooks.models import Situation
from playbooks.roles import TEAM_LEADS
from playbooks.search.models import SearchLog

from ..factories import make_playbook, make_user

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLAN = (
    "/guide/plan/?situation=bereavement&relationship=established&channel=phone"
    "&pressure=none&can_grant=no&signals=danger"
)


def signed_in(user, *, csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/", "/playbooks/", "/search/?q=quillowort", PLAN])
def test_each_reader_sees_their_own_name_and_gets_a_working_token(path):
    ada = make_user(username="ada")
    bob = make_user(username="bob<b>")
    for user, other in ((ada, "bob"), (bob, "ada"), (ada, "bob")):
        client = signed_in(user, csrf_checks=True)
        html = client.get(path).content.decode()
        assert f"Log out ({'bob&lt;b&gt;' if user is bob else 'ada'})" in html
        assert f"Log out ({other}" not in html
        # The token the page carries is this reader's: logging out with it works.
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": TOKEN.search(html)[1]})
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


def test_team_leads_and_account_managers_see_their_own_header():
    lead = signed_in(make_user(role=TEAM_LEADS))
    manager = signed_in(make_user())
    for _ in range(2):
        assert 'href="/admin/"' in lead.get("/playbooks/").content.decode()
        assert 'href="/admin/"' not in manager.get("/playbooks/").content.decode()


def test_the_vote_buttons_follow_each_readers_vote(manager_client, manager):
    playbook = make_playbook(title="Kept")
    url = playbook.get_absolute_url()
    pressed = re.compile(r'name="helpful" value="(yes|no)" aria-pressed="true"')
    assert pressed.search(manager_client.get(url).content.decode()) is None
    manager_client.post("/feedback/vote/", {"target": "playbook", "object_id": playbook.pk,
                                            "helpful": "yes", "next": url})  # fmt: skip
    html = manager_client.get(url).content.decode()
    assert pressed.search(html)[1] == "yes"
    assert "Thank you. Your vote was recorded." in html  # a message: the page is not kept
    html = manager_client.get(url).content.decode()
    assert pressed.search(html)[1] == "yes"
    assert "Your vote was recorded." not in html
    manager_client.post("/feedback/vote/", {"target": "playbook", "object_id": playbook.pk,
                                            "helpful": "no", "next": url})  # fmt: skip
    assert pressed.search(manager_client.get(url).content.decode())[1] == "no"
    other = signed_in(make_user())
    assert pressed.search(other.get(url).content.decode()) is None


def test_votes_made_in_another_session_show_on_this_ones_next_page(manager_client, manager):
    liked, disliked, unread = (make_playbook(title=title) for title in ("A", "B", "C"))
    pressed = re.compile(r'name="helpful" value="(yes|no)" aria-pressed="true"')

    def shown(client, playbook) -> str | None:
        match = pressed.search(client.get(playbook.get_absolute_url()).content.decode())
        return match and match[1]

    phone = signed_in(manager)  # the same reader, signed in elsewhere
    assert [shown(phone, p) for p in (liked, disliked, unread)] == [None, None, None]
    for playbook, helpful in ((liked, "yes"), (disliked, "no")):
        vote = {"target": "playbook", "object_id": playbook.pk, "helpful": helpful}
        manager_client.post("/feedback/vote/", vote)
    assert [shown(phone, p) for p in (liked, disliked, unread)] == ["yes", "no", None]


def test_a_new_region_shows_on_the_next_plan(manager_client, manager):
    def emergency_numbers() -> set[str]:
        return set(re.findall(r'href="tel:(\d+)"', manager_client.get(PLAN).content.decode()))

    set_reader_region(user=manager, region="uk")
    assert "999" in emergency_numbers() and "999" in emergency_numbers()
    set_reader_region(user=manager, region="fr")
    assert "999" not in emergency_numbers()
    assert "112" in emergency_numbers()


def test_every_search_is_logged_even_when_its_page_is_kept(manager_client):
    make_playbook(title="Quillowort at work")
    for _ in range(3):
        assert "at work" not in manager_client.get("/search/?q=zzz").content.decode()
        manager_client.get("/search/?q=quillowort")
    assert SearchLog.objects.filter(query="quillowort", result_count=1).count() == 3
    assert SearchLog.objects.filter(query="zzz", result_count=0).count() == 3


def test_htmx_and_full_page_are_kept_apart(manager_client):
    make_playbook(title="Quillowort at work")
    full = manager_client.get("/search/?q=quillowort").content.decode()
    fragment = manager_client.get("/search/?q=quillowort", headers={"HX-Request": "true"})
    again = manager_client.get("/search/?q=quillowort").content.decode()
    assert "<html" in full and "<html" in again
    assert "<html" not in fragment.content.decode()
    assert "<mark>Quillowort</mark> at work" in fragment.content.decode()


def test_a_renamed_situation_shows_at_once(manager_client):
    assert "Bereavement" in manager_client.get("/").content.decode()
    situation = Situation.objects.get(slug="bereavement")
    situation.name = "Loss of a loved one"
    situation.save()
    assert "Loss of a loved one" in manager_client.get("/").content.decode()


def test_a_search_with_a_number_in_it_is_never_kept(manager_client):
    """A phone or account number typed into the search box is not kept in the cache."""
    for _ in range(2):
        html = manager_client.get("/search/?q=call+0612345678").content.decode()
        assert "0612345678" in html  # echoed to the reader who typed it
    manager_client.get("/search/?q=quillowort")
    kept = list(cache._cache.values())  # the local memory cache's pickled entries
    assert any(b"quillowort" in value for value in kept)
    assert not any(b"0612345678" in value for value in kept)
