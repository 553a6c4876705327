"""The session engine: Django's database sessions, read with their user (see __init__.py)."""

from django.contrib.sessions.backends import db

from .reading import SessionReading


class SessionStore(SessionReading, db.SessionStore):
    pass
