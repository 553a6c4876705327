from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_triggers(sender, using, **kwargs) -> None:
    from django.db import connections

    from .schema import ensure_triggers

    ensure_triggers(connections[using])


class SearchConfig(AppConfig):
    name = "playbooks.search"
    label = "search"

    def ready(self) -> None:
        # After any migration, since a rebuilt playbooks table loses its SQLite triggers.
        post_migrate.connect(_ensure_triggers, sender=self)
        # The vocabulary decides what searches show, like the rest of the guidance.
        from django.db.models.signals import post_delete, post_save

        from playbooks.library.content_version import content_changed

        from .models import SituationWords

        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=SituationWords, dispatch_uid=f"words-{signal}")

        from playbooks.library import signals as library

        from . import receivers

        library.playbook_viewed.connect(receivers.log_opened_search, dispatch_uid="search-opened")
        library.content_loaded.connect(receivers.load_words, dispatch_uid="search-load")
        library.content_exported.connect(receivers.export_words, dispatch_uid="search-export")
        library.start_here_wanted.connect(receivers.situation_start, dispatch_uid="search-start")
