"""Onboarding: tracks of ordered lessons with scenario questions, and each reader's progress.

A lesson's `content_version` hashes its body and questions. A completion keeps the version
the reader finished, so a later edit flags it "updated since you finished" instead of
silently keeping or wiping it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Language
from playbooks.library.content_files import content_hash
from playbooks.library.markdown import render_markdown
from playbooks.library.models import Playbook

# Slugs that would collide with the app's own URLs (/onboarding/team/, …/<track>/completed/).
RESERVED_TRACK_SLUGS = ("team",)
RESERVED_LESSON_SLUGS = ("completed",)


def count_of(queryset, group_by: str):
    """A correlated COUNT subquery: constant query count, no join fan-out."""
    counted = queryset.order_by().values(group_by).annotate(n=models.Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def lesson_version(body: str, questions: list[dict]) -> str:
    """Hash what a reader is taught and asked; a change means their completion is out of date."""
    return content_hash({"body": body.replace("\r\n", "\n").strip(), "questions": questions})


class TrackQuerySet(models.QuerySet):
    def with_progress(self, user):
        """Each track with its size and the user's progress, in a single query."""
        lessons = Lesson.objects.filter(track=OuterRef("pk"))
        done = LessonCompletion.objects.filter(user=user, lesson__track=OuterRef("pk"))
        outdated = done.exclude(content_version=F("lesson__content_version"))
        minutes = lessons.order_by().values("track").annotate(m=Sum("minutes")).values("m")
        next_lesson = lessons.exclude(completions__user=user).order_by("order", "pk")
        return self.annotate(
            lesson_count=count_of(lessons, "track"),
            minutes=Coalesce(Subquery(minutes[:1]), 0),
            done_count=count_of(done, "lesson__track"),
            outdated_count=count_of(outdated, "lesson__track"),
            next_slug=Subquery(next_lesson.values("slug")[:1]),
            next_title=Subquery(next_lesson.values("title")[:1]),
            next_title_fr=Subquery(next_lesson.values("title_fr")[:1]),
            first_slug=Subquery(lessons.order_by("order", "pk").values("slug")[:1]),
        )


class LessonQuerySet(models.QuerySet):
    def with_progress(self, user):
        """Each lesson with the user's completion, question and answer counts, in one query."""
        completion = LessonCompletion.objects.filter(user=user, lesson=OuterRef("pk"))
        return self.annotate(
            completed_at=Subquery(completion.values("completed_at")[:1]),
            completed_version=Subquery(completion.values("content_version")[:1]),
            question_count=count_of(Question.objects.filter(lesson=OuterRef("pk")), "lesson"),
            answered_count=count_of(
                Answer.objects.filter(user=user, question__lesson=OuterRef("pk")),
                "question__lesson",
            ),
        )


class Track(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    summary = models.TextField(_("summary"), blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("onboarding track")
        verbose_name_plural = _("onboarding tracks")
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_TRACK_SLUGS), name="track_slug_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("onboarding:track", kwargs={"track": self.slug})

    @property
    def percent(self) -> int:
        """Rounded share of lessons done; needs `with_progress`."""
        total = getattr(self, "lesson_count", 0)
        return round(100 * self.done_count / total) if total else 0

    @property
    def is_finished(self) -> bool:
        return bool(getattr(self, "lesson_count", 0)) and self.done_count >= self.lesson_count


class Lesson(models.Model):
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("track")
    )
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    body_fr = models.TextField(_("body in French (Markdown)"), blank=True)
    body_html_fr = models.TextField(editable=False, blank=True)
    contributions = models.JSONField(
        _("article contributions drawn on"),
        default=list,
        blank=True,
        help_text=_("Contribution numbers, for example [1, 4]."),
    )
    sources = models.JSONField(
        _("domain brief sources"),
        default=list,
        blank=True,
        help_text=_("Source numbers, for example [3, 6]."),
    )
    playbooks = models.ManyToManyField(
        Playbook,
        through="LessonPlaybook",
        verbose_name=_("linked playbooks"),
        related_name="lessons",
        blank=True,
    )
    content_version = models.CharField(max_length=64, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["track", "slug"], name="lesson_slug_unique_in_track"),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_LESSON_SLUGS), name="lesson_slug_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.body_html_fr = render_markdown(self.body_fr) if self.body_fr.strip() else ""
        self.content_version = self.compute_version()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "body_html_fr",
                "content_version",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("onboarding:lesson", kwargs={"track": self.track.slug, "lesson": self.slug})

    @property
    def is_outdated(self) -> bool:
        """Completed, but changed since; needs `with_progress`."""
        version = getattr(self, "completed_version", None)
        return version is not None and version != self.content_version

    def clean(self) -> None:
        for name in ("contributions", "sources"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value
            ):
                raise ValidationError({name: _("Enter a list of whole numbers, like [1, 4].")})

    def question_data(self) -> list[dict]:
        """The questions and options as plain data, in the order readers see them."""
        options = Option.objects.filter(question__lesson=self).order_by("order", "pk")
        by_question: dict[int, list[dict]] = {}
        for option in options:
            by_question.setdefault(option.question_id, []).append(
                {"text": option.text, "best": option.best, "feedback": option.feedback}
            )
        return [
            {"scenario": q.scenario, "prompt": q.prompt, "option": by_question.get(q.pk, [])}
            for q in self.questions.order_by("order", "pk")
        ]

    def compute_version(self) -> str:
        return lesson_version(self.body, self.question_data() if self.pk else [])

    def refresh_version(self) -> None:
        """Recompute the version after questions or options changed (see signals.py)."""
        version = self.compute_version()
        if version != self.content_version:
            self.content_version = version
            Lesson.objects.filter(pk=self.pk).update(content_version=version)


class LessonPlaybook(models.Model):
    """A playbook a lesson points to, in the order the lesson lists them."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="playbook_links", verbose_name=_("lesson")
    )
    playbook = models.ForeignKey(
        Playbook, on_delete=models.CASCADE, related_name="+", verbose_name=_("playbook")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("linked playbook")
        verbose_name_plural = _("linked playbooks")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "playbook"], name="lesson_playbook_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} → {self.playbook}"


class Question(models.Model):
    """A situation told in a few sentences, with responses to choose from."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="questions", verbose_name=_("lesson")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    scenario = models.TextField(_("scenario"))
    prompt = models.CharField(_("question"), max_length=300)
    scenario_fr = models.TextField(_("scenario in French"), blank=True)
    prompt_fr = models.CharField(_("question in French"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("scenario question")
        verbose_name_plural = _("scenario questions")

    def __str__(self) -> str:
        scenario = self.scenario if len(self.scenario) <= 70 else f"{self.scenario[:69]}…"
        return f"{scenario} {self.prompt}"

    def get_absolute_url(self) -> str:
        return f"{self.lesson.get_absolute_url()}#question-{self.pk}"


class Option(models.Model):
    """One possible response, with feedback on why it helps or harms."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("response"))
    best = models.BooleanField(_("best response"), default=False)
    feedback = models.TextField(_("feedback"), help_text=_("Why this response helps or harms."))
    text_fr = models.TextField(_("response in French"), blank=True)
    feedback_fr = models.TextField(_("feedback in French"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("user"),
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)
    content_version = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="completion_once_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"

    @property
    def is_outdated(self) -> bool:
        """The lesson's body or questions changed after the reader finished it."""
        return self.content_version != self.lesson.content_version


class Answer(models.Model):
    """The response a reader chose for a question; re-answering replaces it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="onboarding_answers",
        verbose_name=_("user"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    first_try_best = models.BooleanField(_("best on the first try"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    first_answered_at = models.DateTimeField(_("first answered at"), default=timezone.now)
    answered_at = models.DateTimeField(_("last answered at"), default=timezone.now)

    class Meta:
        ordering = ["answered_at"]
        verbose_name = _("scenario answer")
        verbose_name_plural = _("scenario answers")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_id} → {self.option_id}"
