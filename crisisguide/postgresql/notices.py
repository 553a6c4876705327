"""A LISTEN connection beside Django's, so that a value other processes change is read again
when they say so (NOTIFY), not on every request.

Asking costs a look at this connection's socket, not a round trip. A notification arrives
once the change has committed, a moment after; anything else on the socket (the server
closing it) is treated the same way, and a connection that fails is replaced, with every
value read afresh since notifications may have been missed meanwhile.
"""

import select

import psycopg
from psycopg import pq, sql


class Notices:
    def __init__(self, params: dict):
        self.params = params
        self.connection: psycopg.Connection | None = None
        self.channels: set[str] = set()
        self.values: dict[tuple, object] = {}

    def value(self, channel: str, query: str, params: list, default):
        """The first column of `query`'s first row (or `default`), read again only after a
        notification on `channel`; None when the server cannot be asked this way."""
        try:
            if self.connection is None:
                self.connection = psycopg.connect(**self.params, autocommit=True)
            elif self.spoken():
                self.values.clear()
            if channel not in self.channels:
                self.connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self.channels.add(channel)
                self.values.clear()
            key = (channel, query, *params)
            if key not in self.values:
                row = self.connection.execute(query, params).fetchone()
                self.values[key] = default if row is None else row[0]
            return self.values[key]
        except psycopg.Error:
            self.close()
            return None

    def spoken(self) -> bool:
        """Whether the server has sent anything since we last looked; reads it all."""
        if not has_input(self.connection):
            return False
        pgconn = self.connection.pgconn
        pgconn.consume_input()  # raises once the server has closed the connection
        while pgconn.notifies() is not None:
            pass
        if pgconn.status != pq.ConnStatus.OK:
            raise psycopg.OperationalError("the listening connection was lost")
        return True

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None
        self.channels.clear()
        self.values.clear()


def has_input(connection: psycopg.Connection) -> bool:
    """Whether the server has sent something not yet read, without waiting for it."""
    poller = select.poll()
    poller.register(connection.pgconn.socket, select.POLLIN)
    return bool(poller.poll(0))
