"""The vocabulary that tags guidance and the guide's answers share.

Situations are rows (team leads may add one); these smaller sets are fixed choices, since
the guide's questions are built from them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Relationship(models.TextChoices):
    NEW = "new", _("New client")
    ESTABLISHED = "established", _("Established client")
    PARTNER = "partner", _("Long-term partner")


class Channel(models.TextChoices):
    """How the reader and the client are in touch: a room and a video call differ (a coffee
    fits one, switching cameras off the other)."""

    ROOM = "room", _("In the same room")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    WRITTEN = "written", _("Email or chat")


class Stage(models.TextChoices):
    """Where the client is in it: first words fit a disclosure, not the fifth missed deadline."""

    FIRST = "first", _("They have just told you")
    ONGOING = "ongoing", _("It has been going on for a while")
    RETURN = "return", _("They are coming back to work")
    DATE = "date", _("A hard date or anniversary is near")


class Pressure(models.TextChoices):
    NONE = "none", _("No pressing deadline")
    SOON = "soon", _("A deadline within two weeks")
    CRITICAL = "critical", _("A critical deadline this week")


class Signal(models.TextChoices):
    """What the reader notices. The last four are risk grades, from least to most urgent
    in what they ask of the reader (abuse last because its protocol differs most)."""

    UPSET = "upset", _("Upset")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CARRY_ON = "carry-on", _("Wants work to carry on as normal")
    JOKED = "joked", _("Joked or used humour")
    ASKED_ABOUT_YOU = "asked-about-you", _("Asked about your own experience")
    DISTRESSED = "distressed", _("Says they are not coping")
    SUICIDAL = "suicidal", _("Mentions suicide or self-harm")
    DANGER = "danger", _("May be in immediate danger")
    ABUSE = "abuse", _("May be unsafe at home (abuse)")


# The risk grades: any of them puts a safety card first and leaves out whatever could
# undercut safety (secrecy, ending the conversation, "no need to reply", jokes…).
RISK_SIGNALS = (Signal.DANGER, Signal.SUICIDAL, Signal.ABUSE, Signal.DISTRESSED)
# Most serious first: the grade whose card and opening lead when several are ticked.
RISK_ORDER = tuple(s.value for s in RISK_SIGNALS)
# Invitations: humour and self-disclosure only when the client opens the door.
INVITATIONS = (Signal.JOKED.value, Signal.ASKED_ABOUT_YOU.value)
# Grades that call for the emergency protocol; distress alone does not.
EMERGENCY_SIGNALS = frozenset({Signal.DANGER.value, Signal.SUICIDAL.value})


class PhraseKind(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    LISTEN = "listen", _("Listen or invite")
    OFFER = "offer", pgettext_lazy("phrase kind", "Offer flexibility")
    REASSURE = "reassure", _("Reassure about work")
    FOLLOW_UP = "follow-up", _("Follow up")
    REFER = "refer", _("Refer to help")
    BOUNDARY = "boundary", _("Hold a boundary")


class BoundaryKind(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    DO = "do", _("Do")


class Approver(models.TextChoices):
    YOU = "you", _("You")
    DELIVERY_LEAD = "delivery-lead", _("Delivery or resource manager")
    ENGAGEMENT_LEAD = "engagement-lead", _("Engagement lead and client sponsor")
    ACCOUNT_DIRECTOR = "account-director", _("Account director or partner")
    FINANCE = "finance", _("Finance or credit control")


class Region(models.TextChoices):
    US = "us", _("United States")
    UK = "uk", _("United Kingdom")
    IE = "ie", _("Ireland")
    FR = "fr", _("France")
    EU = "eu", _("Elsewhere in the EU")
    INTL = "intl", _("Elsewhere (international)")


class ResourceKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency number")
    CRISIS_LINE = "crisis-line", _("Crisis line")
    HELPLINE = "helpline", _("Helpline")
    DIRECTORY = "directory", _("Directory of helplines")
    EAP = "eap", _("Employee assistance programme")
    INTERNAL = "internal", _("Internal contact")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


TAG_CHOICES = {
    "relationships": Relationship,
    "stages": Stage,
    "channels": Channel,
    "pressures": Pressure,
    "signals": Signal,
}
