"""What readers browse is cached by content version, yet every change shows at once."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from playbooks.library import content_version
from playbooks.library.models import Contribution, Playbook
from playbooks.library.roles import TEAM_LEADS

from ..factories import make_playbook, make_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation():
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
def test_a_change_committed_elsewhere_shows_once_it_moves_the_version(
    roles, manager_client, situation
):
    shown = make_playbook(title="Shown", situations=[situation])
    other = make_playbook(title="Other", situations=[situation], status=Playbook.Status.DRAFT)
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])

    # A write that sends no signal is not seen: the pages really are kept...
    Playbook.objects.filter(pk=other.pk).update(status=Playbook.Status.PUBLISHED)
    assert seen(manager_client, situation, shown) == (1, ["Shown"], [])
    # ...until a transaction that changes content moves the version, as every save does.
    with transaction.atomic():
        content_version.bump()
    assert seen(manager_client, situation, shown) == (2, ["Other", "Shown"], ["Other"])


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_with_the_change_and_not_without_it(situation):
    before = content_version.current()
    with transaction.atomic():
        make_playbook()
        assert content_version.current() > before  # in the same transaction as the change
    moved = content_version.current()
    assert moved > before
    with pytest.raises(RuntimeError), transaction.atomic():
        make_playbook()
        raise RuntimeError("the change is rolled back")
    assert content_version.current() == moved


def test_a_value_is_computed_once_per_version(situation):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    version = content_version.current()
    assert content_version.cached("test", compute, "en", version=version) == 1
    assert content_version.cached("test", compute, "en", version=version) == 1
    assert content_version.cached("test", compute, "fr", version=version) == 2
    content_version.bump()
    assert content_version.cached("test", compute, "en", version=version + 1) == 3


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


def test_a_change_of_role_shows_in_the_header_and_on_pages_at_once(lead, lead_client):
    assert ADMIN_LINK in lead_client.get("/").content.decode()
    lead.groups.remove(Group.objects.get(name=TEAM_LEADS))
    assert ADMIN_LINK not in lead_client.get("/").content.decode()
    assert lead_client.get("/insights/").status_code == 403
    assert lead_client.get("/admin/").status_code == 302


def test_a_new_team_lead_gets_the_link_at_once(manager, manager_client):
    assert ADMIN_LINK not in manager_client.get("/").content.decode()
    manager.groups.add(Group.objects.get(name=TEAM_LEADS))
    assert ADMIN_LINK in manager_client.get("/").content.decode()
