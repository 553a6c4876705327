"""The guide's questions: structured choices only, read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from playbooks.models import reader_language
from playbooks.tags import Channel, Pressure, Region, Relationship, Signal

from .engine import Answers, Rules, get_rules

YES, NO = "yes", "no"
# How each answer is named where answers are listed back (the questions are long).
SHORT_LABELS = {
    "situation": _("Situation"),
    "relationship": _("Relationship"),
    "channel": _("Channel"),
    "pressure": _("Time pressure"),
    "can_grant": _("Grant flexibility yourself"),
    "signals": _("You notice"),
}
INVALID = _("That is not one of the choices. Pick one from the list.")


def _choice(label, choices, required_message, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": INVALID},
    )


class GuideForm(forms.Form):
    """Six questions; their order here is the order of the steps."""

    situation = _choice(
        _("What is your client going through?"),
        [],
        _("Choose what your client is going through."),
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

    def __init__(self, *args, rules: Rules | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # An unknown signal (an old bookmark, an edited link) is set aside with a visible
        # note rather than refusing the plan: a risk ticked beside it must still count.
        self.ignored_signals = 0
        if self.is_bound and hasattr(self.data, "getlist"):
            given = self.data.getlist("signals")
            known = [s for s in given if s in Signal.values]
            if len(known) != len(given):
                self.ignored_signals = len(given) - len(known)
                self.data = self.data.copy()
                self.data.setlist("signals", known)
        rules = rules or get_rules()
        language = reader_language()
        self.fields["situation"].choices = [(s.slug, s.label(language)) for s in rules.situations]

    def answers(self, *, region: str, language: str) -> Answers:
        data = self.cleaned_data
        return Answers(
            situation=data["situation"],
            relationship=data["relationship"],
            channel=data["channel"],
            pressure=data["pressure"],
            signals=tuple(s for s in Signal.values if s in data["signals"]),
            can_grant=data["can_grant"] == YES,
            region=region,
            language=language,
        )


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
