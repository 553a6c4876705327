from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import content_version, selectors
from .forms import PlaybookFilterForm
from .models import Playbook, reader_language
from .signals import playbook_viewed


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    language = reader_language()
    situations = selectors.lazily(lambda: selectors.situations_with_counts(language))
    return render(request, "home.html", {"situations": situations})


@require_GET
def playbook_list(request: HttpRequest) -> HttpResponse:
    form = PlaybookFilterForm(request.GET)
    situation, status = None, 200
    if form.is_valid():
        situation = form.cleaned_data["situation"]
        version = content_version.for_request(request)
        page = selectors.reader_page(
            reader_language(), situation, request.GET.get("page"), version=version
        )
    else:
        page, status = Paginator([], selectors.PER_PAGE).get_page(1), 400
    context = {
        "form": form,
        "page": page,
        "situations": selectors.lazily(selectors.all_situations),
        "situation": situation,
    }
    return render(request, "playbooks/playbook_list.html", context, status=status)


@require_GET
def playbook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    playbook = selectors.published_playbook(slug)
    if playbook is None:
        raise Http404
    language = reader_language()
    boundaries = selectors.lazily(lambda: list(playbook.boundaries.all()))
    context = {
        "playbook": playbook,
        "avoid": selectors.lazily(lambda: [b for b in boundaries if b.kind == "avoid"]),
        "do": selectors.lazily(lambda: [b for b in boundaries if b.kind == "do"]),
        "related": selectors.lazily(lambda: selectors.related(playbook, language)),
        "translations": selectors.lazily(lambda: selectors.translations(playbook)),
    }
    response = render(request, "playbooks/playbook_detail.html", context)
    playbook_viewed.send(sender=Playbook, playbook=playbook, request=request)
    return response


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
