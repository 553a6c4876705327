"""prune_events forgets old logins (django-axes' logs) with the same retention as other events."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_login_logs_older_than_the_retention_are_pruned():
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        for username in ("old", "new"):
            model.objects.create(username=username, ip_address="192.0.2.1", user_agent="x", **extra)
        model.objects.filter(username="old").update(
            attempt_time=timezone.now() - timedelta(days=200)
        )
    call_command("prune_events", days=180)
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("username", flat=True)) == ["new"], model
