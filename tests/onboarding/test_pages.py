"""The onboarding pages a reader sees: tracks, lessons, answering, completing, finishing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbooks.onboarding.models import Answer, Lesson, LessonCompletion
from playbooks.onboarding.progress import complete_lesson, record_answer

from ..factories import make_playbook, make_user
from .factories import make_lesson, make_question, make_track

pytestmark = pytest.mark.django_db

TRACK = "responding-to-a-client-in-crisis"


def shipped_lessons():
    return list(Lesson.objects.filter(track__slug=TRACK).select_related("track"))


def answer_url(question):
    lesson = question.lesson
    return reverse(
        "onboarding:answer",
        kwargs={"track": lesson.track.slug, "lesson": lesson.slug, "question": question.pk},
    )


def complete_url(lesson):
    return reverse(
        "onboarding:complete", kwargs={"track": lesson.track.slug, "lesson": lesson.slug}
    )


def test_tracks_page_lists_tracks_with_a_progress_bar_and_a_start_link(new_hire_client):
    first = shipped_lessons()[0]
    response = new_hire_client.get(reverse("onboarding:tracks"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Responding to a client in crisis" in html
    total = len(shipped_lessons())
    assert f'<progress id="progress-{TRACK}" max="{total}" value="0">' in html
    assert f"0 of {total} lessons complete" in html
    assert f"Start: {first.title}" in html and first.get_absolute_url() in html


def test_tracks_page_resumes_at_the_next_unfinished_lesson(new_hire, new_hire_client):
    first, second = shipped_lessons()[:2]
    complete_lesson(user=new_hire, lesson=first)
    html = new_hire_client.get(reverse("onboarding:tracks")).content.decode()
    assert 'value="1"' in html and f"Continue: {second.title}" in html
    assert second.get_absolute_url() in html


def test_lesson_page_shows_body_linked_playbooks_and_questions(new_hire_client):
    lesson = next(x for x in shipped_lessons() if x.playbooks.exists())
    response = new_hire_client.get(lesson.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{lesson.title}</h1>" in html
    assert lesson.body_html[:60] in html
    for playbook in lesson.playbooks.published():
        assert playbook.get_absolute_url() in html
    for question in lesson.questions.all():
        assert f'id="question-{question.pk}"' in html
        assert "<legend>" in html
    assert "Mark complete" in html and "Next lesson" in html


def test_a_draft_playbook_is_not_linked_from_a_lesson(new_hire_client):
    lesson = make_lesson()
    draft = make_playbook(status="draft", title="Unpublished thoughts")
    lesson.playbook_links.create(playbook=draft)
    assert (
        "Unpublished thoughts"
        not in new_hire_client.get(lesson.get_absolute_url()).content.decode()
    )


def test_answering_with_htmx_returns_the_feedback_in_place(new_hire, new_hire_client):
    question = shipped_lessons()[0].questions.first()
    worst = question.options.filter(best=False).first()
    response = new_hire_client.post(
        answer_url(question), {"option": worst.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Not the best response." in html
    assert worst.feedback[:40].replace("'", "&#x27;") in html
    assert response["Vary"] and "HX-Request" in response["Vary"]
    assert Answer.objects.get(user=new_hire, question=question).option == worst


def test_answering_without_javascript_redirects_back_to_the_question(new_hire_client):
    question = shipped_lessons()[0].questions.first()
    best = question.options.filter(best=True).first()
    response = new_hire_client.post(answer_url(question), {"option": best.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{question.lesson.get_absolute_url()}#question-{question.pk}"
    html = new_hire_client.get(question.lesson.get_absolute_url()).content.decode()
    assert f'id="option-{best.pk}" required checked' in html
    assert "A strong response." in html


@pytest.mark.parametrize("value", ["", "abc", "999999999", "-1", "1" * 40])
def test_a_missing_or_foreign_option_is_refused_with_a_message(new_hire_client, value):
    question = shipped_lessons()[0].questions.first()
    response = new_hire_client.post(answer_url(question), {"option": value})
    assert response.status_code == 400
    assert "Choose one of the responses" in response.content.decode()
    htmx = new_hire_client.post(
        answer_url(question), {"option": value}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 400 and "Choose one of the responses" in htmx.content.decode()


def test_an_option_from_another_question_is_refused(new_hire_client):
    first, second = shipped_lessons()[0].questions.all()[:2]
    response = new_hire_client.post(answer_url(first), {"option": second.options.first().pk})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_answering_needs_post(new_hire_client):
    question = shipped_lessons()[0].questions.first()
    assert new_hire_client.get(answer_url(question)).status_code == 405


def test_another_readers_answer_never_shows_on_my_lesson_page(new_hire_client):
    question = shipped_lessons()[0].questions.first()
    record_answer(user=make_user(role="New hires"), option=question.options.first())
    html = new_hire_client.get(question.lesson.get_absolute_url()).content.decode()
    assert " checked" not in html
    assert "A strong response." not in html and "Not the best response." not in html


def test_mark_complete_goes_on_to_the_next_lesson(new_hire, new_hire_client):
    first, second = shipped_lessons()[:2]
    response = new_hire_client.post(complete_url(first), follow=True)
    assert response.redirect_chain[-1][0] == second.get_absolute_url()
    assert f"“{first.title}” is marked complete." in response.content.decode()
    assert LessonCompletion.objects.filter(user=new_hire, lesson=first).exists()
    html = new_hire_client.get(first.get_absolute_url()).content.decode()
    assert "Completed on" in html and ">Mark complete<" not in html


def test_finishing_the_last_lesson_shows_the_completion_page(new_hire, new_hire_client):
    *others, last = shipped_lessons()
    for lesson in others:
        complete_lesson(user=new_hire, lesson=lesson)
    response = new_hire_client.post(complete_url(last), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "onboarding:completed", kwargs={"track": TRACK}
    )
    html = response.content.decode()
    assert "Track complete" in html and "See your finished track" not in html
    tracks = new_hire_client.get(reverse("onboarding:tracks")).content.decode()
    assert "See your finished track" in tracks


def test_the_completion_page_waits_for_the_last_lesson(new_hire_client):
    response = new_hire_client.get(reverse("onboarding:completed", kwargs={"track": TRACK}))
    assert response.status_code == 302 and response["Location"].endswith(f"/onboarding/{TRACK}/")


def test_a_changed_lesson_says_updated_since_you_finished(new_hire, new_hire_client):
    lesson = shipped_lessons()[0]
    complete_lesson(user=new_hire, lesson=lesson)
    lesson.body += "\n\nA new paragraph from a team lead."
    lesson.save()
    html = new_hire_client.get(lesson.get_absolute_url()).content.decode()
    assert "Updated since you finished." in html and "Mark complete again" in html
    track_html = new_hire_client.get(lesson.track.get_absolute_url()).content.decode()
    assert "Updated since you finished" in track_html
    assert "1 lesson was updated since you finished it." in track_html


def test_unknown_tracks_and_lessons_are_404(new_hire_client):
    assert new_hire_client.get("/onboarding/nope/").status_code == 404
    assert new_hire_client.get(f"/onboarding/{TRACK}/nope/").status_code == 404


def test_onboarding_needs_login(client):
    response = client.get(reverse("onboarding:tracks"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_send_no_inline_styles_or_scripts(new_hire_client):
    for url in (reverse("onboarding:tracks"), shipped_lessons()[0].get_absolute_url()):
        html = new_hire_client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html and " onclick" not in html


def grow(new_hire, tracks=3, lessons=4):
    """More tracks, lessons, questions, answers and completions than the shipped content."""
    for _ in range(tracks):
        track = make_track()
        for _ in range(lessons):
            lesson = make_lesson(track=track, questions=3)
            lesson.playbook_links.create(playbook=make_playbook())
            for question in lesson.questions.all():
                record_answer(user=new_hire, option=question.options.first())
            complete_lesson(user=new_hire, lesson=lesson)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_tracks_page_query_count_does_not_grow_with_content(
    new_hire, new_hire_client, django_assert_max_num_queries
):
    url = reverse("onboarding:tracks")
    baseline = queries_for(new_hire_client, url)
    grow(new_hire)
    with django_assert_max_num_queries(min(baseline, 9)):
        assert new_hire_client.get(url).status_code == 200


def test_lesson_and_track_pages_query_count_does_not_grow_with_content(
    new_hire, new_hire_client, django_assert_max_num_queries
):
    lesson = make_lesson(questions=1)
    lesson_baseline = queries_for(new_hire_client, lesson.get_absolute_url())
    track_baseline = queries_for(new_hire_client, lesson.track.get_absolute_url())
    grow(new_hire, tracks=1)
    for _ in range(4):
        make_lesson(track=lesson.track, questions=2)
    for _ in range(6):
        make_question(lesson, options=4)
    for question in lesson.questions.all():
        record_answer(user=new_hire, option=question.options.last())
    complete_lesson(user=new_hire, lesson=lesson)
    with django_assert_max_num_queries(min(lesson_baseline, 16)):
        assert new_hire_client.get(lesson.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(min(track_baseline, 10)):
        assert new_hire_client.get(lesson.track.get_absolute_url()).status_code == 200


def test_english_lessons_are_marked_as_english_for_a_french_reader(new_hire_client):
    lesson = make_lesson()  # no French translation
    html = new_hire_client.get(lesson.get_absolute_url(), headers={"Accept-Language": "fr"})
    text = html.content.decode()
    assert '<html lang="fr">' in text
    assert f'<h1 lang="en">{lesson.title}</h1>' in text
    assert 'lang="en">' + lesson.questions.first().scenario[:20] in text
