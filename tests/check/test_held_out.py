"""The held-out drafts and the catch rate a lead reads; the composer's own lines pass."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from playbooks.check.corpus import catch_rate, evaluate, load_corpus
from playbooks.check.matching import Context, check
from playbooks.check.models import CheckRule
from playbooks.check.rules import active_rules

LANGUAGES = ["en", "fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_held_out_drafts_are_part_of_the_corpus(language):
    held = [d for d in load_corpus(language) if "-held-" in d.id]
    assert sum(bool(d.flags) for d in held) >= 40
    assert sum(not d.flags for d in held) >= 15


@pytest.mark.django_db
def test_check_corpus_scores_the_held_out_drafts_alone(capsys):
    call_command("check_corpus", match="held")
    out = capsys.readouterr().out
    assert out.count("55/55 pass") == 2
    assert "en-min-01" not in out and "en-held-bad-01" in out
    assert out.count("Catch rate: flags caught 47/47 (100%)") == 2
    assert out.count("good drafts flagged 0/15") == 2


@pytest.mark.django_db
def test_the_catch_rate_drops_when_a_rule_is_switched_off(capsys):
    CheckRule.objects.filter(language="en", slug="prying").update(enabled=False)
    rate = catch_rate(evaluate(load_corpus("en"), active_rules("en")))
    assert rate.caught < rate.expected
    assert rate.fully_caught < rate.bad_drafts
    assert rate.good_flagged == 0
    with pytest.raises(CommandError, match="do not match"):
        call_command("check_corpus", language=["en"], match="held")
    assert "Catch rate: flags caught 4" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_unknown_drafts_file_is_a_clear_error():
    with pytest.raises(CommandError, match=r"No drafts file nothing\.en\.toml"):
        call_command("check_corpus", language=["en"], corpus="nothing")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("signals", [frozenset(), frozenset({"suicidal"})])
def test_the_plan_composers_own_lines_are_never_flagged(language, signals):
    """The greeting, the line that asks nothing back and the sign-off the composer adds
    (templates/guide/plan.html) must pass the checker they are sent to."""
    with translation.override(language):
        boundary = (
            gettext(
                "I'll be in touch again soon, and you can write to me here whenever you want to."
            )
            if signals
            else gettext("There's no need to reply to this.")
        )
        draft = "\n\n".join(
            [gettext("Dear {client},"), gettext("Hi {client},"), boundary, gettext("Warm wishes,")]
        )
    result = check(draft, active_rules(language), Context(language=language, signals=signals))
    assert result.categories == set()
