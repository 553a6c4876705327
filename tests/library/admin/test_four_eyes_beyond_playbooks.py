"""Four eyes cover helpline resources and the guide's safety rules, not only playbooks.

With CRISISGUIDE_FOUR_EYES on, one team lead's change waits until another approves it.
"""

import pytest
from django.urls import reverse

from playbooks.guide.models import GuideRules
from playbooks.library.models import PendingChange, Resource

from ...factories import make_resource
from .helpers import form_data

pytestmark = pytest.mark.usefixtures("four_eyes")
PENDING = reverse("admin:playbooks_pendingchange_changelist")


def edit(client, url: str, **changes):
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def decide(client, action: str, change: PendingChange):
    return client.post(PENDING, {"action": action, "_selected_action": [change.pk]}, follow=True)


def test_a_helpline_number_changes_only_once_another_lead_approves(lead_client, other_lead_client):
    resource = make_resource(contact="0800 111 111")
    url = reverse("admin:playbooks_resource_change", args=[resource.pk])

    response = edit(lead_client, url, contact="0800 666 666")
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.contact == "0800 111 111"  # readers still see the checked number
    change = PendingChange.objects.get(state=PendingChange.State.PENDING)
    assert (
        "0800 666 666"
        in other_lead_client.get(
            reverse("admin:playbooks_pendingchange_change", args=[change.pk])
        ).content.decode()
    )

    page = decide(lead_client, "approve", change)  # its author cannot approve it
    assert "another team lead must approve it" in page.content.decode()
    resource.refresh_from_db()
    assert resource.contact == "0800 111 111"

    decide(other_lead_client, "approve", change)
    resource.refresh_from_db()
    assert resource.contact == "0800 666 666"
    change.refresh_from_db()
    assert change.state == PendingChange.State.APPROVED


def test_approving_applies_only_what_its_author_changed(lead_client, other_lead_client):
    resource = make_resource(name="Samaritans", contact="116 123")
    url = reverse("admin:playbooks_resource_change", args=[resource.pk])
    edit(lead_client, url, contact="116 000")
    Resource.objects.filter(pk=resource.pk).update(name="Samaritans UK")  # meanwhile
    decide(other_lead_client, "approve", PendingChange.objects.get())
    resource.refresh_from_db()
    assert (resource.name, resource.contact) == ("Samaritans UK", "116 000")


def test_a_new_resource_waits_too(lead_client, other_lead_client):
    add = reverse("admin:playbooks_resource_add")
    data = form_data(lead_client.get(add))
    data.update(slug="new-line", name="New line", contact="0800 222 222", kind="helpline")
    assert lead_client.post(add, data).status_code == 302
    assert not Resource.objects.filter(slug="new-line").exists()
    decide(other_lead_client, "approve", PendingChange.objects.get())
    assert Resource.objects.get(slug="new-line").contact == "0800 222 222"


def test_a_deletion_waits_too(superuser_client):
    # Team leads cannot delete resources at all; administrators can, with four eyes too.
    from django.contrib.auth import get_user_model
    from django.test import Client

    resource = make_resource()
    delete = reverse("admin:playbooks_resource_delete", args=[resource.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert Resource.objects.filter(pk=resource.pk).exists()
    other = Client()
    other.force_login(get_user_model().objects.create_superuser("root2", "r2@example.com", "x"))
    decide(other, "approve", PendingChange.objects.get(action="delete"))
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_the_guides_safety_rules_change_only_once_another_lead_approves(
    lead_client, other_lead_client
):
    rules = GuideRules.current()
    rules.save()
    url = reverse("admin:guide_guiderules_change", args=[rules.pk])
    before = rules.unsafe_leaves_out_deadline_talk

    edit(lead_client, url, unsafe_leaves_out_deadline_talk="" if before else "on")
    assert GuideRules.current().unsafe_leaves_out_deadline_talk == before

    decide(other_lead_client, "reject", PendingChange.objects.get())
    assert GuideRules.current().unsafe_leaves_out_deadline_talk == before

    edit(lead_client, url, unsafe_follow_up_days="3")
    assert GuideRules.current().unsafe_follow_up_days == rules.unsafe_follow_up_days
    decide(other_lead_client, "approve", PendingChange.objects.get(state="pending"))
    assert GuideRules.current().unsafe_follow_up_days == 3


def test_without_four_eyes_a_change_applies_at_once(settings, lead_client):
    settings.CRISISGUIDE_FOUR_EYES = False
    resource = make_resource(contact="0800 111 111")
    edit(lead_client, reverse("admin:playbooks_resource_change", args=[resource.pk]),
         contact="0800 333 333")  # fmt: skip
    resource.refresh_from_db()
    assert resource.contact == "0800 333 333"
    assert not PendingChange.objects.exists()
