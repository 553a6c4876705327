"""Writing the search log, kept apart from searching so tests and callers can do either."""

from .models import SearchLog
from .query import normalise_query


def record_search(*, query: str, result_count: int, language: str) -> None:
    """Log one search; blank queries are not searches and are not logged."""
    if normalised := normalise_query(query):
        SearchLog.objects.create(query=normalised, result_count=result_count, language=language[:2])
