"""What another app process does, as this test process sees it.

Its commit moves the content version without any signal reaching this process. On
PostgreSQL this process is then told by a notification that arrives a moment after the
commit (crisisguide/postgresql/notices.py); these helpers wait for that moment, as a
reader's next click would. Tests that use them must commit: `django_db(transaction=True)`.
"""

import select

from django.db import connection
from django.db.models import F

from playbooks import content_version
from playbooks.guide.models import GuideRules


def move_the_content_version() -> None:
    GuideRules.objects.get_or_create(pk=GuideRules.SINGLETON_ID)  # the row it lives in
    hear_what_was_said()  # this process listens from here on, and is up to date
    GuideRules.objects.update(content_version=F("content_version") + 1)
    if socket := _listening_socket():
        assert readable(socket, 5000), "no notification within 5 s of the commit"


def hear_what_was_said() -> None:
    """Let this process take in every notification already on its way."""
    content_version.current()
    while (socket := _listening_socket()) and readable(socket, 200):
        content_version.current()


def _listening_socket() -> int | None:
    notices = getattr(connection, "notices", None)
    if notices is None or notices.connection is None:
        return None
    return notices.connection.pgconn.socket


def readable(socket: int, milliseconds: int) -> bool:
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    return bool(poller.poll(milliseconds))
