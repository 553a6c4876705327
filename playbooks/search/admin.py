from django.contrib import admin

from .models import SearchLog, SituationWords


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    """Read-only: the log records what was searched, and nobody should rewrite that."""

    list_display = ["query", "result_count", "language", "created_at"]
    list_filter = ["language", "created_at"]
    search_fields = ["query"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SituationWords)
class SituationWordsAdmin(admin.ModelAdmin):
    """The everyday words that point a search to a situation, one line each."""

    list_display = ["situation", "language", "start_here"]
    list_filter = ["language", "situation"]
    search_fields = ["words"]
    autocomplete_fields = ["start_here"]
