"""Writes that readers cause: a vote, a view, a click from search. Small and privacy-minded."""

import re

from django.db import connection, transaction
from django.utils import timezone

from ..passing_writes import insert
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
    """Today's counter for the playbook, plus one: a single upsert (SQLite and PostgreSQL).

    Every playbook page view runs it: an update-or-create through the ORM took three
    statements and most of a millisecond.
    """
    table = PlaybookView._meta.db_table
    insert(
        table,
        {"playbook_id": playbook_id, "day": timezone.localdate(), "count": 1},
        on_conflict=f"ON CONFLICT (playbook_id, day) DO UPDATE SET count = {table}.count + 1",
    )


def previous_vote(user, *, target: str, object_id: int) -> bool | None:
    """Whether `user` found the item helpful (True or False), or None if they have not voted.

    Asked on every playbook page for the vote buttons' state, hence plain SQL.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT helpful FROM {Rating._meta.db_table} "
            "WHERE user_id = %s AND target = %s AND object_id = %s",
            [user.pk, target, object_id],
        )
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


def count_click(*, query: str, playbook_id: int) -> None:
    if query := normalise_query(query):
        SearchClick.objects.create(query=query, playbook_id=playbook_id)
