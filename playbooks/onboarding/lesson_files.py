"""The onboarding file format: tracks and lessons as text, read into plain data and written
back, without the database (loader.py saves and exports the rows).

Layout: `<directory>/<track>/track.toml` and one `NN-<slug>.md` per lesson (TOML front matter
between `+++` lines, then the Markdown body); a lesson's French translation sits beside it as
`NN-<slug>.fr.md`: its title, body and the text of every question and response, in the same
order.
"""

import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from playbooks.library.choices import Language
from playbooks.library.content_files import ContentError, join_front_matter, split_front_matter

from .models import RESERVED_LESSON_SLUGS, RESERVED_TRACK_SLUGS

SLUG = re.compile(r"^[-a-z0-9_]+$")
TRACK_KEYS = {"slug", "title", "language", "summary", "order", "title_fr", "summary_fr"}
TRACK_FRENCH = ("title_fr", "summary_fr")
LESSON_KEYS = {"slug", "title", "order", "minutes", "contributions", "sources", "playbooks"}
QUESTION_KEYS = {"scenario", "prompt", "option"}
OPTION_KEYS = {"text", "best", "feedback"}
FRENCH_SUFFIX = ".fr.md"


# Reading ------------------------------------------------------------------------------------


def _unknown_keys(table: dict, allowed: set[str], where: str) -> None:
    if unknown := sorted(set(table) - allowed):
        raise ContentError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}."
        )


def _text(table: dict, key: str, where: str, *, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ContentError(f"{where}: '{key}' must be text.")
    if required and not value.strip():
        raise ContentError(f"{where}: '{key}' is required.")
    return value.strip()


def _slug(table: dict, where: str, reserved: tuple[str, ...]) -> str:
    slug = _text(table, "slug", where, required=True)
    if not SLUG.match(slug):
        raise ContentError(f"{where}: 'slug' may hold only lower-case letters, digits and hyphens.")
    if slug in reserved:
        raise ContentError(f"{where}: the slug '{slug}' is reserved for the app's own pages.")
    return slug


def _number(table: dict, key: str, where: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
        raise ContentError(f"{where}: '{key}' must be a whole number from 0 to 32767.")
    return value


def _list(table: dict, key: str, where: str, item_type: type) -> list:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, item_type) and not isinstance(v, bool) for v in value
    ):
        raise ContentError(f"{where}: '{key}' must be a list of {item_type.__name__} values.")
    return value


def _tables(table: dict, key: str, where: str) -> list[dict]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ContentError(f"{where}: '{key}' must be a list of [[{key}]] tables.")
    return value


def parse_track(text: str, name: str = "track.toml") -> dict[str, Any]:
    try:
        meta = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{name}: not valid TOML ({error}).") from None
    _unknown_keys(meta, TRACK_KEYS, name)
    language = meta.get("language", Language.EN)
    if language not in Language.values:
        raise ContentError(f"{name}: 'language' must be one of {', '.join(Language.values)}.")
    data = {
        "slug": _slug(meta, name, RESERVED_TRACK_SLUGS),
        "title": _text(meta, "title", name, required=True),
        "language": language,
        "summary": _text(meta, "summary", name),
        "order": _number(meta, "order", name, 0),
    }
    # French fields only when given, so a track without them hashes as it always did.
    data.update({key: value for key in TRACK_FRENCH if (value := _text(meta, key, name))})
    return data


def _parse_option(entry: dict, where: str) -> dict[str, Any]:
    _unknown_keys(entry, OPTION_KEYS, where)
    best = entry.get("best", False)
    if not isinstance(best, bool):
        raise ContentError(f"{where}: 'best' must be true or false.")
    return {
        "text": _text(entry, "text", where, required=True),
        "best": best,
        "feedback": _text(entry, "feedback", where, required=True),
    }


def _parse_question(entry: dict, where: str) -> dict[str, Any]:
    _unknown_keys(entry, QUESTION_KEYS, where)
    return {
        "scenario": _text(entry, "scenario", where, required=True),
        "prompt": _text(entry, "prompt", where, required=True),
        "option": [
            _parse_option(option, f"{where} option {n}")
            for n, option in enumerate(_tables(entry, "option", where), 1)
        ],
    }


def parse_lesson(text: str, name: str = "lesson") -> dict[str, Any]:
    """Read one lesson file into plain, normalised data; raise ContentError if it is wrong."""
    meta, body = split_front_matter(text, name)
    _unknown_keys(meta, LESSON_KEYS | {"question"}, name)
    playbooks = _list(meta, "playbooks", name, str)
    if len(set(playbooks)) != len(playbooks):
        raise ContentError(f"{name}: 'playbooks' names the same playbook twice.")
    return {
        "slug": _slug(meta, name, RESERVED_LESSON_SLUGS),
        "title": _text(meta, "title", name, required=True),
        "order": _number(meta, "order", name, 0),
        "minutes": _number(meta, "minutes", name, 5),
        "contributions": sorted(_list(meta, "contributions", name, int)),
        "sources": sorted(_list(meta, "sources", name, int)),
        "playbooks": playbooks,
        "question": [
            _parse_question(entry, f"{name} question {n}")
            for n, entry in enumerate(_tables(meta, "question", name), 1)
        ],
        "body": body,
    }


def parse_french_lesson(text: str, lesson: dict, name: str = "lesson") -> dict[str, Any]:
    """A lesson's French translation, checked against the lesson it translates.

    Any text left empty (a question a lead added in the admin, say) shows in English.
    """
    meta, body = split_front_matter(text, name)
    _unknown_keys(meta, {"title", "question"}, name)
    questions = _tables(meta, "question", name)
    if len(questions) != len(lesson["question"]):
        raise ContentError(
            f"{name}: has {len(questions)} question(s); the lesson it translates has "
            f"{len(lesson['question'])}."
        )
    french_questions = []
    for n, (entry, original) in enumerate(zip(questions, lesson["question"], strict=True), 1):
        where = f"{name} question {n}"
        _unknown_keys(entry, QUESTION_KEYS, where)
        options = _tables(entry, "option", where)
        if len(options) != len(original["option"]):
            raise ContentError(
                f"{where}: has {len(options)} response(s); the lesson it translates has "
                f"{len(original['option'])}."
            )
        french_options = []
        for m, option in enumerate(options, 1):
            _unknown_keys(option, {"text", "feedback"}, f"{where} option {m}")
            french_options.append(
                {
                    "text": _text(option, "text", f"{where} option {m}"),
                    "feedback": _text(option, "feedback", f"{where} option {m}"),
                }
            )
        french_questions.append(
            {
                "scenario": _text(entry, "scenario", where),
                "prompt": _text(entry, "prompt", where),
                "option": french_options,
            }
        )
    return {
        "title": _text(meta, "title", name),
        "question": french_questions,
        "body": body,
    }


def read_tracks(directory: Path) -> list[tuple[dict, list[dict]]]:
    """Every track folder under `directory`, parsed: (track data, lesson data in file order)."""
    if not directory.is_dir():
        return []
    tracks = []
    for folder in sorted(p for p in directory.iterdir() if (p / "track.toml").is_file()):
        track = parse_track(
            (folder / "track.toml").read_text(encoding="utf-8"), f"{folder.name}/track.toml"
        )
        lessons = []
        for path in sorted(folder.glob("*.md")):
            if path.name.endswith(FRENCH_SUFFIX):
                continue
            lesson = parse_lesson(path.read_text(encoding="utf-8"), f"{folder.name}/{path.name}")
            french = path.with_name(path.name[: -len(".md")] + FRENCH_SUFFIX)
            if french.is_file():
                lesson["french"] = parse_french_lesson(
                    french.read_text(encoding="utf-8"), lesson, f"{folder.name}/{french.name}"
                )
            lessons.append(lesson)
        stray = {p.name[: -len(FRENCH_SUFFIX)] for p in folder.glob("*" + FRENCH_SUFFIX)}
        if orphans := sorted(stray - {p.stem for p in folder.glob("*.md")}):
            raise ContentError(f"{folder.name}: {orphans[0]}{FRENCH_SUFFIX} translates no lesson.")
        slugs = [lesson["slug"] for lesson in lessons]
        if duplicates := sorted({s for s in slugs if slugs.count(s) > 1}):
            raise ContentError(f"{folder.name}: more than one lesson has the slug {duplicates[0]}.")
        tracks.append((track, lessons))
    return tracks


# Writing files --------------------------------------------------------------------------------


def dump_track(data: dict) -> str:
    meta = {k: v for k, v in data.items() if not (k == "order" and v == 0)}
    return tomli_w.dumps(meta, multiline_strings=False)


def dump_lesson(data: dict) -> str:
    meta = {k: v for k, v in data.items() if k not in {"body", "question", "french"}}
    if data["question"]:
        meta["question"] = data["question"]
    return join_front_matter(meta, data["body"])


def dump_french_lesson(french: dict) -> str:
    meta = {"title": french["title"]}
    if french["question"]:
        meta["question"] = french["question"]
    return join_front_matter(meta, french["body"])
