"""Search in the admin: the everyday words that point to a situation.

The search log has no admin page on purpose: team leads see searches only in /insights/,
aggregated, and only once enough different readers searched the same text.
"""

from django.contrib import admin

from .models import SituationWords


@admin.register(SituationWords)
class SituationWordsAdmin(admin.ModelAdmin):
    """The everyday words that point a search to a situation, one line each."""

    list_display = ["situation", "language", "start_here"]
    list_filter = ["language", "situation"]
    search_fields = ["words"]
    autocomplete_fields = ["start_here"]
