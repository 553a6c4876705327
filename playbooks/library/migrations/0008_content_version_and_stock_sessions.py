"""The content version gets its own row, and Django's own sessions replace ours.

The number starts past the one the guide rules held, so that no fragment kept under an old
number (in Redis) is mistaken for current. The old session table, with its foreign key to
the user, is dropped: everyone is signed out once and signs in again.
"""

from django.db import migrations, models

DROP_OLD_SESSIONS = """
DROP TABLE IF EXISTS crisisguide_sessions_session;
DELETE FROM django_migrations WHERE app = 'crisisguide_sessions';
"""


def start_past_the_old_number(apps, schema_editor):
    GuideRules = apps.get_model("guide", "GuideRules")
    ContentVersion = apps.get_model("playbooks", "ContentVersion")
    old = GuideRules.objects.values_list("content_version", flat=True).first() or 0
    ContentVersion.objects.update_or_create(pk=1, defaults={"value": old + 1})


class Migration(migrations.Migration):
    dependencies = [
        ("playbooks", "0007_pending_changes"),
        ("guide", "0005_risk_grades"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.AddConstraint(
            model_name="contentversion",
            constraint=models.CheckConstraint(condition=models.Q(id=1), name="content_version_single_row"),
        ),
        migrations.RunPython(start_past_the_old_number, migrations.RunPython.noop),
        migrations.RunSQL(DROP_OLD_SESSIONS, migrations.RunSQL.noop),
    ]
