from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "playbooks.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from playbooks.library.signals import content_exported, content_loaded

        from . import signals  # noqa: F401  (connects the receivers)
        from .receivers import export_tracks, load_tracks

        content_loaded.connect(load_tracks, dispatch_uid="onboarding-load")
        content_exported.connect(export_tracks, dispatch_uid="onboarding-export")
