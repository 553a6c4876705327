"""A playbook's versions in the admin: history, compare and revert, and the recent changes
across every playbook (history.py records them)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import history, workflow
from ..models import PlaybookRevision
from .base import PlaybookPagesMixin, Status


class PlaybookHistoryMixin(PlaybookPagesMixin):
    """Every recorded version of a playbook, the changes between two, and a one-click revert."""

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
