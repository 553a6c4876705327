"""The hard cases the review found missing get guidance a reader can use (content.md §2, §5)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from playbooks.guide.engine import build_plan, get_rules
from playbooks.guide.plan import Answers
from playbooks.library.loader import CONTENT_DIR

pytestmark = pytest.mark.django_db


def plan(situation, *, signals=(), channel="phone", language="en", pressure="none"):
    region = "fr" if language == "fr" else "uk"
    answers = Answers(
        situation, "established", channel, pressure, tuple(signals), False, region, language
    )
    return build_plan(answers, get_rules())


def said(p) -> list[str]:
    return [s.text.replace("\u00a0", " ") for s in p.say]


def test_an_angry_client_demanding_a_waiver_hears_who_can_decide():
    p = plan("job-loss", signals=["upset"], channel="room", pressure="critical")
    assert (
        "I can't change the contract myself, but I'll take it to the people who can, today."
        in said(p)
    )
    assert any(a.text.startswith("Agreeing a waiver, refund") for a in p.avoid)
    assert any(o.approver == "account-director" and "today" in o.wording for o in p.offer)
    assert p.read_more[0].title == "Anger, blame and demands under stress"


def test_when_the_contact_has_died_nothing_more_is_sent_to_them():
    p = plan("contact-died", channel="written")
    assert said(p)[0].startswith(
        "Dear {client}, we were very sorry to learn of [their name]'s death."
    )
    assert any(
        a.text.startswith("Sending anything addressed to the person who has died") for a in p.avoid
    )
    assert any("briefing" in o.text for o in p.offer)


@pytest.mark.parametrize(
    ("language", "safe_channel", "never"),
    [
        ("en", "Is there a way of reaching you that only you see?", "Contacting their partner"),
        (
            "fr",
            "Y a-t-il un moyen de vous joindre que vous êtes seul(e) à voir ?",
            "Contacter son conjoint",
        ),
    ],
)
def test_possible_abuse_gets_a_safe_channel_and_no_contact_with_the_partner(
    language, safe_channel, never
):
    p = plan("relationship-breakdown", signals=["abuse"], language=language)
    assert any(s.startswith(safe_channel) for s in said(p)[:4])
    assert any(a.text.startswith(never) for a in p.avoid)


def test_a_carer_line_no_longer_greets_a_client_who_is_ill():
    for language in ("en", "fr"):
        p = plan("illness", language=language)
        assert not [s for s in said(p) if "someone you love" in s or "être cher" in s]


def test_the_mental_health_page_shows_emergency_numbers_before_anything_else(manager_client):
    page = manager_client.get(
        reverse("playbook_detail", kwargs={"slug": "mental-health-crisis-and-safety"})
    ).content.decode()
    say = page.index("What to say")
    for number in ("999", "911", "112"):
        assert page.index(number) < say, number


def test_no_shipped_phrase_opens_with_a_promise_of_privacy():
    opening = re.compile(
        r'^text = "(I\'ll keep this private|Cela restera entre nous|I\'ll share only)', re.M
    )
    for path in (CONTENT_DIR / "playbooks").glob("*/*.md"):
        assert not opening.search(path.read_text(encoding="utf-8")), path.name


def test_french_playbooks_carry_no_uk_law():
    for path in Path(CONTENT_DIR, "playbooks", "fr").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"Royaume-Uni, (la loi|par exemple, la loi)", text), path.name
