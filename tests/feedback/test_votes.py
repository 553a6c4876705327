"""One vote per person per item, changeable, in place with htmx or by a plain POST."""

import pytest

from playbooks.feedback.models import Rating
from playbooks.feedback.recording import record_vote

from ..factories import make_playbook

pytestmark = pytest.mark.django_db


def vote(client, playbook, helpful, reason="", htmx=False):
    data = {"target": "playbook", "object_id": playbook.pk, "helpful": helpful, "reason": reason,
            "next": playbook.get_absolute_url()}  # fmt: skip
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/feedback/vote/", data, headers=headers)


def test_voting_again_changes_the_vote_instead_of_adding_one(manager_client, manager):
    playbook = make_playbook()
    assert vote(manager_client, playbook, "yes").status_code == 302
    assert vote(manager_client, playbook, "no", "outdated").status_code == 302
    rating = Rating.objects.get(user=manager, target="playbook", object_id=playbook.pk)
    assert (rating.helpful, rating.reason) == (False, "outdated")
    assert Rating.objects.count() == 1


def test_each_person_has_their_own_vote(manager, lead):
    playbook = make_playbook()
    record_vote(user=manager, target="playbook", object_id=playbook.pk, helpful=True)
    record_vote(user=lead, target="playbook", object_id=playbook.pk, helpful=False)
    assert Rating.objects.filter(object_id=playbook.pk).count() == 2


def test_a_helpful_vote_keeps_no_reason(manager):
    playbook = make_playbook()
    rating = record_vote(
        user=manager, target="playbook", object_id=playbook.pk, helpful=True, reason="unclear"
    )
    assert rating.reason == ""


def test_htmx_vote_returns_the_updated_widget(manager_client):
    playbook = make_playbook()
    response = vote(manager_client, playbook, "no", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "What was wrong?" in html
    html = vote(manager_client, playbook, "no", "tone-wrong", htmx=True).content.decode()
    assert "Tone is wrong" in html


def test_plain_post_redirects_back_with_a_message(manager_client):
    playbook = make_playbook()
    response = vote(manager_client, playbook, "yes")
    assert response["Location"] == playbook.get_absolute_url()
    page = manager_client.get(playbook.get_absolute_url()).content.decode()
    assert "Your vote was recorded" in page


@pytest.mark.parametrize(
    "data",
    [
        {"target": "playbook", "object_id": "999999", "helpful": "yes"},
        {"target": "nonsense", "object_id": "1", "helpful": "yes"},
        {"target": "playbook", "object_id": "abc", "helpful": "maybe"},
        {},
    ],
)
def test_bad_votes_are_a_clear_400_and_store_nothing(manager_client, data):
    response = manager_client.post("/feedback/vote/", data)
    assert response.status_code == 400
    assert Rating.objects.count() == 0


def test_next_cannot_redirect_off_site(manager_client):
    playbook = make_playbook()
    response = manager_client.post(
        "/feedback/vote/",
        {"target": "playbook", "object_id": playbook.pk, "helpful": "yes",
         "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == "/"


def test_voting_needs_a_post(manager_client):
    assert manager_client.get("/feedback/vote/").status_code == 405
