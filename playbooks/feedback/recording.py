"""Writes that readers cause: a vote, a view, a click from search. Small and privacy-minded."""

import logging
import re
import threading
import time
from collections import Counter

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..models import Playbook
from ..passing_writes import insert
from .models import PlaybookView, Rating, SearchClick, Target

logger = logging.getLogger(__name__)
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


# Views counted by this process and not yet written: {(playbook id, day): views}.
_unwritten: Counter = Counter()
_unwritten_lock = threading.Lock()
_written_at = [0.0]
WRITE_EVERY = 10  # seconds
WRITE_AT_MOST = 1000  # rows per statement


def count_view(playbook_id: int) -> None:
    """Today's counter for the playbook, plus one, written with others within WRITE_EVERY
    seconds (`write_views`).

    Writing each view as it happened cost every playbook page a database write, most of its
    database time on PostgreSQL; a crash loses at most the last few seconds of counts.
    """
    with _unwritten_lock:
        _unwritten[(playbook_id, timezone.localdate())] += 1


def write_views(*, when_due: bool = False) -> None:
    """Add the views this process has counted to the database, a thousand rows a statement.

    Runs after each response when WRITE_EVERY has passed, at exit, and before the
    insights read the counts. Playbooks deleted meanwhile are skipped.
    """
    with _unwritten_lock:
        if not _unwritten or (when_due and time.monotonic() - _written_at[0] < WRITE_EVERY):
            return
        counts = list(_unwritten.items())
        _unwritten.clear()
        _written_at[0] = time.monotonic()
    table = PlaybookView._meta.db_table
    rows = [{"playbook_id": pk, "day": day, "count": views} for (pk, day), views in counts]
    for start in range(0, len(rows), WRITE_AT_MOST):  # within the databases' parameter limits
        try:
            insert(
                table,
                rows[start : start + WRITE_AT_MOST],
                where=f"new.playbook_id IN (SELECT id FROM {Playbook._meta.db_table})",
                on_conflict="ON CONFLICT (playbook_id, day) "
                f"DO UPDATE SET count = {table}.count + excluded.count",
            )
        except DatabaseError:  # the database is away: keep the counts for the next try
            logger.warning("view counts not written; kept for the next try", exc_info=True)
            with _unwritten_lock:
                _unwritten.update(dict(counts[start:]))
            return


def discard_unwritten_views() -> None:
    """Forget counts not yet written: for tests, whose databases roll back."""
    with _unwritten_lock:
        _unwritten.clear()


def previous_vote(user, *, target: str, object_id: int) -> bool | None:
    """Whether `user` found the item helpful (True or False), or None if they have not voted.

    Asked on every playbook page for the vote buttons' state. A playbook vote is usually
    known already: the reader's playbook votes are read with their session
    (`playbook_votes_sql`); otherwise one plain query.
    """
    facts = getattr(user, "reader_facts", {})
    if target == Target.PLAYBOOK and "playbook_votes" in facts:
        return parse_votes(facts["playbook_votes"]).get(object_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT helpful FROM {Rating._meta.db_table} "
            "WHERE user_id = %s AND target = %s AND object_id = %s",
            [user.pk, target, object_id],
        )
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


def playbook_votes_sql(connection, user_pk: str) -> str:
    """The reader's playbook votes as "id:1,id:0,…" (or NULL), for the session's query."""
    aggregate = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    vote = "r.object_id || ':' || CASE WHEN r.helpful THEN 1 ELSE 0 END"
    return (
        f"(SELECT {aggregate}({vote}, ',') FROM {Rating._meta.db_table} r "
        f"WHERE r.user_id = {user_pk} AND r.target = '{Target.PLAYBOOK.value}')"
    )


def parse_votes(text: str | None) -> dict[int, bool]:
    votes = {}
    for item in filter(None, (text or "").split(",")):
        object_id, helpful = item.split(":")
        votes[int(object_id)] = helpful == "1"
    return votes


def count_click(*, query: str, playbook_id: int) -> None:
    if query := normalise_query(query):
        SearchClick.objects.create(query=query, playbook_id=playbook_id)
