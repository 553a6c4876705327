"""The playbook admin: the list, the form with its items inline, saving as one version, and
the workflow's moves one at a time or in bulk."""

import json

from django.contrib import admin, messages
from django.db.models import Max
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from .. import history, workflow
from ..markdown import render_markdown
from ..models import Playbook, PlaybookRevision
from ..roles import team_leads
from .actions import PlaybookBulkActionsMixin
from .base import HtmxHttpRequest, Status, playbook_change_url
from .files import PlaybookFilesMixin
from .filters import ReviewFilter
from .forms import FORM_FIELD, PlaybookAdminForm, PreviewForm
from .inlines import BoundaryInline, OptionInline, PhraseInline
from .revisions import PlaybookHistoryMixin

# Changing these is managing the playbook, not changing what readers see.
MANAGEMENT_FIELDS = {"owner", "review_by", "review_interval_days"}
# Plain inputs whose saved value a button can put back while merging.
MERGEABLE_FIELDS = (
    "title", "slug", "summary", "body", "follow_up", "follow_up_days", "review_by",
    "review_interval_days",
)  # fmt: skip


def _takeable(conflict: history.Conflict) -> list[dict]:
    """Saved values a lead can copy into the form with one button while merging."""
    rows = []
    for change in conflict.changes or []:
        name = FORM_FIELD.get(change.name, change.name)
        if name in MERGEABLE_FIELDS:
            value = conflict.current_values.get(change.name)
            value = "" if value is None else value
            rows.append(
                {
                    "field": f"id_{name}",
                    "label": change.label.lower(),
                    "value": value.isoformat() if hasattr(value, "isoformat") else value,
                }
            )
    return rows


@admin.register(Playbook)
class PlaybookAdmin(
    PlaybookBulkActionsMixin, PlaybookHistoryMixin, PlaybookFilesMixin, admin.ModelAdmin
):
    form = PlaybookAdminForm
    list_display = ("title", "status", "language", "owner", "review_due", "last_edit", "version")
    list_filter = (
        "status",
        ReviewFilter,
        "language",
        ("owner", admin.RelatedOnlyFieldListFilter),
        "situations",
    )
    search_fields = ("title", "slug", "summary")
    ordering = ("title",)
    list_select_related = ("owner", "edited_by")
    list_per_page = 50
    autocomplete_fields = ("situations", "translation_of", "contributions")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("preview",)
    fieldsets = (
        (
            gettext_lazy("Content"),
            {
                "fields": (
                    "title",
                    "slug",
                    ("language", "translation_of"),
                    "situations",
                    "summary",
                    "body",
                    "preview",
                )
            },
        ),
        (
            gettext_lazy("Follow-up and provenance"),
            {"fields": ("follow_up", "follow_up_days", "contributions", "sources")},
        ),
        (
            gettext_lazy("Ownership and review"),
            {"fields": ("owner", "review_by", "review_interval_days")},
        ),
    )
    inlines = (PhraseInline, BoundaryInline, OptionInline)
    save_on_top = True  # the save and workflow buttons, without scrolling to the end
    actions = (
        "publish_selected",
        "submit_selected",
        "archive_selected",
        "mark_reviewed_selected",
        "download_selected",
    )

    # The list ------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("review by"), ordering="review_by")
    def review_due(self, obj: Playbook) -> str:
        if obj.review_by is None:
            return "—"
        if obj.is_overdue and obj.status != Status.ARCHIVED:
            return _("%(date)s (overdue)") % {"date": obj.review_by.isoformat()}
        return obj.review_by.isoformat()

    @admin.display(description=gettext_lazy("last edited"), ordering="edited_at")
    def last_edit(self, obj: Playbook) -> str:
        if obj.edited_at is None:
            return "—"
        who = obj.edited_by.get_username() if obj.edited_by else _("unknown")
        return f"{timezone.localtime(obj.edited_at):%Y-%m-%d %H:%M} ({who})"

    def view_on_site(self, obj: Playbook):
        """Only published playbooks have a public page."""
        return obj.get_absolute_url() if obj.status == Status.PUBLISHED else None

    # The form ------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("Preview"))
    def preview(self, obj: Playbook | None) -> str:
        return render_to_string(
            "admin/playbooks/playbook/preview.html#field",
            {
                "summary": obj.summary if obj else "",
                "body_html": render_markdown(obj.body) if obj else "",
            },
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        live = {
            "hx-post": reverse("admin:playbooks_playbook_preview"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#playbook-preview",
            "hx-include": "#id_summary, #id_body, [name='csrfmiddlewaretoken']",
            "hx-sync": "this:replace",
            "aria-controls": "playbook-preview",
        }
        for name in ("summary", "body"):
            if name in form.base_fields:
                form.base_fields[name].widget.attrs.update(live)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = team_leads()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        initial.setdefault(
            "review_by", workflow.next_review_date(Playbook(review_interval_days=180))
        )
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        playbook = obj or Playbook(status=Status.DRAFT, edited_by=request.user)
        context.update(
            {
                "workflow_steps": workflow.steps(playbook, request.user),
                "four_eyes": workflow.four_eyes(),
                "conflict": form.conflict,
                "version_field": form["expected_version"],
                "is_published": obj is not None and obj.status == Status.PUBLISHED,
                "can_mark_reviewed": obj is not None
                and request.user.has_perm("playbooks.change_playbook"),
            }
        )
        if form.conflict is not None:
            request.playbook_conflict = True
            context["conflict_takeable"] = _takeable(form.conflict)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if getattr(request, "playbook_conflict", False):
            response.status_code = 409  # refused: someone else saved first
        return response

    # Saving --------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            # Saved once, in save_related, after the items: one save is one version.
            history.ensure_recorded(obj.pk)
            return
        now = timezone.now()
        obj.edited_by = obj.status_changed_by = request.user
        obj.edited_at = obj.status_changed_at = now
        if obj.review_by is None:
            obj.review_by = workflow.next_review_date(obj)
        obj.save()

    def save_formset(self, request, form, formset, change):
        """New items without an order of their own go after the existing ones."""
        items = formset.save(commit=False)
        existing = formset.model.objects.filter(playbook=form.instance)
        last = existing.aggregate(last=Max("order"))["last"] or 0
        for item in items:
            if item.pk is None and not item.order:
                last += 1
                item.order = last
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        items_changed = any(formset.has_changed() for formset in formsets)
        if change and not (form.has_changed() or items_changed):
            return
        message = self.construct_change_message(request, form, formsets, not change)
        if change:
            content_changed = items_changed or bool(set(form.changed_data) - MANAGEMENT_FIELDS)
            if content_changed and workflow.note_edit(obj, request.user):
                self.message_user(
                    request,
                    _(
                        "Four eyes are required, so your change to a published playbook is now "
                        "in review and hidden from readers until another team lead publishes it."
                    ),
                    messages.WARNING,
                )
            obj.save()
        history.record(
            playbook_id=obj.pk,
            user=request.user,
            action=PlaybookRevision.Action.EDITED if change else PlaybookRevision.Action.CREATED,
            comment=json.dumps(message),
        )

    def _after_save(self, request, obj: Playbook) -> HttpResponse | None:
        """The workflow and review buttons beside Save: save first, then move."""
        if name := request.POST.get("_transition"):
            self._move(request, obj.pk, name)
        elif "_mark_reviewed" in request.POST:
            playbook = workflow.mark_reviewed(playbook_id=obj.pk, user=request.user)
            self.log_change(request, playbook, _("Marked as reviewed."))
            self.message_user(
                request,
                _("Marked as reviewed; the next review is due by %(date)s.")
                % {"date": playbook.review_by.isoformat()},
                messages.SUCCESS,
            )
        else:
            return None
        return HttpResponseRedirect(playbook_change_url(obj.pk))

    def _move(self, request, playbook_id: int, name: str) -> bool:
        try:
            playbook = workflow.move(playbook_id=playbook_id, name=name, user=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.log_change(request, playbook, str(workflow.TRANSITIONS[name].action.label))
        self.message_user(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": playbook.title, "status": playbook.get_status_display().lower()},
            messages.SUCCESS,
        )
        return True

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        if obj.status == Status.PUBLISHED and "_transition" not in request.POST:
            self.message_user(request, _("The playbook is published: readers see your change now."))
        return self._after_save(request, obj) or super().response_change(request, obj)

    # Extra pages ---------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        name = "playbooks_playbook"
        return [
            path("preview/", view(self.preview_view), name=f"{name}_preview"),
            path("upload/", view(self.upload_view), name=f"{name}_upload"),
            path("<path:object_id>/download/", view(self.download_view), name=f"{name}_download"),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:number>/revert/",
                view(require_POST(self.revert_view)),
                name=f"{name}_revert",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HtmxHttpRequest):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview"),
            "opts": self.opts,
        }
        return _preview(request, context)


@require_POST
@vary_on_headers("HX-Request")
def _preview(request: HtmxHttpRequest, admin_context: dict) -> HttpResponse:
    """The summary and body as readers will see them, through the public page's sanitiser.

    htmx gets the fragment for the change form; without JavaScript, the form's "Preview"
    button opens the same preview as a page.
    """
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("The text is too long to preview."), status=400, content_type="text/plain"
        )
    context = {
        **admin_context,
        "summary": form.cleaned_data["summary"],
        "body_html": render_markdown(form.cleaned_data["body"]),
        "updated": True,
    }
    template = "admin/playbooks/playbook/preview.html"
    if request.htmx:
        template += "#preview"
    return render(request, template, context)
