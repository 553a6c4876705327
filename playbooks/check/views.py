"""/check/: "Check my message". The draft arrives by POST, is checked and is forgotten.

It is never stored, logged, cached or put in a URL: the view is `never_cache`, its POST
parameters are hidden from error reports, and the request log leaves it out entirely.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from crisisguide.middleware import keep_out_of_logs

from .forms import CheckForm
from .matching import check
from .rewrites import add_rewrites
from .rules import active_rules

TEMPLATE = "check/check.html"


@never_cache
@sensitive_post_parameters("text")
@keep_out_of_logs
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    """The empty form on GET (answers may be prefilled from a plan's query); results on POST."""
    if request.method == "GET":
        form = CheckForm(initial=_answers_from(request.GET))
        return render(request, TEMPLATE, {"form": form, "result": None})
    form = CheckForm(request.POST)
    htmx = getattr(request, "htmx", False)
    template = f"{TEMPLATE}#results" if htmx else TEMPLATE
    if not form.is_valid():
        return render(request, template, {"form": form, "result": None}, status=400)
    context = form.context()
    rules = active_rules(context.language)
    result = check(form.cleaned_data["text"], rules, context)
    add_rewrites(result.problems, rules, context)
    return render(request, template, {"form": form, "result": result})


def _answers_from(query) -> dict:
    """Only the structured answers are ever read from a URL; a `text` there is ignored."""
    initial = {}
    for name in ("language", "situation", "channel"):
        if query.get(name):
            initial[name] = query[name]
    if signals := query.getlist("signals"):
        initial["signals"] = signals
    return initial
