"""The French catalogue is complete and current: a new untranslated string fails the build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "crisisguide/locale/fr/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
SOURCES = ("crisisguide", "playbooks", "templates", "manage.py")

pytestmark = pytest.mark.skipif(
    not shutil.which("xgettext") or not shutil.which("msgattrib"), reason="needs GNU gettext"
)


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """Regenerate the catalogue from today's source in a scratch copy of the project."""
    work = tmp_path_factory.mktemp("i18n")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / name)
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "crisisguide.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "-v0"],
        cwd=work,
        env=env,
        check=True,
    )
    return work / "crisisguide/locale/fr/LC_MESSAGES/django.po"


def entries(po_text: str) -> set[str]:
    return set(re.findall(r'^msgid "(.+)"$', po_text, flags=re.M))


def test_every_string_in_the_source_is_in_the_committed_catalogue(fresh_catalogue):
    missing = entries(fresh_catalogue.read_text()) - entries(PO.read_text())
    assert not missing, f"run `make messages` and translate: {sorted(missing)[:20]}"


def test_no_french_entry_is_untranslated_or_fuzzy(fresh_catalogue):
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(PO)],
            capture_output=True,
            text=True,
            check=True,
        )
        leftover = [m for m in re.findall(r'^msgid "(.*)"$', result.stdout, flags=re.M) if m]
        assert not leftover, f"{flag}: {leftover[:20]}"


def test_the_compiled_catalogue_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), "run `make messages` to recompile"
