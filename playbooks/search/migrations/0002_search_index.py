"""PostgreSQL's unaccent and pg_trgm extensions (no-ops elsewhere), which search uses.

This migration once also installed a hand-written index from live code; 0006 replaces that
index, so it is left out here and nothing in the history imports the app's code.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
        ("playbooks", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
    ]
