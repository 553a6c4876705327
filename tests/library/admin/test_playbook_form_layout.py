"""The playbook edit page is workable: save at the top, one-line inputs for one-line
phrases, item groups that fold away, and the search vocabulary editable by team leads."""

import re

import pytest

from playbooks.library.models import Playbook

pytestmark = pytest.mark.django_db


def test_the_playbook_page_saves_from_the_top_with_one_line_phrases(lead_client):
    playbook = Playbook.objects.get(slug="bereavement")
    html = lead_client.get(f"/admin/playbooks/playbook/{playbook.pk}/change/").content.decode()
    assert html.count('name="_save"') == 2  # save_on_top
    text = re.search(r'<(input|textarea)[^>]*name="phrases-0-text"', html)
    assert text and text.group(1) == "input"
    assert re.search(
        r'<input[^>]*name="title"[^>]*class="one-line"|class="one-line"[^>]*name="title"', html
    )
    for group in ("phrases", "boundaries", "options"):  # Say, Avoid and Offer groups fold
        assert re.search(f'class="module collapse"[^>]*aria-labelledby="{group}-heading"', html)


def test_team_leads_edit_the_search_vocabulary(lead_client):
    response = lead_client.get("/admin/search/situationwords/")
    assert response.status_code == 200
    assert "Bereavement" in response.content.decode()
