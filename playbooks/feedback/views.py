import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from playbooks.library.models import Boundary, FlexibilityOption, Phrase, Playbook, Resource
from playbooks.library.roles import TEAM_LEAD_PERMISSION

from . import insights
from .forms import PeriodForm, VoteForm
from .recording import record_vote

TARGET_MODELS = {
    "playbook": Playbook.objects.published(),
    "phrase": Phrase.objects.all(),
    "boundary": Boundary.objects.all(),
    "option": FlexibilityOption.objects.all(),
    "resource": Resource.objects.all(),
}


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return "/"


@require_POST
def vote(request: HttpRequest) -> HttpResponse:
    """Record a yes/no vote (and, for "no", an optional reason) on a playbook or suggestion."""
    form = VoteForm(request.POST)
    exists = form.is_valid() and (
        TARGET_MODELS[form.cleaned_data["target"]]
        .filter(pk=form.cleaned_data["object_id"])
        .exists()
    )
    if not exists:
        if request.htmx:
            return render(request, "feedback/_vote.html", {"error": True, "form": form}, status=400)
        messages.error(request, _("That vote could not be recorded. Please try again."))
        return render(request, "feedback/vote_error.html", {"next": _next_url(request)}, status=400)
    rating = record_vote(user=request.user, **form.cleaned_data)
    context = {
        "target": rating.target,
        "object_id": rating.object_id,
        "rating": rating,
        "next": _next_url(request),
        "just_voted": True,
    }
    if request.htmx:
        return render(request, "feedback/_vote.html", context)
    messages.success(request, _("Thank you. Your vote was recorded."))
    return HttpResponseRedirect(context["next"])


SECTIONS = {
    "unanswered": (insights.unanswered_searches, True),
    "few_clicks": (insights.searches_with_few_clicks, True),
    "most_viewed": (insights.most_viewed, True),
    "least_helpful": (insights.least_helpful, True),
    "unhelpful_suggestions": (insights.unhelpful_suggestions, True),
    "overdue": (insights.overdue_reviews, False),
    "coverage": (insights.thin_coverage, False),
}


def _sections(days: int) -> dict[str, list]:
    return {
        name: function(days) if takes_period else function()
        for name, (function, takes_period) in SECTIONS.items()
    }


@require_GET
@permission_required(TEAM_LEAD_PERMISSION, raise_exception=True)
def insights_page(request: HttpRequest) -> HttpResponse:
    """Aggregated use of the guidance for team leads; never who searched for what."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "threshold": insights.query_threshold()}
        return render(request, "feedback/insights.html", context, status=400)
    days = form.cleaned_data["days"]
    sections = _sections(days)
    context = {
        "form": form,
        "days": days,
        "sections": sections,
        "charts": {name: insights.bars(sections[name]) for name in ("most_viewed", "unanswered")},
        "threshold": insights.query_threshold(),
    }
    return render(request, "feedback/insights.html", context)


@require_GET
@permission_required(TEAM_LEAD_PERMISSION, raise_exception=True)
def insights_csv(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Unknown period."), status=400, content_type="text/plain")
    days = form.cleaned_data["days"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{days}-days.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "label", "value", "detail"])
    for name, rows in _sections(days).items():
        for row in rows:
            writer.writerow([name, _csv_safe(row.label), row.value, _csv_safe(row.detail)])
    return response


def _csv_safe(text: str) -> str:
    """Stop a spreadsheet from running a cell that starts like a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
