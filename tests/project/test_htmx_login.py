"""A lapsed session during an htmx request sends the whole tab to the login page, back to
the page the reader was on, instead of swapping the login page into a fragment."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_htmx_request_without_a_session_is_told_to_go_to_the_login_page(client):
    response = client.get(
        "/guide/?situation=bereavement",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/search/?q=mother+died",
        },
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Redirect"] == "/accounts/login/?next=/search/%3Fq%3Dmother%2Bdied"


def test_another_host_in_the_current_url_is_not_followed(client):
    response = client.get(
        "/search/?q=x",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/steal"},
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=/steal"


def test_an_ordinary_request_is_redirected_as_before(client):
    response = client.get("/search/?q=grief")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/search/%3Fq%3Dgrief"
