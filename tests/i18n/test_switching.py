"""Choosing a language keeps the reader on their page, sticks, and reaches every page."""

import re

import pytest
from django.utils import formats, translation

from playbooks.library.models import Playbook

from ..factories import make_playbook

pytestmark = pytest.mark.django_db


def switch(client, language: str, next_url: str):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


@pytest.mark.parametrize(
    "path", ["/", "/playbooks/?situation=bereavement", "/guide/", "/search/?q=deuil"]
)
def test_switching_keeps_the_page_and_persists(manager_client, path):
    response = switch(manager_client, "fr", path)
    assert response.status_code == 302
    assert response["Location"] == path
    assert manager_client.cookies["django_language"].value == "fr"
    html = manager_client.get(path).content.decode()
    assert '<html lang="fr">' in html
    # The next page in the same session, with no parameter, is still in French.
    assert '<html lang="fr">' in manager_client.get("/onboarding/").content.decode()


def test_the_switcher_offers_both_languages_and_marks_the_current_one(manager_client):
    switch(manager_client, "fr", "/")
    html = manager_client.get("/").content.decode()
    assert re.search(r'value="fr" lang="fr" aria-pressed="true">Français<', html)
    assert re.search(r'value="en" lang="en" aria-pressed="false">English<', html)
    assert "Aller au contenu principal" in html


def test_an_unknown_language_is_refused_without_changing_anything(manager_client):
    response = switch(manager_client, "xx", "/")
    assert response.status_code in (302, 400)
    assert "django_language" not in manager_client.cookies
    assert '<html lang="en">' in manager_client.get("/").content.decode()


def test_a_french_reader_sees_french_playbooks_and_english_ones_marked(manager_client):
    english_only = make_playbook(title="Only in English", language="en")
    switch(manager_client, "fr", "/")
    # Playbooks only in English come last, after a heading: on the list's last page.
    html = "".join(
        manager_client.get("/playbooks/", {"page": n}).content.decode() for n in (1, 2, 3)
    )
    french = Playbook.objects.published().filter(language="fr").first()
    assert french.title in html
    assert re.search(r'<div lang="en">\s*<h3 class="card-title"><a[^>]*>Only in English<', html)
    assert '<span class="tag tag-lang">En anglais</span>' in html
    page = manager_client.get(english_only.get_absolute_url()).content.decode()
    assert "Cette fiche n'existe qu'en anglais." in page.replace("&#x27;", "'")


def test_a_playbook_links_to_its_translation(manager_client):
    french = Playbook.objects.published().filter(language="fr").exclude(translation_of=None).first()
    html = manager_client.get(french.translation_of.get_absolute_url()).content.decode()
    assert f'href="{french.get_absolute_url()}" hreflang="fr"' in html


def test_dates_follow_the_active_language():
    import datetime

    day = datetime.date(2026, 3, 5)
    with translation.override("fr"):
        assert formats.date_format(day) == "5 mars 2026"
    with translation.override("en"):
        assert formats.date_format(day) == "March 5, 2026"


def test_name_slots_show_french_chips(manager_client):
    switch(manager_client, "fr", "/")
    plan = (
        "/guide/plan/?situation=bereavement&relationship=established&channel=written"
        "&pressure=none&can_grant=yes"
    )
    html = manager_client.get(plan).content.decode()
    assert "[nom du client]</span>" in html
    assert "[client&#x27;s name]" not in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_counts_match_what_the_list_shows_each_reader(manager_client, language):
    switch(manager_client, language, "/")
    home = manager_client.get("/").content.decode()
    for slug in ("bereavement", "burnout"):
        listing = manager_client.get(f"/playbooks/?situation={slug}")
        shown = listing.context["page"].paginator.count
        assert shown > 0
        link = re.search(rf'href="/playbooks/\?situation={slug}".*?</li>', home, flags=re.S)
        assert link and re.search(rf"\b{shown}\b", link.group(0)), (slug, shown)
