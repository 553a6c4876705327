"""The search index's database objects, one set per database vendor.

The index is table `search_index`, kept in step with published playbooks, their phrases and
their situations by database triggers, so every write path (the admin, the loader, bulk
imports, raw SQL) keeps it current:

- SQLite: an FTS5 table (`unicode61 remove_diacritics 2`, prefix indexes for 2 and 3
  characters) that stores title, summary, phrases and body, plus situation tokens to filter on.
- PostgreSQL: a plain table with a weighted `tsvector` (title A, summary B, phrases C, body D)
  under a GIN index, built with a text-search configuration per playbook language (English,
  French) that removes accents, and a trigram index on titles for the typo fallback.

Each function does nothing on the other vendor, so migrations run on both.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

# Highlight markers put into snippets by the database, then turned into <mark> after the
# text is escaped. Private-use characters: the triggers strip them from indexed text.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

SQLITE_TRIGGERS = [
    "search_index_playbook_insert",
    "search_index_playbook_update",
    "search_index_playbook_delete",
    "search_index_phrase_insert",
    "search_index_phrase_update",
    "search_index_phrase_delete",
    "search_index_situation_insert",
    "search_index_situation_delete",
]


def _sqlite_clean(expr: str) -> str:
    return f"replace(replace({expr}, char(57344), ''), char(57345), '')"


def _sqlite_row(playbook: str) -> str:
    """SELECT list for one index row, from the playbook row aliased `playbook`."""
    phrases = _sqlite_clean("replace(replace(ph.text, char(13), ' '), char(10), ' ')")
    return f"""
        {playbook}.id,
        {_sqlite_clean(f"{playbook}.title")},
        {_sqlite_clean(f"{playbook}.summary")},
        coalesce((SELECT group_concat(t, char(10)) FROM (
            SELECT {phrases} AS t FROM playbooks_phrase ph
            WHERE ph.playbook_id = {playbook}.id ORDER BY ph."order", ph.id)), ''),
        {_sqlite_clean(f"{playbook}.body")},
        coalesce((SELECT group_concat('sit' || ps.situation_id, ' ')
            FROM playbooks_playbook_situations ps WHERE ps.playbook_id = {playbook}.id), ''),
        {playbook}.slug,
        {playbook}.language
    """


SQLITE_COLUMNS = "rowid, title, summary, phrases, body, situations, slug, language"

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
        title, summary, phrases, body, situations,
        slug UNINDEXED, language UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
]


def _sqlite_reindex(id_expr: str) -> str:
    return f"""
        DELETE FROM search_index WHERE rowid = {id_expr};
        INSERT INTO search_index ({SQLITE_COLUMNS})
            SELECT {_sqlite_row("p")} FROM playbooks_playbook p
            WHERE p.id = {id_expr} AND p.status = 'published';
    """


SQLITE_TRIGGER_SQL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_playbook_insert
    AFTER INSERT ON playbooks_playbook WHEN NEW.status = 'published'
    BEGIN {_sqlite_reindex("NEW.id")} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_playbook_update
    AFTER UPDATE ON playbooks_playbook
    WHEN OLD.id IS NOT NEW.id OR OLD.status IS NOT NEW.status OR OLD.title IS NOT NEW.title
        OR OLD.summary IS NOT NEW.summary OR OLD.body IS NOT NEW.body
        OR OLD.slug IS NOT NEW.slug OR OLD.language IS NOT NEW.language
    BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id;
        {_sqlite_reindex("NEW.id")}
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_index_playbook_delete
    AFTER DELETE ON playbooks_playbook
    BEGIN DELETE FROM search_index WHERE rowid = OLD.id; END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_phrase_insert
    AFTER INSERT ON playbooks_phrase
    BEGIN {_sqlite_reindex("NEW.playbook_id")} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_phrase_update
    AFTER UPDATE ON playbooks_phrase
    WHEN OLD.text IS NOT NEW.text OR OLD.playbook_id IS NOT NEW.playbook_id
        OR OLD."order" IS NOT NEW."order"
    BEGIN
        {_sqlite_reindex("OLD.playbook_id")}
        {_sqlite_reindex("NEW.playbook_id")}
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_phrase_delete
    AFTER DELETE ON playbooks_phrase
    BEGIN {_sqlite_reindex("OLD.playbook_id")} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_situation_insert
    AFTER INSERT ON playbooks_playbook_situations
    BEGIN {_sqlite_reindex("NEW.playbook_id")} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS search_index_situation_delete
    AFTER DELETE ON playbooks_playbook_situations
    BEGIN {_sqlite_reindex("OLD.playbook_id")} END
    """,
]

SQLITE_REBUILD = [
    "DELETE FROM search_index",
    f"""
    INSERT INTO search_index ({SQLITE_COLUMNS})
        SELECT {_sqlite_row("p")} FROM playbooks_playbook p WHERE p.status = 'published'
    """,
    "INSERT INTO search_index (search_index) VALUES ('optimize')",
]

SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS search_index",
]


POSTGRES_CREATE = [
    # Accent-insensitive configurations per language, used for documents and queries alike.
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
    """,
    """
    CREATE TABLE IF NOT EXISTS search_index (
        playbook_id bigint PRIMARY KEY,
        slug varchar(200) NOT NULL,
        language varchar(2) NOT NULL,
        title text NOT NULL,
        title_folded text NOT NULL,
        summary text NOT NULL,
        phrases text NOT NULL,
        body text NOT NULL,
        situation_ids bigint[] NOT NULL DEFAULT '{}',
        vector tsvector NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS search_index_vector ON search_index USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_index_situations ON search_index USING gin (situation_ids)",
    """
    CREATE INDEX IF NOT EXISTS search_index_title_trgm
        ON search_index USING gist (title_folded gist_trgm_ops)
    """,
    r"""
    CREATE OR REPLACE FUNCTION search_index_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE language WHEN 'fr' THEN 'crisisguide_fr' ELSE 'crisisguide_en' END::regconfig
    $$
    """,
    r"""
    CREATE OR REPLACE FUNCTION search_index_clean(value text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
        SELECT translate(coalesce(value, ''), U&'\E000\E001', '')
    $$
    """,
    r"""
    CREATE OR REPLACE FUNCTION search_index_refresh(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_index WHERE playbook_id = ANY(ids) AND NOT EXISTS (
            SELECT 1 FROM playbooks_playbook p
            WHERE p.id = search_index.playbook_id AND p.status = 'published');
        INSERT INTO search_index (playbook_id, slug, language, title, title_folded, summary,
                                  phrases, body, situation_ids, vector)
        SELECT d.id, d.slug, d.language, d.title, lower(unaccent(d.title)), d.summary,
               d.phrases, d.body, d.situation_ids,
               setweight(to_tsvector(d.config, d.title), 'A')
               || setweight(to_tsvector(d.config, d.summary), 'B')
               || setweight(to_tsvector(d.config, d.phrases), 'C')
               || setweight(to_tsvector(d.config, d.body), 'D')
        FROM (
            SELECT p.id, p.slug, p.language, search_index_config(p.language) AS config,
                   search_index_clean(p.title) AS title,
                   search_index_clean(p.summary) AS summary,
                   search_index_clean(p.body) AS body,
                   search_index_clean((
                       SELECT string_agg(translate(ph.text, E'\r\n', '  '), E'\n'
                                         ORDER BY ph."order", ph.id)
                       FROM playbooks_phrase ph WHERE ph.playbook_id = p.id)) AS phrases,
                   coalesce((SELECT array_agg(ps.situation_id ORDER BY ps.situation_id)
                             FROM playbooks_playbook_situations ps
                             WHERE ps.playbook_id = p.id), '{}') AS situation_ids
            FROM playbooks_playbook p
            WHERE p.id = ANY(ids) AND p.status = 'published'
        ) d
        ON CONFLICT (playbook_id) DO UPDATE SET
            slug = EXCLUDED.slug, language = EXCLUDED.language, title = EXCLUDED.title,
            title_folded = EXCLUDED.title_folded, summary = EXCLUDED.summary,
            phrases = EXCLUDED.phrases, body = EXCLUDED.body,
            situation_ids = EXCLUDED.situation_ids, vector = EXCLUDED.vector;
    END $$
    """,
    # Statement-level triggers with transition tables: a bulk insert of phrases or playbooks
    # refreshes each playbook once per statement, not once per row.
    """
    CREATE OR REPLACE FUNCTION search_index_from_new() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'playbooks_playbook' THEN
            PERFORM search_index_refresh(ARRAY(SELECT id FROM new_rows));
        ELSE
            PERFORM search_index_refresh(ARRAY(SELECT DISTINCT playbook_id FROM new_rows));
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_index_from_old() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'playbooks_playbook' THEN
            DELETE FROM search_index WHERE playbook_id IN (SELECT id FROM old_rows);
        ELSE
            PERFORM search_index_refresh(ARRAY(SELECT DISTINCT playbook_id FROM old_rows));
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_index_from_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'playbooks_playbook' THEN
            DELETE FROM search_index WHERE playbook_id IN (
                SELECT o.id FROM old_rows o WHERE NOT EXISTS (
                    SELECT 1 FROM new_rows n WHERE n.id = o.id));
            PERFORM search_index_refresh(ARRAY(
                SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
                WHERE (o.status, o.title, o.summary, o.body, o.slug, o.language)
                      IS DISTINCT FROM (n.status, n.title, n.summary, n.body, n.slug, n.language)));
        ELSE
            PERFORM search_index_refresh(ARRAY(
                SELECT playbook_id FROM old_rows UNION SELECT playbook_id FROM new_rows));
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_index_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_index;
        RETURN NULL;
    END $$
    """,
]

POSTGRES_TRIGGERS = {
    # name: (table, event and transition table, function)
    "search_index_playbook_insert": (
        "playbooks_playbook", "AFTER INSERT", "NEW TABLE AS new_rows", "search_index_from_new"),
    "search_index_playbook_update": (
        "playbooks_playbook", "AFTER UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "search_index_from_update"),
    "search_index_playbook_delete": (
        "playbooks_playbook", "AFTER DELETE", "OLD TABLE AS old_rows", "search_index_from_old"),
    "search_index_phrase_insert": (
        "playbooks_phrase", "AFTER INSERT", "NEW TABLE AS new_rows", "search_index_from_new"),
    "search_index_phrase_update": (
        "playbooks_phrase", "AFTER UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "search_index_from_update"),
    "search_index_phrase_delete": (
        "playbooks_phrase", "AFTER DELETE", "OLD TABLE AS old_rows", "search_index_from_old"),
    "search_index_situation_insert": (
        "playbooks_playbook_situations", "AFTER INSERT", "NEW TABLE AS new_rows",
        "search_index_from_new"),
    "search_index_situation_delete": (
        "playbooks_playbook_situations", "AFTER DELETE", "OLD TABLE AS old_rows",
        "search_index_from_old"),
}


def _postgres_trigger_sql() -> list[str]:
    statements = []
    for name, (table, event, transition, function) in POSTGRES_TRIGGERS.items():
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    # Django's test flush truncates tables; TRUNCATE fires no row or delete triggers.
    statements.append("DROP TRIGGER IF EXISTS search_index_truncate ON playbooks_playbook")
    statements.append(
        "CREATE TRIGGER search_index_truncate AFTER TRUNCATE ON playbooks_playbook "
        "FOR EACH STATEMENT EXECUTE FUNCTION search_index_truncate()"
    )
    return statements


POSTGRES_REBUILD = [
    "TRUNCATE search_index",
    "SELECT search_index_refresh(ARRAY(SELECT id FROM playbooks_playbook))",
    "ANALYZE search_index",
]

POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, (table, *_) in POSTGRES_TRIGGERS.items()),
    "DROP TRIGGER IF EXISTS search_index_truncate ON playbooks_playbook",
    "DROP TABLE IF EXISTS search_index",
    "DROP FUNCTION IF EXISTS search_index_from_new()",
    "DROP FUNCTION IF EXISTS search_index_from_old()",
    "DROP FUNCTION IF EXISTS search_index_from_update()",
    "DROP FUNCTION IF EXISTS search_index_truncate()",
    "DROP FUNCTION IF EXISTS search_index_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS search_index_clean(text)",
    "DROP FUNCTION IF EXISTS search_index_config(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS crisisguide_en",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS crisisguide_fr",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index, its triggers, and fill it from the published playbooks."""
    if connection.vendor == "sqlite":
        _run(connection, [*SQLITE_CREATE, *SQLITE_TRIGGER_SQL, *SQLITE_REBUILD])
    elif connection.vendor == "postgresql":
        _run(connection, [*POSTGRES_CREATE, *_postgres_trigger_sql(), *POSTGRES_REBUILD])


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Refill the index from the playbooks, e.g. after a bulk load with triggers suspended."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_REBUILD)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_REBUILD)


def ensure_triggers(connection: BaseDatabaseWrapper) -> bool:
    """Put back SQLite triggers that a table rebuild dropped; returns whether any were missing.

    SQLite drops a table's triggers with the table, and Django's SQLite schema editor rebuilds
    tables to alter them, so a later playbooks migration could silently stop index updates.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_index'")
        if cursor.fetchone() is None:
            return False  # not migrated yet
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_index_%'"
        )
        present = {row[0] for row in cursor.fetchall()}
    if present >= set(SQLITE_TRIGGERS):
        return False
    _run(connection, [*SQLITE_TRIGGER_SQL, *SQLITE_REBUILD])
    return True
