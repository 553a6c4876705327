"""What readers browse is cached by content version, yet every change shows at once.

Also the header's team-lead links, which are remembered in the session for a minute while
the pages they lead to check the real permissions every time.
"""

import re
import time

import pytest
from django.contrib.auth.models import Group

from playbooks import content_version
from playbooks.guide.models import GuideRules
from playbooks.models import Contribution, Playbook
from playbooks.roles import TEAM_LEADS

from ..elsewhere import hear_what_was_said, move_the_content_version
from ..factories import make_playbook, make_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation():
    GuideRules.objects.get_or_create(pk=GuideRules.SINGLETON_ID)  # the row the version lives in
    return make_situation()


def home_count(client, situation) -> int:
    """The count on the situation's card on the home page, as rendered."""
    html = client.get("/").content.decode()
    link = re.escape(f'href="{situation.get_absolute_url()}"')
    card = re.search(link + r'.*?<p class="meta">(\d+) playbooks?</p>', html, re.S)
    return int(card.group(1))


CARD_TITLE = re.compile(r'class="card-title"><a href="[^"]*">([^<]*)</a>')


def list_titles(client, situation) -> list[str]:
    """The titles on the page as rendered (parts of it are cached as HTML)."""
    return CARD_TITLE.findall(
        client.get(f"/playbooks/?situation={situation.slug}").content.decode()
    )


def related_titles(client, playbook) -> list[str]:
    return CARD_TITLE.findall(client.get(playbook.get_absolute_url()).content.decode())


def seen(client, situation, shown: Playbook) -> tuple:
    return (
        home_count(client, situation),
        list_titles(client, situation),
        related_titles(client, shown),
    )


def test_publishing_and_unpublishing_show_at_once_despite_the_cache(manager_client, situation):
    shown = make_playbook(title="Shown", situations=[situation])
    draft = make_playbook(title="Draft", situations=[situation], status=Playbook.Status.DRAFT)
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])

    draft.status = Playbook.Status.PUBLISHED
    draft.save()
    assert seen(manager_client, situation, shown) == (2, ["Draft", "Shown"], ["Draft"])

    draft.status = Playbook.Status.ARCHIVED
    draft.save()
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])


@pytest.mark.django_db(transaction=True)
def test_an_edit_committed_by_another_process_shows_on_the_next_request(
    roles, manager_client, situation
):
    shown = make_playbook(title="Shown", situations=[situation])
    other = make_playbook(title="Other", situations=[situation], status=Playbook.Status.DRAFT)
    hear_what_was_said()
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])

    # Another process publishes: no signal reaches this one, only the version it commits.
    Playbook.objects.filter(pk=other.pk).update(status=Playbook.Status.PUBLISHED)
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])  # as cached here
    move_the_content_version()
    assert seen(manager_client, situation, shown) == (2, ["Other", "Shown"], ["Other"])


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_after_the_commit_of_a_change(situation):
    hear_what_was_said()
    before = content_version.current()
    make_playbook()  # outside a transaction: committed at once
    hear_what_was_said()
    assert content_version.current() > before


@pytest.mark.django_db(transaction=True)
def test_a_value_is_computed_once_per_version(situation):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert content_version.cached("test", compute, "en") == 1
    assert content_version.cached("test", compute, "en") == 1
    assert content_version.cached("test", compute, "fr") == 2
    move_the_content_version()
    assert content_version.cached("test", compute, "en") == 3


def test_a_playbook_page_shows_edits_to_what_it_draws_on(manager_client):
    playbook = make_playbook(phrases=["First wording"])
    contribution = Contribution.objects.first()
    playbook.contributions.add(contribution)
    assert "First wording" in manager_client.get(playbook.get_absolute_url()).content.decode()
    phrase = playbook.phrases.get()
    phrase.text = "Second wording"
    phrase.save()
    contribution.gist = "A new gist"
    contribution.save()
    html = manager_client.get(playbook.get_absolute_url()).content.decode()
    assert "Second wording" in html and "A new gist" in html


def test_an_unknown_playbook_is_a_404_and_is_not_cached(manager_client):
    assert manager_client.get("/playbooks/not-yet/").status_code == 404
    make_playbook(slug="not-yet")
    assert manager_client.get("/playbooks/not-yet/").status_code == 200


# The header's team-lead links

ADMIN_LINK = 'href="/admin/"'


def test_the_admin_link_shows_for_team_leads_only(manager_client, lead_client):
    assert ADMIN_LINK not in manager_client.get("/").content.decode()
    assert ADMIN_LINK in lead_client.get("/").content.decode()


def test_role_checks_for_the_header_happen_at_most_once_a_minute(
    lead_client, django_assert_max_num_queries
):
    lead_client.get("/")
    # Session, user, content version and the overdue-review notice: no permission queries.
    with django_assert_max_num_queries(4):
        assert ADMIN_LINK in lead_client.get("/").content.decode()


def test_a_change_of_role_shows_in_the_header_within_a_minute_and_on_pages_at_once(
    lead, lead_client, monkeypatch
):
    assert ADMIN_LINK in lead_client.get("/").content.decode()
    lead.groups.remove(Group.objects.get(name=TEAM_LEADS))
    assert lead_client.get("/insights/").status_code == 403  # the real permission, at once
    assert lead_client.get("/admin/").status_code == 302
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert ADMIN_LINK not in lead_client.get("/").content.decode()


def test_a_new_team_lead_gets_the_link_within_a_minute(manager, manager_client, monkeypatch):
    assert ADMIN_LINK not in manager_client.get("/").content.decode()
    manager.groups.add(Group.objects.get(name=TEAM_LEADS))
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert ADMIN_LINK in manager_client.get("/").content.decode()


def test_the_remembered_role_belongs_to_the_user_who_logged_in(client, manager, lead):
    client.force_login(lead)
    assert ADMIN_LINK in client.get("/").content.decode()
    client.force_login(manager)
    assert ADMIN_LINK not in client.get("/").content.decode()


def test_kept_html_is_named_by_the_build_that_rendered_it(settings, tmp_path):
    """A deploy with new templates never serves pages the previous build rendered."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.LOCALE_PATHS = []
    (tmp_path / "page.html").write_text("one")
    first = content_version._digest()
    assert content_version._digest() == first
    (tmp_path / "page.html").write_text("two")
    assert content_version._digest() != first
    assert content_version.stamp().endswith(f".{content_version.build()}")
    settings.DEBUG = True  # a development server sees template edits at once
    (tmp_path / "page.html").write_text("three")
    assert content_version.build() == content_version._digest() != first
