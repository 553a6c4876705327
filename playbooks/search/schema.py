"""The search index's database objects, one set per database vendor.

The index is table `search_index`, kept in step with published playbooks, their phrases and
their situations by database triggers, so every write path (the admin, the loader, bulk
imports, raw SQL) keeps it current:

- SQLite: an FTS5 table (`unicode61 remove_diacritics 2`, prefix indexes for 2 to 6
  characters) that stores title, summary, phrases and body, plus situation tokens to filter on.
  Without a prefix index of the typed length, FTS5 merges the lists of every matching term
  first: for a common word at 100,000 playbooks, tens of milliseconds per query.
- PostgreSQL: a plain table with a weighted `tsvector` (title A, summary B, phrases C, body D)
  under a GIN index, built with a text-search configuration per playbook language (English,
  French) that removes accents; `head`, the same without the body, is small enough to stay
  in the row and is what ranking reads; a trigram index on titles serves the typo fallback.

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
            FROM playbooks_playbook_situations ps WHERE ps.playbook_id = {playbook}.id), '')
    """


# Text columns only: reading any stored column makes FTS5 fetch the whole row, body and all,
# so what ranking needs per row (the language) is read from playbooks_playbook instead.
SQLITE_LAYOUT = ("title", "summary", "phrases", "body", "situations")
SQLITE_COLUMNS = "rowid, " + ", ".join(SQLITE_LAYOUT)

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
        title, summary, phrases, body, situations,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4 5 6'
    )
    """,
    # The index's own words, for "Did you mean …?" (backends.SqliteQuery.known_words).
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_vocabulary USING fts5vocab(search_index, 'col')",
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
    "DROP TABLE IF EXISTS search_vocabulary",
    "DROP TABLE IF EXISTS search_index",
]


def _postgres_fill_function(signature: str, condition: str) -> str:
    """A function that (re)indexes the playbooks matching `condition`, set-based."""
    delete = (
        "TRUNCATE search_index;"
        if condition == "TRUE"
        else """DELETE FROM search_index WHERE playbook_id = ANY(ids) AND NOT EXISTS (
            SELECT 1 FROM playbooks_playbook p
            WHERE p.id = search_index.playbook_id AND p.status = 'published');"""
    )
    return rf"""
    CREATE OR REPLACE FUNCTION {signature} RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        {delete}
        INSERT INTO search_index (playbook_id, slug, language, title, title_folded, summary,
                                  phrases, body, situation_ids, head, vector)
        SELECT h.id, h.slug, h.language, h.title, lower(unaccent(h.title)), h.summary,
               h.phrases, h.body, h.situation_ids, h.head,
               h.head || setweight(to_tsvector(h.config, h.body), 'D')
        FROM (SELECT d.*,
               setweight(to_tsvector(d.config, d.title), 'A')
               || setweight(to_tsvector(d.config, d.summary), 'B')
               || setweight(to_tsvector(d.config, d.phrases), 'C') AS head
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
                             WHERE ps.playbook_id = p.id), '{{}}') AS situation_ids
            FROM playbooks_playbook p
            WHERE {condition} AND p.status = 'published'
        ) d) h
        ON CONFLICT (playbook_id) DO UPDATE SET
            slug = EXCLUDED.slug, language = EXCLUDED.language, title = EXCLUDED.title,
            title_folded = EXCLUDED.title_folded, summary = EXCLUDED.summary,
            phrases = EXCLUDED.phrases, body = EXCLUDED.body,
            situation_ids = EXCLUDED.situation_ids, head = EXCLUDED.head,
            vector = EXCLUDED.vector;
    END $$
    """


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
        head tsvector NOT NULL,
        vector tsvector NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS search_index_vector ON search_index USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_index_situations ON search_index USING gin (situation_ids)",
    # GIN, not GiST: a GiST nearest-neighbour scan wanders most of the tree when few titles
    # are similar (tens of milliseconds at 100,000 playbooks); GIN finds the few candidates.
    """
    CREATE INDEX IF NOT EXISTS search_index_title_trgm
        ON search_index USING gin (title_folded gin_trgm_ops)
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
    _postgres_fill_function("search_index_refresh(ids bigint[])", "p.id = ANY(ids)"),
    _postgres_fill_function("search_index_rebuild()", "TRUE"),
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

# The functions searches call; replaced whenever migrations run (see ensure_triggers), so a
# changed signature or result never meets an old definition.
POSTGRES_QUERY_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS search_index_window(tsquery, bigint, integer)",
    "DROP FUNCTION IF EXISTS search_index_similar(text, bigint, integer)",
    "DROP FUNCTION IF EXISTS search_index_word(text, boolean)",
    # One typed word as a tsquery: its stem in English or French; when it is the word still
    # being typed, also any lexeme it begins, and itself a letter or two short, unstemmed
    # ("funera" of "funeral", stem "funer"). Stems the prefix already covers are left out:
    # each is another posting list the GIN index must read in full.
    r"""
    CREATE OR REPLACE FUNCTION search_index_word(word text, prefix boolean) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
    DECLARE
        forms text[];
    BEGIN
        IF NOT prefix THEN
            RETURN websearch_to_tsquery('crisisguide_en', word)
                || websearch_to_tsquery('crisisguide_fr', word);
        END IF;
        SELECT coalesce(array_agg(DISTINCT f), '{}') INTO forms FROM unnest(
            tsvector_to_array(to_tsvector('crisisguide_en', word))
            || tsvector_to_array(to_tsvector('crisisguide_fr', word))
            || CASE WHEN length(word) >= 6 THEN ARRAY[left(word, -1)] ELSE '{}' END
            || CASE WHEN length(word) >= 7 THEN ARRAY[left(word, -2)] ELSE '{}' END
        ) AS f WHERE NOT starts_with(f, word);
        RETURN to_tsquery('simple', array_to_string(
            quote_literal(word) || ':*' || ARRAY(SELECT quote_literal(f) FROM unnest(forms) f),
            ' | '));
    END $$
    """,
    # Up to k matches with their rank, for the search to order and page through.
    # A bitmap scan of the GIN index can stop after k rows; the planner, which cannot see what
    # reading a TOASTed tsvector costs, would otherwise filter rows in primary-key or table
    # order and read the vector of every one. Ranking reads `head` (title, summary, phrases:
    # small, stored inline), so the long body's vector is never read here. As a plpgsql
    # function its plan is cached, not made again for every search.
    """
    CREATE OR REPLACE FUNCTION search_index_window(query tsquery, situation bigint, k integer)
    RETURNS TABLE (playbook_id bigint, language varchar, rank real)
    LANGUAGE plpgsql STABLE
    SET enable_seqscan = off SET enable_indexscan = off SET max_parallel_workers_per_gather = 0
    AS $$
    BEGIN
        IF situation IS NULL THEN
            RETURN QUERY SELECT s.playbook_id, s.language, ts_rank(s.head, query)
                FROM search_index s WHERE s.vector @@ query LIMIT k;
        ELSE
            RETURN QUERY SELECT s.playbook_id, s.language, ts_rank(s.head, query)
                FROM search_index s
                WHERE s.vector @@ query AND s.situation_ids @> ARRAY[situation] LIMIT k;
        END IF;
    END $$
    """,
    # Titles closest to the words typed, by trigram word similarity, for the typo fallback.
    """
    CREATE OR REPLACE FUNCTION search_index_similar(words text, situation bigint, n integer)
    RETURNS TABLE (playbook_id bigint, slug varchar, language varchar, title text, summary text,
                   situation_ids bigint[])
    LANGUAGE plpgsql STABLE
    SET pg_trgm.word_similarity_threshold = 0.5 SET enable_seqscan = off
    AS $$
    BEGIN
        RETURN QUERY SELECT s.playbook_id, s.slug, s.language, s.title, s.summary,
                            s.situation_ids
            FROM search_index s
            WHERE words <% s.title_folded
              AND (situation IS NULL OR s.situation_ids @> ARRAY[situation])
            ORDER BY word_similarity(words, s.title_folded) DESC, s.playbook_id
            LIMIT n;
    END $$
    """,
]

POSTGRES_TRIGGERS = {
    # name: (table, event and transition table, function)
    "search_index_playbook_insert": (
        "playbooks_playbook",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "search_index_from_new",
    ),
    "search_index_playbook_update": (
        "playbooks_playbook",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "search_index_from_update",
    ),
    "search_index_playbook_delete": (
        "playbooks_playbook",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "search_index_from_old",
    ),
    "search_index_phrase_insert": (
        "playbooks_phrase",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "search_index_from_new",
    ),
    "search_index_phrase_update": (
        "playbooks_phrase",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "search_index_from_update",
    ),
    "search_index_phrase_delete": (
        "playbooks_phrase",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "search_index_from_old",
    ),
    "search_index_situation_insert": (
        "playbooks_playbook_situations",
        "AFTER INSERT",
        "NEW TABLE AS new_rows",
        "search_index_from_new",
    ),
    "search_index_situation_delete": (
        "playbooks_playbook_situations",
        "AFTER DELETE",
        "OLD TABLE AS old_rows",
        "search_index_from_old",
    ),
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


POSTGRES_REBUILD = ["SELECT search_index_rebuild()", "ANALYZE search_index"]

POSTGRES_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for name, (table, *_) in POSTGRES_TRIGGERS.items()
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
        _run(
            connection,
            [
                *POSTGRES_CREATE,
                *POSTGRES_QUERY_FUNCTIONS,
                *_postgres_trigger_sql(),
                *POSTGRES_REBUILD,
            ],
        )


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


POSTGRES_LAYOUT = (
    "playbook_id",
    "slug",
    "language",
    "title",
    "title_folded",
    "summary",
    "phrases",
    "body",
    "situation_ids",
    "head",
    "vector",
)


def ensure_triggers(connection: BaseDatabaseWrapper) -> bool:
    """Repair the index after migrations; returns whether anything had to be redone.

    SQLite drops a table's triggers with the table, and Django's SQLite schema editor rebuilds
    tables to alter them, so a later playbooks migration could silently stop index updates.
    An index laid out by an older version of this module is rebuilt, on either database.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            # SQLite keeps the CREATE statement (less IF NOT EXISTS): columns and options.
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
            layout = tuple(" ".join(row[0].split()) for row in cursor.fetchall())
            expected = (" ".join(SQLITE_CREATE[0].replace("IF NOT EXISTS ", "").split()),)
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name ="
                " 'search_index' AND table_schema = current_schema() ORDER BY ordinal_position"
            )
            layout = tuple(row[0] for row in cursor.fetchall())
            expected = POSTGRES_LAYOUT
        if not layout:
            return False  # not migrated yet
        if sqlite:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE 'search_index_%'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'search_index_%'"
                " AND to_regprocedure('search_index_window(tsquery,bigint,integer)') IS NOT NULL"
            )
        present = {row[0] for row in cursor.fetchall()}
    if layout != expected:
        uninstall(connection)
        install(connection)
    elif not present >= set(SQLITE_TRIGGERS if sqlite else POSTGRES_TRIGGERS):
        install(connection)
    else:
        if not sqlite:
            _run(connection, POSTGRES_QUERY_FUNCTIONS)
        return False
    return True
