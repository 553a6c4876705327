"""Django's database sessions, each kept with whose it is, so that one query reads both.

Every page needs the session and then the signed-in user: two round trips to the database,
which on PostgreSQL cost more than the rest of a kept page. The session table has a user
column (Django's documented way to extend it, models.py), filled when the session is saved,
and the per-request read joins the user's row to the session's. The backend
(crisisguide/auth_backends.py) uses that row when it is the user the session names, and
reads it itself otherwise. Writing, expiry and everything else are Django's own.

The engines: `crisisguide.sessions.store`, and `crisisguide.sessions.cached` with REDIS_URL.
"""
