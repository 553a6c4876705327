"""Load onboarding tracks from text files and export them back, losing nothing either way.

Layout: `<directory>/<track>/track.toml` and one `NN-<slug>.md` per lesson (TOML front matter
between `+++` lines, then the Markdown body). As with playbooks, each track and lesson keeps
the hash of the data it was loaded from; if the row no longer hashes to it, a team lead has
edited it in the admin and loading leaves it alone.

Questions and options are updated in place by position, so that readers' answers survive
a content update; the lesson's new version then flags their completion as out of date.

A lesson's French translation sits beside it as `NN-<slug>.fr.md`: its title, body and the
text of every question and response, in the same order. It fills the same lesson, so a
reader's progress is one and the same whichever language they read it in.
"""

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from django.db import transaction

from playbooks.library.choices import Language
from playbooks.library.content_files import (
    ContentError,
    content_hash,
    join_front_matter,
    split_front_matter,
)
from playbooks.library.models import Playbook

from .models import (
    RESERVED_LESSON_SLUGS,
    RESERVED_TRACK_SLUGS,
    Lesson,
    LessonPlaybook,
    Option,
    Question,
    Track,
)
from .signals import versions_suspended

logger = logging.getLogger(__name__)

SLUG = re.compile(r"^[-a-z0-9_]+$")
TRACK_KEYS = {"slug", "title", "language", "summary", "order", "title_fr", "summary_fr"}
TRACK_FRENCH = ("title_fr", "summary_fr")
LESSON_KEYS = {"slug", "title", "order", "minutes", "contributions", "sources", "playbooks"}
QUESTION_KEYS = {"scenario", "prompt", "option"}
OPTION_KEYS = {"text", "best", "feedback"}
FRENCH_SUFFIX = ".fr.md"


@dataclass
class OnboardingReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    missing_playbooks: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept_edited)} kept as edited in the admin"
        )


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


# The database as data ------------------------------------------------------------------------


def track_data(track: Track) -> dict[str, Any]:
    data = {
        "slug": track.slug,
        "title": track.title,
        "language": track.language,
        "summary": track.summary,
        "order": track.order,
    }
    data.update({key: value for key in TRACK_FRENCH if (value := getattr(track, key))})
    return data


def _french_data(lesson: Lesson) -> dict[str, Any] | None:
    """The lesson's French translation in the form parse_french_lesson returns, if any."""
    questions = list(lesson.questions.order_by("order", "pk").prefetch_related("options"))
    translated = [
        {
            "scenario": q.scenario_fr,
            "prompt": q.prompt_fr,
            "option": [
                {"text": o.text_fr, "feedback": o.feedback_fr}
                for o in sorted(q.options.all(), key=lambda o: (o.order, o.pk))
            ],
        }
        for q in questions
    ]
    if not (lesson.title_fr or lesson.body_fr.strip()):
        return None
    return {
        "title": lesson.title_fr,
        "question": translated,
        "body": lesson.body_fr.replace("\r\n", "\n").strip("\n") + "\n",
    }


def lesson_data(lesson: Lesson) -> dict[str, Any]:
    """The lesson as file data, in the same normal form that parse_lesson returns."""
    links = LessonPlaybook.objects.filter(lesson=lesson).select_related("playbook")
    data = {
        "slug": lesson.slug,
        "title": lesson.title,
        "order": lesson.order,
        "minutes": lesson.minutes,
        "contributions": sorted(lesson.contributions),
        "sources": sorted(lesson.sources),
        "playbooks": [link.playbook.slug for link in links.order_by("order", "pk")],
        "question": lesson.question_data(),
        "body": lesson.body.replace("\r\n", "\n").strip("\n") + "\n",
    }
    if (french := _french_data(lesson)) is not None:
        data["french"] = french
    return data


# Writing to the database ---------------------------------------------------------------------


def _assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _save_questions(lesson: Lesson, questions: list[dict], french: list[dict] | None) -> None:
    """Update questions and options in place by position, so answers to them are kept."""
    existing = list(lesson.questions.order_by("order", "pk"))
    for position, entry in enumerate(questions):
        translated = french[position] if french else {"scenario": "", "prompt": "", "option": []}
        values = {
            "order": position + 1,
            "scenario": entry["scenario"],
            "prompt": entry["prompt"],
            "scenario_fr": translated["scenario"],
            "prompt_fr": translated["prompt"],
        }
        if position < len(existing):
            question = existing[position]
            if _assign(question, values):
                question.save()
        else:
            question = Question.objects.create(lesson=lesson, **values)
        options = list(question.options.order_by("order", "pk"))
        for number, option_entry in enumerate(entry["option"]):
            option_french = (
                translated["option"][number]
                if translated["option"]
                else {"text": "", "feedback": ""}
            )
            option_values = {
                "order": number + 1,
                **option_entry,
                "text_fr": option_french["text"],
                "feedback_fr": option_french["feedback"],
            }
            if number < len(options):
                if _assign(options[number], option_values):
                    options[number].save()
            else:
                Option.objects.create(question=question, **option_values)
        Option.objects.filter(pk__in=[o.pk for o in options[len(entry["option"]) :]]).delete()
    Question.objects.filter(pk__in=[q.pk for q in existing[len(questions) :]]).delete()


def save_track(*, data: dict, track: Track | None = None) -> Track:
    track = track or Track(slug=data["slug"])
    _assign(track, {key: "" for key in TRACK_FRENCH})
    _assign(track, {k: v for k, v in data.items() if k != "slug"})
    track.content_hash = content_hash(data)
    track.save()
    return track


def save_lesson(*, track: Track, data: dict, lesson: Lesson | None = None) -> Lesson:
    """Create or overwrite a lesson, its playbook links, questions and options from file data."""
    lesson = lesson or Lesson(track=track, slug=data["slug"])
    for name in ("title", "order", "minutes", "contributions", "sources", "body"):
        setattr(lesson, name, data[name])
    french = data.get("french")
    lesson.title_fr = french["title"] if french else ""
    lesson.body_fr = french["body"] if french else ""
    lesson.content_hash = content_hash(data)
    with versions_suspended():
        lesson.save()
        playbooks = Playbook.objects.in_bulk(data["playbooks"], field_name="slug")
        LessonPlaybook.objects.filter(lesson=lesson).delete()
        LessonPlaybook.objects.bulk_create(
            LessonPlaybook(lesson=lesson, playbook=playbooks[slug], order=order)
            for order, slug in enumerate(data["playbooks"], 1)
        )
        _save_questions(lesson, data["question"], french["question"] if french else None)
    lesson.refresh_version()
    return lesson


def _load_lesson(track: Track, data: dict, report: OnboardingReport) -> None:
    name = f"onboarding/{track.slug}/{data['slug']}"
    lesson = Lesson.objects.filter(track=track, slug=data["slug"]).first()
    if lesson is None:
        save_lesson(track=track, data=data)
        report.created.append(name)
    elif content_hash(lesson_data(lesson)) != lesson.content_hash:
        report.kept_edited.append(name)
    elif content_hash(data) == lesson.content_hash:
        report.unchanged.append(name)
    else:
        save_lesson(track=track, data=data, lesson=lesson)
        report.updated.append(name)


@transaction.atomic
def load_onboarding(directory: Path, into=None) -> OnboardingReport:
    """Load every track under `directory`; idempotent, and admin edits always win.

    A lesson may link only playbooks that exist: any it names that are missing are left out
    (and logged), so loading again once they exist links them.
    `into`, when given (the playbook loader's report), receives the same entries.
    """
    report = OnboardingReport()
    existing = set(Playbook.objects.values_list("slug", flat=True))
    for track_entry, lessons in read_tracks(directory):
        name = f"onboarding/{track_entry['slug']}"
        track = Track.objects.filter(slug=track_entry["slug"]).first()
        if track is None:
            track = save_track(data=track_entry)
            report.created.append(name)
        elif content_hash(track_data(track)) != track.content_hash:
            report.kept_edited.append(name)
        elif content_hash(track_entry) == track.content_hash:
            report.unchanged.append(name)
        else:
            track = save_track(data=track_entry, track=track)
            report.updated.append(name)
        for data in lessons:
            if missing := [slug for slug in data["playbooks"] if slug not in existing]:
                report.missing_playbooks[f"{name}/{data['slug']}"] = missing
                logger.warning("Lesson %s links missing playbooks: %s", data["slug"], missing)
                data["playbooks"] = [slug for slug in data["playbooks"] if slug in existing]
            _load_lesson(track, data, report)
    if into is not None:
        for key in ("created", "updated", "unchanged", "kept_edited"):
            getattr(into, key).extend(getattr(report, key))
    return report


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


def export_onboarding(directory: Path) -> int:
    """Write every track and lesson as files under `directory`; return the lesson count."""
    count = 0
    for track in Track.objects.all():
        folder = directory / track.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "track.toml").write_text(dump_track(track_data(track)), encoding="utf-8")
        written = set()
        for lesson in track.lessons.order_by("order", "slug"):
            path = folder / f"{lesson.order:02d}-{lesson.slug}.md"
            data = lesson_data(lesson)
            path.write_text(dump_lesson(data), encoding="utf-8")
            written.add(path)
            if "french" in data:
                french = path.with_name(path.stem + FRENCH_SUFFIX)
                french.write_text(dump_french_lesson(data["french"]), encoding="utf-8")
                written.add(french)
            count += 1
        # A lesson renamed or reordered in the admin must not come back from its old file.
        for stale in set(folder.glob("*.md")) - written:
            stale.unlink()
    return count
