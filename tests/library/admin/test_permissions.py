"""Only team leads and superusers reach the admin; what they do there is in the admin log."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse

from playbooks.library.models import Playbook
from playbooks.library.roles import ACCOUNT_MANAGERS, NEW_HIRES

from ...factories import make_playbook, make_user
from .helpers import change_url, open_form

pytestmark = pytest.mark.django_db

MODELS = ["situation", "contribution", "playbook", "phrase", "boundary", "flexibilityoption",
          "resource", "playbookrevision"]  # fmt: skip


def admin_urls(playbook) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:playbooks_playbook_changelist"),
        change_url(playbook),
        reverse("admin:playbooks_playbook_history", args=[playbook.pk]),
        reverse("admin:playbooks_playbook_compare", args=[playbook.pk]),
        reverse("admin:playbooks_playbook_download", args=[playbook.pk]),
        reverse("admin:playbooks_playbook_upload"),
        *[reverse(f"admin:playbooks_{model}_changelist") for model in MODELS],
    ]


@pytest.mark.parametrize("role", [ACCOUNT_MANAGERS, NEW_HIRES])
def test_account_managers_and_new_hires_are_sent_to_the_admin_login(role):
    client = Client()
    client.force_login(make_user(role=role))
    playbook = make_playbook()
    for url in admin_urls(playbook):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    preview = client.post(reverse("admin:playbooks_playbook_preview"), {"body": "x"})
    assert preview.status_code == 302
    revert = client.post(reverse("admin:playbooks_playbook_revert", args=[playbook.pk, 1]))
    assert revert.status_code == 302


def test_a_staff_flag_alone_does_not_open_the_admin():
    manager = make_user(role=ACCOUNT_MANAGERS, is_staff=True)
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_team_leads_reach_every_admin_page(lead_client):
    playbook = make_playbook()
    for url in admin_urls(playbook):
        assert lead_client.get(url).status_code in {200, 404}, url  # 404: nothing to compare yet
    for model in MODELS[:-1]:
        assert lead_client.get(reverse(f"admin:playbooks_{model}_add")).status_code == 200, model


def test_superusers_reach_the_admin(superuser_client):
    assert superuser_client.get(reverse("admin:playbooks_playbook_changelist")).status_code == 200


def test_team_leads_archive_rather_than_delete_playbooks(lead_client):
    playbook = make_playbook()
    response = lead_client.get(reverse("admin:playbooks_playbook_delete", args=[playbook.pk]))
    assert response.status_code == 403
    assert Playbook.objects.filter(pk=playbook.pk).exists()


def test_history_is_read_only_even_for_team_leads(lead_client):
    assert lead_client.get(reverse("admin:playbooks_playbookrevision_add")).status_code == 403


def test_a_lead_without_the_publish_permission_cannot_publish(lead):
    from django.contrib.auth.models import Permission

    from playbooks.library import workflow

    lead.user_permissions.clear()
    lead.groups.clear()
    lead.user_permissions.add(Permission.objects.get(codename="change_playbook"))
    lead = type(lead).objects.get(pk=lead.pk)
    playbook = make_playbook(status=Playbook.Status.REVIEW)
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.move(playbook_id=playbook.pk, name="publish", user=lead)


def test_edits_moves_and_reverts_are_in_the_admin_log(lead, lead_client):
    playbook = make_playbook(status=Playbook.Status.DRAFT)
    data = open_form(lead_client, playbook)
    data["summary"] = "A new summary."
    lead_client.post(change_url(playbook), {**data, "_transition": "publish"})
    lead_client.post(reverse("admin:playbooks_playbook_revert", args=[playbook.pk, 1]))
    entries = LogEntry.objects.filter(object_id=str(playbook.pk), user=lead).order_by("pk")
    messages = [entry.get_change_message() for entry in entries]
    assert all(entry.action_flag == CHANGE for entry in entries)
    assert "Changed Summary." in messages[0]
    assert messages[1:] == ["Published", "Reverted to version 1."]


def test_the_admin_insights_and_header_agree_on_who_is_a_team_lead(lead):
    """One definition: whoever holds the team-lead permission, by group or directly."""
    from django.contrib.auth.models import Permission

    from playbooks.library.roles import team_leads

    direct = make_user(role=None, is_staff=True)
    direct.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client = Client()
    client.force_login(direct)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/insights/").status_code == 200
    assert 'href="/admin/"' in client.get("/").content.decode()
    assert set(team_leads()) >= {lead, direct}
    lead.is_active = False
    lead.save()
    assert lead not in team_leads()
