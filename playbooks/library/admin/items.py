"""Phrases, boundaries and options on their own admin pages, versioned with their playbook."""

import json
from collections import defaultdict

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import history, workflow
from ..models import Boundary, FlexibilityOption, Phrase, PlaybookRevision
from .base import shortened
from .forms import StandaloneItemForm, situation_choices


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
        return shortened(obj.text)

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
