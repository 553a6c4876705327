"""Names and Copy in a real browser: chips for empty names, never a placeholder copied,
names typed once and kept in the tab only, "Copied" said in words and to screen readers."""

import re

import pytest
from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS


@pytest.fixture
def clipboard(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return lambda: page.evaluate("navigator.clipboard.readText()")


def test_search_offers_the_first_phrase_and_copies_it_without_a_placeholder(
    page, live_server, login, clipboard, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/search/?q=mother+died")
    card = page.get_by_role("complementary", name="Looks like: Bereavement")
    expect(card).to_be_visible()
    phrase = card.locator(".phrase-text").first
    expect(phrase).to_contain_text("[client's name]")
    assert_accessible(page)

    card.get_by_role("button", name=re.compile("^Copy")).first.click()
    expect(card.get_by_role("button", name=re.compile("^Copied")).first).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Copied.")
    copied = clipboard()
    assert copied == "I'm so sorry for your loss."
    assert "[" not in copied and "your client" not in copied

    # A name typed here fills the phrases, and follows the reader to the playbook page.
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.get_by_text("Fill in names").click()
    page.get_by_label("Your client's first name").fill("Sam")
    expect(phrase).to_have_text("I'm so sorry for your loss, Sam.")
    page.get_by_role("link", name="When someone close to the client has died").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "When someone close to the client has died"
    )
    expect(page.locator(".panel-say .phrase-text").first).to_have_text(
        "I'm so sorry for your loss, Sam."
    )
    assert not any("Sam" in (r.url + (r.post_data or "")) for r in requests)
    assert console_errors == []


def test_an_empty_signature_and_greeting_are_left_out_of_the_copy(
    page, live_server, login, clipboard
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/playbooks/bereavement/")
    letter = page.locator(".phrase-text", has_text="deeply sorry")
    expect(letter).to_contain_text("[client's name]")
    expect(letter).to_contain_text("[your name]")
    letter.locator("xpath=..").get_by_role("button", name=re.compile("^Copy")).click()
    copied = clipboard()
    assert copied.startswith("I was deeply sorry to hear of your loss.")
    assert copied.endswith("nothing needs a reply.")
