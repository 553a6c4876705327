from django.core.management.base import BaseCommand

from playbooks.search import documents


class Command(BaseCommand):
    help = "Refill the search documents from the published playbooks."

    def handle(self, *args, **options):
        # Saves keep the documents current; this is for repairs, e.g. after a bulk load or a
        # restore that bypassed the models.
        documents.rebuild()
        self.stdout.write("Search index rebuilt.")
