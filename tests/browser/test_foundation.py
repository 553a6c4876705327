"""A reader logs in, browses by situation, opens a playbook: all keyboard-friendly and axe-clean."""

import re

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS


def test_log_in_browse_and_open_a_playbook(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    expect(page.get_by_role("heading", level=1)).to_have_text("What's happening with your client?")
    assert_accessible(page)

    page.get_by_role("link", name="Bereavement").first.click()
    expect(page).to_have_url(re.compile(r"/playbooks/\?situation=bereavement$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bereavement")
    assert_accessible(page)

    page.get_by_role("list").filter(has=page.locator(".card")).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=2, name="What to say")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="What to avoid")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Copy")).first).to_be_visible()
    assert_accessible(page)
    assert console_errors == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_copy_button_copies_the_phrase(page, live_server, login):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/playbooks/?situation=bereavement")
    page.locator(".card a").first.click()
    first_phrase = page.locator(".phrase-text").first.inner_text()
    page.get_by_role("button", name=re.compile("^Copy")).first.click()
    expect(page.locator("#announcer")).to_have_text("Copied.")
    # Clipboard access needs a secure context; on http the fallback copy is used instead.
    if page.evaluate("window.isSecureContext"):
        # The empty name slot ("[client's name]") is left out, with its comma.
        expected = first_phrase.replace(", [client's name]", "").strip()
        assert page.evaluate("navigator.clipboard.readText()") == expected
