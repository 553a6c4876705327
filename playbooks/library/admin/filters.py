"""The list filters the guidance admin adds to Django's own."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import Region
from .base import Status


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
