"""Insights aggregate correctly, protect privacy, and are for team leads only."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from playbooks.feedback import insights
from playbooks.feedback.models import PlaybookView, SearchClick
from playbooks.feedback.recording import count_click, count_view, record_vote
from playbooks.search.models import SearchLog

from ..factories import make_playbook, make_user

pytestmark = pytest.mark.django_db


def log_searches(query: str, times: int, results: int = 0, **extra):
    """`times` searches for `query`, each by a different reader."""
    SearchLog.objects.bulk_create(
        SearchLog(query=query, result_count=results, reader=f"reader-{i}", **extra)
        for i in range(times)
    )


def test_a_query_typed_fewer_times_than_the_threshold_never_appears(lead_client):
    log_searches("jane doe 0612345678", 2)
    log_searches("sabbatical", 3)
    rows = insights.unanswered_searches(30)
    assert [r.label for r in rows] == ["sabbatical"]
    for url in ("/insights/", "/insights/export.csv"):
        body = lead_client.get(url).content.decode()
        assert "jane doe" not in body
        assert "sabbatical" in body


def test_digits_are_masked_in_reports():
    log_searches("invoice 2024", 3)
    assert insights.unanswered_searches(30)[0].label == "invoice ####"


def test_unanswered_searches_are_counted_and_ordered():
    log_searches("sabbatical", 4)
    log_searches("visa", 3)
    log_searches("grief", 5, results=3)
    assert [(r.label, r.value) for r in insights.unanswered_searches(30)] == [
        ("sabbatical", 4),
        ("visa", 3),
    ]


def test_searches_with_few_clicks_rank_by_click_through():
    playbook = make_playbook()
    log_searches("grief", 4, results=5)
    log_searches("deadline", 4, results=5)
    for _ in range(3):
        count_click(query="Deadline", playbook_id=playbook.pk)
    rows = insights.searches_with_few_clicks(30)
    assert [(r.label, r.detail) for r in rows] == [("grief", "0"), ("deadline", "3")]


def test_views_and_votes_aggregate(manager, lead):
    read, unread = make_playbook(title="Read a lot"), make_playbook(title="Rarely read")
    for _ in range(3):
        count_view(read.pk)
    count_view(unread.pk)
    assert [(r.label, r.value) for r in insights.most_viewed(30)][:2] == [
        ("Read a lot", 3),
        ("Rarely read", 1),
    ]
    record_vote(user=manager, target="playbook", object_id=read.pk, helpful=False)
    record_vote(user=lead, target="playbook", object_id=read.pk, helpful=False)
    record_vote(user=lead, target="playbook", object_id=unread.pk, helpful=True)
    rows = insights.least_helpful(30)
    assert [(r.label, r.value, r.detail) for r in rows] == [("Read a lot", 2, "2")]


def test_unhelpful_suggestions_show_their_text(manager):
    playbook = make_playbook(phrases=["A phrase people dislike"])
    phrase = playbook.phrases.get()
    record_vote(user=manager, target="phrase", object_id=phrase.pk, helpful=False)
    rows = insights.unhelpful_suggestions(30)
    assert rows[0].label == "A phrase people dislike"
    assert rows[0].url == f"/admin/playbooks/phrase/{phrase.pk}/change/"


def test_the_period_filter_leaves_out_older_events(lead_client):
    log_searches("sabbatical", 3)
    SearchLog.objects.update(created_at=timezone.now() - timedelta(days=40))
    assert insights.unanswered_searches(30) == []
    assert [r.label for r in insights.unanswered_searches(90)] == ["sabbatical"]
    assert "sabbatical" not in lead_client.get("/insights/?days=30").content.decode()
    assert "sabbatical" in lead_client.get("/insights/?days=90").content.decode()


def test_only_team_leads_see_insights(manager_client, new_hire_client, lead_client):
    for client in (manager_client, new_hire_client):
        assert client.get("/insights/").status_code == 403
        assert client.get("/insights/export.csv").status_code == 403
    assert lead_client.get("/insights/").status_code == 200


def test_a_bad_period_is_a_400(lead_client):
    assert lead_client.get("/insights/?days=abc").status_code == 400


def test_csv_export_has_every_section(lead_client):
    log_searches("sabbatical", 3)
    response = lead_client.get("/insights/export.csv?days=30")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "section,label,value,detail"
    assert "unanswered,sabbatical,3," in lines


def test_csv_cells_cannot_start_a_formula(lead_client):
    log_searches("=cmd()", 3)
    assert "'=cmd()" in lead_client.get("/insights/export.csv").content.decode()


def test_insights_query_count_does_not_grow_with_events(
    lead_client, django_assert_max_num_queries, manager
):
    def load():
        with django_assert_max_num_queries(14):
            assert lead_client.get("/insights/").status_code == 200

    load()
    playbooks = [make_playbook(phrases=["p"]) for _ in range(15)]
    for n, playbook in enumerate(playbooks):
        log_searches(f"query {chr(97 + n)}", 3)
        count_view(playbook.pk)
        count_click(query=f"query {chr(97 + n)}", playbook_id=playbook.pk)
        record_vote(user=manager, target="playbook", object_id=playbook.pk, helpful=False)
        record_vote(
            user=manager, target="phrase", object_id=playbook.phrases.get().pk, helpful=False
        )
    load()


def test_prune_events_deletes_only_old_raw_events():
    playbook = make_playbook()
    log_searches("old", 2)
    log_searches("new", 2)
    SearchLog.objects.filter(query="old").update(created_at=timezone.now() - timedelta(days=200))
    count_click(query="old", playbook_id=playbook.pk)
    SearchClick.objects.update(created_at=timezone.now() - timedelta(days=200))
    PlaybookView.objects.create(
        playbook=playbook, day=timezone.localdate() - timedelta(days=200), count=4
    )
    count_view(playbook.pk)
    call_command("prune_events", days=180)
    assert list(SearchLog.objects.values_list("query", flat=True).distinct()) == ["new"]
    assert SearchClick.objects.count() == 0
    assert PlaybookView.objects.count() == 1


def test_reports_never_name_a_user():
    user = make_user(username="distinctive-name")
    playbook = make_playbook()
    record_vote(user=user, target="playbook", object_id=playbook.pk, helpful=False)
    everything = str([f(30) for f in (insights.least_helpful, insights.unhelpful_suggestions)])
    assert "distinctive-name" not in everything


def test_page_views_are_counted_per_day_and_reach_the_insights(manager_client, lead_client):
    read, other = make_playbook(title="Read twice"), make_playbook(title="Read once")
    for playbook in (read, read, other):
        assert manager_client.get(f"/playbooks/{playbook.slug}/").status_code == 200
    page = lead_client.get("/insights/").content.decode()
    assert "Read twice" in page and "Read once" in page
    assert sorted(PlaybookView.objects.values_list("count", flat=True)) == [1, 2]
