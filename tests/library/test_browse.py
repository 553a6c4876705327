"""Browsing a situation: its own playbook first, one tag for general ones, one filter, and
playbooks only in another language kept apart (review ux.md, problem 4)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]*">([^<]*)</a>', html)


def test_the_situations_own_playbook_comes_first_under_start_here(manager_client):
    html = manager_client.get("/playbooks/", {"situation": "bereavement"}).content.decode()
    assert card_titles(html)[0] == "When someone close to the client has died"
    assert html.index("Start here") < html.index("When someone close") < html.index("Also useful")


def test_general_playbooks_carry_one_all_situations_tag(manager_client):
    html = manager_client.get("/playbooks/").content.decode()
    card = html[html.index(">Taking a pause in a meeting<") :]
    card = card[: card.index("</li>")]
    assert "All situations" in card
    assert "Bereavement" not in card and "Job loss" not in card


def test_one_filter_the_situation_links(manager_client):
    html = manager_client.get("/playbooks/", {"situation": "job-loss"}).content.decode()
    assert "<select" not in html and ">Show</button>" not in html
    assert 'href="?situation=job-loss" aria-current="page"' in html


def test_playbooks_only_in_french_are_listed_apart_after_the_english_ones(manager_client):
    pages = [manager_client.get("/playbooks/", {"page": n}).content.decode() for n in (1, 2, 3)]
    html = "".join(dict.fromkeys(pages))  # the last page repeats past the end
    heading = html.index("Only in French")
    assert html.index("Prendre de la hauteur") > heading
    english = [t for t in card_titles(html) if html.index(f">{t}<") < heading]
    assert "When someone close to the client has died" in english
    assert not any(t.startswith(("Prendre", "Écouter")) for t in english)


def test_an_unknown_situation_is_a_clear_400(manager_client):
    response = manager_client.get("/playbooks/", {"situation": "nope"})
    assert response.status_code == 400
    assert "There is no such situation" in response.content.decode()
