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
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

from playbooks.library import content_version
from playbooks.library.choices import Region
from playbooks.library.models import reader_language

from .engine import Plan, Rules, get_rules, remembered_plan, safety_card
from .forms import SHORT_LABELS, GuideForm, RegionForm
from .ics import follow_up_calendar
from .regions import reader_region, set_reader_region

STEPS = (
    "situation",
    "also",
    "stage",
    "relationship",
    "channel",
    "pressure",
    "can_grant",
    "signals",
    "region",
    "client_language",
)
# Steps that need a choice before the next one; the others may be left empty or as they
# come (their defaults), and count as answered once the reader has moved past them.
REQUIRED = {"situation", "relationship", "channel", "pressure", "can_grant"}
NOTHING = {"also": gettext_lazy("Nothing else"), "signals": gettext_lazy("None of these")}


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


def answers_query(form: GuideForm, *, given_only: bool = False, **extra) -> str:
    """The valid answers (and nothing else) as a query string, in step order; between
    steps, only those the reader gave (a default is not yet an answer)."""
    data = getattr(form, "cleaned_data", {})
    pairs = []
    for name in STEPS:
        if given_only and name in form.defaulted:
            continue
        value = data.get(name)
        if isinstance(value, list):
            pairs.extend((name, v) for v in value)
        elif value:
            pairs.append((name, value))
    pairs.extend((k, v) for k, v in extra.items() if v)
    return urlencode(pairs)


def _number(value, most: int = len(STEPS)) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() and int(value) <= most else 0


def steps_passed(params) -> int:
    """How many steps the reader has moved past (carried as `seen` between steps)."""
    return max(_number(params.get("seen", "")), _number(params.get("next", "")))


def guide_steps(form: GuideForm, params, *, show_all: bool) -> tuple[list[Step], Step]:
    """The steps: which are answered, which one is shown, and where each can be changed."""
    if form.is_bound:
        form.is_valid()
    valid = getattr(form, "cleaned_data", {})
    passed = steps_passed(params)
    answered = [
        bool(valid.get(name)) if name in REQUIRED else i < passed and name not in form.errors
        for i, name in enumerate(STEPS)
    ]
    first_open = next((i for i, done in enumerate(answered[:-1]) if not done), len(STEPS) - 1)
    asked = params.get("step", "")
    current = int(asked) - 1 if asked.isdigit() and 0 < int(asked) <= first_open + 1 else first_open
    pressed_next = params.get("next", "")
    start_url = reverse("guide:start")
    # Steps moved past, carried on: never beyond the first open step, never before this one.
    seen = max(min(passed, first_open), current)
    form.steps_seen = seen
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
                answer=answer or str(NOTHING.get(name, "")),
                change_url=f"{start_url}?"
                + answers_query(form, given_only=True, step=str(i + 1), seen=str(seen or "")),
            )
        )
    return steps, steps[current]


def render_questions(
    request: HtmxHttpRequest, form: GuideForm, *, show_all: bool = False, status: int = 200
) -> HttpResponse:
    steps, current = guide_steps(form, request.GET, show_all=show_all)
    seen = form.steps_seen
    context = {
        "form": form,
        "steps": steps,
        "current": current,
        "previous": steps[current.number - 2] if current.number > 1 else None,
        "show_all": show_all,
        "seen": seen,
    }
    template = "guide/start.html#guide_form" if request.htmx else "guide/start.html"
    response = render(request, template, context, status=status)
    if request.htmx:
        query = answers_query(
            form, given_only=True, step=request.GET.get("step", ""), seen=str(seen or "")
        )
        push_url(response, f"{reverse('guide:start')}?{query}" if query else reverse("guide:start"))
    return response


def guide_form(request: HttpRequest, rules: Rules | None = None, *, bound=False) -> GuideForm:
    """The questions, bound to the query string, with this reader's defaults."""
    return GuideForm(
        request.GET if bound else request.GET or None,
        rules=rules,
        reader_region=reader_region(request.user),
        language=reader_language(),
    )


@require_GET
@vary_on_headers("HX-Request")
def start(request: HtmxHttpRequest) -> HttpResponse:
    """All questions as one form; with htmx, one step at a time (the form re-rendered)."""
    return render_questions(request, guide_form(request))


def plan_for(request: HttpRequest, rules: Rules) -> tuple[GuideForm, Plan | None]:
    form = guide_form(request, rules, bound=True)
    if not form.is_valid():
        return form, None
    return form, remembered_plan(form.answers(), rules)


def answers_line(form: GuideForm) -> list[tuple[str, str]]:
    """The answers as short label and value pairs, for the plan's one-line summary."""
    steps, _current = guide_steps(form, {"seen": str(len(STEPS))}, show_all=False)
    return [(str(step.short_label), step.answer) for step in steps if step.answer]


@require_GET
def plan(request: HtmxHttpRequest) -> HttpResponse:
    """The response plan for the answers in the query string; nothing is stored."""
    version = content_version.for_request(request)
    own_region = reader_region(request.user)
    rules = get_rules(version=version)
    form, the_plan = plan_for(request, rules)
    if the_plan is None:
        return render_questions(request, form, show_all=True, status=400)
    query = answers_query(form)
    plan_url = f"{reverse('guide:plan')}?{query}"
    follow_up_steps = the_plan.follow_up.dated(timezone.localdate()) if the_plan.follow_up else []
    due = follow_up_steps[0][0] if follow_up_steps else None
    answers = the_plan.answers
    everything = str(len(STEPS))
    context = {
        "plan": the_plan,
        "form": form,
        "query": query,
        "share_url": request.build_absolute_uri(plan_url),
        "plan_url": plan_url,
        "change_url": f"{reverse('guide:start')}?{answers_query(form, seen=everything)}",
        "region_change_url": (
            f"{reverse('guide:start')}?"
            f"{answers_query(form, step=str(STEPS.index('region') + 1), seen=everything)}"
        ),
        "calendar_url": f"{reverse('guide:calendar')}?{query}",
        "due": due,
        "follow_up_steps": follow_up_steps,
        "region_form": RegionForm(initial={"region": own_region, "next": plan_url}),
        "region": answers.region,
        "region_label": Region(answers.region).label,
        "reader_region": own_region,
        "summary": answers_line(form),
        "check_url": checker_url(answers),
        "notes": answer_notes(form),
    }
    return render(request, "guide/plan.html", context)


def checker_url(answers) -> str:
    """ "Check my message" with this plan's situation and signals chosen: answers only."""
    query = urlencode(
        [
            ("language", answers.phrase_language),
            ("situation", answers.situation),
            ("channel", "written"),
            *(("signals", signal) for signal in answers.signals),
        ]
    )
    return f"{reverse('check:check')}?{query}"


def answer_notes(form: GuideForm) -> list[str]:
    """What the plan set aside or assumed from an answer it did not know."""
    notes = []
    if "region" in form.ignored:
        notes.append(
            _("We do not know that client region, so the numbers are for your own region.")
        )
    if "client_language" in form.ignored:
        notes.append(_("We do not know that client language, so the phrases are in your language."))
    if "stage" in form.ignored:
        notes.append(_("We do not know that stage, so the plan is for a first conversation."))
    if "also" in form.ignored:
        notes.append(
            _("One of the other situations is not one we know, so the plan leaves it out.")
        )
    return notes


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The follow-up reminder as an .ics file: a date and generic words, nothing more,
    in the client's language like the phrases."""
    _form, the_plan = plan_for(request, get_rules())
    if the_plan is None or the_plan.follow_up is None:
        return HttpResponseBadRequest(
            _("These answers do not make a plan with a follow-up. Go back to the guide."),
            content_type="text/plain; charset=utf-8",
        )
    on = timezone.localdate() + timedelta(days=the_plan.follow_up.days)
    language = the_plan.answers.phrase_language
    with translation.override(language):
        body = follow_up_calendar(
            on=on,
            summary=_("Check in with your client"),
            description=_(
                "A short check-in: ask how they are and whether the new arrangements still "
                "work. Your plan in crisisguide has the wording."
            ),
            language=language,
            now=timezone.now(),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-up.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def safety(request: HttpRequest) -> HttpResponse:
    """ "Client may be unsafe?": every safety card at once, for the client's region, and
    how to get help to them from the reader's own region when that is another."""
    own_region = reader_region(request.user)
    asked = request.GET.get("region", "")
    region = asked if asked in Region.values else own_region
    card = safety_card(
        get_rules(), region=region, language=reader_language(), reader_region=own_region
    )
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
