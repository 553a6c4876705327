"""Searching in a real browser: live results as you type, keyboard movement, no-JS fallback."""

import re

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS

LABEL = "Search for a situation, a phrase or a question"


def test_typing_updates_results_in_place_and_the_url_follows(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/search/")
    page.evaluate("window.searchTestMarker = 'same page'")

    box = page.get_by_label(LABEL)
    box.press_sequentially("grie", delay=40)
    status = page.get_by_role("status").filter(has_text="match")
    expect(status).to_contain_text("“grie”")
    expect(page).to_have_url(re.compile(r"/search/\?q=grie&situation=$"))
    expect(page.locator(".search-result mark").first).to_be_visible()

    box.press_sequentially("f client", delay=40)
    expect(status).to_contain_text("“grief client”")
    expect(page).to_have_url(re.compile(r"\?q=grief(\+|%20)client&situation=$"))
    assert page.evaluate("window.searchTestMarker") == "same page"  # no page load happened
    expect(box).to_be_focused()
    assert_accessible(page)

    everywhere = status.inner_text()
    page.get_by_label("Situation", exact=True).select_option(label="Job loss")
    expect(page).to_have_url(re.compile(r"q=grief(\+|%20)client&situation=job-loss$"))
    expect(status).not_to_have_text(everywhere)
    assert page.evaluate("window.searchTestMarker") == "same page"
    assert console_errors == []


def test_arrow_keys_move_through_the_results(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/search/?q=client")
    links = page.locator("a.search-result-link")
    box = page.get_by_label(LABEL)
    box.focus()
    box.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    box.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(box).to_be_focused()


def test_an_empty_search_offers_the_guide_and_is_accessible(
    page, live_server, login, assert_accessible
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/search/?q=qqzzxxv")
    expect(page.get_by_role("heading", name="No playbook matches “qqzzxxv”")).to_be_visible()
    expect(page.get_by_role("link", name="Start the guide")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_form_is_a_plain_get(no_js_page, live_server, login):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label(LABEL).fill("grief")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=grief"))
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="match")).to_contain_text("“grief”")


def test_a_long_word_wraps_instead_of_widening_a_phone_screen(page, live_server, login):
    page.set_viewport_size({"width": 390, "height": 844})
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/search/?q=" + "zq" * 40)
    expect(page.get_by_role("heading", name=re.compile("^No playbook matches"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
