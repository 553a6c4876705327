"""Two team leads saving at once: both changes reach readers at once (PostgreSQL).

Each lead's save runs with its own connection and transaction, as two requests to two app
processes would; the rules' save runs in another process. Guide rules are included: the
admin reads the rules' row when the form is opened and writes every field back when saved.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from playbooks.guide.models import GuideRules
from playbooks.library import content_version
from playbooks.library.models import Phrase
from playbooks.library.roles import ACCOUNT_MANAGERS

from ..factories import make_playbook, make_situation, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real concurrency"),
]

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = [f"Original words {n}." for n in range(5)]
ADDED = "Words a second lead added."


@pytest.fixture
def reader(roles) -> Client:
    client = Client()
    client.force_login(make_user(role=ACCOUNT_MANAGERS))
    return client


@pytest.fixture
def playbook():
    GuideRules.objects.get_or_create(pk=GuideRules.SINGLETON_ID)
    situation = make_situation(slug="test-crisis")
    return make_playbook(situations=[situation], phrases=ORIGINAL)


def plan(reader) -> str:
    url = "/guide/plan/?situation=test-crisis&relationship=established&channel=phone"
    response = reader.get(url + "&pressure=none&can_grant=no")
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str) -> tuple[int, bool]:
    """How many of the original phrases the plan shows, and whether the added one is there."""
    return sum(text in html for text in ORIGINAL), ADDED in html


def in_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def add_phrase(playbook) -> None:
    with transaction.atomic():
        Phrase.objects.create(playbook=playbook, order=0, text=ADDED, kind="listen", weight=9)


OTHER_PROCESS = """
import sys, django
django.setup()
from django.db import transaction
from playbooks.guide.models import GuideRules
opened = GuideRules.current()
print("opened", flush=True)
sys.stdin.readline()
with transaction.atomic():
    opened.max_say = 2
    opened.save()
print("saved", flush=True)
"""


def rules_editor_elsewhere() -> subprocess.Popen:
    """Another app process whose lead has the rules' form open; a line on stdin saves it."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "crisisguide.test_settings"}
    editor = subprocess.Popen(
        [sys.executable, "-c", OTHER_PROCESS],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert editor.stdout.readline().strip() == "opened"
    return editor


def test_a_rules_form_opened_before_another_save_still_takes_effect(reader, playbook):
    """The review's race: the rules are read, another lead saves, a reader renders the plan
    (caching it), then the rules are saved from what was read."""
    assert shown(plan(reader)) == (5, False)
    editor = rules_editor_elsewhere()

    in_thread(lambda: add_phrase(playbook)).join()
    assert shown(plan(reader)) == (5, True)  # the other lead's change, now kept

    editor.stdin.write("save\n")
    editor.stdin.flush()
    assert editor.stdout.readline().strip() == "saved"
    editor.wait(30)
    assert shown(plan(reader)) == (1, True)  # both changes, at once


def test_two_saves_in_flight_together_both_take_effect(reader, playbook):
    before = content_version.current()
    assert shown(plan(reader)) == (5, False)
    rules_written, other_started = threading.Event(), threading.Event()
    versions = {}

    def save_rules():
        with transaction.atomic():
            rules = GuideRules.current()
            rules.max_say = 2
            rules.save()
            rules_written.set()
            other_started.wait(5)
            time.sleep(0.3)  # the other save is now waiting on the version row
            versions["rules"] = content_version.current()

    def save_phrase():
        rules_written.wait(5)
        other_started.set()
        add_phrase(playbook)
        versions["phrase"] = content_version.current()

    threads = [in_thread(save_rules), in_thread(save_phrase)]
    for thread in threads:
        thread.join(10)

    assert connection.vendor == "postgresql"
    assert sorted(versions.values()) == [before + 1, before + 2]  # two new numbers
    assert content_version.current() == before + 2
    assert shown(plan(reader)) == (1, True)
