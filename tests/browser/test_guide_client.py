"""What decides the answer, in a real browser: the client's language and country, two
situations at once, the stage, and a video call apart from a room."""

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS

ANSWERS = "relationship=established&pressure=soon&can_grant=no"


def open_plan(page, live_server, query: str) -> None:
    page.goto(f"{live_server.url}/guide/plan/?{ANSWERS}&{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")


def test_a_french_client_of_an_english_reader_gets_french_phrases_under_an_english_interface(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    open_plan(page, live_server, "situation=bereavement&channel=phone&client_language=fr")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Say", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Avoid", exact=True)).to_be_visible()
    phrases = page.locator(".panel-say .phrase")
    expect(phrases.first).to_be_visible()
    assert phrases.count() == page.locator('.panel-say .phrase[lang="fr"]').count() >= 3
    expect(page.locator(".panel-say")).to_contain_text("condoléances")
    assert page.locator('.panel-avoid li[lang="fr"]').count() == 0
    expect(page.locator(".plan-answers-line")).to_contain_text("French")
    assert_accessible(page)
    assert console_errors == []


def test_a_client_in_france_with_a_uk_reader_gets_15_112_3114_and_the_way_abroad(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)  # the reader's region is the default: the UK
    open_plan(page, live_server, "situation=mental-health&channel=phone&signals=suicidal&region=fr")
    safety = page.locator("main section").first
    expect(safety.get_by_role("heading", level=2)).to_have_text("Safety first")
    for number in ("15", "112", "3114"):
        expect(safety.locator(f'a[href="tel:{number}"]')).to_be_visible()
    abroad = safety.locator(".safety-abroad")
    expect(abroad.get_by_role("heading", level=3)).to_have_text(
        "Getting help to a client in another country"
    )
    expect(abroad).to_contain_text("Call your own emergency number (999)")
    expect(abroad).to_contain_text("ask to be connected to the emergency services there")
    expect(abroad).to_contain_text("police's non-emergency line")
    expect(abroad).to_contain_text("Keep your client on the line")
    assert_accessible(page)
    assert console_errors == []


def test_divorce_with_financial_hardship_shows_a_payment_option_through_the_plain_form(
    no_js_page, live_server, login
):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}/guide/")
    page.locator("#step-situation").get_by_label("Separation or divorce", exact=True).check()
    page.locator("#step-also").get_by_label("Financial hardship", exact=True).check()
    for label in ("Established client", "Email or chat", "A deadline within two weeks"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("No, I need to ask").check()
    page.get_by_role("button", name="Show the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response plan")
    expect(page.locator(".panel-offer")).to_contain_text("Defer an invoice or agree instalments.")
    line = page.locator(".plan-answers-line")
    expect(line).to_contain_text("Separation or divorce")
    expect(line).to_contain_text("Financial hardship")
    expect(line.get_by_role("link", name="Change your answers")).to_be_visible()


def test_four_situations_are_refused_with_a_clear_message(no_js_page, live_server, login):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}/guide/")
    page.locator("#step-situation").get_by_label("Bereavement", exact=True).check()
    for label in ("Job loss", "Disaster or displacement", "Financial hardship"):
        page.locator("#step-also").get_by_label(label, exact=True).check()
    for label in ("New client", "Phone", "No pressing deadline", "No, I need to ask"):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Show the plan").click()
    expect(page.locator("#error-summary")).to_contain_text("Choose at most three situations in all")


def test_returning_to_work_does_not_open_with_a_first_disclosure_line(
    page, live_server, login, assert_accessible
):
    login(ACCOUNT_MANAGERS)
    open_plan(page, live_server, "situation=illness&channel=phone&stage=first")
    first_time = page.locator(".panel-say .phrase-text").first.inner_text()
    open_plan(page, live_server, "situation=illness&channel=phone&stage=return")
    opening = page.locator(".panel-say .phrase-text").first
    expect(opening).not_to_have_text(first_time)
    expect(opening).not_to_contain_text("sorry to hear")
    expect(opening).to_contain_text("back")
    expect(page.locator(".panel-offer")).to_contain_text("A phased return")
    assert_accessible(page)


def test_a_video_call_never_offers_coffee_and_a_room_never_mentions_cameras(
    page, live_server, login
):
    login(ACCOUNT_MANAGERS)
    for situation in ("other", "bereavement", "burnout"):
        open_plan(page, live_server, f"situation={situation}&channel=video")
        said = page.locator(".panel-say, .panel-offer").all_inner_texts()
        assert not [t for t in said if "coffee" in t.lower() or "step out" in t.lower()]
        open_plan(page, live_server, f"situation={situation}&channel=room")
        said = page.locator(".panel-say, .panel-offer").all_inner_texts()
        assert not [t for t in said if "camera" in t.lower()]
