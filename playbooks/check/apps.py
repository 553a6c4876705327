from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckConfig(AppConfig):
    name = "playbooks.check"
    label = "check"
    verbose_name = _("Check my message")

    def ready(self) -> None:
        from playbooks.library.signals import content_loaded

        from .receivers import load_rules

        content_loaded.connect(load_rules, dispatch_uid="check-load")
