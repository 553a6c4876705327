"""Every change is kept with who and when; any two versions compare; one click reverts."""

import pytest
from django.urls import reverse

from playbooks.library import history, workflow
from playbooks.library.models import Phrase, Playbook, PlaybookRevision

from ...factories import make_playbook
from .helpers import change_url, form_data, open_form

pytestmark = pytest.mark.django_db


def compare_url(playbook, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("admin:playbooks_playbook_compare", args=[playbook.pk]) + f"?{query}"


def edit(client, playbook, **changes):
    data = open_form(client, playbook)
    data.update(changes)
    response = client.post(change_url(playbook), {**data, "_continue": "1"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    playbook.refresh_from_db()
    return playbook


def test_the_first_edit_keeps_the_loaded_version_and_records_who_and_when(lead, lead_client):
    playbook = Playbook.objects.get(slug="listening-without-prying")
    loaded_summary = playbook.summary
    playbook = edit(lead_client, playbook, summary="Shorter.")
    first, second = playbook.revisions.order_by("number")
    assert (first.action, first.revision.user, first.number) == ("recorded", None, 1)
    assert (second.action, second.revision.user, second.number) == ("edited", lead, 2)
    assert history.recorded_state(first).playbook["summary"] == loaded_summary
    assert "Changed Summary." in history.comment_text(second)


def test_changes_to_phrases_are_kept_in_the_playbooks_versions(lead_client):
    playbook = make_playbook(phrases=["Take all the time you need."])
    data = open_form(lead_client, playbook)
    data["phrases-0-text"] = "Take whatever time you need."
    data["phrases-1-kind"] = "listen"
    data["phrases-1-text"] = "I'm here if you want to talk."
    lead_client.post(change_url(playbook), {**data, "_continue": "1"})
    latest = playbook.revisions.order_by("-number").first()
    texts = [item["text"] for item in history.recorded_state(latest).items["phrases"]]
    assert texts == ["Take whatever time you need.", "I'm here if you want to talk."]


def test_the_diff_shows_body_lines_and_items_and_escapes_markup(lead_client):
    playbook = make_playbook(body="## Guidance\n\nSay little.\n\nListen.", phrases=["Hello."])
    playbook = edit(
        lead_client,
        playbook,
        body="## Guidance\n\nSay little, and mean it.\n\n<script>alert('x')</script>\n\nListen.",
        **{"phrases-0-text": "Hello, I'm sorry."},
    )
    response = lead_client.get(compare_url(playbook, old=1, new=2))
    assert response.status_code == 200
    html = response.content.decode()
    changes = {c.name: c for c in response.context["changes"]}
    assert set(changes) == {"body", "phrases"}
    kinds = [line.kind for line in changes["body"].lines]
    assert "added" in kinds and "removed" in kinds
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<mark>" in html  # the changed words within a changed line are marked


def test_the_history_page_lists_versions_with_who_when_and_what(lead, lead_client):
    playbook = make_playbook()
    playbook = edit(lead_client, playbook, title="A better title")
    workflow.move(playbook_id=playbook.pk, name="archive", user=lead)
    response = lead_client.get(reverse("admin:playbooks_playbook_history", args=[playbook.pk]))
    html = response.content.decode()
    assert [r.number for r in response.context["page"]] == [3, 2, 1]
    assert lead.username in html and "Archived" in html and "Changed Title." in html
    assert "Revert to version 2" in html and "Revert to version 3" not in html


def test_revert_restores_content_and_items_as_a_new_recorded_version(lead, lead_client):
    playbook = make_playbook(summary="Original summary.", phrases=["One.", "Two."])
    data = open_form(lead_client, playbook)
    data["summary"] = "Changed summary."
    data["phrases-0-DELETE"] = "on"
    data["phrases-2-kind"] = "listen"
    data["phrases-2-text"] = "Three."
    lead_client.post(change_url(playbook), {**data, "_continue": "1"})
    playbook.refresh_from_db()
    assert list(playbook.phrases.values_list("text", flat=True)) == ["Two.", "Three."]

    response = lead_client.post(reverse("admin:playbooks_playbook_revert", args=[playbook.pk, 1]))
    assert response.status_code == 302
    playbook.refresh_from_db()
    assert playbook.summary == "Original summary."
    assert list(playbook.phrases.order_by("order").values_list("text", flat=True)) == [
        "One.", "Two."
    ]  # fmt: skip
    latest = playbook.revisions.order_by("-number").first()
    assert (latest.number, latest.action, latest.reverted_to) == (3, "reverted", 1)
    assert latest.revision.user == lead
    assert playbook.version == 3 and playbook.edited_by == lead


def test_a_revert_keeps_the_address_and_status(lead, lead_client):
    playbook = make_playbook(status=Playbook.Status.DRAFT, slug="keep-me")
    edit(lead_client, playbook, title="Retitled")
    workflow.move(playbook_id=playbook.pk, name="publish", user=lead)
    playbook = workflow.revert(playbook_id=playbook.pk, number=1, user=lead)
    assert (playbook.slug, playbook.status) == ("keep-me", Playbook.Status.PUBLISHED)
    assert playbook.title != "Retitled"


def test_a_revert_can_itself_be_reverted(lead):
    playbook = make_playbook(summary="First.")
    history.record(playbook_id=playbook.pk, user=lead, action="created")
    Playbook.objects.get(pk=playbook.pk).save()  # a change nobody recorded
    Playbook.objects.filter(pk=playbook.pk).update(summary="Second.")
    workflow.revert(playbook_id=playbook.pk, number=1, user=lead)
    assert Playbook.objects.get(pk=playbook.pk).summary == "First."
    workflow.revert(playbook_id=playbook.pk, number=2, user=lead)
    assert Playbook.objects.get(pk=playbook.pk).summary == "Second."


def test_revert_needs_a_post_and_an_existing_version(lead_client):
    playbook = make_playbook()
    url = reverse("admin:playbooks_playbook_revert", args=[playbook.pk, 99])
    assert lead_client.get(url).status_code == 405
    response = lead_client.post(url, follow=True)
    assert "There is no version 99." in response.content.decode()


@pytest.mark.parametrize("query, status", [("old=abc", 400), ("old=1&new=99", 404)])
def test_bad_comparisons_get_a_clear_answer(lead_client, query, status):
    playbook = make_playbook()
    history.record(playbook_id=playbook.pk, user=None, action="created")
    url = reverse("admin:playbooks_playbook_compare", args=[playbook.pk]) + "?" + query
    assert lead_client.get(url).status_code == status


def test_comparing_with_no_earlier_version_says_so(lead_client):
    playbook = make_playbook()
    response = lead_client.get(reverse("admin:playbooks_playbook_compare", args=[playbook.pk]))
    assert response.status_code == 404
    assert "no earlier version" in response.content.decode()


def test_editing_a_phrase_on_its_own_page_is_a_version_of_its_playbook(lead, lead_client):
    playbook = make_playbook(phrases=["Old words."])
    phrase = playbook.phrases.get()
    url = reverse("admin:playbooks_phrase_change", args=[phrase.pk])
    response = lead_client.get(url)
    data = form_data(response)
    data["text"] = "New words."
    assert lead_client.post(url, {**data, "_save": "Save"}).status_code == 302
    latest = PlaybookRevision.objects.filter(playbook=playbook).order_by("-number").first()
    assert latest.action == "edited" and latest.revision.user == lead
    assert "New words." in [i["text"] for i in history.recorded_state(latest).items["phrases"]]
    assert Phrase.objects.get(pk=phrase.pk).text == "New words."


def test_the_content_loader_leaves_admin_edits_alone_until_reverted_to_the_loaded_version(
    lead, lead_client
):
    from playbooks.library.loader import load_content

    playbook = Playbook.objects.get(slug="listening-without-prying")
    loaded_hash = playbook.content_hash
    edit(lead_client, playbook, summary="Edited in the admin.")
    assert playbook.slug in load_content().kept_edited
    workflow.revert(playbook_id=playbook.pk, number=1, user=lead)
    playbook.refresh_from_db()
    assert playbook.content_hash == loaded_hash
    assert playbook.slug in load_content().unchanged
