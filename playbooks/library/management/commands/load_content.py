from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from playbooks.library.content_files import ContentError
from playbooks.library.loader import CONTENT_DIR, load_content


class Command(BaseCommand):
    help = "Load the shipped playbooks; never overwrites one edited in the admin."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)

    def handle(self, *args, directory: Path, **options):
        try:
            report = load_content(directory)
        except ContentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Content loaded from {directory}: {report}.")
        for slug in report.kept_edited:
            self.stdout.write(f"  kept (edited in the admin): {slug}")
