"""The shipped guidance meets the foundation's promises about coverage and provenance."""

import pytest

from playbooks.library.choices import Approver
from playbooks.library.models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)

pytestmark = pytest.mark.django_db


def test_every_situation_has_a_published_playbook():
    for situation in Situation.objects.all():
        assert situation.playbooks.published().exists(), situation.slug
    assert Situation.objects.count() == 11


def test_every_article_contribution_is_drawn_on():
    assert Contribution.objects.count() == 10
    for contribution in Contribution.objects.all():
        assert contribution.playbooks.exists(), contribution.number


def test_there_is_enough_guidance():
    english = Playbook.objects.filter(language="en")
    assert english.count() >= 14
    assert Phrase.objects.filter(playbook__language="en").count() >= 60
    assert Boundary.objects.filter(playbook__language="en").count() >= 30
    assert FlexibilityOption.objects.filter(playbook__language="en").count() >= 15
    assert set(FlexibilityOption.objects.values_list("approver", flat=True)) == set(Approver.values)


def test_french_playbooks_draw_on_the_french_contributions():
    french = Playbook.objects.filter(language="fr", translation_of__isnull=True)
    assert french.count() >= 2
    drawn = set(french.values_list("contributions__number", flat=True))
    assert {5, 7} <= drawn


@pytest.mark.parametrize("contact", ["988", "116 123", "3114", "112", "999", "911", "3919"])
def test_the_briefs_helplines_are_resources(contact):
    assert Resource.objects.filter(contact__contains=contact).exists()


def test_every_resource_has_a_region_or_is_internal_and_a_source():
    for resource in Resource.objects.all():
        assert resource.regions or resource.kind in {"eap", "internal"}, resource.slug
        assert resource.source or resource.kind in {"eap", "internal"}, resource.slug


def test_every_placeholder_resource_is_flagged_as_needing_setup():
    for resource in Resource.objects.all():
        placeholder = "in the admin" in resource.contact
        assert resource.needs_setup == placeholder, resource.slug


def test_no_shipped_item_uses_the_retired_unsafe_signal():
    for model in (Phrase, Boundary, FlexibilityOption, Resource):
        for row in model.objects.values("pk", "signals", "exclude_signals"):
            assert "unsafe" not in row["signals"] + row["exclude_signals"], (model, row["pk"])
