import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from playbooks.library.roles import TEAM_LEADS

from ...factories import make_user


@pytest.fixture
def other_lead(db):
    return make_user(role=TEAM_LEADS)


@pytest.fixture
def other_lead_client(other_lead) -> Client:
    client = Client()
    client.force_login(other_lead)
    return client


@pytest.fixture
def superuser_client(db) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x-long-pass-1")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def four_eyes(settings):
    settings.CRISISGUIDE_FOUR_EYES = True
