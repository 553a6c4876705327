from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "playbooks.search"
    label = "search"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from playbooks.library.content_version import content_changed

        from . import documents
        from .models import SituationWords

        documents.connect()
        # The vocabulary decides what searches show, like the rest of the guidance.
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=SituationWords, dispatch_uid=f"words-{signal}")
