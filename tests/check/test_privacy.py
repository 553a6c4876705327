"""A draft with a planted name goes nowhere: no log line, no database write, no cache entry,
no header, no URL. Only the reader's own response carries it back."""

import logging
import pickle

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db
NAME = "Wilhelmina Quarrington"
DRAFT = f"Dear {NAME}, at least you had time together. Let me know if there's anything I can do."


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record) + repr(record.__dict__))


@pytest.fixture
def recorder():
    handler = Recorder()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("django.request", "django.db.backends", "crisisguide.request"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def statements():
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(f"{sql} {params!r}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def cached_bytes() -> bytes:
    store = getattr(cache, "_cache", {})
    return b"".join(pickle.dumps(v) for v in store.values()) + pickle.dumps(list(store))


@pytest.mark.parametrize("htmx", [False, True])
def test_a_planted_name_goes_nowhere_but_back_to_the_reader(
    manager_client, recorder, statements, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    response = manager_client.post(
        "/check/",
        {"text": DRAFT, "language": "en", "situation": "bereavement", "signals": ["upset"]},
        headers=headers,
    )
    assert response.status_code == 200
    assert NAME in response.content.decode()  # the reader sees their own draft, marked

    assert statements, "the check reads its rules from the database"
    writes = [s for s in statements if s.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert not [s for s in statements if "Quarrington" in s]
    assert not [s for s in writes if "Quarrington" in s]
    assert not [line for line in recorder.lines if "Quarrington" in line]
    assert b"Quarrington" not in cached_bytes()
    assert not [v for v in response.headers.values() if "Quarrington" in v]
    assert "no-store" in response["Cache-Control"]
    session = manager_client.session
    assert "Quarrington" not in repr(dict(session.items()))


def test_the_check_leaves_no_line_in_the_request_log(manager_client, recorder):
    manager_client.post("/check/", {"text": DRAFT, "language": "en"})
    assert not [line for line in recorder.lines if '"path": "/check/"' in line]
    manager_client.get("/playbooks/")
    assert [line for line in recorder.lines if '"path": "/playbooks/"' in line]


def test_an_error_on_the_check_does_not_leak_the_draft(manager_client, recorder, statements):
    response = manager_client.post("/check/", {"text": DRAFT, "language": "xx"})
    assert response.status_code == 400
    assert not [line for line in recorder.lines if "Quarrington" in line]
    assert not [s for s in statements if "Quarrington" in s]
