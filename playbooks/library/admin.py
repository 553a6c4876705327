"""The admin, where team leads edit, review, publish and revert guidance.

Playbooks carry their phrases, boundaries and options inline. Every save is one new
`version`, recorded with who and when (history.py); a save made from an older version is
refused rather than allowed to overwrite (admin_forms.VersionCheckMixin); status moves go
through workflow.py, never through a form field.
"""

import io
import json
import zipfile
from collections import defaultdict
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from . import history, transfer, workflow
from .admin_forms import (
    FORM_FIELD,
    GuidanceItemForm,
    PlaybookAdminForm,
    PreviewForm,
    StandaloneItemForm,
    UploadForm,
    situation_choices,
)
from .approvals_admin import FourEyesAdmin
from .choices import Region
from .content_files import ContentError
from .markdown import render_markdown
from .models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    GuidanceItem,
    Phrase,
    Playbook,
    PlaybookRevision,
    Resource,
    Situation,
)
from .roles import team_leads

Status = Playbook.Status
TAG_FIELDS = GuidanceItem.TAG_FIELDS
# Changing these is managing the playbook, not changing what readers see.
MANAGEMENT_FIELDS = {"owner", "review_by", "review_interval_days"}
# Plain inputs whose saved value a button can put back while merging.
MERGEABLE_FIELDS = (
    "title", "slug", "summary", "body", "follow_up", "follow_up_days", "review_by",
    "review_interval_days",
)  # fmt: skip


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _excerpt(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


# --- Filters ---------------------------------------------------------------------------------


class ReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue for review")),
            ("soon", _("Due within 30 days")),
            ("none", _("No review date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        current = queryset.exclude(status=Status.ARCHIVED)
        match self.value():
            case "overdue":
                return current.overdue(today)
            case "soon":
                return current.filter(
                    review_by__gte=today, review_by__lte=today + timedelta(days=30)
                )
            case "none":
                return current.filter(review_by__isnull=True)
        return queryset


class HasPlaybooksFilter(admin.SimpleListFilter):
    title = gettext_lazy("published playbooks")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", _("Has published playbooks")), ("no", _("Has none"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_count__gt=0)
        if self.value() == "no":
            return queryset.filter(published_count=0)
        return queryset


class RegionFilter(admin.SimpleListFilter):
    title = gettext_lazy("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            # The tags are a JSON list; its text holds each value in quotes, on both databases.
            return queryset.filter(regions__icontains=f'"{self.value()}"')
        return queryset


# --- Playbooks -------------------------------------------------------------------------------


class ItemInline(admin.StackedInline):
    form = GuidanceItemForm
    extra = 1  # one empty form, so an item can be added even without JavaScript
    # Each group (Say, Avoid, Offer) folds away: the page was a 13,000 px wall of items.
    classes = ("collapse",)

    def get_formset(self, request, obj=None, **kwargs):
        choices = situation_choices()
        kwargs["form"] = type(self.form.__name__, (self.form,), {"situation_choices": choices})
        return super().get_formset(request, obj, **kwargs)


def _where(*extra):
    return (
        gettext_lazy("Where it applies"),
        {"fields": (*extra, *TAG_FIELDS), "classes": ("collapse",)},
    )


class PhraseInline(ItemInline):
    model = Phrase
    fieldsets = (
        (None, {"fields": (("kind", "weight", "priority", "order"), "text")}),
        (
            gettext_lazy("When it promises a change"),
            {"fields": ("approver", "wording_ask"), "classes": ("collapse",)},
        ),
        _where(),
    )


class BoundaryInline(ItemInline):
    model = Boundary
    fieldsets = (
        (None, {"fields": (("kind", "weight", "priority", "order"), "text", "why")}),
        _where(),
    )


class OptionInline(ItemInline):
    model = FlexibilityOption
    fieldsets = (
        (None, {"fields": (("approver", "weight", "priority", "order"), "text", "when")}),
        (
            gettext_lazy("Wording"),
            {"fields": ("wording_self", "wording_ask"), "classes": ("collapse",)},
        ),
        _where(),
    )


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


def _playbook_change_url(playbook_id: int) -> str:
    return reverse("admin:playbooks_playbook_change", args=[playbook_id])


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
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
        return HttpResponseRedirect(_playbook_change_url(obj.pk))

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

    # Bulk actions --------------------------------------------------------------------------

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("playbooks.publish_playbook")

    def _bulk_move(self, request, queryset, name: str) -> None:
        transition = workflow.TRANSITIONS[name]
        moved, already, refused = 0, 0, []
        for playbook_id, status in queryset.values_list("pk", "status"):
            if status == transition.to:
                already += 1
                continue
            try:
                playbook = workflow.move(playbook_id=playbook_id, name=name, user=request.user)
            except workflow.WorkflowError as error:
                refused.append(str(error))
                continue
            self.log_change(request, playbook, str(transition.action.label))
            moved += 1
        summary = _("%(step)s: %(moved)s done, %(already)s already so, %(refused)s refused.") % {
            "step": transition.label,
            "moved": moved,
            "already": already,
            "refused": len(refused),
        }
        self.message_user(request, summary, messages.WARNING if refused else messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(
        description=gettext_lazy("Publish the selected playbooks"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._bulk_move(request, queryset, "publish")

    @admin.action(
        description=gettext_lazy("Archive the selected playbooks"), permissions=["publish"]
    )
    def archive_selected(self, request, queryset):
        self._bulk_move(request, queryset, "archive")

    @admin.action(
        description=gettext_lazy("Submit the selected playbooks for review"), permissions=["change"]
    )
    def submit_selected(self, request, queryset):
        self._bulk_move(request, queryset, "submit")

    @admin.action(
        description=gettext_lazy("Mark the selected playbooks as reviewed"), permissions=["change"]
    )
    def mark_reviewed_selected(self, request, queryset):
        count = 0
        for playbook_id in queryset.values_list("pk", flat=True):
            playbook = workflow.mark_reviewed(playbook_id=playbook_id, user=request.user)
            self.log_change(request, playbook, _("Marked as reviewed."))
            count += 1
        self.message_user(
            request,
            _(
                "%(count)s playbook(s) marked as reviewed; each review date moved on by its "
                "interval."
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Download the selected playbooks as text files (zip)"),
        permissions=["view"],
    )
    def download_selected(self, request, queryset):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for playbook in queryset.select_related("translation_of"):
                archive.writestr(
                    f"{playbook.language}/{transfer.file_name(playbook)}",
                    transfer.playbook_text(playbook),
                )
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="playbooks.zip"'
        return response

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

    def _playbook_or_404(self, request, object_id: str) -> Playbook:
        playbook = self.get_object(request, unquote(object_id))
        if playbook is None:
            raise Http404(_("There is no such playbook."))
        if not self.has_view_or_change_permission(request, playbook):
            raise PermissionDenied
        return playbook

    def _context(self, request, playbook: Playbook | None, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": playbook,
            "has_change_permission": self.has_change_permission(request, playbook),
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every recorded version, newest first, to compare and revert."""
        playbook = self._playbook_or_404(request, object_id)
        records = PlaybookRevision.objects.filter(playbook=playbook).select_related(
            "revision__user"
        )
        page = Paginator(records.order_by("-number"), 50, orphans=5).get_page(
            request.GET.get("page")
        )
        for record in page:
            record.comment_text = history.comment_text(record)
        numbers = list(records.order_by("-number").values_list("number", flat=True))
        context = {
            **self._context(request, playbook, _("History: %(title)s") % {"title": playbook}),
            "page": page,
            "numbers": numbers,
            "latest": numbers[0] if numbers else None,
            "unrecorded": not numbers or numbers[0] != playbook.version,
        }
        return TemplateResponse(request, "admin/playbooks/playbook/history.html", context)

    def compare_view(self, request, object_id):
        """The differences between two versions (`old`, `new`), body and items included."""
        playbook = self._playbook_or_404(request, object_id)
        try:
            new_number = int(request.GET["new"]) if request.GET.get("new") else None
            old_number = int(request.GET["old"]) if request.GET.get("old") else None
        except ValueError:
            context = self._context(request, playbook, _("Compare versions"))
            context["error"] = _("Choose two versions to compare, by their numbers.")
            return TemplateResponse(
                request, "admin/playbooks/playbook/compare.html", context, status=400
            )
        records = PlaybookRevision.objects.filter(playbook=playbook)
        if old_number is None:
            # By default: what the chosen version (or the latest) changed from the one before.
            before = records.filter(number__lt=new_number or playbook.version)
            old_number = before.order_by("-number").values_list("number", flat=True).first()
            if old_number is None:
                context = self._context(request, playbook, _("Compare versions"))
                context["error"] = _("There is no earlier version to compare with.")
                return TemplateResponse(
                    request, "admin/playbooks/playbook/compare.html", context, status=404
                )
        old = get_object_or_404(records, number=old_number)
        if new_number is None:
            new_state, new_label = history.current_state(playbook.pk), _("the current version")
            new_record = None
        else:
            new_record = get_object_or_404(PlaybookRevision, playbook=playbook, number=new_number)
            new_state = history.recorded_state(new_record)
            new_label = _("version %(number)s") % {"number": new_number}
        context = {
            **self._context(
                request,
                playbook,
                _("Changes from version %(old)s to %(new)s")
                % {"old": old_number, "new": new_label},
            ),
            "old": old,
            "new": new_record,
            "changes": history.compare(history.recorded_state(old), new_state),
        }
        return TemplateResponse(request, "admin/playbooks/playbook/compare.html", context)

    def revert_view(self, request, object_id, number: int):
        """One click: the content of version `number` becomes a new version."""
        playbook = self._playbook_or_404(request, object_id)
        if not self.has_change_permission(request, playbook):
            raise PermissionDenied
        try:
            playbook = workflow.revert(playbook_id=playbook.pk, number=number, user=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.log_change(
                request, playbook, _("Reverted to version %(number)s.") % {"number": number}
            )
            self.message_user(
                request,
                _("Reverted to version %(number)s: its content is now version %(new)s.")
                % {"number": number, "new": playbook.version},
                messages.SUCCESS,
            )
            if playbook.status == Status.REVIEW and workflow.four_eyes():
                self.message_user(
                    request,
                    _(
                        "Four eyes are required: the playbook is in review until another team "
                        "lead publishes it."
                    ),
                    messages.WARNING,
                )
        return HttpResponseRedirect(reverse("admin:playbooks_playbook_history", args=[playbook.pk]))

    def download_view(self, request, object_id):
        playbook = self._playbook_or_404(request, object_id)
        response = HttpResponse(
            transfer.playbook_text(playbook), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{transfer.file_name(playbook)}"'
        return response

    def upload_view(self, request):
        """Create or update a playbook from its text file, through the content loader's parser."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        status = 200
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST":
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = transfer.import_playbook(
                        text=transfer.read_upload(upload), name=upload.name, user=request.user
                    )
                except ContentError as error:
                    form.add_error("file", str(error))
                else:
                    return self._uploaded(request, result)
            status = 400
        context = {
            **self._context(request, None, _("Upload a playbook file")),
            "form": form,
            "max_kb": transfer.MAX_BYTES // 1024,
        }
        return TemplateResponse(
            request, "admin/playbooks/playbook/upload.html", context, status=status
        )

    def _uploaded(self, request, result: transfer.Upload) -> HttpResponse:
        playbook = result.playbook
        if result.created:
            self.log_addition(request, playbook, _("Created from an uploaded file."))
            text = _("Created the draft “%(title)s” from the file.")
        elif result.changed:
            self.log_change(request, playbook, _("Updated from an uploaded file."))
            text = _("Updated “%(title)s” from the file; the previous version is in its history.")
        else:
            text = _("The file matches “%(title)s” as it is: nothing changed.")
        self.message_user(request, text % {"title": playbook.title}, messages.SUCCESS)
        if result.sent_to_review:
            self.message_user(
                request,
                _(
                    "Four eyes are required: the playbook is in review until another team lead "
                    "publishes it."
                ),
                messages.WARNING,
            )
        return HttpResponseRedirect(_playbook_change_url(playbook.pk))

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


# --- Items on their own pages ----------------------------------------------------------------


class ItemAdmin(admin.ModelAdmin):
    """Phrases, boundaries and options edited on their own, still versioned with their playbook."""

    form = StandaloneItemForm
    search_fields = ("text", "playbook__title")
    ordering = ("playbook__title", "order", "pk")
    list_select_related = ("playbook",)
    list_per_page = 100
    autocomplete_fields = ("playbook",)

    @admin.display(description=gettext_lazy("text"), ordering="text")
    def excerpt(self, obj) -> str:
        return _excerpt(obj.text)

    change_form_template = "admin/playbooks/item_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return ("playbook",) if obj else ()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = context["adminform"].form.conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"situation_choices": situation_choices()})

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "expected_version"]

    def save_model(self, request, obj, form, change):
        history.lock(obj.playbook_id)
        history.ensure_recorded(obj.playbook_id)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and not form.has_changed():
            return
        key = "changed" if change else "added"
        entry = {"name": str(self.opts.verbose_name), "object": str(form.instance)}
        if change:
            entry["fields"] = [str(form.fields[name].label) for name in form.changed_data]
        self._touch(request, form.instance.playbook_id, [{key: entry}])

    def delete_model(self, request, obj):
        playbook_id = obj.playbook_id
        history.lock(playbook_id)
        history.ensure_recorded(playbook_id)
        message = [{"deleted": {"name": str(self.opts.verbose_name), "object": str(obj)}}]
        super().delete_model(request, obj)
        self._touch(request, playbook_id, message)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        by_playbook = defaultdict(list)
        for item in queryset:
            by_playbook[item.playbook_id].append(str(item))
        for playbook_id in by_playbook:
            history.lock(playbook_id)
            history.ensure_recorded(playbook_id)
        super().delete_queryset(request, queryset)
        for playbook_id, names in by_playbook.items():
            message = [
                {"deleted": {"name": str(self.opts.verbose_name), "object": name}} for name in names
            ]
            self._touch(request, playbook_id, message)

    def _touch(self, request, playbook_id: int, message: list) -> None:
        """The item's playbook gets a new version, recorded, as if edited on its own page."""
        playbook = history.lock(playbook_id)
        if workflow.note_edit(playbook, request.user):
            self.message_user(
                request,
                _(
                    "Four eyes are required, so “%(title)s” is now in review until another team "
                    "lead publishes it."
                )
                % {"title": playbook.title},
                messages.WARNING,
            )
        playbook.save()
        history.record(
            playbook_id=playbook_id,
            user=request.user,
            action=PlaybookRevision.Action.EDITED,
            comment=json.dumps(message),
        )


@admin.register(Phrase)
class PhraseAdmin(ItemAdmin):
    list_display = ("excerpt", "playbook", "kind", "weight", "order")
    list_filter = ("kind", "playbook__status", "playbook__language")


@admin.register(Boundary)
class BoundaryAdmin(ItemAdmin):
    list_display = ("excerpt", "playbook", "kind", "weight", "order")
    list_filter = ("kind", "playbook__status", "playbook__language")
    search_fields = ("text", "why", "playbook__title")


@admin.register(FlexibilityOption)
class FlexibilityOptionAdmin(ItemAdmin):
    list_display = ("excerpt", "playbook", "approver", "weight", "order")
    list_filter = ("approver", "playbook__status", "playbook__language")
    search_fields = ("text", "when", "wording_self", "wording_ask", "playbook__title")


# --- Reference data --------------------------------------------------------------------------


@admin.register(Situation)
class SituationAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "slug", "order", "published_count")
    list_filter = (HasPlaybooksFilter,)
    search_fields = ("name", "name_fr", "slug", "description")
    ordering = ("order", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        published = Q(playbooks__status=Status.PUBLISHED)
        return (
            super()
            .get_queryset(request)
            .annotate(published_count=Count("playbooks", filter=published))
        )

    @admin.display(description=gettext_lazy("published playbooks"), ordering="published_count")
    def published_count(self, obj) -> int:
        return obj.published_count


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("number", "language", "gist_excerpt", "playbook_count")
    list_filter = ("language",)
    search_fields = ("=number", "gist", "gist_fr")
    ordering = ("number",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(playbook_count=Count("playbooks"))

    @admin.display(description=gettext_lazy("gist"))
    def gist_excerpt(self, obj) -> str:
        return _excerpt(obj.gist, 120)

    @admin.display(description=gettext_lazy("playbooks drawing on it"), ordering="playbook_count")
    def playbook_count(self, obj) -> int:
        return obj.playbook_count


@admin.register(Resource)
class ResourceAdmin(FourEyesAdmin):
    list_display = (
        "name", "kind", "contact", "region_list", "language", "needs_setup", "verified_on", "order",
    )  # fmt: skip
    list_filter = ("needs_setup", "kind", RegionFilter, "language")

    def changelist_view(self, request, extra_context=None):
        waiting = Resource.objects.filter(needs_setup=True).count()
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "%(count)d resource needs setting up: readers never see it until you fill "
                    "in the real contact and untick “needs setting up”.",
                    "%(count)d resources need setting up: readers never see them until you fill "
                    "in the real contacts and untick “needs setting up”.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    search_fields = ("name", "name_fr", "slug", "contact", "description")
    ordering = ("order", "name")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description=gettext_lazy("regions"))
    def region_list(self, obj) -> str:
        labels = dict(Region.choices)
        return ", ".join(str(labels.get(r, r)) for r in obj.regions) or _("all")


@admin.register(PlaybookRevision)
class PlaybookRevisionAdmin(admin.ModelAdmin):
    """Recent changes across every playbook; read-only, since history is never rewritten."""

    list_display = ("playbook", "number", "action", "status", "who", "when", "changes")
    list_filter = ("action", "status", ("revision__user", admin.RelatedOnlyFieldListFilter))
    search_fields = ("playbook__title", "revision__comment")
    ordering = ("-revision__date_created", "-pk")
    list_select_related = ("playbook", "revision__user")
    list_display_links = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("by"), ordering="revision__user__username")
    def who(self, obj) -> str:
        return obj.revision.user.get_username() if obj.revision.user else "—"

    @admin.display(description=gettext_lazy("when"), ordering="revision__date_created")
    def when(self, obj) -> str:
        return f"{timezone.localtime(obj.revision.date_created):%Y-%m-%d %H:%M}"

    @admin.display(description=gettext_lazy("changes"))
    def changes(self, obj):
        url = reverse("admin:playbooks_playbook_compare", args=[obj.playbook_id])
        return format_html(
            '<a href="{}?new={}">{}</a>',
            url,
            obj.number,
            _("Changes in version %(number)s") % {"number": obj.number},
        )
