"""The guide's rules in the admin, and a preview of the plan for any answers.

The content the guide draws on (phrases, boundaries, options, resources and their tags and
weights) is edited with the playbooks; here team leads tune how it is weighed and limited.
"""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from playbooks.library.admin.approvals import FourEyesAdmin
from playbooks.library.choices import Region
from playbooks.library.models import Playbook, reader_language

from .engine import build_plan, load_rules
from .forms import GuideForm
from .models import GuideRules
from .regions import reader_region


class PreviewForm(GuideForm):
    """The guide's questions plus what a lead may want to vary when previewing."""

    include_unpublished = forms.BooleanField(
        label=_("Include playbooks in draft or in review"), required=False
    )


@admin.register(GuideRules)
class GuideRulesAdmin(FourEyesAdmin):
    readonly_fields = ("preview_link", "updated_at")
    fieldsets = (
        (None, {"fields": ("preview_link",)}),
        (
            _("Weights: what a matching tag adds to an item's score"),
            {
                "description": _(
                    "Items whose tags do not match the answers are left out; empty tags apply "
                    "to all and add nothing. Each item's own weight is added as well."
                ),
                "fields": (
                    "weight_situation",
                    "weight_relationship",
                    "weight_channel",
                    "weight_pressure",
                    "weight_signal",
                    "weight_authority",
                ),
            },
        ),
        (
            _("How much the plan shows"),
            {
                "fields": (
                    "max_say",
                    "max_per_kind",
                    "max_avoid",
                    "max_offer",
                    "max_refer",
                    "max_read_more",
                )
            },
        ),
        (_("Authority"), {"fields": ("self_approvers",)}),
        (
            _("Safety"),
            {
                "fields": (
                    "unsafe_leaves_out_signals",
                    "unsafe_leaves_out_deadline_talk",
                    "unsafe_follow_up_days",
                )
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )

    @admin.display(description=_("Preview"))
    def preview_link(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:guide_guiderules_preview"),
            _("Preview the plan for any answers"),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not GuideRules.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """There is one set of rules: go straight to it."""
        rules = GuideRules.objects.first()
        if rules is None:
            return redirect("admin:guide_guiderules_add")
        return redirect("admin:guide_guiderules_change", rules.pk)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="guide_guiderules_preview"), *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Pick answers, see the plan: read afresh from the database, never from the cache."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        include = request.GET.get("include_unpublished") in {"on", "true", "1"}
        statuses = (
            [Playbook.Status.PUBLISHED, Playbook.Status.REVIEW, Playbook.Status.DRAFT]
            if include
            else [Playbook.Status.PUBLISHED]
        )
        rules = load_rules(statuses=statuses)
        form = PreviewForm(
            request.GET or None,
            rules=rules,
            reader_region=reader_region(request.user),
            language=reader_language(),
        )
        plan = None
        status = 200
        if form.is_bound:
            if form.is_valid():
                plan = build_plan(form.answers(), rules)
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview the guide's plan"),
            "opts": self.model._meta,
            "form": form,
            "plan": plan,
            "preview": True,
            "region_label": Region(plan.answers.region).label if plan else "",
            "follow_up_steps": plan.follow_up.dated(timezone.localdate())
            if plan and plan.follow_up
            else [],
        }
        return TemplateResponse(request, "guide/admin_preview.html", context, status=status)
