"""Writes a page makes in passing: views counted, a search logged. One statement each.

Losing the last few of these in a crash costs nothing, while waiting for each one to reach
the disk cost PostgreSQL a flush per page view. So there the statement turns synchronous
commit off for its own transaction (`set_config(…, true)` lasts until that commit). SQLite
here never waits for the disk on commit anyway (WAL with synchronous=NORMAL).
"""

from django.db import connection


def insert(table: str, rows: list[dict], *, where: str = "true", on_conflict: str = "") -> None:
    """INSERT `rows` (dicts with the same keys) into `table`, those that meet `where`
    (which names their columns `new.…`); `on_conflict` may add an upsert clause."""
    columns = list(rows[0])
    first = ", ".join(f"%s AS {column}" for column in columns)
    others = ", ".join(["%s"] * len(columns))
    union = " UNION ALL ".join([f"SELECT {first}", *[f"SELECT {others}"] * (len(rows) - 1)])
    unhurried, source = "", ""
    if connection.vendor == "postgresql":
        unhurried = "WITH unhurried AS (SELECT set_config('synchronous_commit', 'off', true)) "
        source = ", unhurried"
    # "WHERE …" also keeps SQLite from reading ON CONFLICT as a join's ON.
    sql = (
        f"{unhurried}INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(f'new.{column}' for column in columns)} "
        f"FROM ({union}) AS new{source} WHERE {where} {on_conflict}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [row[column] for row in rows for column in columns])
