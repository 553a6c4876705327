"""Password reset is off: accounts come from a team lead, who resets passwords in the admin.

An open reset form would let anyone send mail to any user's address, unthrottled, and tell
known addresses from unknown ones by timing.
"""

import pytest

pytestmark = pytest.mark.django_db
RESET_URLS = [
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/set-password/",
    "/accounts/reset/MQ/abc-123/",
    "/accounts/reset/done/",
]


@pytest.mark.parametrize("url", RESET_URLS)
def test_the_reset_pages_do_not_exist(client, lead_client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "someone@example.com"}).status_code == 404
    assert lead_client.get(url).status_code == 404


def test_no_login_page_links_to_a_reset(client):
    for url in ("/accounts/login/", "/admin/login/"):
        html = client.get(url).content.decode().lower()
        assert "reset" not in html and "forgotten" not in html, url


def test_signed_in_users_still_change_their_own_password(manager_client):
    assert manager_client.get("/accounts/password_change/").status_code == 200
