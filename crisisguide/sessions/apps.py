from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "crisisguide.sessions"
    label = "crisisguide_sessions"
    verbose_name = _("Sessions")
