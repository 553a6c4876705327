"""One number that moves whenever published guidance changes, and a cache keyed by it.

The number is `GuideRules.content_version`, which `bump()` moves on after every commit that
touches guidance (the signals are connected in `connect()`). Every process sees the new
number on its next request, so nothing is stale across processes, and nothing needs
deleting: a new version is a new key, and the old entries lapse. SQLite is simply asked each
time (one primary-key query in-process). PostgreSQL notifies each process when the number
moves (a trigger, guide migration 0004), which then reads it once
(crisisguide/postgresql/notices.py): a request costs no round trip for it.

Until the commit moves the number (or where it never does, as inside a test's
transaction), this process also counts the changes it has seen itself, so that it never
serves its own earlier reading of content it has just changed.
"""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .guide.models import GuideRules
from .models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)

# Long enough to matter, short enough that entries for old versions do not linger.
CACHE_SECONDS = 60 * 60

_CURRENT = (
    f"SELECT content_version FROM {GuideRules._meta.db_table} "
    f"WHERE {GuideRules._meta.pk.column} = %s"
)

# What guide migration 0004's trigger notifies on PostgreSQL when the number moves.
CHANNEL = "crisisguide_content_version"

# (the version this process last read, changes it has seen itself since then)
_local = [None, 0]


def current() -> int:
    """The content version now, as committed.

    On PostgreSQL, as last notified: no query. Elsewhere one plain SQL query, since every
    page asks and building the same ORM query each time cost more than running it.
    """
    on_notice = getattr(connection, "value_on_notice", None)  # PostgreSQL
    if on_notice is not None:
        version = on_notice(CHANNEL, _CURRENT, [GuideRules.SINGLETON_ID], default=0)
        if version is not None:
            return version
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT, [GuideRules.SINGLETON_ID])
        row = cursor.fetchone()
    return row[0] if row else 0


def stamp(version: int | None = None) -> str:
    """Names the content as this process sees it, and the build that renders it: for cache
    keys, template fragments and kept pages."""
    if version is None:
        version = current()
    if _local[0] != version:  # a commit moved the number on: our own changes are in it
        _local[0], _local[1] = version, 0
    return f"{version}.{_local[1]}.{build()}"


def build() -> str:
    """A digest of the templates, translations and static files this process serves with.

    Kept HTML depends on them as much as on the content: in a cache that outlives a deploy
    (REDIS_URL), pages rendered by the previous build must not be served by the next. In
    development, where templates change under a running server, it is worked out each time.
    """
    return _digest() if settings.DEBUG else _digest_once()


def _digest() -> str:
    roots = [*settings.TEMPLATES[0]["DIRS"], *settings.LOCALE_PATHS]
    files = sorted(path for root in roots for path in Path(root).rglob("*") if path.is_file())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    digest = hashlib.blake2b(digest_size=6)
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(bytes(path))
            digest.update(path.read_bytes())
    return digest.hexdigest()


_digest_once = functools.cache(_digest)


def cached[T](name: str, compute: Callable[[], T], *key_parts, version: int | None = None) -> T:
    """compute(), kept in the cache until published guidance changes.

    key_parts name what the value depends on besides the content (language, page…); pass
    `version` when one request caches several values, to read the number once.
    """
    key = ":".join(["content", stamp(version), name, *map(str, key_parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def bump() -> None:
    """Move the number on, so that every process reads the content again."""
    updated = GuideRules.objects.filter(pk=GuideRules.SINGLETON_ID).update(
        content_version=F("content_version") + 1
    )
    if not updated:
        GuideRules.objects.get_or_create(pk=GuideRules.SINGLETON_ID)


def content_changed(sender, **kwargs) -> None:
    """This process sees the change at once; every process, once the transaction commits."""
    _local[1] += 1
    connection = transaction.get_connection()
    pending = (entry[1] for entry in connection.run_on_commit)
    if not (connection.in_atomic_block and bump in pending):
        transaction.on_commit(bump)  # once per transaction is enough


# What published guidance is made of. Contribution is shown on playbook pages, GuideRules
# holds the guide's weights.
CONTENT_MODELS = (
    Situation,
    Contribution,
    Playbook,
    Phrase,
    Boundary,
    FlexibilityOption,
    Resource,
    GuideRules,
)
CONTENT_RELATIONS = (Playbook.situations.through, Playbook.contributions.through)


def connect() -> None:
    for model in CONTENT_MODELS:
        uid = f"content-version-{model.__name__}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for through in CONTENT_RELATIONS:
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"content-version-{through.__name__}"
        )
