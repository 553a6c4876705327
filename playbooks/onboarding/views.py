"""Onboarding pages: tracks, lessons with scenario practice, completion, and team progress."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from playbooks.library.models import Contribution, Playbook, reader_language
from playbooks.library.roles import TEAM_LEAD_PERMISSION

from .models import Answer, Lesson, LessonCompletion, LessonPlaybook, Option, Question, Track
from .progress import (
    complete_lesson,
    hire_lessons,
    lesson_neighbours,
    new_hires,
    record_answer,
    team_progress,
    track_progress,
)
from .translation import localise, localise_all, localise_neighbour, reader_playbooks


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _content_lang(track: Track) -> str:
    """The track's language where it differs from the reader's, for `lang` attributes."""
    return "" if track.language == reader_language() else track.language


def _lesson(track_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.select_related("track"), track__slug=track_slug, slug=lesson_slug
    )


@require_GET
def tracks(request: HtmxHttpRequest) -> HttpResponse:
    context = {"tracks": localise_all(Track.objects.with_progress(request.user))}
    return render(request, "onboarding/track_list.html", context)


@require_GET
def track_detail(request: HtmxHttpRequest, track: str) -> HttpResponse:
    track_obj = localise(get_object_or_404(Track.objects.with_progress(request.user), slug=track))
    lessons = Lesson.objects.filter(track=track_obj).select_related("track")
    context = {"track": track_obj, "lessons": localise_all(lessons.with_progress(request.user))}
    return render(request, "onboarding/track_detail.html", context)


@require_GET
def track_completed(request: HtmxHttpRequest, track: str) -> HttpResponse:
    track_obj = get_object_or_404(Track.objects.with_progress(request.user), slug=track)
    if not track_obj.is_finished:
        left = track_obj.lesson_count - track_obj.done_count
        messages.info(
            request,
            ngettext(
                "You have %(count)s lesson left in this track.",
                "You have %(count)s lessons left in this track.",
                left,
            )
            % {"count": left},
        )
        return redirect(track_obj)
    localise(track_obj)
    lessons = localise_all(
        Lesson.objects.filter(track=track_obj).select_related("track").with_progress(request.user)
    )
    answers = Answer.objects.filter(user=request.user, question__lesson__track=track_obj)
    playbooks = (
        Playbook.objects.published().filter(lessons__track=track_obj).distinct().order_by("title")
    )
    context = {
        "track": track_obj,
        "lessons": lessons,
        "outdated": [lesson for lesson in lessons if lesson.is_outdated],
        "question_count": sum(lesson.question_count for lesson in lessons),
        "answered": answers.count(),
        "best_first_try": answers.filter(first_try_best=True).count(),
        "playbooks": reader_playbooks(list(playbooks)),
    }
    return render(request, "onboarding/track_completed.html", context)


def _practice(lesson: Lesson, user) -> list[dict]:
    """Each question with its options and this user's own answer, never anyone else's."""
    questions = lesson.questions.prefetch_related(
        Prefetch("options", Option.objects.order_by("order", "pk"))
    ).order_by("order", "pk")
    chosen = dict(
        Answer.objects.filter(user=user, question__lesson=lesson).values_list(
            "question_id", "option_id"
        )
    )
    practice = []
    for question in questions:
        localise(question)
        options = localise_all(question.options.all())
        if not options:  # a question a lead has started but not finished in the admin
            continue
        pick = next((o for o in options if o.pk == chosen.get(question.pk)), None)
        number = len(practice) + 1
        practice.append(
            {"number": number, "question": question, "options": options, "chosen": pick}
        )
    return practice


def _lesson_page(
    request: HtmxHttpRequest, lesson: Lesson, *, error: dict | None = None, status: int = 200
) -> HttpResponse:
    previous, following, position, total = lesson_neighbours(lesson)
    previous, following = localise_neighbour(previous), localise_neighbour(following)
    localise(lesson)
    localise(lesson.track)
    completion = LessonCompletion.objects.filter(user=request.user, lesson=lesson).first()
    practice = _practice(lesson, request.user)
    if error:
        for item in practice:
            if item["question"].pk == error["question"]:
                item["error"] = error["message"]
    links = (
        LessonPlaybook.objects.filter(lesson=lesson, playbook__status=Playbook.Status.PUBLISHED)
        .select_related("playbook")
        .order_by("order", "pk")
    )
    context = {
        "track": lesson.track,
        "lang": _content_lang(lesson.track),
        "lesson": lesson,
        "practice": practice,
        "playbooks": reader_playbooks([link.playbook for link in links]),
        "contributions": Contribution.objects.filter(number__in=lesson.contributions),
        "completion": completion,
        "outdated": completion is not None and completion.content_version != lesson.content_version,
        "previous": previous,
        "next": following,
        "position": position,
        "total": total,
    }
    return render(request, "onboarding/lesson_detail.html", context, status=status)


@require_GET
def lesson_detail(request: HtmxHttpRequest, track: str, lesson: str) -> HttpResponse:
    return _lesson_page(request, _lesson(track, lesson))


@require_POST
@vary_on_headers("HX-Request")
def answer(request: HtmxHttpRequest, track: str, lesson: str, question: int) -> HttpResponse:
    """Record a choice; htmx gets the feedback in place, a plain form a redirect back to it."""
    lesson_obj = _lesson(track, lesson)
    question_obj = get_object_or_404(Question, pk=question, lesson=lesson_obj)
    option_id = request.POST.get("option", "")
    option = (
        Option.objects.filter(question=question_obj, pk=int(option_id)).first()
        if option_id.isdigit() and len(option_id) < 19
        else None
    )
    if option is None:
        message = _("Choose one of the responses, then check your answer.")
        if request.htmx:
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return _lesson_page(
            request, lesson_obj, error={"question": question_obj.pk, "message": message}, status=400
        )
    record_answer(user=request.user, option=option)
    if request.htmx:
        options = localise_all(question_obj.options.order_by("order", "pk"))
        chosen = next(o for o in options if o.pk == option.pk)
        item = {"question": localise(question_obj), "options": options, "chosen": chosen}
        context = {"item": item, "lang": _content_lang(localise(lesson_obj.track))}
        return render(request, "onboarding/lesson_detail.html#feedback", context)
    return redirect(f"{lesson_obj.get_absolute_url()}#question-{question_obj.pk}")


@require_POST
def complete(request: HtmxHttpRequest, track: str, lesson: str) -> HttpResponse:
    """Mark the lesson done, then go on: the next lesson, or the finished track's page."""
    lesson_obj = _lesson(track, lesson)
    complete_lesson(user=request.user, lesson=lesson_obj)
    title = localise(lesson_obj).title
    messages.success(request, _("“%(title)s” is marked complete.") % {"title": title})
    progress = track_progress(lesson_obj.track, request.user)
    if progress.is_finished:
        return redirect("onboarding:completed", track=progress.slug)
    if following := lesson_neighbours(lesson_obj)[1]:
        return redirect("onboarding:lesson", track=progress.slug, lesson=following["slug"])
    return redirect(progress)


# Team leads ---------------------------------------------------------------------------------


@require_GET
@permission_required(TEAM_LEAD_PERMISSION, raise_exception=True)
def team_progress_page(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "onboarding/team_progress.html", {"rows": team_progress()})


def _csv_cell(value) -> str:
    """Defuse spreadsheet formulas in names people chose themselves."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_GET
@permission_required(TEAM_LEAD_PERMISSION, raise_exception=True)
def team_progress_csv(request: HtmxHttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="onboarding-progress.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "username",
            "name",
            "lessons_done",
            "lessons_total",
            "updated_since_finished",
            "questions_answered",
            "best_on_first_try",
            "best_now",
            "last_activity",
        ]
    )
    for row in team_progress():
        writer.writerow(
            [
                _csv_cell(row.user.get_username()),
                _csv_cell(row.user.get_full_name()),
                row.lessons_done,
                row.lessons_total,
                row.outdated,
                row.answered,
                row.best_first_try,
                row.best_now,
                row.last_activity.isoformat(timespec="seconds") if row.last_activity else "",
            ]
        )
    return response


@require_GET
@permission_required(TEAM_LEAD_PERMISSION, raise_exception=True)
def hire_progress(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    hire = get_object_or_404(new_hires(), pk=user_id)
    row = team_progress(get_user_model().objects.filter(pk=hire.pk))[0]
    context = {"hire": hire, "row": row, "tracks": hire_lessons(hire)}
    return render(request, "onboarding/hire_progress.html", context)
