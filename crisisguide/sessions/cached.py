"""The session engine when REDIS_URL gives a shared cache: Django's cached_db, on our
session table. A session found in the cache costs no query; the user is then read alone."""

from django.contrib.sessions.backends import cached_db

from .reading import SessionReading


class SessionStore(SessionReading, cached_db.SessionStore):
    pass
