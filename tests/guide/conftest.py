import pytest
from django.core.cache import cache

from playbooks.guide.engine import clear_rules_cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test's database rolls back without signals, so cached rules and regions must go."""
    cache.clear()
    clear_rules_cache()
    yield
    cache.clear()
    clear_rules_cache()
