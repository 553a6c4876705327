"""A team lead edits, previews, publishes and reverts a playbook in a real browser.

Every admin page on the way is checked with axe-core and for console errors, which include
Content Security Policy violations: the admin runs under the same strict policy as the site.
"""

import re

from playwright.sync_api import expect

from playbooks.library.models import Playbook
from playbooks.library.roles import TEAM_LEADS

SLUG = "listening-without-prying"


def test_a_lead_edits_previews_publishes_and_reverts_a_summary(
    page, live_server, login, assert_accessible, console_errors
):
    login(TEAM_LEADS)
    playbook = Playbook.objects.get(slug=SLUG)
    original = playbook.summary
    # A revised playbook waiting for publication: readers do not see it yet.
    Playbook.objects.filter(pk=playbook.pk).update(status=Playbook.Status.REVIEW)
    public = f"{live_server.url}{playbook.get_absolute_url()}"
    assert page.goto(public).status == 404
    console_errors.clear()  # that 404 was the point

    page.goto(f"{live_server.url}/admin/playbooks/playbook/")
    assert_accessible(page)
    page.get_by_role("searchbox").fill("Listening without")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Listening without prying", exact=True).click()
    expect(page.get_by_role("heading", name="Status: In review")).to_be_visible()
    assert_accessible(page)

    summary = page.get_by_role("textbox", name="Summary")
    summary.fill("Give them room; hear what matters for the work; never pry.")
    preview = page.get_by_role("region", name="Preview of the summary and body")
    expect(preview).to_contain_text("Give them room; hear what matters")
    expect(page.locator("#playbook-preview-status")).to_have_text("Preview updated.")

    page.get_by_role("button", name="Save and publish").last.click()  # also at the top
    expect(page.locator(".messagelist")).to_contain_text("is now published")
    expect(page.get_by_role("heading", name="Status: Published")).to_be_visible()

    page.goto(public)
    expect(page.get_by_text("Give them room; hear what matters for the work")).to_be_visible()

    page.go_back()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("table", name="Versions, newest first")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Changes in version 2").click()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Revert to version 1").click()
    expect(page.locator(".messagelist")).to_contain_text("Reverted to version 1")

    page.goto(public)
    expect(page.get_by_text(original[:60])).to_be_visible()
    assert console_errors == []


def test_the_admin_is_usable_and_clean_under_the_strict_policy(
    page, live_server, login, assert_accessible, console_errors
):
    login(TEAM_LEADS)
    playbook = Playbook.objects.get(slug=SLUG)
    for path in (
        "/admin/",
        "/admin/playbooks/playbook/add/",
        "/admin/playbooks/playbook/upload/",
        "/admin/playbooks/phrase/",
        f"/admin/playbooks/phrase/{playbook.phrases.first().pk}/change/",
        "/admin/playbooks/situation/",
        "/admin/playbooks/resource/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # The situations autocomplete (select2) works under the policy.
    page.goto(f"{live_server.url}/admin/playbooks/playbook/{playbook.pk}/change/")
    page.locator(".field-situations .select2-selection").click()
    page.keyboard.type("Burn")
    expect(page.get_by_role("option", name=re.compile("Burnout"))).to_be_visible()
    page.keyboard.press("Escape")
    assert console_errors == []
