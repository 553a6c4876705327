from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .browsing import PER_PAGE, ListPage, playbook_page, reader_page, situations_with_counts
from .content_version import CACHE_SECONDS
from .feedback.models import Rating
from .feedback.recording import count_click, count_view
from .forms import PlaybookFilterForm
from .models import Situation, reader_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"situations": situations_with_counts(reader_language())})


@require_GET
def playbook_list(request: HttpRequest) -> HttpResponse:
    form = PlaybookFilterForm(request.GET)
    if form.is_valid():
        situation = form.cleaned_data["situation"]
        listing = reader_page(reader_language(), situation, request.GET.get("page"))
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
        "situations": Situation.objects.all(),
        "situation": situation,
    }
    return render(request, "playbooks/playbook_list.html", context, status=status)


@require_GET
def playbook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = playbook_page(slug, reader_language())
    if page is None:
        raise Http404
    playbook = page.playbook
    count_view(playbook.pk)
    if query := request.GET.get("from_search", ""):
        count_click(query=query, playbook_id=playbook.pk)
    boundaries = playbook.boundaries.all()
    context = {
        "rating": Rating.objects.filter(
            user=request.user, target="playbook", object_id=playbook.pk
        ).first(),
        "playbook": playbook,
        "avoid": [b for b in boundaries if b.kind == "avoid"],
        "do": [b for b in boundaries if b.kind == "do"],
        "related": page.related,
        "translations": page.translations,
        "content_stamp": page.stamp,
        "cache_seconds": CACHE_SECONDS,
    }
    return render(request, "playbooks/playbook_detail.html", context)


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
