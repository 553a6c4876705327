from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reason, Target


class VoteForm(forms.Form):
    target = forms.ChoiceField(choices=Target.choices, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.ChoiceField(
        label=_("What was wrong?"),
        choices=[("", _("No reason given")), *Reason.choices],
        required=False,
    )


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"),
        choices=[
            (7, _("Last 7 days")),
            (30, _("Last 30 days")),
            (90, _("Last 90 days")),
            (365, _("Last 12 months")),
        ],
        coerce=int,
        required=False,
        empty_value=30,
    )
