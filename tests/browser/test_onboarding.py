"""A new hire practises a scenario, completes a lesson, and finds the progress kept after
logging out and in again; the pages pass axe and work without JavaScript too."""

import re

from playwright.sync_api import expect

from playbooks.library.roles import NEW_HIRES
from playbooks.onboarding.models import Lesson

from ..factories import PASSWORD, make_user

TRACK = "responding-to-a-client-in-crisis"


def lessons():
    return list(Lesson.objects.filter(track__slug=TRACK).order_by("order"))


def test_new_hire_answers_completes_and_finds_progress_kept(
    page, live_server, login, assert_accessible, console_errors
):
    user = login(NEW_HIRES)
    first, second = lessons()[:2]
    question = first.questions.order_by("order").first()
    best = question.options.filter(best=True).first()
    other = question.options.filter(best=False).first()
    total = len(lessons())

    page.get_by_role("link", name="Onboarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onboarding")
    expect(page.get_by_text(f"0 of {total} lessons complete")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Start: {first.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    lesson_url = page.url
    scenario = page.locator(f"#question-{question.pk}")

    # A weaker response first: the feedback appears in place, without leaving the page.
    scenario.get_by_label(other.text).check()
    scenario.get_by_role("button", name="Check answer").click()
    feedback = scenario.locator(".feedback")
    expect(feedback).to_contain_text("Not the best response.")
    expect(feedback).to_contain_text(other.feedback)
    assert page.url == lesson_url

    # Then the best one, keyboard only.
    scenario.get_by_label(best.text).focus()
    page.keyboard.press("Space")
    expect(scenario.get_by_label(best.text)).to_be_checked()
    scenario.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text("A strong response.")
    expect(feedback).to_contain_text(best.feedback)
    assert_accessible(page)

    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    expect(page.get_by_role("status").filter(has_text="is marked complete")).to_be_visible()

    page.get_by_role("button", name=f"Log out ({user.username})").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/onboarding/")
    expect(page.get_by_text(f"1 of {total} lessons complete")).to_be_visible()
    expect(page.locator(f"progress#progress-{TRACK}")).to_have_attribute("value", "1")
    page.get_by_role("link", name=f"Continue: {second.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)

    page.goto(lesson_url)
    expect(page.get_by_text("Completed on")).to_be_visible()
    expect(scenario.get_by_label(best.text)).to_be_checked()
    expect(scenario.locator(".feedback")).to_contain_text("A strong response.")
    assert console_errors == []


def test_answering_and_completing_work_without_javascript(no_js_page, live_server, login):
    page = no_js_page
    login(NEW_HIRES, on=page)
    first = lessons()[0]
    question = first.questions.order_by("order").first()
    best = question.options.filter(best=True).first()

    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    scenario = page.locator(f"#question-{question.pk}")
    scenario.get_by_role("button", name="Check answer").click()  # nothing chosen: the browser asks
    expect(scenario.locator(".feedback")).not_to_contain_text("response.")
    scenario.get_by_label(best.text).check()
    scenario.get_by_role("button", name="Check answer").click()
    expect(page).to_have_url(re.compile(rf"#question-{question.pk}$"))
    expect(page.locator(f"#question-{question.pk} .feedback")).to_contain_text("A strong response.")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons()[1].title)


def test_finishing_the_track_and_the_leads_view_are_accessible(
    page, live_server, login, assert_accessible, console_errors
):
    from playbooks.library.roles import TEAM_LEADS
    from playbooks.onboarding.progress import complete_lesson

    hire = make_user(role=NEW_HIRES, first_name="Noor", last_name="Haddad")
    *done, last = lessons()
    for lesson in done:
        complete_lesson(user=hire, lesson=lesson)

    login(TEAM_LEADS)
    page.goto(f"{live_server.url}/onboarding/")
    page.get_by_role("link", name="See your new hires' progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New hires' onboarding progress")
    row = page.get_by_role("row").filter(has_text="Noor Haddad")
    expect(row).to_contain_text(f"{len(done)} of {len(done) + 1}")
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="Noor Haddad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onboarding progress: Noor Haddad")
    assert_accessible(page)

    # The new hire finishes the last lesson and sees the completion page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(hire.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/onboarding/")
    page.get_by_role("link", name=f"Continue: {last.title}").click()
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Track complete")
    assert_accessible(page)
    assert console_errors == []
