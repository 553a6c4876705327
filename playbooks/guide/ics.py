"""A follow-up reminder as an iCalendar file (RFC 5545), carrying generic text only.

Calendars are often shared, so the reminder says nothing about the client or the crisis:
no names (the server never has them), no situation, no link to the plan.
"""

import uuid
from datetime import date, datetime, timedelta

CRLF = "\r\n"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545 §3.1).

    Each continuation starts with a space, which counts towards its 75 octets; a UTF-8
    character is never split across lines.
    """
    pieces, current, size = [], "", 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    pieces.append(current)
    return CRLF.join(pieces)


def follow_up_calendar(
    *,
    on: date,
    summary: str,
    description: str,
    language: str,
    now: datetime,
    uid: str | None = None,
) -> str:
    """One all-day event on the follow-up date, as the text of an .ics file."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//crisisguide//Guide follow-up//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid or uuid.uuid4()}@crisisguide",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY;LANGUAGE={language}:{escape_text(summary)}",
        f"DESCRIPTION;LANGUAGE={language}:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "CLASS:PRIVATE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
