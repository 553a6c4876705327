import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db.models import Q
from django.test import Client
from django.utils import translation

from playbooks.guide.engine import clear_rules_cache
from playbooks.library.loader import load_content
from playbooks.library.roles import ACCOUNT_MANAGERS, NEW_HIRES, TEAM_LEADS

from .factories import make_user


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests are marked `browser` by where they live, before -m selects by marks."""
    for item in items:
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)


def pytest_sessionfinish(session, exitstatus):
    """With CRISISGUIDE_NO_SKIPS=1 (CI), a skipped test fails the run: what a run leaves out
    is deselected by a mark, by name, never skipped in silence."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and os.environ.get("CRISISGUIDE_NO_SKIPS") == "1" and exitstatus == 0:
        reporter.write_sep("=", f"{len(skipped)} skipped with CRISISGUIDE_NO_SKIPS=1", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the shipped content, loaded once per run.

    Transactional tests (the browser ones) flush it; pytest-django runs them last, and
    they load it again themselves with the `shipped_content` fixture.
    """
    with django_db_blocker.unblock():
        load_content()
        ROLE_PERMISSIONS.update(
            (group.name, list(group.permissions.values_list("content_type__app_label", "codename")))
            for group in Group.objects.all()
        )


# The role groups as the data migrations left them. Transactional tests flush the database,
# which takes the groups with it; `shipped_content` puts them back.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {}


def restore_roles() -> None:
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in perms:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


@pytest.fixture
def roles(transactional_db) -> None:
    """The role groups, for a transactional test that may run after another flushed them."""
    restore_roles()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test's database rolls back, content version included, so nothing cached may
    outlive it: neither the caches nor this process's copy of the guide's rules."""
    for cache in caches.all():
        cache.clear()
    clear_rules_cache()
    yield
    for cache in caches.all():
        cache.clear()
    clear_rules_cache()


@pytest.fixture
def shipped_content(transactional_db):
    restore_roles()
    load_content()


@pytest.fixture
def manager(db):
    return make_user(role=ACCOUNT_MANAGERS)


@pytest.fixture
def lead(db):
    return make_user(role=TEAM_LEADS)


@pytest.fixture
def new_hire(db):
    return make_user(role=NEW_HIRES)


@pytest.fixture
def manager_client(manager) -> Client:
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def lead_client(lead) -> Client:
    client = Client()
    client.force_login(lead)
    return client


@pytest.fixture
def new_hire_client(new_hire) -> Client:
    client = Client()
    client.force_login(new_hire)
    return client


@pytest.fixture(autouse=True)
def english_by_default():
    """A request leaves its language active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()
