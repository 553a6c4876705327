"""With the database down, the app answers a friendly 503 and recovers by itself.

Runs against a throwaway PostgreSQL that the test creates (initdb in a temporary folder,
pg_ctl on a free port), stops and restarts — never the machine's shared server — with the
app served by gunicorn under production settings.
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)

pytestmark = [
    pytest.mark.outage,
    pytest.mark.skipif(
        PG_BIN is None
        or not shutil.which("gunicorn", path=str(ROOT / ".venv/bin") + ":" + os.environ["PATH"]),
        reason="PostgreSQL server binaries or gunicorn are not installed",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; drop to the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class ThrowawayPostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="crisisguide-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            as_postgres(
                [f"{PG_BIN}/initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres"]
            ),
            check=True,
            capture_output=True,
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        log = str(self.dir / "log")
        subprocess.run(
            as_postgres(
                [f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-w", "-l", log, "-o", options, "start"]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            as_postgres([f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop"]),
            check=False,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Browser:
    """A tiny HTTP client that keeps cookies, speaking as if through a TLS proxy.

    Production cookies are Secure, so the app is told the request came over HTTPS
    (DJANGO_BEHIND_PROXY=1 and X-Forwarded-Proto), as it would be behind a load balancer.
    """

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Referer", "https://" + self.base.split("://", 1)[1] + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
            status, headers, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode()
        for header in headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return status, text


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def served_app():
    pg = ThrowawayPostgres()
    pg.start()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": pg.url,
        "DJANGO_SECRET_KEY": "outage-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "crisisguide.settings",
        "DJANGO_DEBUG": "",
    }
    env.pop("DJANGO_DEBUG")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "shell", "-c",
         "from django.contrib.auth.models import User; "
         "User.objects.create_user('outage', password='outage-password-123')"],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "crisisguide.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "30"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a busy CI machine can take a while to start it
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5)
            break
        except OSError:  # refused, reset or timed out while gunicorn starts
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)
    try:
        yield pg, base, server
    finally:
        server.terminate()
        server.wait(timeout=10)
        pg.cleanup()


def login(base: str) -> Browser:
    browser = Browser(base)
    status, html = browser.request("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, _ = browser.request(
        "/accounts/login/",
        {"username": "outage", "password": "outage-password-123", "csrfmiddlewaretoken": token},
    )
    assert status == 302
    return browser


def test_database_outage_gives_friendly_503s_and_recovers(served_app):
    pg, base, _server = served_app
    browser = login(base)
    assert browser.request("/healthz")[0] == 200
    assert browser.request("/playbooks/")[0] == 200

    pg.stop()
    status, body = browser.request("/healthz")
    assert status == 503
    assert '"database": "unavailable"' in body
    status, body = browser.request("/playbooks/")
    assert status == 503
    assert "briefly unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body

    pg.start()
    for _ in range(50):
        if browser.request("/healthz")[0] == 200:
            break
        time.sleep(0.2)
    assert browser.request("/healthz")[0] == 200
    assert browser.request("/playbooks/")[0] == 200


def test_a_database_restart_costs_no_failed_request(served_app):
    """The check before a request's first query notices the dropped connection and opens a
    new one, so the first page after the restart is a page, not an error."""
    pg, base, _server = served_app
    browser = login(base)
    assert browser.request("/playbooks/")[0] == 200
    pg.stop()
    pg.start()
    status, body = browser.request("/playbooks/")
    assert status == 200, body[:200]
