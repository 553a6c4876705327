"""The playbook list's bulk actions: publish, archive, submit or mark reviewed many at once.

Each playbook still moves through workflow.py, one at a time, and is reported on by name.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import workflow


class PlaybookBulkActionsMixin:
    """The workflow's moves for every playbook ticked in the list."""

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
