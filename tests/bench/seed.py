"""Fill the bench database with the synthetic corpus, fast, through the ORM.

``bulk_create`` skips ``Playbook.save``, so the generator supplies the rendered body HTML
itself. Search indexes kept by database triggers fill themselves as rows go in; whatever
the search app offers to rebuild or optimise its index runs afterwards, then the planner's
statistics are refreshed. Needs Django set up against the bench database.
"""

import contextlib
import json
import re
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from playbooks.library.markdown import render_markdown
from playbooks.library.models import Boundary, FlexibilityOption, Phrase, Playbook, Situation

from .corpus import SITUATION_WEIGHTS, CorpusGenerator, PlaybookSpec

MARKER_TABLE = "bench_seed"
FTS5 = re.compile(r"using\s+fts5\s*\(", re.IGNORECASE)

# Used only when the shipped content brings no situations (the slugs are the documented ones).
SITUATION_NAMES = {
    "bereavement": ("Bereavement", "Deuil"),
    "illness": ("Serious illness or injury", "Maladie grave ou blessure"),
    "family-emergency": ("Family emergency", "Urgence familiale"),
    "mental-health": ("Mental-health crisis", "Crise de santé mentale"),
    "burnout": ("Burnout", "Épuisement professionnel"),
    "financial-hardship": ("Financial hardship", "Difficultés financières"),
    "relationship-breakdown": ("Relationship breakdown", "Séparation"),
    "disaster": ("Disaster or displacement", "Catastrophe ou déplacement"),
    "job-loss": ("Job loss", "Perte d'emploi"),
    "other": ("Something else", "Autre chose"),
}


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def read_marker() -> dict | None:
    """What the last completed seeding recorded, or None if it never finished."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_marker(data: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (data TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (data) VALUES (%s)", [json.dumps(data)])


def ensure_situations() -> dict[str, int]:
    for order, (slug, (name, name_fr)) in enumerate(SITUATION_NAMES.items(), 1):
        Situation.objects.get_or_create(
            slug=slug, defaults={"order": order, "name": name, "name_fr": name_fr}
        )
    return dict(Situation.objects.filter(slug__in=SITUATION_WEIGHTS).values_list("slug", "pk"))


def _items(model, playbook_id: int, rows: list[dict]) -> list:
    return [model(playbook_id=playbook_id, order=order, **row) for order, row in enumerate(rows, 1)]


def _insert_batch(specs: list[PlaybookSpec], situation_ids: dict, pks: dict[int, int]) -> int:
    now = timezone.now()
    today = timezone.localdate()
    playbooks = Playbook.objects.bulk_create(
        Playbook(
            title=s.title,
            slug=s.slug,
            language=s.language,
            summary=s.summary,
            body=s.body,
            body_html=s.body_html,
            status=Playbook.Status.PUBLISHED,
            review_by=today + timedelta(days=-10 if s.overdue else 180),
            follow_up=s.follow_up,
            follow_up_days=s.follow_up_days,
            published_at=now,
        )
        for s in specs
    )
    for spec, playbook in zip(specs, playbooks, strict=True):
        pks[spec.index] = playbook.pk
    translations = []
    for spec, playbook in zip(specs, playbooks, strict=True):
        if spec.translation_of is not None:
            playbook.translation_of_id = pks[spec.translation_of]
            translations.append(playbook)
    if translations:
        Playbook.objects.bulk_update(translations, ["translation_of"])
    through = Playbook.situations.through
    through.objects.bulk_create(
        through(playbook_id=playbook.pk, situation_id=situation_ids[slug])
        for spec, playbook in zip(specs, playbooks, strict=True)
        for slug in spec.situations
    )
    rows = 0
    kinds = ((Phrase, "phrases"), (Boundary, "boundaries"), (FlexibilityOption, "options"))
    for model, attribute in kinds:
        items = [
            item
            for spec, playbook in zip(specs, playbooks, strict=True)
            for item in _items(model, playbook.pk, getattr(spec, attribute))
        ]
        model.objects.bulk_create(items, batch_size=2000)
        rows += len(items)
    return rows


@contextlib.contextmanager
def search_documents_rebuilt(log: Callable[[str], None] = print):
    """After a bulk load, which sends no signals, fill the search documents once."""
    yield
    from playbooks.search import documents

    started = time.perf_counter()
    documents.rebuild()
    log(f"  search documents rebuilt in {time.perf_counter() - started:.0f} s")


def seed(n: int, *, batch_size: int = 1000, log: Callable[[str], None] = print) -> dict:
    """Insert n synthetic playbooks with their items; return facts about the corpus."""
    with search_documents_rebuilt(log):
        return _seed(n, batch_size=batch_size, log=log)


def _seed(n: int, *, batch_size: int, log: Callable[[str], None]) -> dict:
    situation_ids = ensure_situations()
    generator = CorpusGenerator()
    started = time.perf_counter()
    pks: dict[int, int] = {}
    batch: list[PlaybookSpec] = []
    items = 0
    render_all = False  # set when the learnt HTML wrappers disagree with render_markdown
    for spec in generator.playbooks(n):
        if spec.index < 20 and not render_all and render_markdown(spec.body) != spec.body_html:
            log("  generated HTML differs from render_markdown: rendering every body (slower)")
            render_all = True
        if render_all:
            spec.body_html = render_markdown(spec.body)
        batch.append(spec)
        if len(batch) == batch_size:
            with transaction.atomic():
                items += _insert_batch(batch, situation_ids, pks)
            batch = []
            if len(pks) % (batch_size * 10) == 0:
                rate = len(pks) / (time.perf_counter() - started)
                log(f"  {len(pks):,} playbooks ({rate:,.0f}/s)")
    if batch:
        with transaction.atomic():
            items += _insert_batch(batch, situation_ids, pks)
    log(
        f"  {n:,} playbooks and {items:,} phrases, boundaries and offers in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return {
        "vocabulary_en": len(generator.vocabulary["en"]),
        "vocabulary_fr": len(generator.vocabulary["fr"]),
        "items": items,
    }


def fts5_tables(cursor) -> list[str]:
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    return [name for name, sql in cursor.fetchall() if FTS5.search(sql or "")]


def optimise(log: Callable[[str], None] = print) -> None:
    """Refresh the planner's statistics and compact full-text indexes after a bulk load."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in fts5_tables(cursor):
                cursor.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'optimize\')')
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # VACUUM cannot run inside a transaction block (tests run in one).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    log(f"  statistics refreshed and indexes optimised in {time.perf_counter() - started:.0f} s")


def search_index_report() -> str:
    """A line saying what the search index holds, so a silently empty index shows."""
    playbooks = Playbook.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            counts = []
            for table in fts5_tables(cursor):
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts.append(f"{table}: {cursor.fetchone()[0]:,} rows")
            found = ", ".join(counts) or "no FTS5 table"
        else:
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type = 'tsvector'"
            )
            columns = cursor.fetchall()
            counts = []
            for table, column in columns:
                cursor.execute(f'SELECT count("{column}") FROM "{table}"')
                counts.append(f"{table}.{column}: {cursor.fetchone()[0]:,} filled")
            found = ", ".join(counts) or "no tsvector column"
    return f"search index: {found} (playbooks: {playbooks:,})"
