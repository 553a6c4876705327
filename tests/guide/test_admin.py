"""Team leads tune the guide's rules and preview plans in the admin."""

import pytest
from django.urls import reverse

from playbooks.guide.engine import get_rules
from playbooks.guide.models import GuideRules
from playbooks.library.models import Phrase, Playbook, Situation

from ..factories import make_playbook
from .test_views import ANSWERS

pytestmark = pytest.mark.django_db
PREVIEW = reverse("admin:guide_guiderules_preview")


def test_a_lead_previews_the_plan_for_any_answers(lead_client):
    response = lead_client.get(PREVIEW, {**ANSWERS, "region": "fr", "signals": "suicidal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Safety first" in html and "3114" in html
    assert ">Say</h2>" in html and ">Offer</h2>" in html


def test_the_preview_shows_the_questions_first(lead_client):
    response = lead_client.get(PREVIEW)
    assert response.status_code == 200
    assert 'name="situation"' in response.content.decode()


def test_the_preview_can_include_drafts(lead_client):
    bereavement = Situation.objects.get(slug="bereavement")
    draft = make_playbook(situations=[bereavement], status=Playbook.Status.DRAFT)
    Phrase.objects.create(
        playbook=draft, text="Words still in draft.", kind="acknowledge", weight=50
    )
    params = {**ANSWERS, "region": "uk"}
    assert "Words still in draft." not in lead_client.get(PREVIEW, params).content.decode()
    with_drafts = lead_client.get(PREVIEW, {**params, "include_unpublished": "on"})
    assert "Words still in draft." in with_drafts.content.decode()


def test_bad_preview_answers_are_a_400(lead_client):
    assert lead_client.get(PREVIEW, {"situation": "nope", "region": "uk"}).status_code == 400


def test_account_managers_cannot_preview_or_edit_rules(manager_client):
    assert manager_client.get(PREVIEW).status_code == 302  # to the admin login
    change = reverse("admin:guide_guiderules_change", args=[1])
    assert manager_client.get(change).status_code == 302


def test_a_lead_edits_the_weights_and_the_guide_follows_at_once(lead_client):
    rules = get_rules()
    change = reverse("admin:guide_guiderules_change", args=[1])
    page = lead_client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(weight_channel=9, self_approvers=["you"], unsafe_leaves_out_signals=["carry-on"])
    response = lead_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GuideRules.current().weight_channel == 9
    assert get_rules() is not rules and get_rules().weights.channel == 9


def test_the_rules_list_goes_straight_to_the_one_set_of_rules(lead_client):
    response = lead_client.get(reverse("admin:guide_guiderules_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guide_guiderules_change", args=[1])


def test_the_rules_cannot_be_deleted_or_duplicated(lead_client):
    assert lead_client.get(reverse("admin:guide_guiderules_add")).status_code == 403
    assert lead_client.get(reverse("admin:guide_guiderules_delete", args=[1])).status_code == 403
