"""Check my message in a real browser: as-you-type results, names that never leave the page,
the plain form without JavaScript, English and French, axe-core clean."""

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS

CLIENT_NAME = "Ysoldine"
MY_NAME = "Barnabé"


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


def test_typing_a_draft_marks_it_with_names_kept_in_the_browser(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.get_by_role("link", name="Check my message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check my message")
    expect(page.get_by_text("Nothing you type here is kept.")).to_be_visible()
    assert_accessible(page)
    requests = record_requests(page)

    page.get_by_label("Your client's first name").fill(CLIENT_NAME)
    page.get_by_label("Your first name").fill(MY_NAME)
    page.get_by_label("What your client is going through").select_option("bereavement")
    page.get_by_label("Your draft", exact=True).fill(
        f"Dear {CLIENT_NAME}, at least he had a long life. "
        f"Let me know if there's anything I can do. {MY_NAME}"
    )
    results = page.locator("#check-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("2 things to look at")
    expect(results.locator("mark.flag")).to_have_count(2)
    expect(results.locator(".check-marked")).to_contain_text(f"Dear {CLIENT_NAME}")
    expect(results).to_contain_text("An offer with nothing in it")
    expect(results.locator(".rewrite-list li").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Check", exact=True).click()
    expect(results.locator("mark.flag")).to_have_count(2)
    expect(page.get_by_label("Your draft", exact=True)).to_have_value(
        f"Dear {CLIENT_NAME}, at least he had a long life. "
        f"Let me know if there's anything I can do. {MY_NAME}"
    )
    assert "/check/" in page.url and "?" not in page.url
    posts = [r for r in requests if r.method == "POST" and r.url.endswith("/check/")]
    assert posts and all("%7Bclient%7D" in (r.post_data or "") for r in posts)
    assert_never_sent(requests, CLIENT_NAME, MY_NAME)
    assert console_errors == []


def test_an_empty_or_huge_draft_gets_a_clear_message(page, live_server, login, console_errors):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/check/")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Type or paste your message first.")
    page.get_by_label("Your draft", exact=True).evaluate("(el) => el.removeAttribute('maxlength')")
    page.get_by_label("Your draft", exact=True).fill("a" * 10_050)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#request-error")).to_contain_text("10,050 characters long")
    draft = page.get_by_label("Your draft", exact=True)
    draft.fill("<script>window.pwned = 1</script> at least you tried")
    expect(page.locator("#check-results mark.flag")).to_have_count(1)
    assert page.evaluate("() => window.pwned") is None
    assert [e for e in console_errors if "400" not in e] == []


def test_without_javascript_the_checker_is_a_plain_form(no_js_page, live_server, login):
    page = no_js_page
    login(ACCOUNT_MANAGERS, on=page)
    page.goto(f"{live_server.url}/check/")
    draft = page.get_by_label("Your draft", exact=True)
    draft.fill("Everything happens for a reason. Please confirm by Friday.")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check my message")
    expect(page.locator("#check-results mark.flag")).to_have_count(2)
    expect(page.locator("#check-results")).to_contain_text("Work for the client")


def test_a_french_reader_checks_a_french_draft(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/check/")
    page.get_by_role("group", name="Language").get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier mon message")
    requests = record_requests(page)
    page.get_by_label("Prénom de votre client").fill(CLIENT_NAME)
    page.get_by_label("Ce que traverse votre client").select_option("illness")
    page.get_by_label("Votre brouillon", exact=True).fill(
        f"Toutes mes condoléances, {CLIENT_NAME}. N'hésitez pas si besoin."
    )
    results = page.locator("#check-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("2 points à revoir")
    expect(results).to_contain_text("« Condoléances » hors d'un deuil")
    assert_accessible(page)
    assert_never_sent(requests, CLIENT_NAME)
    assert console_errors == []
