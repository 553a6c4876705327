"""Writing the search log, kept apart from searching so tests and callers can do either."""

from django.utils.crypto import salted_hmac

from .models import SearchLog
from .query import normalise_query


def reader_hash(user) -> str:
    """Who searched, as a keyed hash: reports count distinct readers without knowing them."""
    return salted_hmac("crisisguide.search.reader", str(user.pk), algorithm="sha256").hexdigest()


def record_search(*, query: str, result_count: int, language: str, reader) -> None:
    """Log one search by `reader` (a user); blank queries are not searches and are not logged."""
    if normalised := normalise_query(query):
        SearchLog.objects.create(
            query=normalised,
            reader=reader_hash(reader),
            result_count=result_count,
            language=language[:2],
        )
