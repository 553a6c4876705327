"""Stages and channels in the shipped content: what a plan for each stage and channel opens
with, and that every situation has words for every stage in both languages."""

import pytest

from playbooks.guide.engine import build_plan, get_rules
from playbooks.guide.plan import Answers
from playbooks.library.choices import Stage

from .test_invariants import SITUATIONS

pytestmark = pytest.mark.django_db


def plan(situation="bereavement", *, stage="first", channel="phone", language="en", **more):
    answers = Answers(
        situation,
        more.pop("relationship", "established"),
        channel,
        more.pop("pressure", "none"),
        tuple(more.pop("signals", ())),
        more.pop("can_grant", False),
        "uk" if language == "en" else "fr",
        language,
        stage,
    )
    return build_plan(answers, get_rules())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("stage", [s for s in Stage.values if s != Stage.FIRST])
def test_every_situation_has_words_for_each_later_stage_among_its_first_two(stage, language):
    rules = get_rules()
    for situation in SITUATIONS:
        items = rules.candidates(situation).items
        playbooks = rules.candidates(situation).playbooks
        tagged = [
            i
            for i in items
            if i.section == "say"
            and stage in i.stages
            and playbooks[i.playbook].language == language
        ]
        assert tagged, f"no {stage} phrase for {situation} in {language}"
        opening = [s.text for s in plan(situation, stage=stage, language=language).say[:2]]
        assert {i.text for i in tagged} & set(opening), (
            f"a {stage} plan for {situation} [{language}] opens with none of its {stage} lines"
        )


def test_every_situation_has_first_disclosure_words_in_both_languages():
    rules = get_rules()
    for language in ("en", "fr"):
        for situation in SITUATIONS:
            candidates = rules.candidates(situation)
            assert any(
                "first" in i.stages and candidates.playbooks[i.playbook].language == language
                for i in candidates.items
            ), (situation, language)


def test_a_first_disclosure_line_never_reaches_a_later_stage():
    first = "I'm very sorry to hear that, and grateful you told me."
    assert first in [s.text for s in plan("illness").say]
    for stage in ("ongoing", "return", "date"):
        assert first not in [s.text for s in plan("illness", stage=stage).say]


def test_an_ongoing_plan_raises_the_pattern_and_a_lasting_arrangement():
    texts = " ".join(s.text for s in plan("other", stage="ongoing", pressure="critical").say)
    offers = [o.text for o in plan("other", stage="ongoing").offer]
    assert "deadlines have slipped" in texts
    assert "Ask the client to name a deputy on their side." in offers


def test_a_return_plan_offers_a_phased_return():
    offers = [o.text for o in plan("burnout", stage="return").offer]
    assert "A phased return: a lighter load at first, building up." in offers


@pytest.mark.parametrize("language", ["en", "fr"])
def test_video_never_offers_coffee_and_a_room_never_mentions_cameras(language):
    coffee = "coffee" if language == "en" else "café"
    cameras = "cameras" if language == "en" else "caméras"
    for situation in SITUATIONS:
        video = " ".join(s.text for s in plan(situation, channel="video", language=language).say)
        room = " ".join(s.text for s in plan(situation, channel="room", language=language).say)
        assert coffee not in video.casefold()
        assert cameras not in room.casefold()
    pause = "taking-a-pause-in-a-meeting" if language == "en" else "faire-une-pause-en-reunion"
    said = {
        channel: [
            s.text
            for s in plan("other", channel=channel, language=language, relationship="new").say
            if s.playbook == pause
        ]
        for channel in ("room", "video")
    }
    assert any(coffee in t.casefold() for t in said["room"]) or said["room"]
    assert not any(coffee in t.casefold() for t in said["video"])
