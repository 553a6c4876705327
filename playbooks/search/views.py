from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from playbooks.models import Situation, reader_language

from .backends import RANK_WINDOW, search_page
from .forms import SearchForm
from .log import record_search
from .query import normalise_query


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@vary_on_headers("HX-Request")
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Results page for /search/?q=…&situation=…, or just the results for htmx as you type."""
    form = SearchForm(request.GET or None)
    language = reader_language()
    page, query, situation, status = None, "", None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        query, situation = form.cleaned_data["q"], form.cleaned_data["situation"]
    if query:
        page = search_page(
            query, language=language, situation=situation, page=request.GET.get("page")
        )
        record_search(query=query, result_count=page.paginator.count, language=language)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "situation": situation,
        "situations": Situation.objects.all(),
        "from_search": urlencode({"from_search": normalise_query(query)}),
        "rank_window": number_format(RANK_WINDOW, force_grouping=True),
    }
    template = "search/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context, status=status)
