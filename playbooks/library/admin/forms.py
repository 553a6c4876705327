"""Forms behind the admin: the no-lost-edits check, situation checkboxes, upload, preview."""

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import history
from ..content_files import MAX_NUMBER
from ..markdown import MarkdownError, check_markdown
from ..models import Playbook, Situation

# Names a diff uses for fields whose form field is named differently.
FORM_FIELD = {"translation_of_id": "translation_of", "owner_id": "owner"}


class TextAreaField(forms.CharField):
    """Text as stored: "\n" newlines and trimmed edges, so an untouched field is no change.

    Browsers post textareas with "\r\n" line ends; compared with the stored text as is,
    every untouched field would count as changed and end up in the history.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial or "") != self.to_python(data)


TEXT_FIELDS = ("summary", "body", "follow_up", "text", "why", "when", "wording_self", "wording_ask")


def situation_choices() -> list[tuple[str, str]]:
    return [
        (slug, f"{name} ({slug})") for slug, name in Situation.objects.values_list("slug", "name")
    ]


def _current_version(playbook_id: int) -> int | None:
    rows = Playbook.objects.filter(pk=playbook_id)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()  # held until the save commits: writers queue
    return rows.values_list("version", flat=True).first()


class VersionCheckMixin:
    """Refuses a save made from an older version of the playbook, instead of overwriting.

    The form carries the version it was opened at (a hidden field). When the database has
    moved on, the save is refused; `conflict` then says who saved since and what they
    changed, the hidden version is moved to the current one, and the form is shown again
    with the user's own values, so that saving again after merging goes through.
    """

    conflict: history.Conflict | None = None

    def checked_playbook_id(self) -> int | None:
        raise NotImplementedError

    def check_version(self) -> None:
        playbook_id = self.checked_playbook_id()
        if playbook_id is None:
            return
        expected = self.cleaned_data.get("expected_version")
        current = _current_version(playbook_id)
        if expected is None:
            raise ValidationError(
                _(
                    "This form does not say which version you edited. Reload the page and "
                    "make your change again."
                ),
                code="no_version",
            )
        if current is None or current == expected:
            return
        self.conflict = history.conflict_since(playbook_id, expected)
        data = self.data.copy()
        data[self.add_prefix("expected_version")] = str(current)
        self.data = data
        for change in self.conflict.changes or []:
            name = FORM_FIELD.get(change.name, change.name)
            if name in self.fields and name in self.cleaned_data:
                self.add_error(
                    name,
                    _(
                        "Someone else changed this since you opened the page: compare with the "
                        "saved version at the top before saving again."
                    ),
                )
        raise ValidationError(
            _(
                "This playbook was saved by someone else while you were editing it (you "
                "started from version %(yours)s; it is now version %(current)s). Nothing was "
                "saved. Your changes are still in the form below: merge in what changed, "
                "shown at the top, then save again."
            ),
            code="conflict",
            params={"yours": expected, "current": current},
        )


def checked_body(body: str | None) -> str:
    """The Markdown body, or a form error if it is nested too deeply to render."""
    try:
        check_markdown(body or "")
    except MarkdownError as error:
        raise forms.ValidationError(str(error)) from None
    return body


class PlaybookAdminForm(VersionCheckMixin, forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    sources = SimpleArrayField(
        forms.IntegerField(min_value=1, max_value=MAX_NUMBER),
        required=False,
        label=_("Domain brief sources"),
        help_text=_("Numbers of the domain brief's sources, separated by commas, e.g. 1, 4, 9."),
    )

    class Meta:
        model = Playbook
        fields = [
            "title", "slug", "language", "translation_of", "situations", "summary", "body",
            "follow_up", "follow_up_days", "contributions", "sources", "owner", "review_by",
            "review_interval_days",
        ]  # fmt: skip
        field_classes = {name: TextAreaField for name in TEXT_FIELDS}
        widgets = {
            "title": forms.TextInput(attrs={"class": "one-line"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def checked_playbook_id(self) -> int | None:
        return self.instance.pk

    def clean_sources(self):
        return sorted(set(self.cleaned_data.get("sources") or []))

    def clean_body(self):
        return checked_body(self.cleaned_data.get("body"))

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned


class GuidanceItemForm(forms.ModelForm):
    """A phrase, boundary or option with its situations as checkboxes, not raw JSON."""

    situations = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only for situations"),
        help_text=_("None ticked means the playbook's own situations."),
    )
    # Set once per request by the admin, so a page of many items asks the database once.
    situation_choices: list[tuple[str, str]] | None = None

    class Meta:
        field_classes = {name: TextAreaField for name in TEXT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.situation_choices
        self.fields["situations"].choices = choices if choices is not None else situation_choices()
        for name in ("text", "why", "when", "wording_self", "wording_ask"):
            if name not in self.fields:
                continue
            if "\n" in (self.initial.get(name) or ""):
                self.fields[name].widget.attrs.setdefault("rows", 2)
            else:  # a one-line phrase gets a one-line input
                self.fields[name].widget = forms.TextInput(attrs={"class": "one-line"})


class StandaloneItemForm(VersionCheckMixin, GuidanceItemForm):
    """An item edited on its own page: its playbook's version guards against lost edits."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.playbook.version

    def checked_playbook_id(self) -> int | None:
        return self.instance.playbook_id if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Playbook file"),
        help_text=_(
            "A playbook as a text file (.md): TOML front matter between +++ lines, then "
            "the Markdown body, as the download button on a playbook's page gives it. A file "
            "whose slug exists updates that playbook; any other creates a draft."
        ),
    )


class PreviewForm(forms.Form):
    summary = forms.CharField(required=False, max_length=5_000)
    body = forms.CharField(required=False, max_length=200_000, strip=False)
