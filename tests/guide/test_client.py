"""What decides the answer: the client's country and language, more than one situation,
the stage, and a video call apart from a room. Engine first, then through the plain form."""

import pytest
from django.urls import reverse

from playbooks.guide.engine import build_plan, get_rules
from playbooks.guide.models import ReaderRegion
from playbooks.guide.plan import Answers

pytestmark = pytest.mark.django_db

PLAN = reverse("guide:plan")
BASE = {
    "relationship": "established",
    "channel": "phone",
    "pressure": "soon",
    "can_grant": "no",
}


def plan(situation="bereavement", **answers):
    fields = {
        "relationship": "established",
        "channel": "phone",
        "pressure": "soon",
        "region": "uk",
        "language": "en",
        **answers,
    }
    return build_plan(Answers(situation, **fields), get_rules())


def tels(referrals) -> list[str]:
    return [r.tel for r in referrals]


# The client's language


def test_a_french_client_of_an_english_reader_gets_french_phrases_and_an_english_plan():
    p = plan(client_language="fr")
    assert p.say and {s.language for s in p.say} == {"fr"}
    assert {s.language for s in (*p.avoid, *p.offer)} == {"en"}
    assert any("condoléances" in s.text for s in p.say)
    assert all(r in ("Bereavement", "Phone", "A deadline within two weeks", "Established client",
                     "fits every situation") for s in p.say for r in s.reasons)  # fmt: skip
    assert p.follow_up.steps[0].language == "en"


def test_an_english_client_of_a_french_reader_gets_english_phrases():
    p = plan(language="fr", region="fr", client_language="en")
    assert {s.language for s in p.say} == {"en"}
    assert {s.language for s in p.offer} == {"fr"}


# Where the client is


def test_a_client_in_france_with_a_reader_in_the_uk_gets_french_numbers_and_the_way_abroad():
    p = plan("mental-health", signals=("suicidal",), region="fr", reader_region="uk")
    assert tels(p.safety.emergency) == ["15", "17", "18", "112"]
    assert tels(p.safety.crisis_lines) == ["3114"]
    assert "999" not in tels(p.safety.emergency) + tels(p.safety.crisis_lines)
    abroad = p.safety.abroad
    assert tels(abroad.own_numbers) == ["999"]
    steps = " ".join(abroad.steps)
    assert "Call your own emergency number (999)" in steps
    assert "ask to be connected to the emergency services there" in steps
    assert "police's non-emergency line" in steps
    assert "Keep your client on the line" in steps


def test_no_way_abroad_when_the_client_is_where_the_reader_is():
    assert plan(signals=("danger",), region="uk", reader_region="").safety.abroad is None
    assert plan(signals=("danger",), region="us").safety.emergency[0].tel == "911"


def test_referrals_follow_the_client_region():
    assert "08088081677" in tels(plan(region="uk").refer)  # Cruse
    assert "08088081677" not in tels(plan(region="fr", reader_region="uk").refer)


# More than one situation


def test_divorce_with_financial_hardship_shows_a_payment_option():
    p = plan("relationship-breakdown", also=("financial-hardship",), channel="written")
    finance = [o for o in p.offer if o.approver == "finance"]
    assert finance, [o.text for o in p.offer]
    assert "invoice" in finance[0].text.lower() or "payment" in finance[0].text.lower()
    assert any("Separation or divorce" in o.reasons for o in p.offer)
    texts = [s.text for s in (*p.say, *p.avoid, *p.offer)]
    assert len(texts) == len(set(texts))  # merged without repeats


def test_each_of_three_situations_keeps_its_own_best_offer():
    p = plan("bereavement", also=("financial-hardship", "illness"))
    reasons = {r for o in p.offer for r in o.reasons}
    assert {"Bereavement", "Financial hardship", "Serious illness or injury"} <= reasons


def test_the_most_serious_signal_wins_across_situations():
    p = plan("family-emergency", also=("mental-health",), signals=("carry-on", "suicidal"))
    assert p.safety.grades == ("suicidal",)
    assert "suicide" in p.say[0].text
    assert not any("keep going as normal" in s.text for s in p.say)


# Stage and channel


def test_returning_to_work_does_not_open_with_a_first_disclosure_line():
    first = [s.text for s in plan("illness").say]
    back = plan("illness", stage="return")
    assert back.say[0].text not in first
    assert "back" in back.say[0].text.lower()
    assert "A phased return: a lighter load at first, building up." in [o.text for o in back.offer]


def test_video_never_offers_coffee_and_a_room_never_mentions_cameras():
    for situation in ("bereavement", "other", "burnout"):
        video = " ".join(s.text + o.wording for s in plan(situation, channel="video").say
                         for o in plan(situation, channel="video").offer)  # fmt: skip
        room = " ".join(s.text for s in plan(situation, channel="room", relationship="new").say)
        assert "coffee" not in video.lower() and "step out" not in video.lower()
        assert "camera" not in room.lower()


# Through the plain form


def query(**answers) -> dict:
    return {**BASE, **answers}


def test_the_plain_form_asks_every_question(manager_client):
    html = manager_client.get(reverse("guide:start")).content.decode()
    for question in (
        "Is anything else going on as well?",
        "Where are they in it?",
        "Where is your client?",
        "Which language does your client speak?",
    ):
        assert question in html


def test_a_french_client_through_the_form_gets_french_phrases_under_an_english_page(
    manager_client,
):
    response = manager_client.get(PLAN, query(situation="bereavement", client_language="fr"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html and ">Say</h2>" in html
    assert '<li class="phrase" lang="fr">' in html
    assert "condoléances" in html
    assert "Client&#x27;s language" in html or "Client's language" in html


def test_a_client_in_france_through_the_form_gets_15_112_3114_and_the_way_abroad(
    manager_client,
):
    html = manager_client.get(
        PLAN, query(situation="mental-health", signals="suicidal", region="fr")
    ).content.decode()
    for number in ("15", "112", "3114"):
        assert f'href="tel:{number}"' in html
    assert "Getting help to a client in another country" in html
    assert "Call your own emergency number (999)" in html


def test_the_region_question_starts_at_the_reader_region(manager_client, manager):
    ReaderRegion.objects.create(user=manager, region="ie")
    html = manager_client.get(reverse("guide:start")).content.decode()
    assert 'name="region" value="ie" id="id_region_2" required checked' in html
    plan_html = manager_client.get(PLAN, query(situation="bereavement", signals="danger"))
    assert 'href="tel:112"' in plan_html.content.decode()  # no region given: the reader's


def test_divorce_and_money_through_the_form(manager_client):
    html = manager_client.get(
        PLAN, query(situation="relationship-breakdown", also="financial-hardship")
    ).content.decode()
    assert "Defer an invoice or agree instalments." in html


def test_more_than_three_situations_are_refused_with_a_clear_message(manager_client):
    response = manager_client.get(
        PLAN + "?situation=bereavement&also=illness&also=job-loss&also=disaster"
        "&relationship=new&channel=phone&pressure=none&can_grant=no"
    )
    assert response.status_code == 400
    assert "Choose at most three situations in all" in response.content.decode()


def test_the_main_situation_ticked_again_is_not_counted_twice(manager_client):
    response = manager_client.get(
        PLAN, query(situation="bereavement", also=["bereavement", "illness", "job-loss"])
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "value", "note"),
    [
        ("region", "mars", "We do not know that client region"),
        ("client_language", "klingon", "We do not know that client language"),
        ("stage", "someday", "We do not know that stage"),
    ],
)
def test_an_unknown_region_language_or_stage_falls_back_with_a_note(
    manager_client, name, value, note
):
    response = manager_client.get(
        PLAN, query(situation="bereavement", signals="danger", **{name: value})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert note in html
    assert 'href="tel:999"' in html  # the reader's own region (the UK)


def test_the_answers_show_on_one_line_with_change(manager_client):
    html = manager_client.get(
        PLAN, query(situation="relationship-breakdown", also="financial-hardship", stage="return")
    ).content.decode()
    line = html[html.index('class="plan-answers-line"') :]
    line = line[: line.index("</p>")]
    assert "Separation or divorce" in line and "Financial hardship" in line
    assert "They are coming back to work" in line and ">Change<" in line


def test_the_calendar_reminder_is_in_the_client_language(manager_client):
    response = manager_client.get(
        reverse("guide:calendar"), query(situation="bereavement", client_language="fr")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "SUMMARY;LANGUAGE=fr:" in body
    assert "Check in with your client" not in body
