"""The engine's rules, one by one, on small data made for each test."""

import pytest
from django.utils import translation

from playbooks.guide.engine import (
    Answers,
    build_plan,
    clear_rules_cache,
    dialable,
    get_rules,
    load_rules,
    normalise,
    remembered_plan,
)
from playbooks.guide.models import GuideRules
from playbooks.library.models import Boundary, FlexibilityOption, Phrase, Playbook

from ..factories import make_playbook, make_resource, make_situation

pytestmark = pytest.mark.django_db


def phrase(playbook, text, kind="acknowledge", **tags):
    return Phrase.objects.create(playbook=playbook, text=text, kind=kind, **tags)


def boundary(playbook, text, kind="avoid", **tags):
    return Boundary.objects.create(playbook=playbook, text=text, kind=kind, why="Why.", **tags)


def option(playbook, text, approver="you", **fields):
    fields.setdefault("wording_self", f"{text} (done)")
    fields.setdefault("wording_ask", f"{text} (I'll ask)")
    return FlexibilityOption.objects.create(
        playbook=playbook, text=text, approver=approver, **fields
    )


@pytest.fixture
def situation():
    return make_situation(slug="test-crisis", name="Test crisis", name_fr="Crise de test")


@pytest.fixture
def playbook(situation):
    return make_playbook(situations=[situation], follow_up="Send a short note.", follow_up_days=4)


def plan_for(situation, **overrides):
    fields = {
        "situation": situation.slug,
        "relationship": "established",
        "channel": "room",
        "pressure": "none",
        "signals": (),
        "can_grant": False,
        "region": "uk",
        "language": "en",
    }
    return build_plan(Answers(**{**fields, **overrides}), load_rules())


def texts(items):
    return [item.text for item in items]


# Relationship depth


def test_a_phrase_for_long_partners_is_kept_from_new_clients(situation, playbook):
    phrase(playbook, "We have known each other for years.", relationships=["partner"])
    phrase(playbook, "I'm sorry.")
    assert "We have known each other for years." in texts(
        plan_for(situation, relationship="partner").say
    )
    assert texts(plan_for(situation, relationship="new").say) == ["I'm sorry."]


def test_a_phrase_made_for_the_relationship_ranks_first_and_says_why(situation, playbook):
    phrase(playbook, "General words.", weight=1)
    phrase(playbook, "Words for a new client.", relationships=["new"], weight=1)
    say = plan_for(situation, relationship="new").say
    assert say[0].text == "Words for a new client."
    assert "New client" in say[0].reasons
    assert say[0].reasons[0] == "Test crisis"


# Channel


def test_written_words_are_chosen_for_email_and_spoken_ones_for_a_call(situation, playbook):
    phrase(playbook, "Dear client, no need to reply.", channels=["written"])
    phrase(playbook, "Take your time, I'm listening.", channels=["room", "video", "phone"])
    email = texts(plan_for(situation, channel="written").say)
    call = texts(plan_for(situation, channel="phone").say)
    assert email == ["Dear client, no need to reply."]
    assert call == ["Take your time, I'm listening."]
    assert "Email or chat" in plan_for(situation, channel="written").say[0].reasons


# Time pressure


def test_deadline_options_appear_only_under_time_pressure(situation, playbook):
    option(playbook, "Extend the deadline.", pressures=["soon", "critical"])
    option(playbook, "Move a meeting.")
    assert texts(plan_for(situation, pressure="none").offer) == ["Move a meeting."]
    offer = plan_for(situation, pressure="critical").offer
    assert texts(offer) == ["Extend the deadline.", "Move a meeting."]
    assert "A critical deadline this week" in offer[0].reasons


# Authority


def test_an_option_you_may_grant_is_worded_as_done_when_you_can_grant(situation, playbook):
    option(playbook, "Move a meeting.", approver="you")
    granted = plan_for(situation, can_grant=True).offer[0]
    asked = plan_for(situation, can_grant=False).offer[0]
    assert granted.wording == "Move a meeting. (done)" and granted.you_can_grant
    assert "you can grant it" in granted.reasons
    assert asked.wording == "Move a meeting. (I'll ask)" and not asked.you_can_grant


def test_an_option_others_approve_is_always_worded_as_a_request(situation, playbook):
    option(playbook, "Defer an invoice.", approver="finance")
    offer = plan_for(situation, can_grant=True).offer[0]
    assert offer.wording == "Defer an invoice. (I'll ask)"
    assert offer.approver_label == "Finance or credit control"


def test_leads_decide_which_approvers_a_reader_can_stand_in_for(situation, playbook):
    option(playbook, "Lend a colleague.", approver="delivery-lead")
    GuideRules.objects.filter(pk=1).update(self_approvers=["you", "delivery-lead"])
    assert plan_for(situation, can_grant=True).offer[0].wording == "Lend a colleague. (done)"


def test_options_you_can_grant_come_first_when_you_can_grant(situation, playbook):
    option(playbook, "Ask for a pause.", approver="account-director", weight=2)
    option(playbook, "Move a meeting.", approver="you", weight=1)
    assert plan_for(situation, can_grant=True).offer[0].text == "Move a meeting."
    assert plan_for(situation, can_grant=False).offer[0].text == "Ask for a pause."


# Signals and safety


def test_a_phrase_for_a_signal_needs_that_signal(situation, playbook):
    phrase(playbook, "Happy to keep going as normal.", signals=["carry-on"])
    assert texts(plan_for(situation).say) == []
    say = plan_for(situation, signals=("carry-on",)).say
    assert texts(say) == ["Happy to keep going as normal."]
    assert "Wants work to carry on as normal" in say[0].reasons


def test_safety_comes_first_with_the_regions_numbers(situation, playbook):
    make_resource(
        slug="t-999", name="Emergency UK", contact="999", kind="emergency", regions=["uk"]
    )
    make_resource(
        slug="t-112", name="Emergency EU", contact="112", kind="emergency", regions=["eu"]
    )
    make_resource(
        slug="t-line",
        name="Line UK",
        contact="116 123",
        kind="crisis-line",
        regions=["uk"],
        signals=["distressed", "suicidal"],
    )
    assert plan_for(situation).safety is None
    safety = plan_for(situation, signals=("suicidal",)).safety
    assert "999" in [r.contact for r in safety.emergency]
    assert "112" not in [r.contact for r in safety.emergency]
    assert "116 123" in [r.contact for r in safety.crisis_lines]
    french = plan_for(situation, signals=("danger",), region="fr").safety
    assert "112" in [r.contact for r in french.emergency]
    assert "999" not in [r.contact for r in french.emergency]


def test_distress_alone_gets_a_safety_card_but_not_the_emergency_protocol(situation, playbook):
    make_resource(
        slug="t-999", name="Emergency UK", contact="999", kind="emergency", regions=["uk"]
    )
    make_resource(
        slug="t-line",
        name="Line UK",
        contact="116 123",
        kind="crisis-line",
        regions=["uk"],
        signals=["distressed", "suicidal"],
    )
    safety = plan_for(situation, signals=("distressed",)).safety
    assert safety.grades == ("distressed",)
    assert [card.grade for card in safety.cards] == ["distressed"]
    assert safety.emergency == () and not safety.emergency_protocol
    assert "116 123" in [r.contact for r in safety.crisis_lines]


def test_several_grades_put_the_most_serious_card_first(situation, playbook):
    safety = plan_for(situation, signals=("distressed", "abuse", "suicidal", "danger")).safety
    assert safety.grades == ("danger", "suicidal", "abuse", "distressed")
    assert [card.grade for card in safety.cards] == list(safety.grades)
    assert all(card.title and card.steps for card in safety.cards)


def test_when_unsafe_carry_on_and_deadline_talk_are_left_out(situation, playbook):
    phrase(playbook, "Let's just carry on as normal.", signals=["carry-on"])
    phrase(playbook, "The launch is Friday, can we still make it?", pressures=["soon", "critical"])
    phrase(playbook, "Are you thinking about suicide?", kind="refer", signals=["suicidal"])
    phrase(playbook, "I'm here.")
    calm = texts(plan_for(situation, signals=("carry-on",), pressure="soon").say)
    assert "Let's just carry on as normal." in calm
    assert "The launch is Friday, can we still make it?" in calm
    unsafe = plan_for(situation, signals=("carry-on", "suicidal"), pressure="soon")
    # The phrase for the signal noticed comes first, whatever its kind.
    assert texts(unsafe.say) == ["Are you thinking about suicide?", "I'm here."]


def test_leads_can_change_what_safety_leaves_out(situation, playbook):
    phrase(playbook, "Let's just carry on as normal.", signals=["carry-on"])
    GuideRules.objects.filter(pk=1).update(unsafe_leaves_out_signals=[])
    assert "Let's just carry on as normal." in texts(
        plan_for(situation, signals=("carry-on", "distressed")).say
    )


def steps(follow_up):
    return [(step.days, step.text) for step in follow_up.steps]


def test_when_unsafe_the_follow_up_is_sooner(situation, playbook):
    calm = plan_for(situation).follow_up
    assert calm.days == 4
    assert steps(calm) == [(4, "Send a short note.")]
    follow_up = plan_for(situation, signals=("suicidal",)).follow_up
    assert follow_up.days == 1
    assert follow_up.steps[0].text.startswith("Check in: ask how they are today")
    # The playbook's own note is for calmer moments unless it is behind a safety suggestion.
    assert "Send a short note." not in [text for _days, text in steps(follow_up)]
    phrase(playbook, "Are you thinking about suicide?", kind="refer", signals=["suicidal"])
    follow_up = plan_for(situation, signals=("suicidal",)).follow_up
    assert [days for days, _text in steps(follow_up)] == [1, 4]
    assert steps(follow_up)[1] == (4, "Send a short note.")


def test_lines_shown_for_safety_are_not_repeated_under_refer(situation, playbook):
    make_resource(
        slug="t-line",
        name="Line UK",
        contact="116 123",
        kind="crisis-line",
        regions=["uk"],
        signals=["suicidal"],
    )
    plan = plan_for(situation, signals=("suicidal",))
    assert "116 123" in [r.contact for r in plan.safety.crisis_lines]
    assert "116 123" not in [r.contact for r in plan.refer]


# Priority and exclusion (data the leads edit)


def test_a_pinned_item_comes_first_whatever_the_scores(situation, playbook):
    phrase(playbook, "Words for a new client.", relationships=["new"], weight=9)
    phrase(playbook, "Please go, we'll sort the rest out.", priority=1)
    boundary(playbook, "A heavy boundary.", weight=9)
    boundary(playbook, "A pinned boundary.", priority=1)
    plan = plan_for(situation, relationship="new")
    assert texts(plan.say) == ["Please go, we'll sort the rest out.", "Words for a new client."]
    assert texts(plan.avoid) == ["A pinned boundary.", "A heavy boundary."]


def test_ties_follow_content_order_not_the_title(situation):
    first = make_playbook(situations=[situation], title="ZZZ written first")
    later = make_playbook(situations=[situation], title="AAA written second")
    phrase(later, "From the later playbook.")
    phrase(first, "From the earlier playbook.")
    assert texts(plan_for(situation).say) == [
        "From the earlier playbook.",
        "From the later playbook.",
    ]


def test_an_item_never_appears_with_its_excluded_signals(situation, playbook):
    phrase(playbook, "I'll keep this between us.", exclude_signals=["suicidal", "abuse"])
    option(playbook, "Pick this up another day.", exclude_signals=["distressed"])
    make_resource(slug="t-line", name="A line", regions=["uk"], exclude_signals=["abuse"])
    calm = plan_for(situation)
    assert texts(calm.say) == ["I'll keep this between us."]
    assert texts(calm.offer) == ["Pick this up another day."]
    assert "A line" in [r.name for r in calm.refer]
    assert texts(plan_for(situation, signals=("suicidal",)).say) == []
    assert texts(plan_for(situation, signals=("distressed",)).offer) == []
    assert "A line" not in [r.name for r in plan_for(situation, signals=("abuse",)).refer]


def test_humour_and_self_disclosure_wait_for_an_invitation_and_give_way_to_risk(
    situation, playbook
):
    phrase(playbook, "Ha, quite right.", signals=["joked"])
    phrase(playbook, "When it happened to me…", signals=["asked-about-you"])
    assert texts(plan_for(situation).say) == []
    assert texts(plan_for(situation, signals=("joked",)).say) == ["Ha, quite right."]
    assert texts(plan_for(situation, signals=("asked-about-you",)).say) == [
        "When it happened to me…"
    ]
    invited = ("joked", "asked-about-you", "distressed")
    assert texts(plan_for(situation, signals=invited).say) == []


def test_a_say_phrase_that_promises_a_change_is_worded_as_a_request(situation, playbook):
    Phrase.objects.create(
        playbook=playbook,
        text="I've moved Friday's deadline.",
        kind="offer",
        approver="engagement-lead",
        wording_ask="Let me check with the engagement lead whether Friday can move.",
    )
    Phrase.objects.create(
        playbook=playbook, text="I've cleared your week.", kind="offer", approver="you"
    )
    asked = plan_for(situation, can_grant=False).say
    assert texts(asked) == ["Let me check with the engagement lead whether Friday can move."]
    assert not asked[0].you_can_grant
    granted = texts(plan_for(situation, can_grant=True).say)
    assert "I've cleared your week." in granted
    assert "Let me check with the engagement lead whether Friday can move." in granted


# Referral by region and situation


def test_referrals_follow_the_region_and_the_situation(situation, playbook):
    make_resource(slug="t-us", name="US line", regions=["us"], situations=[situation.slug])
    make_resource(slug="t-uk", name="UK line", regions=["uk"], situations=[situation.slug])
    make_resource(slug="t-other", name="Other line", regions=["uk"], situations=["burnout"])
    refer = plan_for(situation, region="uk").refer
    names = [r.name for r in refer]
    assert "UK line" in names and "US line" not in names and "Other line" not in names
    assert refer[0].name == "UK line"
    assert refer[0].reasons == ("Test crisis",)


def test_placeholders_never_reach_readers_and_the_eap_is_for_the_reader(situation, playbook):
    make_resource(slug="t-eap", name="Your EAP", contact="0800 000 000", kind="eap")
    make_resource(
        slug="t-internal",
        name="Your safeguarding contact",
        contact="Add your contact in the admin",
        kind="internal",
        needs_setup=True,
    )
    plan = plan_for(situation)
    assert [r.name for r in plan.for_you] == ["Your EAP"]
    assert "Your EAP" not in [r.name for r in plan.refer]
    shown = [r.contact for r in (*plan.refer, *plan.for_you)]
    assert "Add your contact in the admin" not in shown


def test_emergency_numbers_are_not_ordinary_referrals(situation, playbook):
    make_resource(
        slug="t-999", name="Emergency UK", contact="999", kind="emergency", regions=["uk"]
    )
    assert "999" not in [r.contact for r in plan_for(situation).refer]


# Content rules: duplicates, variety, weights, translations


def test_the_same_words_from_two_playbooks_appear_once(situation, playbook):
    other = make_playbook(situations=[situation])
    phrase(playbook, "I'm so sorry, {client}.")
    phrase(other, "I\u2019m so sorry {client}!")
    boundary(playbook, "Asking for details.")
    boundary(other, "asking for details")
    assert len(plan_for(situation).say) == 1
    assert len(plan_for(situation).avoid) == 1


def test_phrases_are_varied_across_kinds(situation, playbook):
    for n in range(5):
        phrase(playbook, f"Sorry number {n}.", kind="acknowledge", weight=10)
    phrase(playbook, "Take your time.", kind="listen", weight=1)
    say = plan_for(situation).say
    assert "Take your time." in texts(say)
    assert len(say) == 6


def test_a_higher_item_weight_ranks_first(situation, playbook):
    boundary(playbook, "Minor point.", weight=1)
    boundary(playbook, "Major point.", weight=5)
    assert texts(plan_for(situation).avoid) == ["Major point.", "Minor point."]


def test_leads_weights_change_the_ranking(situation, playbook):
    phrase(playbook, "For partners.", kind="acknowledge", relationships=["partner"])
    phrase(playbook, "By phone.", kind="acknowledge", channels=["phone"])
    answers = {"relationship": "partner", "channel": "phone"}
    GuideRules.objects.filter(pk=1).update(weight_relationship=9, weight_channel=1)
    assert plan_for(situation, **answers).say[0].text == "For partners."
    GuideRules.objects.filter(pk=1).update(weight_relationship=1, weight_channel=9)
    assert plan_for(situation, **answers).say[0].text == "By phone."


def test_the_same_answers_always_give_the_same_plan(situation, playbook):
    for n in range(8):
        phrase(playbook, f"Phrase {n}.", kind="acknowledge" if n % 2 else "listen")
        boundary(playbook, f"Boundary {n}.")
    assert plan_for(situation) == plan_for(situation)


def test_a_french_reader_gets_the_french_translation(situation, playbook):
    phrase(playbook, "I'm sorry.")
    french = make_playbook(situations=[situation], language="fr", translation_of=playbook)
    phrase(french, "Je suis désolé.")
    assert texts(plan_for(situation, language="fr").say) == ["Je suis désolé."]
    assert texts(plan_for(situation, language="en").say) == ["I'm sorry."]
    with translation.override("fr"):
        plan = plan_for(situation, language="fr")
    assert plan.say[0].language == "fr"


def test_item_situations_narrow_the_playbooks(situation, playbook):
    other = make_situation(slug="other-crisis")
    playbook.situations.add(other)
    phrase(playbook, "Only for the test crisis.", situations=[situation.slug])
    assert texts(plan_for(situation).say) == ["Only for the test crisis."]
    assert texts(plan_for(other).say) == []


def test_drafts_are_left_out(situation):
    draft = make_playbook(situations=[situation], status=Playbook.Status.DRAFT)
    phrase(draft, "Draft words.")
    assert plan_for(situation).say == ()


def test_read_more_lists_the_playbooks_behind_the_plan_first(situation, playbook):
    quiet = make_playbook(situations=[situation], title="AAA quiet playbook")
    phrase(playbook, "Something to say.")
    read_more = plan_for(situation).read_more
    assert [r.title for r in read_more] == [playbook.title, quiet.title]


# The cache


def test_rules_are_cached_and_dropped_when_content_changes(situation, playbook):
    phrase(playbook, "First.")
    rules = get_rules()
    assert get_rules() is rules
    phrase(playbook, "Second.")
    assert get_rules() is not rules
    assert len(get_rules().candidates(situation.slug).items) == 2


def test_rules_are_dropped_when_leads_change_the_weights(situation, playbook):
    rules = get_rules()
    guide_rules = GuideRules.current()
    guide_rules.weight_channel = 7
    guide_rules.save()
    assert get_rules() is not rules
    assert get_rules().weights.channel == 7


def test_rules_are_dropped_when_a_playbook_changes_situations(situation, playbook):
    rules = get_rules()
    playbook.situations.add(make_situation())
    assert get_rules() is not rules
    clear_rules_cache()


# Small helpers


def test_normalise_ignores_case_accents_punctuation_and_names():
    assert normalise("I\u2019m so sorry, {client}!") == normalise("i'm so SORRY")
    assert normalise("Désolé") == normalise("desole")


@pytest.mark.parametrize(
    ("contact", "dial"),
    [
        ("116 123", "116123"),
        ("988 (call or text), or chat at 988lifeline.org", "988"),
        ("1-800-985-5990 (call or text)", "18009855990"),
        ("findahelpline.com", ""),
        ("Add your EAP's number in the admin", ""),
        ("3114", "3114"),
    ],
)
def test_dialable_numbers(contact, dial):
    assert dialable(contact) == dial


def test_other_languages_only_fill_a_plan_that_would_be_too_thin(situation, playbook):
    french = make_playbook(situations=[situation], language="fr")
    phrase(french, "Je suis là.", weight=9)
    phrase(playbook, "I'm here.")
    thin = plan_for(situation).say
    assert texts(thin) == ["I'm here.", "Je suis là."]
    assert thin[1].language == "fr"
    for n in range(3):
        phrase(playbook, f"More words {n}.", kind="listen")
    assert "Je suis là." not in texts(plan_for(situation).say)


def test_the_more_specific_to_the_situation_the_higher_an_item_ranks(situation, playbook):
    broad = make_playbook(situations=[situation, *[make_situation() for _ in range(4)]])
    phrase(broad, "Words for many situations.", weight=1)
    phrase(playbook, "Words for this situation.", weight=1)
    say = plan_for(situation).say
    assert texts(say) == ["Words for this situation.", "Words for many situations."]
    assert say[0].score > say[1].score


def test_plans_are_remembered_for_the_rules_in_use(situation, playbook):
    phrase(playbook, "First.")
    answers = Answers(situation.slug, "new", "phone", "none")
    rules = get_rules()
    plan = remembered_plan(answers, rules)
    assert remembered_plan(answers, rules) is plan
    phrase(playbook, "Second.")
    fresh = remembered_plan(answers, get_rules())
    assert fresh is not plan and "Second." in texts(fresh.say)


@pytest.mark.django_db(transaction=True)
def test_an_edit_committed_elsewhere_is_seen_on_the_next_request(situation, playbook):
    from django.db import transaction

    from playbooks.library.content_version import bump

    rules = get_rules()
    assert get_rules() is rules
    with transaction.atomic():  # another process's save: all this one sees is the version
        bump()
    assert get_rules() is not rules


def test_checking_the_rules_are_current_costs_at_most_one_small_query(
    situation, playbook, django_assert_max_num_queries
):
    """The content version, read once."""
    rules = get_rules()
    rules.candidates(situation.slug)
    candidates = rules.candidates(situation.slug)
    with django_assert_max_num_queries(1):
        current = get_rules()
        assert current is rules and current.candidates(situation.slug) is candidates


def test_candidates_are_read_per_situation_and_only_when_asked(situation, playbook):
    other = make_situation(slug="other-crisis")
    phrase(make_playbook(situations=[other]), "Other words.")
    phrase(playbook, "Test words.")
    rules = get_rules()
    assert texts(rules.candidates(situation.slug).items) == ["Test words."]
    assert set(rules.candidates(situation.slug).playbooks) == {playbook.pk}
    assert set(rules._candidates) == {situation.slug}


def test_candidates_are_bounded_by_weight_then_content_order(situation):
    from playbooks.guide.engine import load_candidates

    english = make_playbook(situations=[situation], title="B English")
    for n in range(6):
        phrase(english, f"Light {n}.", order=n)
    phrase(english, "Heavy.", weight=5, order=9)
    boundary(english, "A boundary.")
    phrase(make_playbook(situations=[situation], language="fr", title="A French"), "Léger.")
    items = load_candidates(situation.slug, per_section=3).items
    # Per section and language, the heaviest first, then in order; kept in content order
    # (playbook, then position: never the title, so "A French" does not jump ahead).
    assert [i.text for i in items if i.section == "say"] == [
        "Light 0.",
        "Light 1.",
        "Heavy.",
        "Léger.",
    ]
    assert [i.text for i in items if i.section == "avoid"] == ["A boundary."]


def test_many_playbooks_for_one_situation_load_a_bounded_number(situation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from playbooks.guide.engine import load_candidates

    def measure():
        with CaptureQueriesContext(connection) as queries:
            candidates = load_candidates(situation.slug, per_section=4)
        return len(queries), len(candidates.items), len(candidates.playbooks)

    for n in range(3):
        make_playbook(situations=[situation], phrases=[f"Words {n}."])
    small = measure()
    for n in range(30):
        make_playbook(situations=[situation], phrases=[f"More words {n}."])
    queries, items, playbooks = measure()
    assert queries == small[0]
    assert items == 4
    assert playbooks <= 4 + 8 * 4  # the items' playbooks and a few per group for Read more


def test_an_english_playbook_gives_way_to_a_translation_about_another_situation(situation):
    english = make_playbook(situations=[situation], title="English original")
    phrase(english, "I'm sorry.")
    make_playbook(situations=[make_situation()], language="fr", translation_of=english)
    plan = plan_for(situation, language="fr")
    assert plan.read_more == ()
    assert texts(plan.say) == []


def test_an_items_own_situations_only_narrow_its_playbooks(situation, playbook):
    other = make_situation(slug="other-crisis")
    phrase(playbook, "Tagged for a situation the playbook is not about.", situations=[other.slug])
    phrase(playbook, "For the test crisis.", situations=[situation.slug, other.slug])
    assert texts(plan_for(situation).say) == ["For the test crisis."]
    assert texts(plan_for(other).say) == []


def test_a_content_write_moves_the_version_before_it_commits(situation, playbook):
    from playbooks.library.content_version import current

    before = current()
    phrase(playbook, "Words.")
    assert current() == before + 1
