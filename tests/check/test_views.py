"""/check/: the page, the check by POST (plain and htmx), bad input, and who may see it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = "/check/"


def post(client, text, htmx=False, **answers):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(URL, {"text": text, "language": "en", **answers}, headers=headers)


def test_the_page_says_plainly_that_nothing_is_kept_and_why_the_server_checks(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing you type here is kept." in html
    assert "why on our server" in html
    assert 'method="post"' in html and 'name="text"' in html
    assert "no-store" in response["Cache-Control"]


def test_the_header_links_to_the_checker(manager_client):
    html = manager_client.get("/").content.decode()
    assert f'href="{reverse("check:check")}"' in html and "Check my message" in html


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_plain_post_marks_the_problems_explains_them_and_says_what_is_good(manager_client):
    response = post(
        manager_client,
        "I'm so sorry about your dad. At least he didn't suffer. I've moved Friday's call.",
        situation="bereavement",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="flag flag-problem">At least he' in html
    assert "“At least…” shrinks what happened" in html
    assert "Try instead:" in html
    assert "You acknowledged the loss." in html
    assert "You offered one concrete thing." in html
    assert "<html" in html  # the whole page, without JavaScript


def test_an_htmx_post_returns_only_the_results(manager_client):
    response = post(manager_client, "Let me know if there's anything I can do.", htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "An offer with nothing in it" in html


def test_a_promise_names_who_must_approve_it(manager_client):
    html = post(manager_client, "We'll waive March's invoice.").content.decode()
    assert "Who must approve first: Finance or credit control." in html


def test_get_never_checks_a_text_in_the_url(manager_client):
    response = manager_client.get(URL, {"text": "At least you tried", "situation": "bereavement"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "At least you tried" not in html
    assert '<option value="bereavement" selected>' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type or paste your message first."),
        ("   \n  ", "Type or paste your message first."),
        ("x" * 10_001, "Your message is 10,001 characters long; the checker reads up to 10,000."),
        (
            "PK\x03\x04\x00\x00binary",
            "This looks like the contents of a file rather than a message.",
        ),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_gets_a_clear_message_and_a_400(manager_client, text, message, htmx):
    response = post(manager_client, text, htmx=htmx)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_invalid_utf8_bytes_are_refused_politely(manager_client):
    body = b"text=%FF%FE%00%01&language=en"
    response = manager_client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "rather than a message" in response.content.decode()


def test_script_laden_text_comes_back_escaped(manager_client):
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> At least you tried'
    html = post(manager_client, text).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_unknown_answers_are_a_400_not_a_500(manager_client):
    response = post(manager_client, "Hello", situation="nope", signals="nonsense")
    assert response.status_code == 400


def test_other_methods_are_refused(manager_client):
    assert manager_client.put(URL).status_code == 405
