from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "playbooks.guide"
    label = "guide"
    verbose_name = _("Guide")

    def ready(self) -> None:
        from playbooks.library import content_version

        from .models import GuideRules

        content_version.watch(GuideRules)  # the guide's weights are guidance too
