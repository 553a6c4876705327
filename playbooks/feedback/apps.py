from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "playbooks.feedback"
    label = "feedback"
    verbose_name = _("Feedback and insights")

    def ready(self) -> None:
        from playbooks.library.signals import playbook_viewed

        from .receivers import count_playbook_view

        playbook_viewed.connect(count_playbook_view, dispatch_uid="feedback-playbook-viewed")
