"""Load onboarding tracks from text files and export them back, losing nothing either way.

The files are read and written by lesson_files.py. As with playbooks, each track and lesson
keeps the hash of the data it was loaded from; if the row no longer hashes to it, a team lead has
edited it in the admin and loading leaves it alone.

Questions and options are updated in place by position, so that readers' answers survive
a content update; the lesson's new version then flags their completion as out of date.

A lesson's French translation fills the same lesson, so a reader's progress is one and the
same whichever language they read it in.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from playbooks.library.content_files import content_hash
from playbooks.library.models import Playbook

from .lesson_files import (
    FRENCH_SUFFIX,
    TRACK_FRENCH,
    dump_french_lesson,
    dump_lesson,
    dump_track,
    read_tracks,
)
from .models import Lesson, LessonPlaybook, Option, Question, Track
from .signals import versions_suspended

logger = logging.getLogger(__name__)


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
