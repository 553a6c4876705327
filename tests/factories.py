"""Plain helpers that make test data; each takes overrides as keyword arguments."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from playbooks.library.models import (
    Boundary,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)
from playbooks.library.roles import ACCOUNT_MANAGERS

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(*, role: str = ACCOUNT_MANAGERS, **overrides):
    n = next(_counter)
    fields = {"username": f"user{n}", **overrides}
    user = get_user_model().objects.create_user(password=PASSWORD, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if role == "Team leads":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def make_situation(**overrides) -> Situation:
    n = next(_counter)
    fields = {"slug": f"situation-{n}", "name": f"Situation {n}", "order": 100 + n}
    return Situation.objects.create(**{**fields, **overrides})


def make_playbook(*, situations=(), phrases=(), boundaries=(), options=(), **overrides) -> Playbook:
    n = next(_counter)
    fields = {
        "title": f"Playbook {n}",
        "slug": f"playbook-{n}",
        "summary": f"Summary of playbook {n}.",
        "body": f"## Guidance\n\nBody of playbook {n}.",
        "status": Playbook.Status.PUBLISHED,
    }
    playbook = Playbook.objects.create(**{**fields, **overrides})
    playbook.situations.set(situations or [Situation.objects.first() or make_situation()])
    for order, text in enumerate(phrases, 1):
        Phrase.objects.create(playbook=playbook, order=order, text=text, kind="acknowledge")
    for order, text in enumerate(boundaries, 1):
        Boundary.objects.create(playbook=playbook, order=order, text=text, why="Because.")
    for order, text in enumerate(options, 1):
        FlexibilityOption.objects.create(playbook=playbook, order=order, text=text)
    return playbook


def make_resource(**overrides) -> Resource:
    n = next(_counter)
    fields = {
        "slug": f"resource-{n}",
        "name": f"Line {n}",
        "contact": "0800 000 000",
        "kind": "helpline",
    }
    return Resource.objects.create(**{**fields, **overrides})
