"""Review dates: an overdue filter, a notice for team leads, and "mark as reviewed"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from playbooks.library import workflow
from playbooks.library.models import Playbook

from ...factories import make_playbook
from .helpers import change_url, open_form

pytestmark = pytest.mark.django_db
Status = Playbook.Status


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_the_overdue_filter_lists_only_playbooks_past_their_review_date(lead_client):
    overdue = make_playbook(title="Zz overdue", review_by=days(-1))
    make_playbook(title="Zz due later", review_by=days(10))
    make_playbook(title="Zz archived and overdue", review_by=days(-30), status=Status.ARCHIVED)
    Playbook.objects.exclude(pk=overdue.pk).filter(review_by__lt=days(0)).update(
        review_by=days(400)
    )
    response = lead_client.get(reverse("admin:playbooks_playbook_changelist") + "?review=overdue")
    assert [p.pk for p in response.context["cl"].result_list] == [overdue.pk]
    assert "(overdue)" in response.content.decode()


def test_marking_as_reviewed_moves_the_date_on_by_the_interval(lead):
    playbook = make_playbook(review_by=days(-5), review_interval_days=90)
    playbook = workflow.mark_reviewed(playbook_id=playbook.pk, user=lead)
    assert playbook.review_by == days(90)
    assert playbook.reviewed_by == lead
    assert playbook.revisions.first().action == "reviewed"
    assert playbook.edited_by is None  # reviewing is not editing: four eyes are unaffected


def test_mark_as_reviewed_button_and_bulk_action(lead_client):
    one = make_playbook(review_by=days(-5), review_interval_days=30)
    data = open_form(lead_client, one)
    response = lead_client.post(change_url(one), {**data, "_mark_reviewed": "1"}, follow=True)
    assert "next review is due by" in response.content.decode()
    one.refresh_from_db()
    assert one.review_by == days(30)

    two = make_playbook(review_by=days(-1), review_interval_days=7)
    three = make_playbook(review_by=None, review_interval_days=14)
    lead_client.post(
        reverse("admin:playbooks_playbook_changelist"),
        {"action": "mark_reviewed_selected", "_selected_action": [two.pk, three.pk]},
    )
    two.refresh_from_db()
    three.refresh_from_db()
    assert (two.review_by, three.review_by) == (days(7), days(14))


def test_team_leads_see_overdue_playbooks_on_the_home_page(lead_client, manager_client):
    make_playbook(title="Needs a fresh look", review_by=days(-3))
    html = lead_client.get("/").content.decode()
    assert "Playbooks overdue for review" in html
    assert "Needs a fresh look" in html
    assert "?review=overdue" in html
    assert "Playbooks overdue for review" not in manager_client.get("/").content.decode()


def test_no_notice_when_nothing_is_overdue(lead_client):
    Playbook.objects.update(review_by=days(30))
    assert "Playbooks overdue for review" not in lead_client.get("/").content.decode()


def test_the_home_notice_costs_the_same_queries_however_many_are_overdue(
    lead_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_playbook(review_by=days(-3))
    with CaptureQueriesContext(connection) as few:
        lead_client.get("/")
    for _ in range(12):
        make_playbook(review_by=days(-3))
    with django_assert_max_num_queries(len(few)):
        html = lead_client.get("/").content.decode()
    assert "See every overdue playbook" in html
