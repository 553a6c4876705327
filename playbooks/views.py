from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import content_version
from .browsing import (
    PER_PAGE,
    ListPage,
    all_situations,
    playbook_page,
    published_playbook_id,
    reader_page,
    situations_with_counts,
)
from .content_version import CACHE_SECONDS
from .feedback.models import Rating
from .feedback.recording import count_click, count_view, previous_vote
from .forms import PlaybookFilterForm
from .models import reader_language
from .page_cache import render_page
from .search.views import record_opened


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    version = content_version.current()

    def build(extra: dict) -> HttpResponse:
        situations = situations_with_counts(reader_language(), version=version)
        return render(request, "home.html", {"situations": situations, **extra})

    return render_page(request, build, version=version)


@require_GET
def playbook_list(request: HttpRequest) -> HttpResponse:
    version = content_version.current()

    def build(extra: dict) -> HttpResponse:
        form = PlaybookFilterForm(request.GET)
        if form.is_valid():
            situation = form.cleaned_data["situation"]
            number = request.GET.get("page")
            listing = reader_page(reader_language(), situation, number, version=version)
            status = 200
        else:
            situation = None
            listing = ListPage(Paginator([], PER_PAGE).get_page(1), stamp="none")
            status = 400
        context = {
            "form": form,
            "page": listing.page,
            "content_stamp": listing.stamp,
            "cache_seconds": CACHE_SECONDS,
            "situations": all_situations(version=version),
            "situation": situation,
            **extra,
        }
        return render(request, "playbooks/playbook_list.html", context, status=status)

    return render_page(request, build, version=version)


@require_GET
def playbook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = content_version.current()
    playbook_id = published_playbook_id(slug, version=version)
    if playbook_id is None:
        raise Http404
    count_view(playbook_id)
    if query := request.GET.get("from_search", ""):
        count_click(query=query, playbook_id=playbook_id)
        if request.GET.get("log_search"):
            record_opened(query, reader=request.user, version=version)
    helpful = previous_vote(request.user, target="playbook", object_id=playbook_id)

    def build(extra: dict) -> HttpResponse:
        page = playbook_page(slug, reader_language(), version=version)
        if page is None:
            raise Http404
        playbook = page.playbook
        boundaries = playbook.boundaries.all()
        context = {
            "rating": None if helpful is None else Rating(helpful=helpful),
            "playbook": playbook,
            "avoid": [b for b in boundaries if b.kind == "avoid"],
            "do": [b for b in boundaries if b.kind == "do"],
            "related": page.related,
            "translations": page.translations,
            "content_stamp": page.stamp,
            "cache_seconds": CACHE_SECONDS,
            **extra,
        }
        return render(request, "playbooks/playbook_detail.html", context)

    return render_page(request, build, vary=(helpful,), version=version)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and a real round trip to the database, for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready", never a 500
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
