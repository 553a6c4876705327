import pytest
from django.test import Client

from playbooks.loader import load_content
from playbooks.roles import ACCOUNT_MANAGERS, NEW_HIRES, TEAM_LEADS

from .factories import make_user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the shipped content, loaded once per run.

    Transactional tests (the browser ones) flush it; pytest-django runs them last, and
    they load it again themselves with the `shipped_content` fixture.
    """
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def shipped_content(transactional_db):
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
