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
