"""The public pages: what a reader sees, who may see it, and how many queries it costs."""

import pytest
from django.test import Client
from django.urls import reverse

from playbooks.library.models import Playbook, Situation

from ..factories import make_playbook
from ..queries import costs

pytestmark = pytest.mark.django_db

PAGES = ["/", "/playbooks/", "/playbooks/?situation=bereavement"]


@pytest.mark.parametrize("url", [*PAGES, "/playbooks/some-slug/", "/search/", "/guide/"])
def test_anonymous_readers_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_login_page_and_healthz_need_no_login(client):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_home_offers_the_guide_search_and_every_situation(manager_client):
    response = manager_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("guide:start") in html
    assert 'role="search"' in html and 'name="q"' in html
    for situation in Situation.objects.all():
        assert situation.get_absolute_url().replace("&", "&amp;") in html


def test_list_shows_only_published_playbooks(manager_client):
    draft = make_playbook(title="A draft nobody should see", status=Playbook.Status.DRAFT)
    published = make_playbook(title="A published playbook")
    html = manager_client.get("/playbooks/").content.decode()
    assert published.title in html
    assert draft.title not in html
    assert manager_client.get(draft.get_absolute_url()).status_code == 404


def test_list_filters_by_situation(manager_client):
    burnout = Situation.objects.get(slug="burnout")
    inside = make_playbook(title="Inside the filter", situations=[burnout])
    outside = make_playbook(
        title="Outside the filter", situations=[Situation.objects.get(slug="job-loss")]
    )
    html = manager_client.get("/playbooks/?situation=burnout").content.decode()
    assert inside.title in html
    assert outside.title not in html


def test_an_unknown_situation_is_a_clear_400(manager_client):
    response = manager_client.get("/playbooks/?situation=%3Cscript%3E")
    assert response.status_code == 400
    assert "There is no such situation" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_playbook_page_has_every_part(manager_client):
    playbook = Playbook.objects.published().filter(language="en", options__isnull=False).first()
    html = manager_client.get(playbook.get_absolute_url()).content.decode()
    for heading in ("What to say", "What to avoid", "What to offer", "How to follow up"):
        assert heading in html
    assert "Where this comes from" in html
    assert "Related playbooks" in html
    assert html.count('class="copy-button') == playbook.phrases.count()
    assert playbook.body_html in html


def test_empty_name_slots_show_as_visible_chips(manager_client):
    playbook = make_playbook(phrases=["Hello {client}, thinking of you. {me}"])
    html = manager_client.get(playbook.get_absolute_url()).content.decode()
    assert "{client}" not in html and "{me}" not in html
    assert "[client&#x27;s name]</span>" in html and "[your name]</span>" in html
    assert 'id="name-client"' in html  # names can be typed on the playbook page too


def test_editor_text_is_escaped_on_the_page(manager_client):
    playbook = make_playbook(
        title="<script>alert('t')</script>", phrases=["<img src=x onerror=alert(1)>"]
    )
    html = manager_client.get(playbook.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/playbooks/",
        "/playbooks/?situation=bereavement",
        "/playbooks/?situation=bereavement&page=2",
    ],
)
def test_query_count_does_not_grow_with_playbooks(manager_client, url):
    bereavement = Situation.objects.get(slug="bereavement")

    def add(n: int) -> None:
        for _ in range(n):
            make_playbook(situations=[bereavement], phrases=["One", "Two"], boundaries=["B"])

    add(30)
    with_n = costs(manager_client, url)
    add(60)
    assert costs(manager_client, url) == with_n


def test_playbook_page_query_count_does_not_grow_with_items(manager_client):
    few = make_playbook(phrases=["a"], boundaries=["b"], options=["c"])
    many = make_playbook(
        phrases=[f"p{i}" for i in range(30)],
        boundaries=[f"b{i}" for i in range(30)],
        options=[f"o{i}" for i in range(30)],
    )
    assert costs(manager_client, many.get_absolute_url()) == costs(
        manager_client, few.get_absolute_url()
    )


def test_kept_parts_of_a_playbook_page_cost_no_query(manager_client):
    playbook = make_playbook(phrases=[f"p{i}" for i in range(5)], boundaries=["b"])
    cold, warm = costs(manager_client, playbook.get_absolute_url())
    assert warm < cold


@pytest.mark.parametrize("fixture, can_use_admin", [
    ("manager", False), ("new_hire", False), ("lead", True),
])  # fmt: skip
def test_only_team_leads_reach_the_admin(request, fixture, can_use_admin):
    client = Client()
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/")
    if can_use_admin:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_groups_follow_least_privilege(manager, new_hire, lead):
    for user in (manager, new_hire):
        assert not user.has_perm("playbooks.change_playbook")
        assert not user.has_perm("playbooks.view_insights")
    assert lead.has_perm("playbooks.change_playbook")
    assert lead.has_perm("playbooks.view_insights")
    assert not lead.has_perm("playbooks.delete_playbook")


def test_logout_is_a_post(manager_client):
    assert manager_client.get("/accounts/logout/").status_code == 405
    response = manager_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert manager_client.get("/").status_code == 302


def test_the_not_found_page_offers_a_search_box(manager_client):
    response = manager_client.get("/playbooks/no-such-playbook/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'action="/search/"' in html and 'role="search"' in html
    assert '<label for="error-search">Search the playbooks</label>' in html
