"""No lost edits: a save made from an older version is refused, explained, and mergeable."""

import pytest
from django.urls import reverse

from playbooks.library.models import Phrase, Playbook

from ...factories import make_playbook
from .helpers import change_url, form_data, open_form

pytestmark = pytest.mark.django_db


def test_the_second_of_two_leads_saving_the_same_playbook_is_refused_not_lost(
    lead, lead_client, other_lead, other_lead_client
):
    playbook = make_playbook(summary="The summary both leads opened.")
    mine = open_form(lead_client, playbook)
    theirs = open_form(other_lead_client, playbook)

    theirs["summary"] = "Their summary, saved first."
    assert other_lead_client.post(change_url(playbook), {**theirs, "_save": "1"}).status_code == 302

    mine["summary"] = "My summary, saved second."
    mine["title"] = "My new title"
    response = lead_client.post(change_url(playbook), {**mine, "_save": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "saved by someone else while you were editing" in html
    # What they changed is shown: the summary as it was and as they saved it.
    conflict = response.context["conflict"]
    assert [c.name for c in conflict.changes] == ["summary"]
    assert "Their summary, saved first." in html
    assert [r.revision.user for r in conflict.since] == [other_lead]
    assert other_lead.username in html
    # The form is shown again with my values, the summary marked, and a button to take theirs.
    form = response.context["adminform"].form
    assert form["summary"].value() == "My summary, saved second."
    assert form["title"].value() == "My new title"
    assert "summary" in form.errors
    assert response.context["conflict_takeable"][0]["value"] == "Their summary, saved first."
    # Nothing of mine was saved over theirs.
    playbook.refresh_from_db()
    assert playbook.summary == "Their summary, saved first."
    assert playbook.title != "My new title"

    # Merging: the re-shown form carries the current version, so saving again goes through.
    merged = form_data(response)
    merged["summary"] = "Their summary, saved first. And mine."
    assert lead_client.post(change_url(playbook), {**merged, "_save": "1"}).status_code == 302
    playbook.refresh_from_db()
    assert playbook.summary == "Their summary, saved first. And mine."
    assert playbook.title == "My new title"
    assert playbook.edited_by == lead


def test_a_change_to_items_alone_also_moves_the_version_on(lead_client, other_lead_client):
    playbook = make_playbook(phrases=["First phrase."])
    mine = open_form(lead_client, playbook)
    theirs = open_form(other_lead_client, playbook)
    theirs["phrases-0-text"] = "Their phrase."
    other_lead_client.post(change_url(playbook), {**theirs, "_save": "1"})

    mine["phrases-0-text"] = "My phrase."
    response = lead_client.post(change_url(playbook), {**mine, "_save": "1"})
    assert response.status_code == 409
    assert [c.name for c in response.context["conflict"].changes] == ["phrases"]
    assert Phrase.objects.get(playbook=playbook).text == "Their phrase."


def test_publishing_from_a_stale_page_is_refused_too(lead_client, other_lead_client):
    playbook = make_playbook(status=Playbook.Status.REVIEW)
    reviewer = open_form(lead_client, playbook)
    writer = open_form(other_lead_client, playbook)
    writer["body"] = "A late change nobody reviewed."
    other_lead_client.post(change_url(playbook), {**writer, "_save": "1"})
    response = lead_client.post(change_url(playbook), {**reviewer, "_transition": "publish"})
    assert response.status_code == 409
    playbook.refresh_from_db()
    assert playbook.status == Playbook.Status.REVIEW


def test_a_phrase_edited_on_its_own_page_conflicts_with_a_stale_playbook_form(
    lead_client, other_lead_client
):
    playbook = make_playbook(phrases=["Original."])
    phrase = playbook.phrases.get()
    stale = open_form(lead_client, playbook)
    phrase_url = reverse("admin:playbooks_phrase_change", args=[phrase.pk])
    data = form_data(other_lead_client.get(phrase_url))
    data["text"] = "Edited on its own page."
    assert other_lead_client.post(phrase_url, {**data, "_save": "1"}).status_code == 302

    stale["summary"] = "A change made from the stale page."
    assert lead_client.post(change_url(playbook), {**stale, "_save": "1"}).status_code == 409

    # And the other way round: a stale phrase page is refused after a playbook save.
    stale_phrase = form_data(other_lead_client.get(phrase_url))
    fresh = open_form(lead_client, playbook)
    fresh["summary"] = "Saved first."
    lead_client.post(change_url(playbook), {**fresh, "_save": "1"})
    stale_phrase["text"] = "Too late."
    response = other_lead_client.post(phrase_url, {**stale_phrase, "_save": "1"})
    assert "saved by someone else" in response.content.decode()
    assert Phrase.objects.get(pk=phrase.pk).text == "Edited on its own page."


def test_a_form_without_its_version_is_refused(lead_client):
    playbook = make_playbook()
    data = open_form(lead_client, playbook)
    del data["expected_version"]
    data["summary"] = "No version given."
    response = lead_client.post(change_url(playbook), {**data, "_save": "1"})
    assert response.status_code == 200
    assert "does not say which version you edited" in response.content.decode()
    playbook.refresh_from_db()
    assert playbook.summary != "No version given."


def test_a_change_made_outside_the_admin_is_caught_as_well(lead_client):
    """The loader or any other code saving the playbook moves the version on too."""
    playbook = make_playbook()
    data = open_form(lead_client, playbook)
    outside = Playbook.objects.get(pk=playbook.pk)
    outside.summary = "Changed by a script."
    outside.save()
    data["summary"] = "Changed in the admin."
    response = lead_client.post(change_url(playbook), {**data, "_save": "1"})
    assert response.status_code == 409
    # The version the lead opened was never recorded, so the panel says so plainly.
    assert response.context["conflict"].changes is None
    assert "was not recorded" in response.content.decode()
