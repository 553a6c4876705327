"""Keep each lesson's content version current whenever its questions or options change.

Signals rather than admin hooks, so edits from the admin, the shell or a script all count.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Lesson, Option, Question

_suspended: ContextVar[bool] = ContextVar("onboarding_versions_suspended", default=False)


@contextmanager
def versions_suspended() -> Iterator[None]:
    """For the loader, which saves many rows and refreshes each lesson's version once itself."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _refresh(lesson_id: int | None) -> None:
    if _suspended.get():
        return
    if lesson := Lesson.objects.filter(pk=lesson_id).first():
        lesson.refresh_version()


@receiver([post_save, post_delete], sender=Question)
def question_changed(sender, instance: Question, **kwargs) -> None:
    _refresh(instance.lesson_id)


@receiver([post_save, post_delete], sender=Option)
def option_changed(sender, instance: Option, **kwargs) -> None:
    if _suspended.get():
        return
    lesson_id = (
        Question.objects.filter(pk=instance.question_id).values_list("lesson_id", flat=True).first()
    )
    _refresh(lesson_id)
