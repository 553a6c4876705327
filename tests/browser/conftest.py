"""Browser tests: a real Chromium (Debian's) driven by Playwright against live_server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..factories import PASSWORD, make_user

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but Chromium was not found at {CHROMIUM}.")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture
def login(page, live_server, shipped_content):
    """Log in through the real form as a new user of the given role; returns the user."""

    def _login(role: str, on=None):
        target = on or page
        user = make_user(role=role)
        target.goto(f"{live_server.url}/accounts/login/")
        target.get_by_label("Username").fill(user.username)
        target.get_by_label("Password").fill(PASSWORD)
        target.get_by_role("button", name="Log in").click()
        target.wait_for_url(f"{live_server.url}/")
        return user

    return _login


@pytest.fixture
def no_js_page(browser):
    """A page with JavaScript off: every form must still work as plain HTML."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def assert_accessible():
    axe = Axe()

    def _check(page):
        results = axe.run(page)
        serious = [
            v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in serious
        )

    return _check


@pytest.fixture
def console_errors(page):
    """Collects console errors and CSP violations the page reports while the test runs."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
