"""The guide: the questions (/guide/), the plan (/guide/plan/), its calendar file, the region.

Everything about the client travels in the query string as structured answers only; the
names a reader may type stay in their browser. Nothing here stores anything about a client.
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.forms import BoundField
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

from playbooks import content_version
from playbooks.models import reader_language
from playbooks.tags import Region

from .engine import Plan, Rules, get_rules, remembered_plan, safety_card
from .forms import SHORT_LABELS, GuideForm, RegionForm
from .ics import follow_up_calendar
from .regions import reader_region, set_reader_region

STEPS = ("situation", "relationship", "channel", "pressure", "can_grant", "signals")


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass
class Step:
    number: int
    name: str
    field: BoundField
    answered: bool
    current: bool
    show_errors: bool
    answer: str
    change_url: str

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.name]

    @property
    def described_by(self) -> str:
        ids = [f"hint-{self.name}"] if self.field.help_text else []
        if self.show_errors and self.field.errors:
            ids.append(f"error-{self.name}")
        return " ".join(ids)


def answers_query(form: GuideForm, **extra) -> str:
    """The valid answers (and nothing else) as a query string, in step order."""
    data = getattr(form, "cleaned_data", {})
    pairs = []
    for name in STEPS:
        value = data.get(name)
        if isinstance(value, list):
            pairs.extend((name, v) for v in value)
        elif value:
            pairs.append((name, value))
    pairs.extend((k, v) for k, v in extra.items() if v)
    return urlencode(pairs)


def guide_steps(form: GuideForm, params, *, show_all: bool) -> tuple[list[Step], Step]:
    """The six steps: which are answered, which one is shown, and where each can be changed."""
    if form.is_bound:
        form.is_valid()
    valid = getattr(form, "cleaned_data", {})
    answered = [name in valid and (name == "signals" or bool(valid[name])) for name in STEPS]
    # The signals step is optional and last: it is reached once all the others are answered.
    answered[-1] = "signals" in params and "signals" in valid
    first_open = next((i for i, done in enumerate(answered[:-1]) if not done), len(STEPS) - 1)
    asked = params.get("step", "")
    current = int(asked) - 1 if asked.isdigit() and 0 < int(asked) <= first_open + 1 else first_open
    pressed_next = params.get("next", "")
    start_url = reverse("guide:start")
    steps = []
    for i, name in enumerate(STEPS):
        bound = form[name]
        choices = dict(form.fields[name].choices)
        value = valid.get(name)
        answer = (
            ", ".join(str(choices[v]) for v in value)
            if isinstance(value, list)
            else str(choices.get(value, ""))
        )
        steps.append(
            Step(
                number=i + 1,
                name=name,
                field=bound,
                answered=answered[i],
                current=i == current,
                show_errors=form.is_bound
                and (show_all or (pressed_next == str(i + 1) and not answered[i])),
                answer=answer or (_("None of these") if name == "signals" else ""),
                change_url=f"{start_url}?{answers_query(form, step=str(i + 1))}",
            )
        )
    return steps, steps[current]


def render_questions(
    request: HtmxHttpRequest, form: GuideForm, *, show_all: bool = False, status: int = 200
) -> HttpResponse:
    steps, current = guide_steps(form, request.GET, show_all=show_all)
    context = {
        "form": form,
        "steps": steps,
        "current": current,
        "previous": steps[current.number - 2] if current.number > 1 else None,
        "show_all": show_all,
    }
    template = "guide/start.html#guide_form" if request.htmx else "guide/start.html"
    response = render(request, template, context, status=status)
    if request.htmx:
        query = answers_query(form, step=request.GET.get("step", ""))
        push_url(response, f"{reverse('guide:start')}?{query}" if query else reverse("guide:start"))
    return response


@require_GET
@vary_on_headers("HX-Request")
def start(request: HtmxHttpRequest) -> HttpResponse:
    """All questions as one form; with htmx, one step at a time (the form re-rendered)."""
    return render_questions(request, GuideForm(request.GET or None))


def plan_for(
    request: HttpRequest, rules: Rules, region: str | None = None
) -> tuple[GuideForm, Plan | None]:
    form = GuideForm(request.GET, rules=rules)
    if not form.is_valid():
        return form, None
    region = region or reader_region(request.user)
    answers = form.answers(region=region, language=reader_language())
    return form, remembered_plan(answers, rules)


@require_GET
def plan(request: HtmxHttpRequest) -> HttpResponse:
    """The response plan for the answers in the query string; nothing is stored."""
    version = content_version.for_request(request)
    region = reader_region(request.user)
    rules = get_rules(version=version)
    form, the_plan = plan_for(request, rules, region)
    if the_plan is None:
        return render_questions(request, form, show_all=True, status=400)
    query = answers_query(form)
    plan_url = f"{reverse('guide:plan')}?{query}"
    follow_up_steps = the_plan.follow_up.dated(timezone.localdate()) if the_plan.follow_up else []
    due = follow_up_steps[0][0] if follow_up_steps else None
    context = {
        "plan": the_plan,
        "form": form,
        "query": query,
        "share_url": request.build_absolute_uri(plan_url),
        "plan_url": plan_url,
        "change_url": f"{reverse('guide:start')}?{query}",
        "calendar_url": f"{reverse('guide:calendar')}?{query}",
        "due": due,
        "follow_up_steps": follow_up_steps,
        "region_form": RegionForm(initial={"region": the_plan.answers.region, "next": plan_url}),
        "region": the_plan.answers.region,
        "region_label": Region(the_plan.answers.region).label,
        "summary": guide_steps(form, request.GET, show_all=False)[0],
    }
    return render(request, "guide/plan.html", context)


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The follow-up reminder as an .ics file: a date and generic words, nothing more."""
    _form, the_plan = plan_for(request, get_rules())
    if the_plan is None or the_plan.follow_up is None:
        return HttpResponseBadRequest(
            _("These answers do not make a plan with a follow-up. Go back to the guide."),
            content_type="text/plain; charset=utf-8",
        )
    on = timezone.localdate() + timedelta(days=the_plan.follow_up.days)
    body = follow_up_calendar(
        on=on,
        summary=_("Check in with your client"),
        description=_(
            "A short check-in: ask how they are and whether the new arrangements still work. "
            "Your plan in crisisguide has the wording."
        ),
        language=reader_language(),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-up.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def safety(request: HttpRequest) -> HttpResponse:
    """ "Client may be unsafe?": every safety card at once, for the client's region."""
    asked = request.GET.get("region", "")
    region = asked if asked in Region.values else reader_region(request.user)
    card = safety_card(get_rules(), region=region, language=reader_language())
    context = {
        "plan": SimpleNamespace(safety=card),
        "region": region,
        "region_label": Region(region).label,
        "regions": Region.choices,
        "unknown_region": bool(asked) and asked not in Region.values,
    }
    status = 400 if context["unknown_region"] else 200
    return render(request, "guide/safety.html", context, status=status)


@require_POST
def choose_region(request: HttpRequest) -> HttpResponse:
    """Keep the reader's region for the helplines in their plans, then go back to the plan."""
    form = RegionForm(request.POST)
    if not form.is_valid():
        return render(request, "guide/region_error.html", {"form": form}, status=400)
    set_reader_region(user=request.user, region=form.cleaned_data["region"])
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("guide:start")
    return redirect(target)
