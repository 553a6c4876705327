"""Each reader's region for helplines, kept in ReaderRegion."""

from django.conf import settings
from django.db import connection

from playbooks.library.choices import Region

from .models import ReaderRegion


def default_region() -> str:
    default = settings.CRISISGUIDE_DEFAULT_REGION
    return default if default in Region.values else Region.INTL.value


def reader_region(user) -> str:
    """The reader's chosen region, or the site's default when they have not chosen.

    Read on every plan, hence plain SQL; it is not cached, so a change made through one
    server process shows at once in all of them.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT region FROM {ReaderRegion._meta.db_table} WHERE user_id = %s", [user.pk]
        )
        row = cursor.fetchone()
    return (row and row[0]) or default_region()


def set_reader_region(*, user, region: str) -> ReaderRegion:
    choice, _created = ReaderRegion.objects.update_or_create(user=user, defaults={"region": region})
    return choice
