from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Situation


class PlaybookFilterForm(forms.Form):
    situation = forms.ModelChoiceField(
        label=_("Situation"),
        queryset=Situation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All situations"),
        error_messages={"invalid_choice": _("There is no such situation. Pick one from the list.")},
    )
