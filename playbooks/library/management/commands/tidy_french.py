from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from playbooks.library.french_typography import tidy_content
from playbooks.library.loader import CONTENT_DIR


class Command(BaseCommand):
    help = (
        "Put non-breaking spaces before : ; ! ? and inside « » in the shipped French content "
        "and the French catalogue."
    )

    def handle(self, *args, **options):
        catalogue = Path(settings.BASE_DIR) / "crisisguide/locale/fr/LC_MESSAGES/django.po"
        for path in tidy_content(CONTENT_DIR, catalogue):
            self.stdout.write(f"tidied {path}")
