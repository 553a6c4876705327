"""The text format of shipped content: TOML front matter between `+++` lines, then Markdown.

Parsing normalises every optional field to its default, so that a file, the database row it
was loaded into and the file exported from that row all hash the same.
"""

import hashlib
import json
import tomllib
from typing import Any

import tomli_w

from .choices import (
    Approver,
    BoundaryKind,
    Language,
    PhraseKind,
    Pressure,
    Relationship,
    Signal,
    Stage,
)
from .choices import Channel as ChannelTag

FENCE = "+++"
TAG_FIELDS = {
    "stages": Stage,
    "relationships": Relationship,
    "channels": ChannelTag,
    "pressures": Pressure,
    "signals": Signal,
}
STATUSES = ("draft", "review", "published", "archived")
# Numbers in a file are counts of days or references to numbered sources: far below this.
MAX_NUMBER = 100_000


class ContentError(ValueError):
    """A content file that cannot be loaded; the message says where and why."""


def split_front_matter(text: str, name: str = "file") -> tuple[dict[str, Any], str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(f"{name}: must start with a '+++' line opening the TOML front matter.")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == FENCE)
    except StopIteration:
        raise ContentError(f"{name}: the front matter has no closing '+++' line.") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except ValueError as error:  # TOMLDecodeError, or a number too long to read
        raise ContentError(f"{name}: the front matter is not valid TOML ({error}).") from None
    except RecursionError:
        raise ContentError(f"{name}: the front matter is nested too deeply.") from None
    if "\x00" in text or _has_nul(meta):
        raise ContentError(f"{name}: the file contains a NUL character.")
    return meta, "\n".join(lines[end + 1 :]).strip("\n") + "\n"


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _number(value) -> bool:
    """A whole number in range (TOML reads true and false as bools, which Python counts
    as ints)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER


def join_front_matter(meta: dict[str, Any], body: str) -> str:
    return f"{FENCE}\n{tomli_w.dumps(meta, multiline_strings=False)}{FENCE}\n{body.strip()}\n"


def _text(meta, key, name, *, required=False, default=""):
    value = meta.get(key, default)
    if not isinstance(value, str):
        raise ContentError(f"{name}: '{key}' must be text.")
    value = value.strip()
    if required and not value:
        raise ContentError(f"{name}: '{key}' is required.")
    return value


def _int(meta, key, name, default):
    value = meta.get(key, default)
    if not _number(value):
        raise ContentError(f"{name}: '{key}' must be a whole number from 0 to {MAX_NUMBER}.")
    return value


def _list(meta, key, name, allowed=None, item_type=str):
    value = meta.get(key, [])
    fits = _number if item_type is int else (lambda v: isinstance(v, item_type))
    if not isinstance(value, list) or not all(fits(v) for v in value):
        kind = f"whole numbers from 0 to {MAX_NUMBER}" if item_type is int else "text"
        raise ContentError(f"{name}: '{key}' must be a list of {kind}.")
    if allowed is not None and (unknown := [v for v in value if v not in allowed]):
        raise ContentError(
            f"{name}: '{key}' has unknown value(s) {', '.join(map(str, unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}."
        )
    return value


def _choice(meta, key, name, choices, default=None):
    value = meta.get(key, default)
    if value not in choices.values:
        raise ContentError(f"{name}: '{key}' must be one of {', '.join(choices.values)}.")
    return value


def _tags(entry, where, situations):
    if "in-person" in entry.get("channels", ()):
        raise ContentError(
            f"{where}: the 'in-person' channel is now two: 'room' and 'video' (list both "
            "if the item fits both)."
        )
    tags = {"situations": _list(entry, "situations", where, situations)}
    for key, choices in TAG_FIELDS.items():
        tags[key] = _list(entry, key, where, set(choices.values))
    tags["exclude_signals"] = _list(entry, "exclude_signals", where, set(Signal.values))
    for key, default in (("weight", 1), ("priority", 0)):
        tags[key] = entry.get(key, default)
        if not isinstance(tags[key], int) or isinstance(tags[key], bool):
            raise ContentError(f"{where}: '{key}' must be a whole number.")
        if not -1000 <= tags[key] <= 1000:
            raise ContentError(f"{where}: '{key}' must be between -1000 and 1000.")
    if overlap := set(tags["signals"]) & set(tags["exclude_signals"]):
        raise ContentError(
            f"{where}: {', '.join(sorted(overlap))} is both required (signals) and "
            "excluded (exclude_signals), so the item could never appear."
        )
    return tags


def _entries(meta, key, name):
    entries = meta.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ContentError(f"{name}: '{key}' must be a list of [[{key}]] tables.")
    return entries


def _phrase(entry, where, situations) -> dict:
    phrase = {
        "kind": _choice(entry, "kind", where, PhraseKind),
        "text": _text(entry, "text", where, required=True),
        "approver": _text(entry, "approver", where),
        "wording_ask": _text(entry, "wording_ask", where),
        **_tags(entry, where, situations),
    }
    if phrase["approver"] and phrase["approver"] not in Approver.values:
        raise ContentError(f"{where}: 'approver' must be one of {', '.join(Approver.values)}.")
    if phrase["wording_ask"] and not phrase["approver"]:
        raise ContentError(f"{where}: 'wording_ask' needs an 'approver' to ask.")
    return phrase


def parse_playbook(text: str, name: str = "playbook", situations: set[str] | None = None) -> dict:
    """Read one playbook file into plain, normalised data; raise ContentError if it is wrong."""
    meta, body = split_front_matter(text, name)
    data = {
        "slug": _text(meta, "slug", name, required=True),
        "title": _text(meta, "title", name, required=True),
        "language": _choice(meta, "language", name, Language, "en"),
        "translation_of": _text(meta, "translation_of", name),
        "summary": _text(meta, "summary", name, required=True),
        "situations": _list(meta, "situations", name, situations),
        "status": meta.get("status", "draft"),
        "review_interval_days": _int(meta, "review_interval_days", name, 180),
        "contributions": sorted(_list(meta, "contributions", name, item_type=int)),
        "sources": sorted(_list(meta, "sources", name, item_type=int)),
        "follow_up": _text(meta, "follow_up", name),
        "follow_up_days": _int(meta, "follow_up_days", name, 3),
        "body": body,
    }
    if data["status"] not in STATUSES:
        raise ContentError(f"{name}: 'status' must be one of {', '.join(STATUSES)}.")
    if not data["situations"]:
        raise ContentError(f"{name}: 'situations' must name at least one situation.")
    data["say"] = [
        _phrase(e, f"{name} [[say]] {i}", situations)
        for i, e in enumerate(_entries(meta, "say", name), 1)
    ]
    data["avoid"] = [
        {
            "kind": _choice(e, "kind", f"{name} [[avoid]] {i}", BoundaryKind, "avoid"),
            "text": _text(e, "text", f"{name} [[avoid]] {i}", required=True),
            "why": _text(e, "why", f"{name} [[avoid]] {i}"),
            **_tags(e, f"{name} [[avoid]] {i}", situations),
        }
        for i, e in enumerate(_entries(meta, "avoid", name), 1)
    ]
    data["offer"] = [
        {
            "text": _text(e, "text", f"{name} [[offer]] {i}", required=True),
            "approver": _choice(e, "approver", f"{name} [[offer]] {i}", Approver, "you"),
            "when": _text(e, "when", f"{name} [[offer]] {i}"),
            "wording_self": _text(e, "wording_self", f"{name} [[offer]] {i}"),
            "wording_ask": _text(e, "wording_ask", f"{name} [[offer]] {i}"),
            **_tags(e, f"{name} [[offer]] {i}", situations),
        }
        for i, e in enumerate(_entries(meta, "offer", name), 1)
    ]
    return data


def dump_playbook(data: dict) -> str:
    """Write playbook data back as a file, leaving out tags and fields at their defaults."""
    meta = {k: v for k, v in data.items() if k not in {"body", "say", "avoid", "offer"}}
    for key in ("say", "avoid", "offer"):
        entries = []
        for entry in data[key]:
            entry = dict(entry)
            for tag in ("situations", *TAG_FIELDS, "exclude_signals"):
                if not entry[tag]:
                    del entry[tag]
            if entry["weight"] == 1:
                del entry["weight"]
            if entry["priority"] == 0:
                del entry["priority"]
            entries.append({k: v for k, v in entry.items() if v != ""})
        if entries:
            meta[key] = entries
    return join_front_matter(meta, data["body"])


# Item fields added after content was first loaded: at their defaults they are left out of
# the hash, so a row loaded before they existed still hashes as unedited.
LATER_DEFAULTS = {
    "exclude_signals": [],
    "priority": 0,
    "approver": "",
    "wording_ask": "",
    "stages": [],
}


def content_hash(data: dict) -> str:
    data = {
        key: [
            {k: v for k, v in item.items() if LATER_DEFAULTS.get(k, object()) != v}
            for item in value
        ]
        if key in ("say", "avoid", "offer")
        else value
        for key, value in data.items()
    }
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
