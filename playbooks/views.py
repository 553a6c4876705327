from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .feedback.models import Rating
from .feedback.recording import count_click, count_view
from .forms import PlaybookFilterForm
from .models import Boundary, FlexibilityOption, Phrase, Playbook, Situation


def reader_language() -> str:
    return (get_language() or "en")[:2]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    published = Q(playbooks__status=Playbook.Status.PUBLISHED)
    situations = Situation.objects.annotate(playbook_count=Count("playbooks", filter=published))
    return render(request, "home.html", {"situations": situations})


@require_GET
def playbook_list(request: HttpRequest) -> HttpResponse:
    form = PlaybookFilterForm(request.GET)
    playbooks = Playbook.objects.published().for_reader(reader_language())
    status = 200
    if form.is_valid():
        if situation := form.cleaned_data["situation"]:
            playbooks = playbooks.for_situation(situation.slug)
    else:
        status = 400
        playbooks = playbooks.none()
    page = Paginator(
        playbooks.prefetch_related("situations").order_by("title"), 24, orphans=3
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "situations": Situation.objects.all(),
        "situation": form.cleaned_data.get("situation") if form.is_valid() else None,
    }
    return render(request, "playbooks/playbook_list.html", context, status=status)


@require_GET
def playbook_detail(request: HttpRequest, slug: str) -> HttpResponse:
    playbook = get_object_or_404(
        Playbook.objects.published()
        .select_related("translation_of")
        .prefetch_related(
            "situations",
            "contributions",
            Prefetch("phrases", Phrase.objects.order_by("order", "pk")),
            Prefetch("boundaries", Boundary.objects.order_by("order", "pk")),
            Prefetch("options", FlexibilityOption.objects.order_by("order", "pk")),
            Prefetch("translations", Playbook.objects.published()),
        ),
        slug=slug,
    )
    related = Playbook.objects.published().for_reader(reader_language()).related_to(playbook)[:4]
    translations = [*playbook.translations.all()]
    if playbook.translation_of and playbook.translation_of.status == Playbook.Status.PUBLISHED:
        translations.append(playbook.translation_of)
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
        "related": related,
        "translations": translations,
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
