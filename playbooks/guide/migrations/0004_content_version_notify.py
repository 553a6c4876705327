"""PostgreSQL tells listening app processes when the content version moves
(playbooks/content_version.py), so they need not ask on every request. SQLite has no
other process to tell: it is read each time there."""

from django.db import migrations

CREATE = """
CREATE FUNCTION guide_content_version_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crisisguide_content_version', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER guide_content_version_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON guide_guiderules
    FOR EACH STATEMENT EXECUTE FUNCTION guide_content_version_notify();
"""
DROP = """
DROP TRIGGER IF EXISTS guide_content_version_notify ON guide_guiderules;
DROP FUNCTION IF EXISTS guide_content_version_notify();
"""


def on_postgresql(statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statements)

    return run


class Migration(migrations.Migration):
    dependencies = [("guide", "0003_content_version")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
