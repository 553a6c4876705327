from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaybooksConfig(AppConfig):
    name = "playbooks"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from . import content_version

        content_version.connect()
