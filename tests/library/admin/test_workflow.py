"""Draft → in review → published → archived, with who and when, and four eyes on request."""

import pytest
from django.urls import reverse

from playbooks.library import workflow
from playbooks.library.models import Playbook, PlaybookRevision

from ...factories import make_playbook
from .helpers import change_url, form_data, open_form

pytestmark = pytest.mark.django_db
Status = Playbook.Status


def test_a_playbook_moves_through_every_status_with_who_and_when(lead, other_lead):
    playbook = make_playbook(status=Status.DRAFT)
    for name, user, status in [
        ("submit", lead, Status.REVIEW),
        ("publish", other_lead, Status.PUBLISHED),
        ("archive", lead, Status.ARCHIVED),
        ("draft", other_lead, Status.DRAFT),
    ]:
        playbook = workflow.move(playbook_id=playbook.pk, name=name, user=user)
        assert playbook.status == status
        assert playbook.status_changed_by == user
        assert playbook.status_changed_at is not None
    actions = list(
        playbook.revisions.order_by("number").values_list("action", "revision__user__username")
    )
    assert actions == [
        ("recorded", None),
        ("submitted", lead.username),
        ("published", other_lead.username),
        ("archived", lead.username),
        ("drafted", other_lead.username),
    ]


@pytest.mark.parametrize(
    "status, name",
    [(Status.PUBLISHED, "publish"), (Status.PUBLISHED, "submit"), (Status.ARCHIVED, "submit"),
     (Status.DRAFT, "draft"), (Status.DRAFT, "nonsense")],
)  # fmt: skip
def test_moves_that_make_no_sense_are_refused(lead, status, name):
    playbook = make_playbook(status=status)
    with pytest.raises(workflow.WorkflowError):
        workflow.move(playbook_id=playbook.pk, name=name, user=lead)
    playbook.refresh_from_db()
    assert playbook.status == status


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.ARCHIVED])
def test_only_published_playbooks_are_seen_outside_the_admin(manager_client, status):
    playbook = make_playbook(status=status, title="Hidden from readers")
    assert manager_client.get(playbook.get_absolute_url()).status_code == 404
    assert "Hidden from readers" not in manager_client.get("/playbooks/").content.decode()


def test_save_and_publish_from_the_change_form(lead_client, manager_client):
    playbook = make_playbook(status=Status.DRAFT)
    data = open_form(lead_client, playbook)
    data["summary"] = "Ready for readers."
    response = lead_client.post(change_url(playbook), {**data, "_transition": "publish"})
    assert response.status_code == 302
    assert response["Location"] == change_url(playbook)
    playbook.refresh_from_db()
    assert playbook.status == Status.PUBLISHED
    assert [r.action for r in playbook.revisions.order_by("number")] == [
        "recorded", "edited", "published"
    ]  # fmt: skip
    assert "Ready for readers." in manager_client.get(playbook.get_absolute_url()).content.decode()


def test_the_change_form_offers_the_moves_that_fit_the_status(lead_client):
    published = make_playbook(status=Status.PUBLISHED)
    html = lead_client.get(change_url(published)).content.decode()
    assert "Save and archive" in html and "Save and return to draft" in html
    assert "Save and publish" not in html
    draft = make_playbook(status=Status.DRAFT)
    html = lead_client.get(change_url(draft)).content.decode()
    assert "Save and publish" in html and "Save and submit for review" in html


def test_bulk_publish_and_archive(lead, lead_client):
    drafts = [make_playbook(status=Status.DRAFT) for _ in range(3)]
    url = reverse("admin:playbooks_playbook_changelist")
    selected = [str(p.pk) for p in drafts]
    response = lead_client.post(
        url, {"action": "publish_selected", "_selected_action": selected}, follow=True
    )
    assert "3 done" in response.content.decode()
    assert set(Playbook.objects.filter(pk__in=selected).values_list("status", flat=True)) == {
        Status.PUBLISHED
    }
    lead_client.post(url, {"action": "archive_selected", "_selected_action": selected})
    assert set(Playbook.objects.filter(pk__in=selected).values_list("status", flat=True)) == {
        Status.ARCHIVED
    }
    assert (
        PlaybookRevision.objects.filter(
            playbook__in=drafts, action="archived", revision__user=lead
        ).count()
        == 3
    )


# --- Four eyes ------------------------------------------------------------------------------


def test_with_four_eyes_a_lead_cannot_publish_their_own_change(
    four_eyes, lead, lead_client, other_lead
):
    playbook = make_playbook(status=Status.DRAFT)
    data = open_form(lead_client, playbook)
    data["summary"] = "My own change."
    response = lead_client.post(
        change_url(playbook), {**data, "_transition": "publish"}, follow=True
    )
    assert "another team lead must publish it" in response.content.decode()
    playbook.refresh_from_db()
    assert playbook.summary == "My own change."  # the edit is kept...
    assert playbook.status == Status.DRAFT  # ...but not published
    assert playbook.edited_by == lead
    # The button is not offered to them any more; the reason is.
    html = lead_client.get(change_url(playbook)).content.decode()
    assert "Save and publish" not in html
    assert "another team lead must publish it" in html
    with pytest.raises(workflow.WorkflowError, match="Four eyes"):
        workflow.move(playbook_id=playbook.pk, name="publish", user=lead)
    # A second team lead can.
    assert workflow.move(playbook_id=playbook.pk, name="publish", user=other_lead).status == (
        Status.PUBLISHED
    )


def test_with_four_eyes_bulk_publish_leaves_out_your_own_changes(
    four_eyes, lead, lead_client, other_lead
):
    mine = make_playbook(status=Status.REVIEW, edited_by=lead)
    theirs = make_playbook(status=Status.REVIEW, edited_by=other_lead)
    response = lead_client.post(
        reverse("admin:playbooks_playbook_changelist"),
        {"action": "publish_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "1 done" in response.content.decode() and "1 refused" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Status.REVIEW, Status.PUBLISHED)


def test_with_four_eyes_a_change_to_a_published_playbook_goes_back_to_review(
    four_eyes, lead_client, manager_client
):
    playbook = make_playbook(status=Status.PUBLISHED)
    data = open_form(lead_client, playbook)
    data["body"] = "Unreviewed words."
    response = lead_client.post(change_url(playbook), {**data, "_save": "Save"}, follow=True)
    assert "now in review" in response.content.decode()
    playbook.refresh_from_db()
    assert playbook.status == Status.REVIEW
    assert manager_client.get(playbook.get_absolute_url()).status_code == 404


def test_with_four_eyes_changing_only_the_owner_or_review_date_is_not_a_content_change(
    four_eyes, lead, lead_client
):
    playbook = make_playbook(status=Status.PUBLISHED)
    data = open_form(lead_client, playbook)
    data["review_interval_days"] = "90"
    lead_client.post(change_url(playbook), {**data, "_save": "Save"})
    playbook.refresh_from_db()
    assert playbook.review_interval_days == 90
    assert playbook.status == Status.PUBLISHED
    assert playbook.edited_by is None


def test_without_four_eyes_an_editor_may_publish_their_own_change(lead, lead_client):
    playbook = make_playbook(status=Status.REVIEW, edited_by=lead)
    assert workflow.move(playbook_id=playbook.pk, name="publish", user=lead).status == (
        Status.PUBLISHED
    )


def test_a_new_playbook_starts_as_a_draft_owned_by_its_author_and_can_go_to_review(
    lead, lead_client
):
    from playbooks.library.models import Situation

    response = lead_client.get(reverse("admin:playbooks_playbook_add"))
    data = form_data(response)
    situation = Situation.objects.get(slug="bereavement")
    data.update(
        {
            "title": "When a colleague of the client dies",
            "slug": "colleague-dies",
            "summary": "What to say when the loss is in their team.",
            "body": "## First\n\nAcknowledge it.",
            "situations": [str(situation.pk)],
            "phrases-0-kind": "acknowledge",
            "phrases-0-text": "I'm so sorry about your colleague.",
            "_transition": "submit",
        }
    )
    response = lead_client.post(reverse("admin:playbooks_playbook_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    playbook = Playbook.objects.get(slug="colleague-dies")
    assert (playbook.status, playbook.owner, playbook.edited_by) == (Status.REVIEW, lead, lead)
    assert playbook.review_by is not None
    assert list(playbook.phrases.values_list("text", flat=True)) == [
        "I'm so sorry about your colleague."
    ]
    assert [r.action for r in playbook.revisions.order_by("number")] == ["created", "submitted"]
