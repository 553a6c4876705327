"""The follow-up .ics: valid RFC 5545 (CRLF, folding, escaping) and free of client data."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from playbooks.guide.ics import escape_text, fold, follow_up_calendar

from .test_views import ANSWERS


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: remove every CRLF followed by one space or tab."""
    assert text.endswith("\r\n")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def test_escaping_covers_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Prenez le temps qu'il vous faut ; « désolé » é€😀 " * 10
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_a_short_line_is_left_alone():
    assert fold("VERSION:2.0") == "VERSION:2.0"


def test_the_calendar_is_one_all_day_event():
    text = follow_up_calendar(
        on=date(2026, 12, 1),
        summary="Check in, gently; no reply needed",
        description="Line one\nLine two, with a comma",
        language="en",
        now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC),
        uid="fixed",
    )
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "UID:fixed@crisisguide" in lines
    assert "DTSTAMP:20261125T093000Z" in lines
    assert "DTSTART;VALUE=DATE:20261201" in lines and "DTEND;VALUE=DATE:20261202" in lines
    assert "SUMMARY;LANGUAGE=en:Check in\\, gently\\; no reply needed" in lines
    assert "DESCRIPTION;LANGUAGE=en:Line one\\nLine two\\, with a comma" in lines


@pytest.mark.django_db
def test_the_download_is_a_calendar_file_with_the_follow_up_date(manager_client):
    response = manager_client.get(reverse("guide:calendar"), ANSWERS)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="follow-up.ics"' in response["Content-Disposition"]
    text = response.content.decode()
    physical = text.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in physical)
    lines = unfold(text)
    start = next(line for line in lines if line.startswith("DTSTART"))
    due = date.fromisoformat(start.split(":")[1])
    assert timezone.localdate() < due <= timezone.localdate() + timedelta(days=30)


@pytest.mark.django_db
def test_the_calendar_carries_no_client_data(manager_client):
    response = manager_client.get(
        reverse("guide:calendar"),
        {**ANSWERS, "signals": ["suicidal", "abuse"], "client": "Ottoline"},
    )
    assert response.status_code == 200
    text = response.content.decode().lower()
    # A name of letters that are not hex digits: the event's random UID can never spell it.
    for word in ("ottoline", "bereavement", "suicid", "abuse", "death", "grief", "/guide/plan"):
        assert word not in text


@pytest.mark.django_db
def test_the_calendar_speaks_the_readers_language(manager_client):
    manager_client.cookies["django_language"] = "fr"
    text = manager_client.get(reverse("guide:calendar"), ANSWERS).content.decode()
    assert "SUMMARY;LANGUAGE=fr:Prendre des nouvelles de votre client" in text


@pytest.mark.django_db
def test_the_calendar_needs_valid_answers(manager_client):
    response = manager_client.get(reverse("guide:calendar"), {"situation": "nope"})
    assert response.status_code == 400
