"""The content version now lives in its own row (playbooks migration 0008), moved inside
each content write's transaction: the guide rules lose their copy, and PostgreSQL its
NOTIFY trigger, since no process listens any more."""

from django.db import migrations

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS guide_content_version_notify ON guide_guiderules;
DROP FUNCTION IF EXISTS guide_content_version_notify();
"""


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0005_risk_grades"),
        ("playbooks", "0008_content_version_and_stock_sessions"),
    ]

    operations = [
        migrations.RunPython(drop_trigger, migrations.RunPython.noop),
        migrations.RemoveField(model_name="guiderules", name="content_version"),
    ]
