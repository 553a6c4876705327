"""Settings read from the environment keep what the operator wrote there."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def database_settings(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "x" * 50}
    code = "import json, crisisguide.settings as s; print(json.dumps(s.DATABASES['default']))"
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def test_postgresql_options_from_the_url_are_kept_beside_ours():
    settings = database_settings("postgres://app@db.example.com:5432/crisisguide?sslmode=require")
    assert settings["ENGINE"] == "crisisguide.postgresql"
    assert settings["OPTIONS"]["sslmode"] == "require"
    assert settings["OPTIONS"]["prepare_threshold"] == 5
