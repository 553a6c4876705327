"""What our session engines add to Django's database ones (see __init__.py)."""

import functools
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from crisisguide import auth_backends

# What pages need to know about their reader besides the user row, read in the session's
# query rather than in queries of their own: {name: sql(connection, user_pk) -> an SQL
# expression}, registered by the apps that need them (feedback: the reader's votes).
READER_FACTS: dict[str, Callable] = {}


class SessionReading:
    """What our session stores add to Django's database ones."""

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
        except ValidationError:  # not a user id we know how to read: nobody's
            session.user_id = None
        return session

    def load(self):
        # Whatever an earlier request on this thread left, even when the cache answers.
        auth_backends.remember_session_user(None, {})
        return super().load()

    def _get_session_from_db(self):
        """The session, and its user's row and facts for the auth backend: one plain query."""
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(session_query(model, alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            auth_backends.remember_session_user(None, {})
            self._session_key = None
            return None
        columns = len(auth_backends.user_reader(alias).column_names)
        user_row, facts = row[1 : 1 + columns], row[1 + columns :]
        auth_backends.remember_session_user(
            None if user_row[0] is None else user_row, dict(zip(READER_FACTS, facts, strict=True))
        )
        return model(session_key=self.session_key, session_data=row[0])


@functools.cache
def session_query(model, alias: str) -> str:
    """Built once: the apps have registered their READER_FACTS before the first request."""
    connection = connections[alias]
    user = auth_backends.user_reader(alias)
    facts = [sql(connection, f"u.{user.pk}") for sql in READER_FACTS.values()]
    return (
        f"SELECT s.session_data, {', '.join([user.columns('u'), *facts])} "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} s "
        f"LEFT JOIN {user.table} u ON u.{user.pk} = s.user_id "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )
