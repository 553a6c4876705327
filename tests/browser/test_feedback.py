"""A reader votes on a playbook in place; a team lead sees it counted on the insights page."""

import re

from playwright.sync_api import expect

from playbooks.library.models import Playbook
from playbooks.library.roles import ACCOUNT_MANAGERS, TEAM_LEADS


def test_vote_on_a_playbook_and_see_it_in_insights(page, live_server, login, assert_accessible):
    login(ACCOUNT_MANAGERS)
    playbook = Playbook.objects.published().get(slug="bereavement")
    page.goto(live_server.url + playbook.get_absolute_url())
    page.evaluate("window.__sameDocument = true")
    vote = page.get_by_role("group", name="Was this playbook helpful?")
    vote.get_by_role("button", name="No").click()
    page.get_by_role("button", name="Outdated").click()
    expect(page.get_by_role("status").filter(has_text="not helpful: Outdated")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True  # updated in place, no page load

    page.get_by_role("button", name=re.compile("^Log out")).click()
    login(TEAM_LEADS)
    page.goto(f"{live_server.url}/insights/")
    table = page.get_by_role("region", name="Least helpful playbooks").get_by_role("table")
    row = table.get_by_role("row").filter(has_text=playbook.title)
    expect(row).to_contain_text("1")
    assert_accessible(page)


def test_insights_page_is_refused_to_account_managers(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    response = page.goto(f"{live_server.url}/insights/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have access to this page")


def test_vote_works_without_javascript(no_js_page, live_server, login):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    playbook = Playbook.objects.published().get(slug="bereavement")
    page.goto(live_server.url + playbook.get_absolute_url())
    page.get_by_role("group", name="Was this playbook helpful?").get_by_role(
        "button", name="Yes"
    ).click()
    expect(page.get_by_text("Your vote was recorded")).to_be_visible()
    expect(
        page.get_by_role("group", name="Was this playbook helpful?").get_by_role(
            "button", name="Yes"
        )
    ).to_have_attribute("aria-pressed", "true")
