import hashlib
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from playbooks.library import content_version
from playbooks.library.models import reader_language
from playbooks.library.selectors import all_situations

from .backends import RANK_WINDOW, SearchResults, page_of, results_page
from .backends import search as find
from .forms import SearchForm
from .log import record_search
from .query import normalise_query


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def result_count(results: SearchResults) -> int:
    """How many playbooks match, for the log: counted once per content version."""
    terms = " ".join(results.terms.words) + ("*" if results.terms.prefix else "")
    situation = results.situation.slug if results.situation else ""
    digest = hashlib.md5(f"{terms}|{situation}".encode(), usedforsecurity=False).hexdigest()
    return content_version.cached(
        "search-count", results.count, results.language, digest, version=results.version
    )


def _lazy_page(results: SearchResults, number: int) -> SimpleLazyObject:
    return SimpleLazyObject(lambda: results_page(results, number))


# The search box's id: htmx names it in HX-Trigger when results update as the reader types.
TYPING_TRIGGER = "search-q"


def typing(request: HtmxHttpRequest) -> bool:
    """Whether this search is one of the prefixes of a query still being typed.

    Those are not logged: the log would fill with "m", "mo", "mot"… The query is logged once
    the reader stops typing (a request the page sends after a pause, search.html), submits
    it, or opens a result with it.
    """
    return bool(request.htmx) and request.htmx.trigger == TYPING_TRIGGER


def record_opened(query: str, *, reader, version: int) -> None:
    """Log a query whose result was opened while it was still being typed."""
    language = reader_language()
    results = find(query, language=language, version=version)
    record_search(query=query, result_count=result_count(results), language=language, reader=reader)


@require_GET
@vary_on_headers("HX-Request")
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Results page for /search/?q=…&situation=…, or just the results for htmx as you type.

    Every search is logged.
    """
    version = content_version.for_request(request)
    form = SearchForm(request.GET or None)
    language = reader_language()
    query, situation, status = "", None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        query, situation = form.cleaned_data["q"], form.cleaned_data["situation"]
    page, pages = None, None
    if query:
        results = find(query, language=language, situation=situation, version=version)
        count = result_count(results)
        if not typing(request):
            record_search(query=query, result_count=count, language=language, reader=request.user)
        # The page numbers come from the count alone, so a cached page of results (keyed by
        # the page shown, search.html) runs no search; `page` is built only when it is not.
        pages = page_of(count, request.GET.get("page"))
        page = _lazy_page(results, pages.number)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "pages": pages,
        "situation": situation,
        "situations": all_situations(),
        "from_search": urlencode({"from_search": normalise_query(query)}),
        "query_only": urlencode({"q": query}),
        "rank_window": number_format(RANK_WINDOW, force_grouping=True),
    }
    template = "search/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context, status=status)
