"""Writing the search log, kept apart from searching so tests and callers can do either."""

from django.db import connection
from django.utils import timezone

from playbooks.passing_writes import insert

from .models import SearchLog
from .query import normalise_query


def record_search(*, query: str, result_count: int, language: str) -> None:
    """Log one search; blank queries are not searches and are not logged."""
    if not (normalised := normalise_query(query)):
        return
    row = {
        "query": normalised,
        "result_count": result_count,
        "language": language[:2],
        "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    insert(SearchLog._meta.db_table, [row])
