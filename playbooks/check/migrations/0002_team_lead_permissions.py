"""Let team leads add, change and remove the message checker's rules in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_LEADS = "Team leads"
CODENAMES = [f"{action}_checkrule" for action in ("add", "change", "view", "delete")]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("check")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEAM_LEADS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="check", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=TEAM_LEADS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="check", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("check", "0001_initial"),
        ("playbooks", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
