"""The reference data guidance is tagged with: situations, contributions, resources."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..choices import Region
from ..models import Contribution, Resource, Situation
from .approvals import FourEyesAdmin
from .base import Status, shortened
from .filters import HasPlaybooksFilter, RegionFilter


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
        return shortened(obj.gist, 120)

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
