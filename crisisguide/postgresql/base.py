"""Django's PostgreSQL backend, with a connection health check that costs no round trip,
and values read again only when the database says they changed (notices.py).

Before a request's first query Django checks a persistent connection with `SELECT 1`
(CONN_HEALTH_CHECKS): on a page that makes two or three small queries, a good part of its
database time. A connection the server has dropped (a restart, pg_terminate_backend, an idle
timeout) has something waiting on its socket, the server's last message or end-of-file,
while a healthy idle one has nothing. So the socket is polled without waiting, and only when
something is there, or a transaction is open, does `SELECT 1` decide.
"""

from django.db.backends.postgresql import base
from psycopg import pq

from .notices import Notices, has_input


class DatabaseWrapper(base.DatabaseWrapper):
    notices: Notices | None = None

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        idle = connection.info.transaction_status == pq.TransactionStatus.IDLE
        if idle and not has_input(connection):
            return True
        return super().is_usable()

    def value_on_notice(self, channel: str, query: str, params: list, default=None):
        """See Notices.value. The listening connection lives and dies with this one."""
        if self.notices is None:
            self.notices = Notices(self.get_connection_params())
        return self.notices.value(channel, query, params, default)

    def close(self):
        try:
            super().close()
        finally:
            if self.notices is not None:
                self.notices.close()
