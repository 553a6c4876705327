"""A French reader switches language in the header and uses the whole product in French."""

from playwright.sync_api import expect

from playbooks.library.roles import ACCOUNT_MANAGERS


def test_switch_to_french_and_walk_the_guide_to_a_safe_plan(
    page, live_server, login, assert_accessible, console_errors
):
    login(ACCOUNT_MANAGERS)
    page.goto(f"{live_server.url}/playbooks/")
    page.get_by_role("group", name="Language").get_by_role("button", name="Français").click()

    # The switch keeps the reader on the page they were on, now in French.
    expect(page).to_have_url(f"{live_server.url}/playbooks/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toutes les fiches")
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    page.goto(f"{live_server.url}/guide/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")  # remembered
    expect(page.locator("#guide-progress")).to_have_text("Étape 1 sur 10")
    assert_accessible(page)
    steps = page.locator(".guide-step.is-current")
    for label, after in [
        ("Crise de santé mentale", 2),
        ("Suivant", 3),
        ("Suivant", 4),
        ("Client habituel", 5),
        ("E-mail ou messagerie", 6),
        ("Pas d'échéance urgente", 7),
        ("Non, je dois demander l'accord de quelqu'un", 8),
    ]:
        if label == "Suivant":
            page.wait_for_timeout(600)  # let the step before settle (htmx swap and focus)
            steps.get_by_role("button", name="Suivant").click()
        else:
            steps.get_by_text(label, exact=True).click()
        expect(page.locator("#guide-progress")).to_have_text(f"Étape {after} sur 10")
    expect(steps.locator("legend")).to_contain_text("Que remarquez-vous")
    steps.get_by_text("Parle de suicide ou d'automutilation", exact=True).click()
    page.wait_for_timeout(600)
    steps.get_by_role("button", name="Suivant").click()
    expect(page.locator("#guide-progress")).to_have_text("Étape 9 sur 10")
    steps.get_by_text("France", exact=True).click()  # where the client is
    expect(page.locator("#guide-progress")).to_have_text("Étape 10 sur 10")
    page.get_by_role("button", name="Afficher le plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre plan de réponse")
    safety = page.locator("main section").first
    expect(safety.get_by_role("heading", level=2)).to_have_text("La sécurité d'abord")
    expect(safety.get_by_role("heading", level=3).first).to_have_text(
        "Votre client parle de suicide ou d'automutilation"
    )
    safety = page.locator("main section").first
    expect(safety).to_contain_text("3114")
    expect(safety).to_contain_text("112")
    for heading in ("Dire", "Éviter", "Proposer", "Vers qui orienter", "Faire un suivi"):
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    # Phrases are French content, not English shown under a French interface.
    phrases = page.locator(".panel-say .phrase")
    expect(phrases.first).to_be_visible()
    assert page.locator('.panel-say .phrase[lang="en"]').count() == 0
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter un rappel à votre agenda (.ics)").click()
    calendar = download.value.path().read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=fr:Prendre des nouvelles de votre client" in calendar
    assert console_errors == []


def test_french_playbook_and_search_pages_are_accessible(
    page, live_server, login, assert_accessible
):
    login(ACCOUNT_MANAGERS)
    page.get_by_role("button", name="Français").click()
    page.goto(f"{live_server.url}/search/?q=deuil")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    first = page.locator(".search-result").first
    expect(first).not_to_have_attribute("lang", "en")  # French content ranks first
    assert_accessible(page)
    first.get_by_role("link").first.click()
    expect(page.get_by_role("link", name="Read in English")).to_be_visible()
    assert_accessible(page)
