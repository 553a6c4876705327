"""Writing the search log, kept apart from searching so tests and callers can do either."""

from django.db import connection, transaction

from .models import SearchLog
from .query import normalise_query


def record_search(*, query: str, result_count: int, language: str) -> SearchLog | None:
    """Log one search; blank queries are not searches and are not logged."""
    if not (normalised := normalise_query(query)):
        return None
    entry = SearchLog(query=normalised, result_count=result_count, language=language[:2])
    if connection.vendor != "postgresql":
        entry.save()
        return entry
    with transaction.atomic():
        # A lost log line after a crash costs nothing; waiting for the WAL flush on every
        # search costs milliseconds. (SQLite here runs with synchronous=NORMAL already.)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        entry.save()
    return entry
