"""Team leads see each new hire's progress and can export it; nobody else can."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from playbooks.onboarding.models import Lesson, Option
from playbooks.onboarding.progress import complete_lesson, record_answer

from ..factories import make_user

pytestmark = pytest.mark.django_db

TEAM = reverse("onboarding:team")
CSV = reverse("onboarding:team_csv")


@pytest.fixture
def hires():
    """Two new hires: one has done a lesson and answered twice (one best first time)."""
    busy = make_user(role="New hires", first_name="Ada", last_name="Okafor")
    idle = make_user(role="New hires", username="=cmd|calc")
    lesson = Lesson.objects.filter(questions__isnull=False).order_by("order").first()
    first, second = lesson.questions.all()[:2]
    record_answer(user=busy, option=first.options.filter(best=True).first())
    record_answer(user=busy, option=second.options.filter(best=False).first())
    complete_lesson(user=busy, lesson=lesson)
    return busy, idle


def test_lead_sees_each_new_hires_lessons_best_answers_and_last_activity(
    lead_client, hires, manager
):
    busy, idle = hires
    response = lead_client.get(TEAM)
    html = response.content.decode()
    assert response.status_code == 200
    total = Lesson.objects.count()
    assert "Ada Okafor" in html and idle.username in html
    assert manager.username not in html  # only the "New hires" group
    assert f"1 of {total}" in html and f"0 of {total}" in html
    assert "Not started" in html
    assert reverse("onboarding:hire", kwargs={"user_id": busy.pk}) in html


def test_lead_downloads_the_same_table_as_csv(lead_client, hires):
    busy, _ = hires
    response = lead_client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name = {row["username"]: row for row in rows}
    row = by_name[busy.username]
    assert row["name"] == "Ada Okafor"
    assert (row["lessons_done"], row["questions_answered"], row["best_on_first_try"]) == (
        "1",
        "2",
        "1",
    )
    assert row["lessons_total"] == str(Lesson.objects.count()) and row["last_activity"]
    # A name that looks like a formula is defused for spreadsheets.
    assert "'=cmd|calc" in by_name and by_name["'=cmd|calc"]["last_activity"] == ""


def test_lead_sees_one_new_hires_lessons(lead_client, hires):
    busy, _ = hires
    lesson = Lesson.objects.filter(questions__isnull=False).order_by("order").first()
    html = lead_client.get(reverse("onboarding:hire", kwargs={"user_id": busy.pk})).content.decode()
    assert "Onboarding progress: Ada Okafor" in html
    assert lesson.title in html and "Completed" in html and "Not completed" in html


def test_lead_sees_the_updated_since_flag(lead_client, hires):
    busy, _ = hires
    lesson = Lesson.objects.filter(questions__isnull=False).order_by("order").first()
    option = Option.objects.filter(question__lesson=lesson).first()
    option.feedback += " Now with more detail."
    option.save()
    html = lead_client.get(reverse("onboarding:hire", kwargs={"user_id": busy.pk})).content.decode()
    assert "updated since" in html
    rows = {
        r["username"]: r for r in csv.DictReader(io.StringIO(lead_client.get(CSV).content.decode()))
    }
    assert rows[busy.username]["updated_since_finished"] == "1"


def test_a_user_outside_new_hires_has_no_progress_page(lead_client, manager):
    assert (
        lead_client.get(reverse("onboarding:hire", kwargs={"user_id": manager.pk})).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["new_hire_client", "manager_client"])
def test_only_team_leads_see_anyones_progress(request, who, hires):
    client = request.getfixturevalue(who)
    busy, _ = hires
    for url in (TEAM, CSV, reverse("onboarding:hire", kwargs={"user_id": busy.pk})):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ada Okafor" not in response.content.decode()


def test_tracks_page_links_leads_to_team_progress(lead_client, new_hire_client):
    assert TEAM in lead_client.get(reverse("onboarding:tracks")).content.decode()
    assert TEAM not in new_hire_client.get(reverse("onboarding:tracks")).content.decode()


def test_team_page_query_count_does_not_grow_with_new_hires(
    lead_client, django_assert_max_num_queries
):
    lesson = Lesson.objects.filter(questions__isnull=False).first()
    option = Option.objects.filter(question__lesson=lesson).first()
    make_user(role="New hires")
    with django_assert_max_num_queries(12) as captured:
        lead_client.get(TEAM)
    baseline = len(captured)
    for _ in range(8):
        hire = make_user(role="New hires")
        record_answer(user=hire, option=option)
        complete_lesson(user=hire, lesson=lesson)
    with django_assert_max_num_queries(baseline):
        assert lead_client.get(TEAM).status_code == 200
    with django_assert_max_num_queries(baseline):
        assert lead_client.get(CSV).status_code == 200


def test_hire_page_query_count_does_not_grow_with_answers(
    lead_client, django_assert_max_num_queries
):
    hire = make_user(role="New hires")
    url = reverse("onboarding:hire", kwargs={"user_id": hire.pk})
    with django_assert_max_num_queries(14) as captured:
        lead_client.get(url)
    baseline = len(captured)
    for lesson in Lesson.objects.all():
        for question in lesson.questions.all():
            record_answer(user=hire, option=question.options.first())
        complete_lesson(user=hire, lesson=lesson)
    with django_assert_max_num_queries(baseline):
        assert lead_client.get(url).status_code == 200


def test_superusers_count_as_team_leads(client, hires):
    admin = make_user(role="", is_superuser=True)
    client.force_login(admin)
    assert client.get(TEAM).status_code == 200


def test_the_lead_permission_is_what_opens_the_page(client, hires):
    user = make_user(role="Account managers")
    client.force_login(user)
    assert client.get(TEAM).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)
    assert client.get(TEAM).status_code == 200
