"""The guide's questions: structured choices only, read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import (
    Channel,
    Language,
    Pressure,
    Region,
    Relationship,
    Signal,
    Stage,
)
from playbooks.library.models import reader_language

from .engine import Answers, Rules, get_rules
from .plan import MAX_SITUATIONS

YES, NO = "yes", "no"
# How each answer is named where answers are listed back (the questions are long).
SHORT_LABELS = {
    "situation": _("Situation"),
    "also": _("Also"),
    "stage": _("Stage"),
    "relationship": _("Relationship"),
    "channel": _("Channel"),
    "pressure": _("Time pressure"),
    "can_grant": _("Grant flexibility yourself"),
    "signals": _("You notice"),
    "region": _("Client is in"),
    "client_language": _("Client's language"),
}
INVALID = _("That is not one of the choices. Pick one from the list.")
TOO_MANY = _(
    "Choose at most three situations in all: the main one and up to two more. "
    "Untick one to see the plan."
)
# Answers with a default: an old link without them, or a value we do not know, still
# gives a plan (with a note for an unknown value), never an error.
DEFAULTED = ("stage", "region", "client_language")


def _choice(label, choices, required_message, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": INVALID},
    )


class GuideForm(forms.Form):
    """The guide's questions; their order here is the order of the steps."""

    situation = _choice(
        _("What is your client going through?"),
        [],
        _("Choose what your client is going through."),
    )
    also = forms.MultipleChoiceField(
        label=_("Is anything else going on as well?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to two more, or none. For example, a divorce that affects payments."),
        error_messages={"invalid_choice": INVALID, "invalid_list": INVALID},
    )
    stage = _choice(
        _("Where are they in it?"),
        Stage.choices,
        _("Choose where your client is in it."),
    )
    relationship = _choice(
        _("How well do you know them?"),
        Relationship.choices,
        _("Choose how well you know your client."),
    )
    channel = _choice(
        _("How are you in touch right now?"),
        Channel.choices,
        _("Choose how you are in touch with your client."),
    )
    pressure = _choice(
        _("Is there time pressure on the current work?"),
        Pressure.choices,
        _("Choose how much time pressure there is."),
    )
    can_grant = _choice(
        _("Can you grant flexibility yourself?"),
        [(YES, _("Yes, I can move meetings and deadlines myself")), (NO, _("No, I need to ask"))],
        _("Say whether you can grant flexibility yourself."),
        help_text=_("For example, move a meeting or a deadline without asking anyone."),
    )
    signals = forms.MultipleChoiceField(
        label=_("What do you notice?"),
        choices=Signal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply, or none."),
        error_messages={"invalid_choice": INVALID, "invalid_list": INVALID},
    )
    region = _choice(
        _("Where is your client?"),
        Region.choices,
        _("Choose where your client is."),
        help_text=_("Their emergency numbers and helplines depend on it."),
    )
    client_language = _choice(
        _("Which language does your client speak?"),
        Language.choices,
        _("Choose your client's language."),
        help_text=_("The phrases to say come in their language; the rest of the plan in yours."),
    )

    def __init__(
        self,
        *args,
        rules: Rules | None = None,
        reader_region: str = "",
        language: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.language = language or reader_language()
        self.reader_region = reader_region if reader_region in Region.values else ""
        defaults = {
            "stage": Stage.FIRST.value,
            "region": self.reader_region or Region.INTL.value,
            "client_language": self.language,
        }
        self.initial = {**defaults, **self.initial}
        rules = rules or get_rules()
        situations = [(s.slug, s.label(self.language)) for s in rules.situations]
        self.fields["situation"].choices = situations
        self.fields["also"].choices = situations
        # An unknown signal or situation (an old bookmark, an edited link) is set aside with
        # a visible note rather than refusing the plan: a risk ticked beside it must still
        # count. An unknown region or language falls back to the reader's own, with a note.
        self.ignored_signals = 0
        self.ignored = set()  # defaulted answers whose given value we did not know
        self.defaulted = set()  # defaulted answers that were not given at all
        if self.is_bound and hasattr(self.data, "getlist"):
            data = self.data.copy()
            for name, known in (("signals", Signal.values), ("also", dict(situations))):
                given = [v for v in data.getlist(name) if v]
                kept = [v for v in given if v in known]
                if name == "signals":
                    self.ignored_signals = len(given) - len(kept)
                elif len(kept) != len(given):
                    self.ignored.add(name)
                data.setlist(name, kept)
            for name in DEFAULTED:
                value = data.get(name, "")
                if value not in dict(self.fields[name].choices):
                    (self.ignored if value else self.defaulted).add(name)
                    data[name] = defaults[name]
            self.data = data

    def clean(self):
        data = super().clean()
        main = data.get("situation")
        also = [s for s in dict.fromkeys(data.get("also") or ()) if s != main]
        if len(also) > MAX_SITUATIONS - 1:
            self.add_error("also", TOO_MANY)
        data["also"] = also
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            situation=data["situation"],
            relationship=data["relationship"],
            channel=data["channel"],
            pressure=data["pressure"],
            signals=tuple(s for s in Signal.values if s in data["signals"]),
            can_grant=data["can_grant"] == YES,
            region=data["region"],
            language=self.language,
            stage=data["stage"],
            also=tuple(data["also"]),
            client_language=(
                "" if data["client_language"] == self.language else data["client_language"]
            ),
            reader_region=(self.reader_region if self.reader_region != data["region"] else ""),
        )

    @property
    def too_many_situations(self) -> bool:
        return any(e.message == TOO_MANY for e in self.errors.as_data().get("also", ()))


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Your region"),
        choices=Region.choices,
        error_messages={
            "required": _("Choose a region."),
            "invalid_choice": _("There is no such region. Pick one from the list."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
