"""The full-text index and the triggers that keep it current, per database vendor.

PostgreSQL gets the unaccent and pg_trgm extensions (no-ops elsewhere), a text-search
configuration per language and a tsvector table; SQLite gets an FTS5 table. Each step checks
`schema_editor.connection.vendor`, so this migration runs on both.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from playbooks.search import schema


def install(apps, schema_editor):
    schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
        ("playbooks", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
