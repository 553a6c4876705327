from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaybooksConfig(AppConfig):
    """The library: playbooks and what they are made of. The label stays "playbooks" so
    migration rows, permissions ("playbooks.view_insights") and "playbooks.Playbook" hold."""

    name = "playbooks.library"
    label = "playbooks"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from . import content_version
        from .models import (
            Boundary,
            Contribution,
            FlexibilityOption,
            Phrase,
            Playbook,
            Resource,
            Situation,
        )

        # What published guidance is made of; Contribution is shown on playbook pages.
        content_version.watch(
            Situation,
            Contribution,
            Playbook,
            Phrase,
            Boundary,
            FlexibilityOption,
            Resource,
            Playbook.situations.through,
            Playbook.contributions.through,
        )
