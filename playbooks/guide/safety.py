"""The safety card: what to do now for each risk grade, before anything about work.

The steps are a fixed protocol drawn from the domain brief (§5: 988/#BeThe1To, Samaritans,
ALGEE, Refuge and the US hotline's safe-contact practice). They live in code, reviewed and
translated through the catalogue like the interface, because a wrong word here is the
worst bug this product can have; the numbers beside them are data (resources).
"""

import functools

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Region, Signal

from .plan import Abroad, SafetyCard

TITLES = {
    Signal.DANGER.value: _("They may be in immediate danger"),
    Signal.SUICIDAL.value: _("They mention suicide or self-harm"),
    Signal.ABUSE.value: _("They may be unsafe at home"),
    Signal.DISTRESSED.value: _("They say they are not coping"),
}

STEPS = {
    Signal.DANGER.value: (
        _("Stay with them, or stay on the line. Do not end the call or leave the room."),
        _("Ask exactly where they are now: the address, or what they can see around them."),
        _("Call the emergency number for where they are, or have them call it."),
        _(
            "Use a second phone, or ask a colleague to call the emergency services, while you "
            "keep talking to your client."
        ),
        _("Stay until help arrives. Then tell your team lead or designated contact, today."),
    ),
    Signal.SUICIDAL.value: (
        _(
            "Ask calmly and directly: “Are you thinking about suicide?” Asking does not put "
            "the idea in their head."
        ),
        _("Listen. Do not argue, judge or play down what they say."),
        _("Do not promise to keep it secret: say you need to involve someone who can help."),
        _(
            "Offer to stay with them while they call or text a crisis line, or to make the "
            "first call together: a warm hand-off, not a number to ring later."
        ),
        _("If they may act on it soon, do not leave them alone: call the emergency number."),
        _("Tell your team lead or designated contact today, privately, and check in tomorrow."),
    ),
    Signal.ABUSE.value: (
        _(
            "First ask: “Is it safe for you to talk right now?” If not, agree a time and a "
            "way to reach them."
        ),
        _("Agree a safe channel and safe words with them, and use only those."),
        _(
            "Write nothing an abuser could read: no details in emails, chats, invites or "
            "voicemails, and nothing about the situation in shared calendars."
        ),
        _("Never contact their partner or family about it, even to help."),
        _(
            "Give them the domestic abuse helpline; if they are in danger now, call the "
            "emergency number."
        ),
        _("Tell your team lead or designated contact, privately, and write nothing in the CRM."),
    ),
    Signal.DISTRESSED.value: (
        _("Slow down and listen. Ask how they are coping, and let them answer."),
        _("Ask what would help now, and what can come off their plate."),
        _(
            "If you are worried they may harm themselves, ask directly about suicide; "
            "the answer decides what comes next."
        ),
        _("Point them to support: their doctor, an employee assistance line, or a listening line."),
        _("Check in tomorrow, and tell your team lead if you stay worried."),
    ),
}


@functools.lru_cache(maxsize=64)
def cards(grades: tuple[str, ...], language: str) -> tuple[SafetyCard, ...]:
    """One card per grade, most serious first, in the plan's language."""
    with translation.override(language):
        return tuple(
            SafetyCard(grade=g, title=str(TITLES[g]), steps=tuple(str(s) for s in STEPS[g]))
            for g in grades
        )


ABROAD_TITLE = _("Getting help to a client in another country")
ABROAD_STEPS = (
    _(
        "Your client: %(client)s. You: %(reader)s. Their local numbers may not connect from "
        "your phone."
    ),
    _(
        "Call your own emergency number (%(own)s), say which country the person at risk is "
        "in, give their address and phone number, and ask to be connected to the emergency "
        "services there."
    ),
    _(
        "Or call the local police's non-emergency line where your client is, if you can find "
        "it quickly, and ask them to send help."
    ),
    _(
        "Keep your client on the line while you call: use a second phone, or ask a colleague "
        "to make the call."
    ),
    _("If they can, ask them to call their local emergency number themselves while you wait."),
)
OWN_NUMBER = _("your local emergency number")


def abroad(*, client_region: str, reader_region: str, language: str, own_numbers) -> Abroad:
    """The card for a client elsewhere: your own emergency service can pass the call on."""
    with translation.override(language):
        values = {
            "own": " / ".join(r.contact for r in own_numbers) or str(OWN_NUMBER),
            "client": str(Region(client_region).label),
            "reader": str(Region(reader_region).label),
        }
        return Abroad(
            title=str(ABROAD_TITLE),
            steps=tuple(str(step) % values for step in ABROAD_STEPS),
            own_numbers=tuple(own_numbers),
        )
