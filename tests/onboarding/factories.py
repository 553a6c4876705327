"""Plain helpers that make onboarding test data; each takes overrides as keyword arguments."""

import itertools

from playbooks.onboarding.models import Lesson, Option, Question, Track

_counter = itertools.count(1)


def make_track(**overrides) -> Track:
    n = next(_counter)
    fields = {
        "slug": f"track-{n}",
        "title": f"Track {n}",
        "summary": f"Summary {n}.",
        "order": 50 + n,
    }
    return Track.objects.create(**{**fields, **overrides})


def make_question(lesson: Lesson, *, options: int = 3, best: int = 0, **overrides) -> Question:
    n = next(_counter)
    fields = {
        "scenario": f"Scenario {n}: a client tells you something hard.",
        "prompt": "What now?",
    }
    question = Question.objects.create(lesson=lesson, order=n, **{**fields, **overrides})
    for i in range(options):
        Option.objects.create(
            question=question,
            order=i + 1,
            text=f"Response {n}.{i + 1}",
            best=i == best,
            feedback=f"Feedback {n}.{i + 1}: {'helps' if i == best else 'harms'}.",
        )
    return question


def make_lesson(*, track: Track | None = None, questions: int = 2, **overrides) -> Lesson:
    n = next(_counter)
    fields = {
        "slug": f"lesson-{n}",
        "title": f"Lesson {n}",
        "order": n,
        "minutes": 7,
        "body": f"## Part {n}\n\nBody of lesson {n}.",
    }
    lesson = Lesson.objects.create(track=track or make_track(), **{**fields, **overrides})
    for _ in range(questions):
        make_question(lesson)
    lesson.refresh_from_db()
    return lesson
