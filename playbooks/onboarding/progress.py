"""Recording a reader's progress, and reading it back for them and for their team lead."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from playbooks.library.roles import NEW_HIRES

from .models import Answer, Lesson, LessonCompletion, Option, Question, Track, count_of


@transaction.atomic
def record_answer(*, user, option: Option) -> Answer:
    """Keep the reader's latest choice, and whether their first choice was a best response."""
    now = timezone.now()
    answer, created = Answer.objects.select_for_update().get_or_create(
        user=user,
        question_id=option.question_id,
        defaults={
            "option": option,
            "first_try_best": option.best,
            "first_answered_at": now,
            "answered_at": now,
        },
    )
    if not created:
        answer.option = option
        answer.attempts = min(answer.attempts + 1, 32767)
        answer.answered_at = now
        answer.save(update_fields=["option", "attempts", "answered_at"])
    return answer


@transaction.atomic
def complete_lesson(*, user, lesson: Lesson) -> LessonCompletion:
    """Mark a lesson done at its current version; doing it again clears the 'updated' flag."""
    completion, _ = LessonCompletion.objects.update_or_create(
        user=user,
        lesson=lesson,
        defaults={"completed_at": timezone.now(), "content_version": lesson.content_version},
    )
    return completion


def lesson_neighbours(lesson: Lesson) -> tuple[dict | None, dict | None, int, int]:
    """Previous and next lesson of the track, the lesson's position and the track's size."""
    siblings = list(
        Lesson.objects.filter(track_id=lesson.track_id)
        .order_by("order", "pk")
        .values("pk", "slug", "title", "title_fr")
    )
    index = next(i for i, s in enumerate(siblings) if s["pk"] == lesson.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following, index + 1, len(siblings)


def track_progress(track: Track, user) -> Track:
    """The track re-read with the user's progress (see TrackQuerySet.with_progress)."""
    return Track.objects.with_progress(user).get(pk=track.pk)


# For team leads ------------------------------------------------------------------------------


@dataclass
class HireRow:
    """One new hire's line in the team table and its CSV."""

    user: object
    lessons_done: int
    lessons_total: int
    outdated: int
    answered: int
    best_first_try: int
    best_now: int
    last_activity: datetime | None

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def new_hires():
    return (
        get_user_model()
        .objects.filter(groups__name=NEW_HIRES, is_active=True)
        .order_by("username")
        .distinct()
    )


def team_progress(users=None) -> list[HireRow]:
    """Each new hire's totals across every track, in a constant number of queries."""
    users = new_hires() if users is None else users
    completions = LessonCompletion.objects.filter(user=OuterRef("pk"))
    answers = Answer.objects.filter(user=OuterRef("pk"))
    last_completion = completions.order_by().values("user").annotate(m=Max("completed_at"))
    last_answer = answers.order_by().values("user").annotate(m=Max("answered_at"))
    annotated = users.annotate(
        lessons_done=count_of(completions, "user"),
        outdated=count_of(
            completions.exclude(content_version=F("lesson__content_version")), "user"
        ),
        answered=count_of(answers, "user"),
        best_first_try=count_of(answers.filter(first_try_best=True), "user"),
        best_now=count_of(answers.filter(option__best=True), "user"),
        last_completion=Subquery(last_completion.values("m")[:1]),
        last_answer=Subquery(last_answer.values("m")[:1]),
    )
    total = Lesson.objects.count()
    return [
        HireRow(
            user=user,
            lessons_done=user.lessons_done,
            lessons_total=total,
            outdated=user.outdated,
            answered=user.answered,
            best_first_try=user.best_first_try,
            best_now=user.best_now,
            last_activity=max(
                (t for t in (user.last_completion, user.last_answer) if t is not None),
                default=None,
            ),
        )
        for user in annotated
    ]


@dataclass
class LessonLine:
    lesson: Lesson
    completion: LessonCompletion | None
    answered: int
    best_first_try: int
    question_count: int
    last_answer: datetime | None

    @property
    def outdated(self) -> bool:
        return self.completion is not None and self.completion.is_outdated


def hire_lessons(user) -> list[tuple[Track, list[LessonLine]]]:
    """Every track's lessons with this one user's completion and answers, for their lead."""
    completions = {
        c.lesson_id: c for c in LessonCompletion.objects.filter(user=user).select_related("lesson")
    }
    answers: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(user=user).select_related("question"):
        answers.setdefault(answer.question.lesson_id, []).append(answer)
    lessons = Lesson.objects.select_related("track").annotate(
        question_count=count_of(Question.objects.filter(lesson=OuterRef("pk")), "lesson")
    )
    tracks: dict[int, tuple[Track, list[LessonLine]]] = {}
    for lesson in lessons.order_by("track__order", "track__title", "order", "pk"):
        given = answers.get(lesson.pk, [])
        tracks.setdefault(lesson.track_id, (lesson.track, []))[1].append(
            LessonLine(
                lesson=lesson,
                completion=completions.get(lesson.pk),
                answered=len(given),
                best_first_try=sum(a.first_try_best for a in given),
                question_count=lesson.question_count,
                last_answer=max((a.answered_at for a in given), default=None),
            )
        )
    return list(tracks.values())
