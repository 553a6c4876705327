"""The checker is reachable where people write: the writing playbooks, in both languages."""

import pytest
from django.urls import reverse

CHECK = reverse("check:check")


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("writing-to-a-client-in-crisis", "Check my message"),
        ("ecrire-a-un-client-qui-traverse-une-epreuve", "Vérifier mon message"),
    ],
)
def test_the_writing_playbook_links_to_the_checker(manager_client, slug, words):
    response = manager_client.get(reverse("playbook_detail", args=[slug]))
    assert response.status_code == 200
    assert f'<a href="{CHECK}" rel="noopener noreferrer nofollow">{words}</a>' in response.text
