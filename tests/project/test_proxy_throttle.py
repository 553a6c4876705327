"""Behind a proxy, the login throttle counts each client apart, by the address our proxy saw.

Served by a real gunicorn under production settings with DJANGO_BEHIND_PROXY=1, talking to
it as a proxy would: X-Forwarded-For ends with the address the proxy saw, and anything to the
left of it is whatever the client sent (here forged).
"""

import os
import re
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
PASSWORD = "proxy-test-password-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class ThroughProxy:
    """One client, seen by our proxy at `address`, that may forge the rest of the header."""

    def __init__(self, base: str, address: str, forged: str = ""):
        self.base, self.address, self.forged = base, address, forged
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        forwarded = f"{self.forged}, {self.address}" if self.forged else self.address
        request.add_header("X-Forwarded-For", forwarded)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Referer", "https://" + self.base.split("://", 1)[1] + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
            status, headers, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode()
        for header in headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return status, text

    def log_in(self, username: str, password: str) -> int:
        _, html = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.request("/accounts/login/", data)[0]


@pytest.fixture(scope="module")
def behind_proxy():
    folder = Path(tempfile.mkdtemp(prefix="crisisguide-proxy-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "proxy-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXIES": "1",
        "DJANGO_SETTINGS_MODULE": "crisisguide.settings",
    }
    env.pop("DJANGO_DEBUG", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "shell", "-c",
         "from django.contrib.auth.models import User\n"
         f"for name in ('alice', 'bob'): User.objects.create_user(name, password='{PASSWORD}')"],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "crisisguide.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "30"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_one_client_cannot_lock_out_the_others(behind_proxy):
    attacker = ThroughProxy(behind_proxy, "203.0.113.9")
    statuses = [attacker.log_in(f"nobody{i}", "wrong") for i in range(6)]
    assert statuses[-1] == 429, statuses  # the attacker is locked out…

    colleague = ThroughProxy(behind_proxy, "198.51.100.7")
    assert colleague.log_in("alice", PASSWORD) == 302  # …and nobody else is


def test_a_client_cannot_escape_its_limit_by_forging_the_left_most_entry(behind_proxy):
    statuses = [
        ThroughProxy(behind_proxy, "192.0.2.55", forged=f"8.8.4.{i}, 9.9.9.9").log_in(
            f"guess{i}", "wrong"
        )
        for i in range(8)
    ]
    assert 429 in statuses, statuses
    # Still locked, whatever it writes, even with the right password for a real account.
    locked = ThroughProxy(behind_proxy, "192.0.2.55", forged="198.51.100.7")
    assert locked.log_in("bob", PASSWORD) == 429


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # not behind a proxy: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "8.8.4.1, 9.9.9.9, 198.51.100.7", "198.51.100.7"),
        (1, "not-an-address, 198.51.100.7", "198.51.100.7"),
        (2, "8.8.4.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),  # load balancer, then nginx
        (2, "198.51.100.7", "10.0.0.1"),  # too short: not through both proxies
        (1, "", "10.0.0.1"),
        (1, "bogus", "10.0.0.1"),
    ],
)
def test_the_client_is_the_entry_our_proxies_appended(settings, rf, trusted, forwarded, expected):
    from crisisguide.client_address import client_address

    settings.CRISISGUIDE_TRUSTED_PROXIES = trusted
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == expected
