"""Create the three roles of DESIGN.md as groups with least-privilege permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Account managers": [],
    "New hires": [],
    "Team leads": [
        # Content: edit and review, but archive rather than delete a playbook.
        "add_playbook",
        "change_playbook",
        "view_playbook",
        *[
            f"{action}_{model}"
            for model in ("phrase", "boundary", "flexibilityoption")
            for action in ("add", "change", "view", "delete")
        ],
        *[
            f"{action}_{model}"
            for model in ("situation", "contribution", "resource")
            for action in ("add", "change", "view")
        ],
        "publish_playbook",
        "view_insights",
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="playbooks", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("playbooks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
