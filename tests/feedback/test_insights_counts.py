"""Insights count guidance once, however many languages it is written in."""

import pytest

from playbooks.feedback import insights
from playbooks.feedback.insights import thin_coverage
from playbooks.library.models import Playbook, Situation

pytestmark = pytest.mark.django_db


def test_a_playbook_and_its_translation_count_once_in_coverage(monkeypatch):
    monkeypatch.setattr(insights, "LIMIT", 100)
    counts = {row.label: row.value for row in thin_coverage()}
    bereavement = Situation.objects.get(slug="bereavement")
    published = Playbook.objects.filter(situations=bereavement, status=Playbook.Status.PUBLISHED)
    assert published.filter(translation_of__isnull=False).exists()  # French twins exist
    assert counts["Bereavement"] == published.filter(translation_of__isnull=True).count()
