"""Create the one row of guide rules and let team leads view and change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_LEADS = "Team leads"
CODENAMES = ["view_guiderules", "change_guiderules"]


def forwards(apps, schema_editor):
    apps.get_model("guide", "GuideRules").objects.get_or_create(id=1)
    app_config = apps.get_app_config("guide")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEAM_LEADS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="guide", codename__in=CODENAMES)
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=TEAM_LEADS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="guide", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
        ("playbooks", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
