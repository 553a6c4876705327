"""Writes that readers cause: a vote, a view, a click from search. Small and privacy-minded."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..search.query import normalise_query
from .models import PlaybookView, Rating, SearchClick

DIGITS = re.compile(r"\d")


def mask_digits(text: str) -> str:
    """Phone numbers, dates of birth and account numbers never reach a report."""
    return DIGITS.sub("#", text)


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
    """Today's counter for the playbook, plus one: one UPDATE, or the day's first row."""
    today = timezone.localdate()
    counters = PlaybookView.objects.filter(playbook_id=playbook_id, day=today)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PlaybookView.objects.create(playbook_id=playbook_id, day=today, count=1)
    except IntegrityError:  # another request made the day's row first
        counters.update(count=F("count") + 1)


def previous_vote(user, *, target: str, object_id: int) -> bool | None:
    """Whether `user` found the item helpful (True or False), or None if they have not voted."""
    if not user.is_authenticated:
        return None
    votes = Rating.objects.filter(user=user, target=target, object_id=object_id)
    return votes.values_list("helpful", flat=True).first()


def count_click(*, query: str, playbook_id: int) -> None:
    if query := normalise_query(query):
        SearchClick.objects.create(query=query, playbook_id=playbook_id)
