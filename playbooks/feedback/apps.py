import atexit

from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "playbooks.feedback"
    label = "feedback"
    verbose_name = _("Feedback and insights")

    def ready(self) -> None:
        from crisisguide.sessions.reading import READER_FACTS

        from .recording import playbook_votes_sql, write_views

        request_finished.connect(write_views_when_due, dispatch_uid="feedback-write-views")
        atexit.register(write_views)
        READER_FACTS["playbook_votes"] = playbook_votes_sql


def write_views_when_due(sender, **kwargs) -> None:
    """After the response is sent, so that no reader waits for it."""
    from .recording import write_views

    write_views(when_due=True)
