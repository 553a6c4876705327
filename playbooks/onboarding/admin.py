"""Team leads edit onboarding here: tracks, lessons with their questions, questions with options."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import Lesson, LessonPlaybook, Option, Question, Track


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("order", "title", "slug", "minutes")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "language", "order", "lesson_count")
    list_filter = ("language",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [LessonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lessons_total=Count("lessons"))

    @admin.display(description=_("lessons"), ordering="lessons_total")
    def lesson_count(self, track: Track) -> int:
        return track.lessons_total


class LessonPlaybookInline(admin.TabularInline):
    model = LessonPlaybook
    fields = ("order", "playbook")
    extra = 0
    ordering = ("order", "pk")


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ("order", "scenario", "prompt", "scenario_fr", "prompt_fr")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "track", "order", "minutes", "question_count", "updated_at")
    list_filter = ("track",)
    list_select_related = ("track",)
    search_fields = ("title", "body")
    ordering = ("track", "order", "pk")
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "track",
        "title",
        "slug",
        "order",
        "minutes",
        "body",
        "title_fr",
        "body_fr",
        "contributions",
        "sources",
    )
    inlines = [LessonPlaybookInline, QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(questions_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="questions_total")
    def question_count(self, lesson: Lesson) -> int:
        return lesson.questions_total


class OptionFormSet(BaseInlineFormSet):
    """A question needs at least two responses, and at least one of them marked best."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) < 2:
            raise ValidationError(_("Give at least two possible responses."))
        if not any(data.get("best") for data in kept):
            raise ValidationError(_("Mark at least one response as best."))


class OptionInline(admin.StackedInline):
    model = Option
    formset = OptionFormSet
    fields = ("order", "text", "best", "feedback", "text_fr", "feedback_fr")
    extra = 0
    ordering = ("order", "pk")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("prompt", "lesson", "order")
    list_filter = ("lesson__track", "lesson")
    list_select_related = ("lesson",)
    search_fields = ("scenario", "prompt", "options__text")
    ordering = ("lesson__track", "lesson__order", "order", "pk")
    fields = ("lesson", "order", "scenario", "prompt", "scenario_fr", "prompt_fr")
    inlines = [OptionInline]

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False
