"""Counting the queries a page costs, to show it does not grow with the content."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from playbooks.guide.engine import clear_rules_cache


def queries_for(client, url: str, *, cold: bool = False) -> int:
    """How many queries `client` GETting `url` costs; `cold` forgets every cached part first."""
    if cold:
        caches["fragments"].clear()
        clear_rules_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def costs(client, url: str) -> tuple[int, int]:
    """(cold, warm): the queries of a first request and of the same request once cached."""
    client.get(url)  # the session's first renewal is not the page's cost
    return queries_for(client, url, cold=True), queries_for(client, url)
