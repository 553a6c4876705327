"""Writes that readers cause: a vote, a view, a click from search. Small and privacy-minded."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import PlaybookView, Rating, SearchClick

DIGITS = re.compile(r"\d")


def mask_digits(text: str) -> str:
    """Phone numbers, dates of birth and account numbers never reach a report."""
    return DIGITS.sub("#", text)


def normalise_query(text: str) -> str:
    return mask_digits(" ".join(text.casefold().split()))[:200]


@transaction.atomic
def record_vote(*, user, target: str, object_id: int, helpful: bool, reason: str = "") -> Rating:
    """One vote per user per item; voting again changes it."""
    rating, _ = Rating.objects.update_or_create(
        user=user,
        target=target,
        object_id=object_id,
        defaults={"helpful": helpful, "reason": "" if helpful else reason},
    )
    return rating


def count_view(playbook_id: int) -> None:
    day = timezone.localdate()
    if PlaybookView.objects.filter(playbook_id=playbook_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PlaybookView.objects.create(playbook_id=playbook_id, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        PlaybookView.objects.filter(playbook_id=playbook_id, day=day).update(count=F("count") + 1)


def count_click(*, query: str, playbook_id: int) -> None:
    if query := normalise_query(query):
        SearchClick.objects.create(query=query, playbook_id=playbook_id)
