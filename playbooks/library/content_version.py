"""One number that moves with every change to published guidance: the key of cached content.

It is one row (`ContentVersion`). Every save or delete of guidance moves it by an atomic
increment in the same transaction as the change, so a reader sees the new content and the
new number together, two leads saving at once leave two new numbers, and a rolled-back
change moves nothing. A request reads it once (`for_request`); template fragments and the
guide's rules are kept under it, and old entries simply lapse.
"""

from collections.abc import Callable

from django.core.cache import caches
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import ContentVersion

# How long a rendered fragment or a cached value is kept; a new version is a new key anyway.
CACHE_SECONDS = 60 * 60


def current() -> int:
    """The content version as this connection sees it now (one primary-key query)."""
    rows = ContentVersion.objects.filter(pk=ContentVersion.SINGLETON_ID)
    return rows.values_list("value", flat=True).first() or 0


def for_request(request) -> int:
    """The content version for this request, read at most once per request."""
    try:
        return request._content_version
    except AttributeError:
        request._content_version = version = current()
        return version


def cached[T](name: str, compute: Callable[[], T], *key_parts, version: int | None = None) -> T:
    """compute(), kept in the fragment cache under the content version and `key_parts`.

    Pass the `version` the request has read (`for_request`); otherwise it is read here.
    """
    if version is None:
        version = current()
    key = ":".join(["content", str(version), name, *map(str, key_parts)])
    fragments = caches["fragments"]
    value = fragments.get(key)
    if value is None:
        value = compute()
        fragments.set(key, value, CACHE_SECONDS)
    return value


def bump() -> None:
    """Move the number on, in the caller's transaction (the row stays locked until it ends)."""
    rows = ContentVersion.objects.filter(pk=ContentVersion.SINGLETON_ID)
    if not rows.update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=ContentVersion.SINGLETON_ID, defaults={"value": 1})


def content_changed(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed also sends pre_*
        bump()


def watch(*models: type[Model]) -> None:
    """Move the version whenever any of `models` (or m2m `through` models) changes."""
    for model in models:
        uid = f"content-version-{model._meta.label}"
        if model._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
