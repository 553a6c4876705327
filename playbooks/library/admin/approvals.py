"""Four eyes in the admin for resources and the guide's rules (see ../approvals.py).

FourEyesAdmin turns a save or a delete into a pending change when four eyes are required;
PendingChangeAdmin lists them, shows what each would change, and lets another team lead
approve or reject them.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import approvals
from ..models import PendingChange


class FourEyesAdmin(admin.ModelAdmin):
    """With four eyes required, a save or delete proposes the change instead of making it."""

    def save_model(self, request, obj, form, change):
        if not approvals.required():
            return super().save_model(request, obj, form, change)
        changed = form.changed_data if change else None
        if change and not changed:
            return None  # nothing to hold back
        request.pending_change = approvals.propose(instance=obj, user=request.user, changed=changed)
        return None

    def save_related(self, request, form, formsets, change):
        if getattr(request, "pending_change", None) is None:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if getattr(request, "pending_change", None) is None:
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if getattr(request, "pending_change", None) is None:
            return super().log_change(request, obj, message)
        return None

    def log_deletions(self, request, queryset):
        if not approvals.required():
            return super().log_deletions(request, queryset)
        return None

    def delete_model(self, request, obj):
        if not approvals.required():
            return super().delete_model(request, obj)
        request.pending_change = approvals.propose_deletion(instance=obj, user=request.user)
        return None

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if approvals.required():
            actions.pop("delete_selected", None)  # one deletion at a time, each approved
        return actions

    def _held_back(self, request) -> HttpResponse:
        self.message_user(
            request,
            _(
                "Four eyes are required: your change is waiting until another team lead "
                "approves it under “Pending changes”."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:playbooks_pendingchange_changelist"))

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "pending_change", None) is not None:
            return self._held_back(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "pending_change", None) is not None:
            return self._held_back(request)
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "pending_change", None) is not None:
            return self._held_back(request)
        return super().response_delete(request, obj_display, obj_id)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Changes to resources and the guide's rules waiting for a second team lead."""

    list_display = ("object_repr", "kind", "action", "proposed_by", "proposed_at", "state")
    list_filter = ("state", "action", "content_type")
    ordering = ("-proposed_at",)
    list_select_related = ("proposed_by", "content_type")
    actions = ["approve", "reject"]
    fields = (
        "object_repr", "kind", "action", "changes", "proposed_by", "proposed_at", "state",
        "decided_by", "decided_at",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("what"))
    def kind(self, obj) -> str:
        return str(obj.content_type.model_class()._meta.verbose_name)

    @admin.display(description=gettext_lazy("changes"))
    def changes(self, obj) -> str:
        rows = approvals.differences(obj)
        if not rows:
            return "—"
        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {} → {}</p>",
            ((f, a or "—", b or "—") for f, a, b in rows),
        )

    def _decide(self, request: HttpRequest, queryset, decide, done: str) -> None:
        count = 0
        for change in queryset:
            try:
                decide(change_id=change.pk, user=request.user)
            except approvals.ApprovalError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Approve the selected changes"), permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approvals.approve, _("Approved and applied: %(count)d."))

    @admin.action(description=gettext_lazy("Reject the selected changes"), permissions=["decide"])
    def reject(self, request, queryset):
        self._decide(request, queryset, approvals.reject, _("Rejected: %(count)d."))
