from datetime import timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from playbooks.feedback.models import PlaybookView, SearchClick
from playbooks.search.models import SearchLog


class Command(BaseCommand):
    help = (
        "Delete raw search, click and view events and login records older than the "
        "retention period, and expired sessions (the daily housekeeping)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.CRISISGUIDE_EVENT_RETENTION_DAYS)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - timedelta(days=days)
        searches, _ = SearchLog.objects.filter(created_at__lt=cutoff).delete()
        clicks, _ = SearchClick.objects.filter(created_at__lt=cutoff).delete()
        views, _ = PlaybookView.objects.filter(day__lt=cutoff.date()).delete()
        # django-axes keeps every login (username, address, browser) forever otherwise.
        logins = sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
        )
        self.stdout.write(
            f"Pruned events older than {days} days: {searches} searches, {clicks} clicks, "
            f"{views} daily view counts, {logins} login records."
        )
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        self.stdout.write("Deleted expired sessions.")
