"""Compose from the plan in a real browser: tick phrases, get a draft for email or chat with
the names filled in on the page, copy it, check it. Every request the page makes is recorded
and the names typed are in none of them."""

import re

import pytest
from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS

CLIENT_NAME = "Ysoldine"
MY_NAME = "Barnabé"
PLAN = (
    "/guide/plan/?situation=bereavement&relationship=established&channel=written"
    "&pressure=soon&can_grant=yes&signals=upset"
)


@pytest.fixture
def clipboard(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return lambda: page.evaluate("navigator.clipboard.readText()")


def record_requests(page) -> list:
    requests: list = []
    page.on("request", lambda request: requests.append(request))
    return requests


def assert_never_sent(requests, *names) -> None:
    assert requests
    for request in requests:
        sent = " ".join([request.url, request.post_data or "", *request.headers.values()])
        for name in names:
            assert name.lower() not in sent.lower(), f"{name} left the page in {request.url}"


def test_plan_to_a_checked_and_copied_message_with_names_that_stay_on_the_page(
    page, live_server, login, clipboard, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    requests = record_requests(page)
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_text("Fill in names").click()
    page.get_by_label("Your client's first name").fill(CLIENT_NAME)
    page.get_by_label("Your first name").fill(MY_NAME)

    page.get_by_text("Write a message from this plan").click()
    composer = page.locator("#composer")
    assert_accessible(page)
    composer.get_by_role("checkbox", name=f"I'm so sorry for your loss, {CLIENT_NAME}.").check()
    composer.get_by_role("checkbox", name=re.compile("this week's meetings")).first.check()
    draft = page.get_by_label("Your message", exact=True)
    text = draft.input_value()
    # The greeting names the client; the phrase does not name them a second time.
    assert text.startswith(f"Dear {CLIENT_NAME},\n\nI'm so sorry for your loss.\n\nI've")
    assert "meetings" in text
    assert text.endswith(f"There's no need to reply to this.\n\nWarm wishes,\n{MY_NAME}")

    # Chat is shorter: one line, a short greeting, the name at the end.
    composer.get_by_label("Chat message").check()
    chat = draft.input_value()
    assert "\n" not in chat and chat.startswith(f"Hi {CLIENT_NAME}, I'm so sorry")
    assert chat.endswith(f"\u2014 {MY_NAME}") and len(chat) < len(text)
    assert_accessible(page)

    composer.get_by_role("button", name=re.compile("^Copy")).click()
    expect(composer.get_by_role("button", name=re.compile("^Copied"))).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Copied.")
    assert clipboard() == chat

    composer.get_by_role("button", name="Check this message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check my message")
    assert page.url == f"{live_server.url}/check/"
    # The checker shows the draft with the names back in, and the plan's answers chosen.
    expect(page.get_by_label("Your draft", exact=True)).to_have_value(chat)
    expect(page.get_by_label("Your client's first name")).to_have_value(CLIENT_NAME)
    expect(page.get_by_label("What your client is going through")).to_have_value("bereavement")
    expect(page.get_by_role("checkbox", name="Upset")).to_be_checked()
    results = page.locator("#check-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("Nothing to change found")
    expect(results).to_contain_text("You acknowledged the loss.")
    expect(results.locator(".check-marked")).to_contain_text(CLIENT_NAME)

    posts = [r for r in requests if r.method == "POST" and r.url.endswith("/check/")]
    assert len(posts) == 1 and "%7Bclient%7D" in posts[0].post_data
    assert "%7Bme%7D" in posts[0].post_data
    assert_never_sent(requests, CLIENT_NAME, MY_NAME)
    assert console_errors == []


def test_an_edited_draft_keeps_its_edits_when_a_name_changes(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_text("Fill in names").click()
    page.get_by_label("Your client's first name").fill("Sam")
    page.get_by_text("Write a message from this plan").click()
    page.locator("#composer").get_by_role("checkbox").first.check()
    draft = page.get_by_label("Your message", exact=True)
    draft.fill("Dear Sam, I've cleared Thursday. Nothing is needed from you.")
    page.get_by_label("Your client's first name").fill("Samira")
    expect(draft).to_have_value("Dear Samira, I've cleared Thursday. Nothing is needed from you.")


def test_an_empty_draft_is_not_sent_to_the_checker(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_text("Write a message from this plan").click()
    page.get_by_role("button", name="Check this message").click()
    expect(page.locator("#announcer")).to_have_text("Tick a phrase or write your message first.")
    assert page.url.startswith(f"{live_server.url}/guide/plan/")


def test_without_javascript_the_plan_says_so_and_links_to_the_checker(
    no_js_page, live_server, login
):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}{PLAN}")
    expect(page.get_by_text("Write a message from this plan")).to_be_hidden()
    expect(page.get_by_text("needs JavaScript, which is off in this browser")).to_be_visible()
    page.get_by_role("link", name="Check my message").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check my message")
    expect(page.get_by_label("What your client is going through")).to_have_value("bereavement")
    expect(page.get_by_role("checkbox", name="Upset")).to_be_checked()
