from pathlib import Path

from django.core.management.base import BaseCommand

from playbooks.library.loader import export_content


class Command(BaseCommand):
    help = "Write the database's playbooks back to content files (the loader's format)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        count = export_content(directory)
        self.stdout.write(f"Exported {count} playbooks to {directory}.")
