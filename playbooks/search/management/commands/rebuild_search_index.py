from django.core.management.base import BaseCommand
from django.db import connection

from playbooks.search import schema


class Command(BaseCommand):
    help = "Refill the full-text search index from the published playbooks."

    def handle(self, *args, **options):
        # Triggers keep the index current; this is for repairs, e.g. after a bulk load that
        # ran with the triggers suspended or a restore that bypassed them.
        repaired = schema.ensure_triggers(connection)
        if not repaired:
            schema.rebuild(connection)
        self.stdout.write("Search index rebuilt.")
