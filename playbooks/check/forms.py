"""The checker's form: the draft, and the structured answers that choose the rules."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Channel, Language, Signal
from playbooks.library.models import Situation, reader_language

from .matching import Context

MAX_CHARACTERS = 10_000
BINARY_MESSAGE = _("This looks like the contents of a file rather than a message. Paste text only.")


def looks_binary(text: str) -> bool:
    """Control characters (other than line breaks and tabs) or undecodable bytes: a file."""
    odd = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    )
    return odd > 0


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Your draft"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true", "autocomplete": "off"}),
        strip=False,
        error_messages={
            "required": _("Type or paste your message first."),
            "null_characters_not_allowed": BINARY_MESSAGE,
        },
    )
    language = forms.ChoiceField(label=_("Language of the message"), choices=Language.choices)
    situation = forms.ChoiceField(label=_("What your client is going through"), required=False)
    channel = forms.ChoiceField(
        label=_("How you are sending it"), choices=Channel.choices, required=False
    )
    signals = forms.MultipleChoiceField(
        label=_("What you notice"),
        choices=Signal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].choices = [("", _("Not chosen")), *situation_choices()]
        self.fields["language"].initial = reader_language()
        self.fields["channel"].initial = Channel.WRITTEN

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text) > MAX_CHARACTERS:
            raise forms.ValidationError(
                _(
                    "Your message is %(length)s characters long; the checker reads up to "
                    "%(limit)s. Check it in parts."
                ),
                params={"length": f"{len(text):,}", "limit": f"{MAX_CHARACTERS:,}"},
            )
        if looks_binary(text):
            raise forms.ValidationError(BINARY_MESSAGE)
        if not text.strip():
            raise forms.ValidationError(_("Type or paste your message first."))
        return text

    def context(self) -> Context:
        data = self.cleaned_data
        return Context(
            language=data["language"],
            situation=data.get("situation") or "",
            channel=data.get("channel") or Channel.WRITTEN,
            signals=frozenset(data.get("signals") or ()),
        )


def situation_choices() -> list[tuple[str, str]]:
    return [(s.slug, s.label) for s in Situation.objects.all()]
