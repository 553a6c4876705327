"""Progress belongs to one reader, completion is kept, and content changes flag it."""

import pytest

from playbooks.onboarding.models import Lesson, LessonCompletion, Option, Track
from playbooks.onboarding.progress import complete_lesson, record_answer, team_progress

from ..factories import make_user
from .factories import make_lesson, make_question, make_track

pytestmark = pytest.mark.django_db


def test_lessons_come_in_their_set_order_whatever_the_creation_order():
    track = make_track()
    third = make_lesson(track=track, order=3)
    first = make_lesson(track=track, order=1)
    second = make_lesson(track=track, order=2)
    assert list(track.lessons.all()) == [first, second, third]


def test_tracks_page_resumes_at_the_first_unfinished_lesson(new_hire):
    track = make_track()
    first, second, third = (make_lesson(track=track, order=n) for n in (1, 2, 3))
    complete_lesson(user=new_hire, lesson=first)
    complete_lesson(user=new_hire, lesson=third)
    progress = Track.objects.with_progress(new_hire).get(pk=track.pk)
    assert (progress.done_count, progress.lesson_count, progress.next_slug) == (2, 3, second.slug)
    assert progress.minutes == 21 and progress.percent == 67 and not progress.is_finished


def test_a_first_wrong_answer_stays_counted_even_after_finding_the_best(new_hire):
    question = make_question(make_lesson(questions=0), best=0)
    wrong, best = question.options.get(order=2), question.options.get(order=1)
    record_answer(user=new_hire, option=wrong)
    answer = record_answer(user=new_hire, option=best)
    assert answer.option == best and answer.attempts == 2 and not answer.first_try_best
    assert answer.answered_at >= answer.first_answered_at


def test_one_readers_answers_and_completions_never_count_for_another(new_hire):
    other = make_user(role="New hires")
    lesson = make_lesson(questions=1)
    record_answer(user=other, option=Option.objects.filter(question__lesson=lesson).first())
    complete_lesson(user=other, lesson=lesson)
    mine = Track.objects.with_progress(new_hire).get(pk=lesson.track_id)
    assert mine.done_count == 0
    lessons = Lesson.objects.filter(pk=lesson.pk).with_progress(new_hire)
    assert lessons[0].answered_count == 0 and lessons[0].completed_at is None
    rows = {row.user: row for row in team_progress()}
    assert rows[new_hire].lessons_done == 0 and rows[new_hire].answered == 0
    assert rows[other].lessons_done == 1 and rows[other].answered == 1


def test_completing_again_is_one_completion_not_two(new_hire):
    lesson = make_lesson()
    complete_lesson(user=new_hire, lesson=lesson)
    complete_lesson(user=new_hire, lesson=lesson)
    assert LessonCompletion.objects.filter(user=new_hire, lesson=lesson).count() == 1


def reword_first_question(lesson):
    question = lesson.questions.first()
    question.prompt = "What would you say instead?"
    question.save()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda lesson: setattr(lesson, "body", "Rewritten.") or lesson.save(), id="body"
        ),
        pytest.param(lambda lesson: reword_first_question(lesson), id="question"),
        pytest.param(
            lambda lesson: Option.objects.filter(question__lesson=lesson).first().delete(),
            id="option removed",
        ),
        pytest.param(lambda lesson: make_question(lesson), id="question added"),
    ],
)
def test_a_completion_is_flagged_when_the_body_or_questions_change(new_hire, change):
    lesson = make_lesson()
    completion = complete_lesson(user=new_hire, lesson=lesson)
    assert not completion.is_outdated
    change(Lesson.objects.get(pk=lesson.pk))
    completion = LessonCompletion.objects.select_related("lesson").get(pk=completion.pk)
    assert completion.is_outdated
    assert Track.objects.with_progress(new_hire).get(pk=lesson.track_id).outdated_count == 1
    # Doing the lesson again clears the flag.
    complete_lesson(user=new_hire, lesson=completion.lesson)
    assert not LessonCompletion.objects.select_related("lesson").get(pk=completion.pk).is_outdated


def test_a_new_title_or_estimate_does_not_flag_a_completion(new_hire):
    lesson = make_lesson()
    completion = complete_lesson(user=new_hire, lesson=lesson)
    lesson.title, lesson.minutes = "A better title", 12
    lesson.save()
    assert not LessonCompletion.objects.select_related("lesson").get(pk=completion.pk).is_outdated
