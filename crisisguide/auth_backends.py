"""Django's ModelBackend, each request's user read with one plain query, or none.

Every page asks for the signed-in user, and building the ORM query for it (or a raw
queryset's column mapping) cost more than running it. Better still, the session store reads
the user's row together with the session (crisisguide/sessions/) and hands it over here.
Such a user also carries `reader_facts`, what other apps asked to have read with the
session (crisisguide/sessions/reading.py). Rows go through the database's converters, as the
ORM's would. Authentication and permissions are Django's own.
"""

import functools
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import backends, get_user_model
from django.db import connections, router

# The user row the session store read with this request's session, (pk, …), and the
# reader facts read with it; or None.
_session_user: ContextVar[tuple[tuple, dict] | None] = ContextVar("session_user", default=None)


def remember_session_user(row: tuple | None, facts: dict) -> None:
    _session_user.set(None if row is None else (row, facts))


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        reader = user_reader(alias)
        remembered = _session_user.get()
        _session_user.set(None)  # one request's, used once
        if remembered is not None and str(remembered[0][0]) == str(user_id):
            user = reader.build(remembered[0])
            user.reader_facts = remembered[1]
        else:
            with connections[alias].cursor() as cursor:
                cursor.execute(reader.by_pk, [user_id])
                row = cursor.fetchone()
            if row is None:
                return None
            user = reader.build(row)
        return user if self.user_can_authenticate(user) else None


@dataclass(frozen=True)
class UserReader:
    """How to read a user's row in plain SQL and make the user of it."""

    alias: str
    table: str
    pk: str
    column_names: tuple[str, ...]
    attnames: tuple[str, ...]
    converters: tuple[tuple, ...]

    def columns(self, table_alias: str) -> str:
        return ", ".join(f"{table_alias}.{name}" for name in self.column_names)

    @functools.cached_property
    def by_pk(self) -> str:
        return f"SELECT {self.columns('u')} FROM {self.table} u WHERE u.{self.pk} = %s"

    def build(self, row):
        values = list(row)
        connection = connections[self.alias]
        for index, convert, column in self.converters:
            values[index] = convert(values[index], column, connection)
        return get_user_model().from_db(self.alias, self.attnames, values)


@functools.cache
def user_reader(alias: str) -> UserReader:
    meta = get_user_model()._meta
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            converters.append((index, convert, column))
    return UserReader(
        alias=alias,
        table=quote(meta.db_table),
        pk=quote(meta.pk.column),
        column_names=tuple(quote(field.column) for field in fields),
        attnames=tuple(field.attname for field in fields),
        converters=tuple(converters),
    )
