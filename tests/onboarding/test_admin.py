"""Team leads edit tracks, lessons and questions in the admin; the progress flag follows."""

import pytest
from django.urls import reverse

from playbooks.onboarding.models import Lesson, LessonCompletion, Option, Question, Track
from playbooks.onboarding.progress import complete_lesson

from .factories import make_lesson

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["track", "lesson", "question"])
def test_team_lead_can_list_and_add_onboarding_content(lead_client, model):
    assert lead_client.get(reverse(f"admin:onboarding_{model}_changelist")).status_code == 200
    assert lead_client.get(reverse(f"admin:onboarding_{model}_add")).status_code == 200


def test_lesson_page_in_the_admin_has_inline_questions(lead_client):
    lesson = Lesson.objects.filter(questions__isnull=False).first()
    html = lead_client.get(
        reverse("admin:onboarding_lesson_change", args=[lesson.pk])
    ).content.decode()
    assert lesson.questions.first().scenario[:30] in html
    assert "Linked playbooks" in html or "linked playbook" in html.lower()


def test_team_lead_cannot_delete_a_lesson_with_readers_progress(lead_client):
    lesson = Lesson.objects.first()
    assert (
        lead_client.get(reverse("admin:onboarding_lesson_delete", args=[lesson.pk])).status_code
        == 403
    )


def test_new_hires_cannot_open_the_admin(new_hire_client):
    response = new_hire_client.get(reverse("admin:onboarding_lesson_changelist"))
    assert response.status_code == 302  # to the admin login


def option_forms(question, options):
    data = {
        "lesson": question.lesson_id,
        "order": question.order,
        "scenario": question.scenario,
        "prompt": question.prompt,
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": str(question.options.count()),
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
    }
    for i, (option, text, best) in enumerate(options):
        data |= {
            f"options-{i}-id": option.pk if option else "",
            f"options-{i}-question": question.pk,
            f"options-{i}-order": i + 1,
            f"options-{i}-text": text,
            f"options-{i}-feedback": f"Feedback on {text}.",
        }
        if best:
            data[f"options-{i}-best"] = "on"
    return data


def test_editing_options_inline_flags_a_finished_lesson(lead_client, new_hire):
    lesson = make_lesson(questions=1)
    completion = complete_lesson(user=new_hire, lesson=lesson)
    question = lesson.questions.get()
    first, second, third = question.options.all()
    url = reverse("admin:onboarding_question_change", args=[question.pk])
    data = option_forms(
        question, [(first, "Reworded", True), (second, "B", False), (third, "C", False)]
    )
    response = lead_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Option.objects.get(pk=first.pk).text == "Reworded"
    assert LessonCompletion.objects.select_related("lesson").get(pk=completion.pk).is_outdated


def test_a_question_needs_a_best_response(lead_client):
    lesson = make_lesson(questions=1)
    question = lesson.questions.get()
    first, second, third = question.options.all()
    url = reverse("admin:onboarding_question_change", args=[question.pk])
    data = option_forms(question, [(first, "A", False), (second, "B", False), (third, "C", False)])
    response = lead_client.post(url, data)
    assert response.status_code == 200
    assert "Mark at least one response as best." in response.content.decode()


def test_lead_adds_a_lesson_with_its_body_rendered_once(lead_client):
    track = Track.objects.first()
    data = {
        "track": track.pk,
        "title": "Handing over to a colleague",
        "slug": "handing-over",
        "order": 20,
        "minutes": 6,
        "body": "## Why\n\nSo nothing is <script>alert(1)</script> lost.",
        "contributions": "[4]",
        "sources": "[]",
        "playbook_links-TOTAL_FORMS": "0",
        "playbook_links-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = lead_client.post(reverse("admin:onboarding_lesson_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = Lesson.objects.get(slug="handing-over")
    assert lesson.body_html.startswith("<h3>Why</h3>") and "<script" not in lesson.body_html
    assert lesson.contributions == [4]


def test_lesson_provenance_must_be_a_list_of_numbers(lead_client):
    lesson = Lesson.objects.first()
    lesson.contributions = ["four"]
    with pytest.raises(Exception, match="whole numbers"):
        lesson.full_clean()


def test_reserved_slugs_are_refused_by_the_database():
    from django.db import IntegrityError, transaction

    track = Track.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.create(track=track, slug="completed", title="Oops")
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(slug="team", title="Oops")
    assert not Question.objects.filter(lesson__slug="completed").exists()
