from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from playbooks.library.models import Situation

from .query import MAX_QUERY_CHARS


class QueryField(forms.CharField):
    """Free text that is never rejected: NUL bytes are dropped and long input is cut short.

    The search itself copes with anything; refusing odd input would only punish a typo.
    """

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\x00", "")[:MAX_QUERY_CHARS]


class SituationField(forms.ModelChoiceField):
    def to_python(self, value):
        # Only plain slugs reach the database: a NUL byte would be an error on PostgreSQL.
        if value and not (isinstance(value, str) and value.isascii() and value.isprintable()):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SearchForm(forms.Form):
    q = QueryField(label=_("Search for a situation, a phrase or a question"), required=False)
    situation = SituationField(
        label=_("Situation"),
        queryset=Situation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All situations"),
        error_messages={"invalid_choice": _("There is no such situation. Pick one from the list.")},
    )
