"""Search reads one document per published playbook, indexed the way its database does it.

Replaces the hand-written index of 0002 (a table, PL/pgSQL functions and triggers on the
playbook tables) with:

- the `SearchDocument` table, kept in step by the search app (documents.py);
- on PostgreSQL, accent-insensitive text-search configurations per language, a stored
  generated `vector` column with a GIN index, and a trigram index on titles;
- on SQLite, an FTS5 table whose content is that table (external content), three
  triggers that keep it in step, and an fts5vocab table for spelling suggestions.
  The `vector` column is an empty placeholder there, so that the model reads the same.

Everything here is frozen: the SQL is written out and the fill uses historical models.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class OnlyOn(Operation):
    """An operation's change to the model state everywhere, to the database on one vendor."""

    reversible = True

    def __init__(self, vendor, operation):
        self.vendor = vendor
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__name__, [self.vendor, self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} ({self.vendor} only)"


def run_sql(vendor, statements, reverse=()):
    """Raw SQL run on one vendor only; no change to the model state."""
    return OnlyOn(
        vendor, migrations.RunSQL(list(statements), list(reverse) or migrations.RunSQL.noop)
    )


OLD_TRIGGERS = [
    "search_index_playbook_insert",
    "search_index_playbook_update",
    "search_index_playbook_delete",
    "search_index_phrase_insert",
    "search_index_phrase_update",
    "search_index_phrase_delete",
    "search_index_situation_insert",
    "search_index_situation_delete",
]
OLD_TRIGGER_TABLES = {
    "playbook": "playbooks_playbook",
    "phrase": "playbooks_phrase",
    "situation": "playbooks_playbook_situations",
}

SQLITE_DROP_OLD = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_TRIGGERS),
    "DROP TABLE IF EXISTS search_vocabulary",
    "DROP TABLE IF EXISTS search_index",
]

POSTGRES_DROP_OLD = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {OLD_TRIGGER_TABLES[name.split('_')[2]]}"
        for name in OLD_TRIGGERS
    ),
    "DROP TRIGGER IF EXISTS search_index_truncate ON playbooks_playbook",
    "DROP TABLE IF EXISTS search_index",
    "DROP FUNCTION IF EXISTS search_index_from_new()",
    "DROP FUNCTION IF EXISTS search_index_from_old()",
    "DROP FUNCTION IF EXISTS search_index_from_update()",
    "DROP FUNCTION IF EXISTS search_index_truncate()",
    "DROP FUNCTION IF EXISTS search_index_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS search_index_rebuild()",
    "DROP FUNCTION IF EXISTS search_index_window(tsquery, bigint, integer)",
    "DROP FUNCTION IF EXISTS search_index_similar(text, bigint, integer)",
    "DROP FUNCTION IF EXISTS search_index_word(text, boolean)",
    "DROP FUNCTION IF EXISTS search_index_clean(text)",
    "DROP FUNCTION IF EXISTS search_index_config(text)",
]

POSTGRES_CONFIGS = [
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'crisisguide_en') THEN
            CREATE TEXT SEARCH CONFIGURATION crisisguide_en (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION crisisguide_en
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'crisisguide_fr') THEN
            CREATE TEXT SEARCH CONFIGURATION crisisguide_fr (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION crisisguide_fr
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """
]

# Prefix indexes for 2 to 6 characters: without one of the typed length, FTS5 merges the
# posting lists of every term that begins so, which for a common prefix is slow.
SQLITE_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector text NULL",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, phrases, body,
        content = 'search_searchdocument', content_rowid = 'playbook_id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts (rowid, title, summary, phrases, body)
        VALUES (NEW.playbook_id, NEW.title, NEW.summary, NEW.phrases, NEW.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, summary, phrases, body)
        VALUES ('delete', OLD.playbook_id, OLD.title, OLD.summary, OLD.phrases, OLD.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, summary, phrases, body)
        VALUES ('delete', OLD.playbook_id, OLD.title, OLD.summary, OLD.phrases, OLD.body);
        INSERT INTO search_fts (rowid, title, summary, phrases, body)
        VALUES (NEW.playbook_id, NEW.title, NEW.summary, NEW.phrases, NEW.body);
    END
    """,
    # The index's own words, for "Did you mean …?".
    "CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab(search_fts, 'col')",
]

SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_vocabulary",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]

# Highlight markers (private-use characters) are kept out of indexed text.
MARKS = str.maketrans("", "", "\ue000\ue001")


def fill(apps, schema_editor):
    """A document for each published playbook: its text, phrases one a line."""
    Playbook = apps.get_model("playbooks", "Playbook")
    Phrase = apps.get_model("playbooks", "Phrase")
    SearchDocument = apps.get_model("search", "SearchDocument")
    phrases = {}
    for playbook_id, text in Phrase.objects.order_by("playbook_id", "order", "pk").values_list(
        "playbook_id", "text"
    ):
        phrases.setdefault(playbook_id, []).append(" ".join(text.split()).translate(MARKS))
    SearchDocument.objects.bulk_create(
        (
            SearchDocument(
                playbook_id=p.pk,
                language=p.language,
                title=p.title.translate(MARKS),
                summary=p.summary.translate(MARKS),
                phrases="\n".join(phrases.get(p.pk, [])),
                body=p.body.translate(MARKS),
            )
            for p in Playbook.objects.filter(status="published").iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("playbooks", "0008_content_version_and_stock_sessions"),
        ("search", "0005_searchlog_reader"),
    ]

    operations = [
        run_sql("sqlite", SQLITE_DROP_OLD),
        run_sql("postgresql", POSTGRES_DROP_OLD),
        run_sql("postgresql", POSTGRES_CONFIGS),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "playbook",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="playbooks.playbook",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French")], default="en", max_length=2
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField(blank=True)),
                ("phrases", models.TextField(blank=True, help_text="One phrase a line.")),
                ("body", models.TextField(blank=True)),
            ],
        ),
        OnlyOn(
            "postgresql",
            migrations.AddField(
                model_name="searchdocument",
                name="vector",
                field=models.GeneratedField(
                    db_persist=True,
                    expression=django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    "title",
                                    config=models.Case(
                                        models.When(
                                            language="fr",
                                            then=django.db.models.expressions.RawSQL(
                                                "%s::regconfig", ("crisisguide_fr",)
                                            ),
                                        ),
                                        default=django.db.models.expressions.RawSQL(
                                            "%s::regconfig", ("crisisguide_en",)
                                        ),
                                        output_field=models.TextField(),
                                    ),
                                    weight="A",
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "summary",
                                    config=models.Case(
                                        models.When(
                                            language="fr",
                                            then=django.db.models.expressions.RawSQL(
                                                "%s::regconfig", ("crisisguide_fr",)
                                            ),
                                        ),
                                        default=django.db.models.expressions.RawSQL(
                                            "%s::regconfig", ("crisisguide_en",)
                                        ),
                                        output_field=models.TextField(),
                                    ),
                                    weight="B",
                                ),
                                django.contrib.postgres.search.SearchConfig(
                                    models.Case(
                                        models.When(
                                            language="fr",
                                            then=django.db.models.expressions.RawSQL(
                                                "%s::regconfig", ("crisisguide_fr",)
                                            ),
                                        ),
                                        default=django.db.models.expressions.RawSQL(
                                            "%s::regconfig", ("crisisguide_en",)
                                        ),
                                        output_field=models.TextField(),
                                    )
                                ),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "phrases",
                                config=models.Case(
                                    models.When(
                                        language="fr",
                                        then=django.db.models.expressions.RawSQL(
                                            "%s::regconfig", ("crisisguide_fr",)
                                        ),
                                    ),
                                    default=django.db.models.expressions.RawSQL(
                                        "%s::regconfig", ("crisisguide_en",)
                                    ),
                                    output_field=models.TextField(),
                                ),
                                weight="C",
                            ),
                            django.contrib.postgres.search.SearchConfig(
                                models.Case(
                                    models.When(
                                        language="fr",
                                        then=django.db.models.expressions.RawSQL(
                                            "%s::regconfig", ("crisisguide_fr",)
                                        ),
                                    ),
                                    default=django.db.models.expressions.RawSQL(
                                        "%s::regconfig", ("crisisguide_en",)
                                    ),
                                    output_field=models.TextField(),
                                )
                            ),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "body",
                            config=models.Case(
                                models.When(
                                    language="fr",
                                    then=django.db.models.expressions.RawSQL(
                                        "%s::regconfig", ("crisisguide_fr",)
                                    ),
                                ),
                                default=django.db.models.expressions.RawSQL(
                                    "%s::regconfig", ("crisisguide_en",)
                                ),
                                output_field=models.TextField(),
                            ),
                            weight="D",
                        ),
                        django.contrib.postgres.search.SearchConfig(
                            models.Case(
                                models.When(
                                    language="fr",
                                    then=django.db.models.expressions.RawSQL(
                                        "%s::regconfig", ("crisisguide_fr",)
                                    ),
                                ),
                                default=django.db.models.expressions.RawSQL(
                                    "%s::regconfig", ("crisisguide_en",)
                                ),
                                output_field=models.TextField(),
                            )
                        ),
                    ),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
            ),
        ),
        OnlyOn(
            "postgresql",
            migrations.AddIndex(
                model_name="searchdocument",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["vector"], name="search_document_vector"
                ),
            ),
        ),
        OnlyOn(
            "postgresql",
            migrations.AddIndex(
                model_name="searchdocument",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["title"], name="search_document_title_trgm", opclasses=["gin_trgm_ops"]
                ),
            ),
        ),
        run_sql("sqlite", SQLITE_CREATE, SQLITE_DROP),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
