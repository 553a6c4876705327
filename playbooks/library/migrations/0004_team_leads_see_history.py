"""Team leads may read the list of recent changes (playbook versions) in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_playbookrevision"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("playbooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Team leads")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="playbooks", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Team leads"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="playbooks", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("playbooks", "0003_playbook_history")]
    operations = [migrations.RunPython(grant, revoke)]
