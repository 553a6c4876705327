from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TagsField(models.JSONField):
    """A list of tags from a fixed vocabulary, stored as JSON and edited as checkboxes.

    An empty list means "applies to all". The vocabulary is not part of the schema, so it is
    left out of migrations.
    """

    def __init__(self, *args, tag_choices=(), **kwargs):
        self.tag_choices = list(tag_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        if not self.tag_choices:
            return super().formfield(**kwargs)
        return forms.MultipleChoiceField(
            choices=self.tag_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=_("None ticked means it applies to all."),
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of tags."))
        allowed = {choice for choice, _label in self.tag_choices}
        if allowed and (unknown := [v for v in value if v not in allowed]):
            raise ValidationError(
                _("Unknown value(s): %(values)s."), params={"values": ", ".join(map(str, unknown))}
            )
