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
    IN_PERSON = "in-person", _("In person or video")
    PHONE = "phone", _("Phone")
    WRITTEN = "written", _("Email or chat")


class Pressure(models.TextChoices):
    NONE = "none", _("No pressing deadline")
    SOON = "soon", _("A deadline within two weeks")
    CRITICAL = "critical", _("A critical deadline this week")


class Signal(models.TextChoices):
    UPSET = "upset", _("Upset")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CARRY_ON = "carry-on", _("Wants to carry on as normal")
    UNSAFE = "unsafe", _("Says they are not coping or may be unsafe")


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
    EU = "eu", _("European Union")
    INTL = "intl", _("International")


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
    "channels": Channel,
    "pressures": Pressure,
    "signals": Signal,
}
