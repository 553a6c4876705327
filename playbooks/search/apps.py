from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "playbooks.search"
    label = "search"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from playbooks.library import signals as library
        from playbooks.library.content_version import content_changed

        from . import documents, receivers
        from .models import SituationWords

        documents.connect()
        # The vocabulary decides what searches show, like the rest of the guidance.
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=SituationWords, dispatch_uid=f"words-{signal}")
        # What the library announces: a playbook opened, content loaded or exported, a list.
        library.playbook_viewed.connect(receivers.log_opened_search, dispatch_uid="search-opened")
        library.content_loaded.connect(receivers.load_words, dispatch_uid="search-load")
        library.content_exported.connect(receivers.export_words, dispatch_uid="search-export")
        library.start_here_wanted.connect(receivers.situation_start, dispatch_uid="search-start")
