"""Team leads edit the checker's rules here; a pattern that does not compile is refused."""

from django.contrib import admin

from .models import CheckRule


@admin.register(CheckRule)
class CheckRuleAdmin(admin.ModelAdmin):
    list_display = ("label", "language", "category", "severity", "enabled", "order")
    list_filter = ("language", "category", "severity", "enabled")
    list_editable = ("enabled",)
    search_fields = ("label", "slug", "pattern", "explanation", "suggestions")
    ordering = ("language", "order", "slug")
    fieldsets = (
        (None, {"fields": ("label", "slug", "language", "order", "enabled")}),
        (None, {"fields": ("category", "severity", "pattern", "explanation", "approver")}),
        (None, {"fields": ("situations", "signals", "unless_signals", "unless_found")}),
        (None, {"fields": ("phrase_kinds", "suggestions")}),
    )
