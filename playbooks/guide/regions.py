"""Each reader's region for helplines: kept in ReaderRegion, read through the cache.

The plan page must stay within four queries, so the choice is cached per user and the
cache entry replaced whenever the choice changes.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from playbooks.tags import Region

from .models import ReaderRegion

CACHE_SECONDS = 60 * 60


def _key(user_id: int) -> str:
    return f"guide:region:{user_id}"


def default_region() -> str:
    default = settings.CRISISGUIDE_DEFAULT_REGION
    return default if default in Region.values else Region.INTL.value


def reader_region(user) -> str:
    """The reader's chosen region, or the site's default when they have not chosen."""
    chosen = cache.get(_key(user.pk))
    if chosen is None:
        chosen = (
            ReaderRegion.objects.filter(user=user).values_list("region", flat=True).first() or ""
        )
        cache.set(_key(user.pk), chosen, CACHE_SECONDS)
    return chosen or default_region()


@transaction.atomic
def set_reader_region(*, user, region: str) -> ReaderRegion:
    choice, _created = ReaderRegion.objects.update_or_create(user=user, defaults={"region": region})
    transaction.on_commit(lambda: cache.set(_key(user.pk), region, CACHE_SECONDS))
    cache.delete(_key(user.pk))
    return choice
