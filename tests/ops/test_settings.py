"""Settings read from the environment keep what the operator wrote there."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def read_settings(expression: str, **environ: str) -> dict:
    inherited = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env = {**inherited, "DJANGO_SECRET_KEY": "x" * 50, **environ}
    code = f"import json, crisisguide.settings as s; print(json.dumps({expression}))"
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def database_settings(url: str) -> dict:
    return read_settings("s.DATABASES['default']", DATABASE_URL=url)


def test_postgresql_options_from_the_url_are_kept_beside_ours():
    settings = database_settings("postgres://app@db.example.com:5432/crisisguide?sslmode=require")
    assert settings["ENGINE"] == "django.db.backends.postgresql"  # Django's own
    assert settings["CONN_HEALTH_CHECKS"] is True
    assert settings["OPTIONS"]["sslmode"] == "require"
    assert settings["OPTIONS"]["prepare_threshold"] == 5


def test_sessions_and_authentication_are_djangos_own():
    found = read_settings("[s.SESSION_ENGINE, s.AUTHENTICATION_BACKENDS]")
    assert found == [
        "django.contrib.sessions.backends.db",
        ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
    ]


def test_with_redis_sessions_and_fragments_use_separate_caches():
    engine, caches = read_settings("[s.SESSION_ENGINE, s.CACHES]", REDIS_URL="redis://r:6379/0")
    assert engine == "django.contrib.sessions.backends.cached_db"  # the database behind it
    assert caches["default"]["KEY_PREFIX"] != caches["fragments"]["KEY_PREFIX"]
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }


def test_in_memory_caches_are_bounded():
    caches = read_settings("s.CACHES")
    assert caches["fragments"]["OPTIONS"]["MAX_ENTRIES"] <= 5000
