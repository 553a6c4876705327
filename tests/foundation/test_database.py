"""PostgreSQL: the connection's health check and the content version cost no round trip
while nothing happens, and are still right when the server drops a connection."""

import psycopg
import pytest
from django.db import connection

from playbooks import content_version

from ..elsewhere import move_the_content_version, readable

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL-only behaviour"),
    pytest.mark.django_db(transaction=True),
]


def wait_until_readable(sock: int) -> None:
    assert readable(sock, 5000), "the server never closed the connection"


def test_a_dropped_connection_is_noticed(roles, manager_client):
    """What Django asks before a request's first query; a gunicorn-served restart is in
    tests/ops/test_outage.py."""
    assert manager_client.get("/playbooks/").status_code == 200
    dropped = connection.connection.info.backend_pid
    assert connection.is_usable()

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [dropped])
    wait_until_readable(connection.connection.pgconn.socket)
    try:
        assert not connection.is_usable()
    finally:
        connection.close()
    assert manager_client.get("/playbooks/").status_code == 200


def test_the_content_version_costs_no_query_until_it_moves(django_assert_num_queries):
    move_the_content_version()
    first = content_version.current()
    with django_assert_num_queries(0):
        assert content_version.current() == first
    move_the_content_version()
    with django_assert_num_queries(0):
        assert content_version.current() == first + 1


def test_a_lost_listening_connection_is_replaced_without_missing_a_change():
    move_the_content_version()
    before = content_version.current()
    listening = connection.notices.connection
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [listening.info.backend_pid])
        admin.execute("UPDATE guide_guiderules SET content_version = content_version + 1")
    wait_until_readable(listening.pgconn.socket)
    assert content_version.current() == before + 1  # read through Django's connection
    assert content_version.current() == before + 1  # through a new listening connection
    assert connection.notices.connection is not listening
