from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Session(AbstractBaseSession):
    """Django's session, plus whose it is: read together with the user (see __init__.py),
    and gone with them when the user is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    @classmethod
    def get_session_store_class(cls):
        from .store import SessionStore

        return SessionStore
