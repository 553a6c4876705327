"""The guide in a real browser: keyboard-only steps, taps, no-JS form, names that stay put."""

import re

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS

CLIENT_NAME = "Zephyrine"
MY_NAME = "Quillon"


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def expect_step(page, number: int, legend: str) -> None:
    expect(page.locator("#guide-progress")).to_have_text(f"Step {number} of 10")
    current = page.locator(".guide-step.is-current")
    expect(current).to_have_count(1)
    expect(current.locator("legend")).to_contain_text(legend)
    expect(page.locator(".guide-step:visible")).to_have_count(1)


def focused(page) -> dict:
    return page.evaluate(
        "() => ({name: document.activeElement.name, value: document.activeElement.value})"
    )


def test_keyboard_only_walk_to_a_plan_whose_names_never_leave_the_page(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/guide/")
    expect_step(page, 1, "What is your client going through?")
    assert_accessible(page)

    tab_to(page, 'input[name="situation"]')
    page.keyboard.press("Space")  # the first situation: bereavement
    page.keyboard.press("Enter")
    expect_step(page, 2, "Is anything else going on as well?")
    assert focused(page)["name"] == "also"
    page.keyboard.press("Enter")  # nothing else: an optional step moves on empty
    expect_step(page, 3, "Where are they in it?")
    assert focused(page) == {"name": "stage", "value": "first"}  # the default, chosen
    page.keyboard.press("Enter")
    expect_step(page, 4, "How well do you know them?")
    assert focused(page)["name"] == "relationship"

    page.keyboard.press("ArrowDown")  # choosing with arrows does not move on by itself
    expect_step(page, 4, "How well do you know them?")
    assert focused(page) == {"name": "relationship", "value": "established"}
    page.keyboard.press("Enter")
    expect_step(page, 5, "How are you in touch right now?")

    # Tab from an answer reaches Next, never Back; Back is the small link above the question.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-guide-next')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".back-link")).to_be_focused()
    # Back, with the keyboard, keeps the earlier answer.
    page.keyboard.press("Enter")
    expect_step(page, 4, "How well do you know them?")
    expect(page.locator("#id_relationship_1")).to_be_checked()
    assert focused(page) == {"name": "relationship", "value": "established"}
    page.keyboard.press("Enter")
    expect_step(page, 5, "How are you in touch right now?")
    expect(page.locator(".guide-summary")).to_contain_text("Established client")

    for _ in range(3):  # past a room, video and phone: email or chat
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect_step(page, 6, "Is there time pressure")
    page.keyboard.press("ArrowDown")  # a deadline within two weeks
    page.keyboard.press("Enter")
    expect_step(page, 7, "Can you grant flexibility yourself?")
    page.keyboard.press("Space")  # yes
    page.keyboard.press("Enter")
    expect_step(page, 8, "What do you notice?")
    assert focused(page)["name"] == "signals"
    assert_accessible(page)
    page.keyboard.press("Space")  # upset
    page.keyboard.press("Enter")
    expect_step(page, 9, "Where is your client?")
    assert focused(page) == {"name": "region", "value": "uk"}  # the reader's own region
    page.keyboard.press("Enter")
    expect_step(page, 10, "Which language does your client speak?")
    assert focused(page) == {"name": "client_language", "value": "en"}
    tab_to(page, 'button[type="submit"]')
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")
    assert "/guide/plan/?" in page.url
    assert "signals=upset" in page.url and "channel=written" in page.url
    assert_accessible(page)

    # From here on, record every request the page makes.
    requests = []
    page.on("request", lambda request: requests.append(request))

    tab_to(page, ".names-panel summary")
    page.keyboard.press("Enter")  # the names sit in the plan's toolbar, folded
    client_field = page.get_by_label("Your client's first name")
    client_field.focus()
    page.keyboard.type(CLIENT_NAME)
    page.get_by_label("Your first name").focus()
    page.keyboard.type(MY_NAME)
    slots = page.locator('.name-slot[data-name="client"]')
    assert slots.count() > 0, "the plan should hold at least one {client} phrase"
    expect(slots.first).to_have_text(CLIENT_NAME)
    expect(page.locator(".phrase-text", has_text=CLIENT_NAME).first).to_be_visible()
    phrases = " ".join(page.locator(".panel-say .phrase-text").all_inner_texts())
    assert CLIENT_NAME in phrases and "[client's name]" not in phrases

    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name=re.compile("^Copy")).nth(1).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"calendar \(\.ics\)")).click()
    calendar = download.value.path().read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in calendar

    page.locator(".toolbar-region summary").click()
    page.get_by_label("Where you are yourself (your usual region)").select_option("fr")
    page.get_by_role("button", name="Save my region").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")
    # Kept in this tab (sessionStorage) across the reload, and never sent (checked below).
    expect(page.get_by_label("Your client's first name")).to_have_value(CLIENT_NAME)

    assert requests, "the region change and the download should have made requests"
    for request in requests:
        sent = " ".join([request.url, request.post_data or "", *request.headers.values()]).lower()
        for name in (CLIENT_NAME, MY_NAME):
            assert name.lower() not in sent, f"{name} left the page in {request.url}"
    for name in (CLIENT_NAME, MY_NAME):
        assert name not in calendar and name not in page.url
    assert console_errors == []


def test_taps_from_start_to_plan(page, live_server, login, console_errors):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/guide/")
    current = page.locator(".guide-step.is-current")
    taps = [
        ("Bereavement", 2),
        ("Next", 3),  # nothing else going on
        ("Next", 4),  # they have just told you (the default)
        ("New client", 5),
        ("Phone", 6),
        ("No pressing deadline", 7),
        ("No, I need to ask", 8),
        ("Next", 9),  # nothing noticed
        ("Next", 10),  # the client is in the reader's region
    ]
    for label, next_step in taps:
        if label == "Next":
            page.wait_for_timeout(600)  # let the step before settle (htmx swap and focus)
            page.locator(".guide-step.is-current [data-guide-next]").click()
        else:
            current.get_by_text(label, exact=True).click()
        expect(page.locator("#guide-progress")).to_have_text(f"Step {next_step} of 10")
    page.get_by_role("button", name="Show the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")
    assert console_errors == []


def test_a_risk_grade_puts_safety_first(page, live_server, login, assert_accessible):
    login(ACCOUNT_MANAGERS)
    page.goto(
        f"{live_server.url}/guide/plan/?situation=mental-health&relationship=new&channel=phone"
        "&pressure=none&can_grant=no&signals=suicidal"
    )
    first_section = page.locator("main section").first
    expect(first_section.get_by_role("heading", level=2)).to_have_text("Safety first")
    expect(first_section.get_by_role("heading", level=3).first).to_have_text(
        "They mention suicide or self-harm"
    )
    expect(first_section).to_contain_text("999")
    assert_accessible(page)


def test_the_safety_shortcut_is_one_tap_from_any_page(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/playbooks/")
    page.get_by_role("link", name="Client may be unsafe?").click()
    expect(page).to_have_url(f"{live_server.url}/guide/safety/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Client may be unsafe?")
    for title in (
        "They may be in immediate danger",
        "They mention suicide or self-harm",
        "They may be unsafe at home",
        "They say they are not coping",
    ):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.locator("main")).to_contain_text("999")
    assert_accessible(page)
    page.get_by_label("Where is your client?").select_option("fr")
    page.get_by_role("button", name="Show their numbers").click()
    expect(page.locator("main")).to_contain_text("3114")
    expect(page.locator("main")).to_contain_text("112")
    assert console_errors == []


def test_without_javascript_the_guide_is_one_form(no_js_page, live_server, login):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}/guide/")
    expect(page.locator("fieldset:visible")).to_have_count(10)
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    page.get_by_role("button", name="Show the plan").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Choose what your client is going through."
    )
    page.locator("#step-situation").get_by_label("Job loss", exact=True).check()
    for label in (
        "Long-term partner",
        "Video call",
        "A critical deadline this week",
    ):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Yes, I can move meetings and deadlines myself").check()
    page.get_by_role("button", name="Show the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")
    expect(page.get_by_label("Your client's first name")).to_be_hidden()  # needs JavaScript
    assert "{client}" not in page.content() and "{me}" not in page.content()


def test_the_browser_back_button_returns_to_the_previous_step(page, live_server, login):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/guide/")
    current = page.locator(".guide-step.is-current")
    current.get_by_text("Burnout", exact=True).click()
    expect(page.locator("#guide-progress")).to_have_text("Step 2 of 10")
    assert "/guide/?situation=burnout&" in page.url and page.url.endswith("&seen=1")
    page.wait_for_timeout(600)  # let the step settle (htmx swap and focus)
    current.get_by_text("Financial hardship", exact=True).click()
    expect(page.locator(".guide-step.is-current input:focus")).to_have_count(1)
    page.keyboard.press("Enter")  # Next
    expect(page.locator("#guide-progress")).to_have_text("Step 3 of 10")
    page.go_back()
    expect(page.locator("#guide-progress")).to_have_text("Step 2 of 10")
    expect(page.locator(".guide-summary")).to_contain_text("Burnout")
    page.go_back()
    expect(page.locator("#guide-progress")).to_have_text("Step 1 of 10")
