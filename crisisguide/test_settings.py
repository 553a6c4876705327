"""Test settings: the real settings with a fixed key and a fast password hasher."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks"
)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from crisisguide.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
