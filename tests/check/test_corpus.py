"""The shipped example drafts: what a careful team lead would flag, the checker flags."""

import pytest
from django.core.management import call_command

from playbooks.check.corpus import evaluate, load_corpus
from playbooks.check.rules import active_rules

LANGUAGES = ["en", "fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_corpus_has_at_least_sixty_drafts_good_and_bad(language):
    drafts = load_corpus(language)
    assert len(drafts) >= 60
    assert len({d.id for d in drafts}) == len(drafts)
    assert sum(not d.flags for d in drafts) >= 15
    assert sum(bool(d.flags) for d in drafts) >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_expected_flag_is_raised_and_no_other(language):
    outcomes = evaluate(load_corpus(language), active_rules(language))
    wrong = {
        o.draft.id: {"missed": sorted(o.missed), "also": sorted(o.unexpected)}
        for o in outcomes
        if o.missed or o.unexpected
    }
    assert not wrong


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_good_drafts_raise_nothing_and_their_good_signs_are_noticed(language):
    outcomes = [o for o in evaluate(load_corpus(language), active_rules(language))]
    good = [o for o in outcomes if not o.draft.flags]
    assert [o.draft.id for o in good if o.raised] == []
    assert {o.draft.id: sorted(o.unnoticed) for o in outcomes if o.unnoticed} == {}


@pytest.mark.django_db
def test_check_corpus_prints_a_table_a_lead_can_read(capsys):
    call_command("check_corpus")
    out = capsys.readouterr().out
    assert "en-min-01" in out and "fr-min-01" in out
    assert out.count(" pass; ") == 2
    assert "FAIL" not in out


@pytest.mark.django_db
def test_check_corpus_fails_loudly_when_a_rule_is_switched_off():
    from django.core.management.base import CommandError

    from playbooks.check.models import CheckRule

    CheckRule.objects.filter(language="en", slug="at-least").update(enabled=False)
    with pytest.raises(CommandError, match="do not match"):
        call_command("check_corpus", language=["en"])
