"""A playbook's phrases, boundaries and options, edited inline on its form."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from ..models import Boundary, FlexibilityOption, GuidanceItem, Phrase
from .forms import GuidanceItemForm, situation_choices

TAG_FIELDS = GuidanceItem.TAG_FIELDS


class ItemInline(admin.StackedInline):
    form = GuidanceItemForm
    extra = 1  # one empty form, so an item can be added even without JavaScript
    # Each group (Say, Avoid, Offer) folds away: the page was a 13,000 px wall of items.
    classes = ("collapse",)

    def get_formset(self, request, obj=None, **kwargs):
        choices = situation_choices()
        kwargs["form"] = type(self.form.__name__, (self.form,), {"situation_choices": choices})
        return super().get_formset(request, obj, **kwargs)


def _where(*extra):
    return (
        gettext_lazy("Where it applies"),
        {"fields": (*extra, *TAG_FIELDS), "classes": ("collapse",)},
    )


class PhraseInline(ItemInline):
    model = Phrase
    fieldsets = (
        (None, {"fields": (("kind", "weight", "priority", "order"), "text")}),
        (
            gettext_lazy("When it promises a change"),
            {"fields": ("approver", "wording_ask"), "classes": ("collapse",)},
        ),
        _where(),
    )


class BoundaryInline(ItemInline):
    model = Boundary
    fieldsets = (
        (None, {"fields": (("kind", "weight", "priority", "order"), "text", "why")}),
        _where(),
    )


class OptionInline(ItemInline):
    model = FlexibilityOption
    fieldsets = (
        (None, {"fields": (("approver", "weight", "priority", "order"), "text", "when")}),
        (
            gettext_lazy("Wording"),
            {"fields": ("wording_self", "wording_ask"), "classes": ("collapse",)},
        ),
        _where(),
    )
