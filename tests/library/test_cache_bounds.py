"""Nothing a reader controls makes the caches grow without bound.

Fragments are keyed only by what the app has validated (content version, language, a known
situation, a page number within range, a published playbook, canonical guide answers), so
extra parameters, host spellings and the scheme reuse the same entries; and the fragment
cache itself has a cap (Redis: maxmemory with allkeys-lru, README).
"""

import pytest
from django.core.cache import caches

from ..factories import make_playbook

pytestmark = pytest.mark.django_db

PLAN = (
    "/guide/plan/?situation=bereavement&relationship=established&channel=written"
    "&pressure=soon&can_grant=yes"
)


def entries() -> int:
    return len(caches["fragments"]._cache)  # LocMemCache's store: what is kept right now


@pytest.fixture
def pages():
    playbook = make_playbook(situations=[], phrases=["Words."])
    return [
        "/",
        "/playbooks/",
        "/playbooks/?situation=bereavement",
        "/playbooks/?situation=bereavement&page=2",
        playbook.get_absolute_url(),
        PLAN,
        "/search/?q=funeral",
    ]


def variants(url: str, n: int) -> list[tuple[str, dict]]:
    """The same page asked for in ways a reader may invent, the `n`th time."""
    joiner = "&" if "?" in url else "?"
    return [
        *[(f"{url}{joiner}utm_source={n}-{i}", {}) for i in range(3)],
        (f"{url}{joiner}page={10**6 + n}", {}),  # past the end: the last page
        (f"{url}{joiner}page=x{n}", {}),  # not a number: the first page
        (url, {"HTTP_HOST": f"TESTSERVER:{81 + n}"}),
        (url, {"HTTP_HOST": f"LocalHost:{n + 1}"}),
        (url, {"secure": True}),
        (url, {"HTTP_X_FORWARDED_PROTO": "http"}),
        (url, {"HTTP_HX_REQUEST": "true"}),
    ]


def test_extra_parameters_hosts_and_schemes_add_no_cache_entries(manager_client, pages):
    def ask_in_every_way(n: int) -> int:
        for url in pages:
            assert manager_client.get(url).status_code == 200
            for variant, extra in variants(url, n):
                assert manager_client.get(variant, **extra).status_code in (200, 400)
        return entries()

    kept = ask_in_every_way(0)
    assert kept > 0
    for n in range(1, 4):
        assert ask_in_every_way(n) == kept


def test_the_fragment_cache_has_a_cap_however_many_different_searches(settings, manager_client):
    fragments = {**settings.CACHES["fragments"], "OPTIONS": {"MAX_ENTRIES": 20}}
    settings.CACHES = {**settings.CACHES, "fragments": fragments}
    for n in range(60):
        assert manager_client.get(f"/search/?q=word{'x' * n}").status_code == 200
        assert entries() <= 20
