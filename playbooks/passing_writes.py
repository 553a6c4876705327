"""Writes a page makes in passing: a view counted, a search logged. One statement each.

Losing the last few of these in a crash costs nothing, while waiting for each one to reach
the disk cost PostgreSQL a flush per page view. So there the statement turns synchronous
commit off for its own transaction (`set_config(…, true)` lasts until that commit). SQLite
here never waits for the disk on commit anyway (WAL with synchronous=NORMAL).
"""

from django.db import connection


def insert(table: str, values: dict, *, on_conflict: str = "") -> None:
    """INSERT one row into `table`; `on_conflict` may add an upsert clause."""
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    unhurried, source = "", ""
    if connection.vendor == "postgresql":
        unhurried = "WITH unhurried AS (SELECT set_config('synchronous_commit', 'off', true)) "
        source = " FROM unhurried"
    # "WHERE true" keeps SQLite from reading ON CONFLICT as a join's ON.
    sql = (
        f"{unhurried}INSERT INTO {table} ({columns}) "
        f"SELECT {placeholders}{source} WHERE true {on_conflict}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values.values()))
