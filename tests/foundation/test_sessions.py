"""Sessions are read with their user in one query, and still end when they must."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from crisisguide.sessions.models import Session

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 200 and b"Log out" in response.content


def test_a_session_knows_whose_it_is_and_logging_out_ends_it(manager, manager_client):
    assert signed_in(manager_client)
    assert list(Session.objects.values_list("user", flat=True)) == [manager.pk]
    manager_client.post("/accounts/logout/")
    assert not Session.objects.exists()
    assert not signed_in(manager_client)


def test_each_reader_gets_their_own_user(manager, lead, manager_client, lead_client):
    for _ in range(2):
        assert f"Log out ({manager.username})" in manager_client.get("/").content.decode()
        assert f"Log out ({lead.username})" in lead_client.get("/").content.decode()


def test_deleting_a_user_ends_their_sessions(manager, manager_client):
    assert signed_in(manager_client)
    manager.delete()
    assert not Session.objects.exists()
    assert not signed_in(manager_client)


def test_a_deactivated_user_is_signed_out_on_their_next_page(manager, manager_client):
    assert signed_in(manager_client)
    get_user_model().objects.filter(pk=manager.pk).update(is_active=False)
    assert not signed_in(manager_client)


def test_a_password_changed_elsewhere_ends_the_other_sessions(manager, manager_client):
    assert signed_in(manager_client)
    manager.set_password("another-long-password-42")
    manager.save()
    assert not signed_in(manager_client)


def test_logging_in_through_the_form_records_the_user(client):
    user = make_user()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    assert Session.objects.get().user == user


def test_expired_sessions_go_with_the_daily_housekeeping(manager, manager_client):
    assert signed_in(manager_client)
    stale = Client()
    stale.force_login(manager)
    Session.objects.exclude(session_key=manager_client.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    call_command("prune_events")
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        manager_client.session.session_key
    ]
    assert signed_in(manager_client) and not signed_in(stale)
