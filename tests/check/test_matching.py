"""The checker's rules applied to drafts: context decides, marks are escaped, rewrites fit."""

import dataclasses

import pytest

from playbooks.check.matching import Context, check
from playbooks.check.rewrites import add_rewrites
from playbooks.check.rules import active_rules

pytestmark = pytest.mark.django_db
RISK = frozenset({"suicidal"})


def categories(text, **context):
    language = context.get("language", "en")
    return check(text, active_rules(language), Context(**context)).categories


def test_no_need_to_reply_is_kind_when_calm_and_flagged_with_a_risk_signal():
    text = "I'm so sorry. I've moved Friday's call. There's no need to reply."
    calm = check(text, active_rules("en"), Context())
    assert calm.categories == set()
    assert "released" in calm.good_categories
    assert categories(text, signals=RISK) == {"secrecy"}


def test_humour_and_your_own_story_are_fine_once_the_client_opens_the_door():
    joke = "Ha, hospital food, lol. I've cleared your diary."
    story = "When my mother died I found work a relief. I've cleared your diary."
    assert categories(joke) == {"humour"}
    assert categories(joke, signals=frozenset({"joked"})) == set()
    assert categories(story) == {"self-disclosure"}
    assert categories(story, signals=frozenset({"asked-about-you"})) == set()


def test_a_vague_offer_next_to_a_concrete_one_is_not_flagged():
    assert categories("Let me know if there's anything I can do.") == {"vague-offer"}
    assert categories("I've moved Thursday's call. Let me know if there's anything else.") == set()


def test_condolences_are_for_a_death_only_in_french():
    text = "Toutes mes condoléances. J'ai reporté l'atelier."
    assert categories(text, language="fr", situation="illness") == {"tone"}
    assert categories(text, language="fr", situation="bereavement") == set()


def test_a_promise_says_who_must_approve_it():
    result = check("We'll waive the fees for March.", active_rules("en"), Context())
    [finding] = result.problems
    assert finding.rule.category == "promise"
    assert finding.rule.approver_label == "Finance or credit control"


def test_marks_are_escaped_and_numbered_and_script_is_never_markup():
    text = "<script>alert(1)</script> At least you <b>tried</b>."
    result = check(text, active_rules("en"), Context())
    html = str(result.marked)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        '<mark class="flag flag-problem">At least you<a class="flag-number" href="#finding-1">1'
        in html
    )


def test_rewrites_come_from_the_playbooks_fit_the_context_and_are_never_flagged_themselves():
    rules = active_rules("en")
    context = Context(situation="mental-health", signals=RISK)
    result = check("No need to reply, I'll leave you alone.", rules, context)
    add_rewrites(result.problems, rules, context)
    [finding] = result.problems
    assert 1 <= len(finding.rewrites) <= 2
    for rewrite in finding.rewrites:
        assert not check(rewrite, rules, context).problems
        assert "no need to reply" not in rewrite.lower()


def test_a_broken_pattern_row_is_skipped_not_a_crash():
    from playbooks.check.models import CheckRule

    CheckRule.objects.filter(slug="at-least").update(pattern="(unclosed")
    assert "minimising" not in categories("At least you tried.")


def test_two_rules_marking_the_same_words_is_not_a_crash():
    [humour] = [r for r in active_rules("en") if r.slug == "humour"]
    twin = dataclasses.replace(humour, slug="humour-twin")
    result = check("Lol, sorry.", [humour, twin], Context())
    assert len(result.problems) == 2
    assert str(result.marked).count("<mark") == 1


@pytest.mark.parametrize(
    ("language", "text", "flagged"),
    [
        ("en", "You'll get through this, I know it.", True),
        ("en", "She'll pull through.", True),
        ("en", "I hope you feel better soon.", False),
        ("fr", "Il va s'en sortir.", True),
        ("fr", "Vous en sortirez plus forte.", True),
        ("fr", "J'espère que vous irez vite mieux.", False),
    ],
)
def test_a_forecast_minimises_a_wish_does_not(language, text, flagged):
    found = categories(text, language=language)
    assert found == ({"minimising"} if flagged else set())


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("en", "Could you remind me of the login for the portal?", {"work"}),
        ("en", "So sorry. Can you ping me the latest deck when you're back?", {"work"}),
        ("en", "Would you like me to move Thursday?", set()),
        ("en", "Would you be comfortable with me telling the team you're away?", set()),
        ("fr", "Auriez-vous un moment pour relire le devis\u00a0?", {"work"}),
        ("fr", "Voudriez-vous que je décale jeudi\u00a0?", set()),
    ],
)
def test_a_request_is_work_however_gently_asked_an_offer_is_not(language, text, found):
    assert categories(text, language=language) == found


def test_asking_where_a_client_in_danger_is_is_not_a_request():
    text = "Can you tell me where you are right now?"
    assert categories(text, signals=frozenset({"danger"})) == set()
