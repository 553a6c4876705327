"""Shipped onboarding content loads idempotently, keeps admin edits and readers' progress,
and survives a round trip through the export."""

import shutil

import pytest

from playbooks.library.content_files import ContentError
from playbooks.library.loader import CONTENT_DIR, export_content, load_content
from playbooks.library.models import Contribution, Playbook
from playbooks.onboarding.lesson_files import parse_lesson, read_tracks
from playbooks.onboarding.loader import export_onboarding, lesson_data, load_onboarding, track_data
from playbooks.onboarding.models import Answer, Lesson, LessonCompletion, Option, Question, Track
from playbooks.onboarding.progress import complete_lesson, record_answer

pytestmark = pytest.mark.django_db

ONBOARDING = CONTENT_DIR / "onboarding"
TRACK = "responding-to-a-client-in-crisis"


def snapshot():
    return {
        "tracks": {t.slug: track_data(t) for t in Track.objects.all()},
        "lessons": {(x.track.slug, x.slug): lesson_data(x) for x in Lesson.objects.all()},
    }


def test_shipped_track_is_loaded_with_every_lesson_and_question():
    files = read_tracks(ONBOARDING)
    assert files, "no shipped onboarding track"
    for track, lessons in files:
        loaded = Track.objects.get(slug=track["slug"])
        assert loaded.lessons.count() == len(lessons)
        for data in lessons:
            lesson = loaded.lessons.get(slug=data["slug"])
            assert lesson.questions.count() == len(data["question"])
            assert lesson.body_html.startswith("<h3>")


def test_shipped_track_meets_the_content_brief():
    """At least 6 lessons and 12 scenarios, each with 3 to 4 responses, feedback and a best one."""
    track = Track.objects.get(slug=TRACK)
    lessons = list(track.lessons.all())
    questions = Question.objects.filter(lesson__track=track).prefetch_related("options")
    assert len(lessons) >= 6
    assert questions.count() >= 12
    for question in questions:
        options = list(question.options.all())
        assert 3 <= len(options) <= 4, question
        assert any(o.best for o in options), question
        assert all(o.feedback.strip() for o in options), question
    assert all(lesson.minutes > 0 for lesson in lessons)


def test_shipped_track_covers_every_article_contribution_and_the_safety_path():
    covered = {
        n for lesson in Lesson.objects.filter(track__slug=TRACK) for n in lesson.contributions
    }
    expected = set(Contribution.objects.values_list("number", flat=True)) or set(range(1, 11))
    assert expected <= covered
    safety = Lesson.objects.get(track__slug=TRACK, slug="when-a-client-may-be-unsafe")
    assert safety.questions.count() >= 2


def test_every_lesson_draws_on_named_sources():
    for lesson in Lesson.objects.all():
        assert lesson.contributions or lesson.sources, lesson


def test_every_linked_playbook_exists_once_the_playbooks_are_shipped():
    if not Playbook.objects.exists():
        pytest.skip("no playbooks shipped yet")
    missing = load_onboarding(ONBOARDING).missing_playbooks
    assert missing == {}, f"lessons link playbooks that are not shipped: {missing}"


def test_loading_twice_changes_nothing():
    before = {
        (x.slug, x.content_hash, x.content_version, x.updated_at) for x in Lesson.objects.all()
    }
    report = load_onboarding(ONBOARDING)
    assert report.created == [] and report.updated == [] and report.kept_edited == []
    after = {
        (x.slug, x.content_hash, x.content_version, x.updated_at) for x in Lesson.objects.all()
    }
    assert after == before


def test_the_main_content_load_also_loads_onboarding():
    Track.objects.all().delete()
    report = load_content()
    assert f"onboarding/{TRACK}" in report.created
    assert Lesson.objects.filter(track__slug=TRACK).count() == len(read_tracks(ONBOARDING)[0][1])


def copy_content(tmp_path):
    shutil.copytree(ONBOARDING, tmp_path, dirs_exist_ok=True)
    return next(p for p in tmp_path.glob(f"{TRACK}/01-*.md") if not p.name.endswith(".fr.md"))


def test_a_lesson_edited_in_the_admin_is_never_overwritten(tmp_path):
    path = copy_content(tmp_path)
    lesson = Lesson.objects.get(track__slug=TRACK, slug=parse_lesson(path.read_text())["slug"])
    lesson.body = "A team lead rewrote this."
    lesson.save()
    path.write_text(path.read_text().replace(f'title = "{lesson.title}"', 'title = "New title"'))
    report = load_onboarding(tmp_path)
    assert f"onboarding/{TRACK}/{lesson.slug}" in report.kept_edited
    lesson.refresh_from_db()
    assert lesson.body == "A team lead rewrote this."


def test_a_question_edited_in_the_admin_counts_as_an_edit(tmp_path):
    path = copy_content(tmp_path)
    lesson = Lesson.objects.get(track__slug=TRACK, slug=parse_lesson(path.read_text())["slug"])
    option = Option.objects.filter(question__lesson=lesson).first()
    option.feedback = "Sharper feedback from a lead."
    option.save()
    path.write_text(path.read_text() + "\nOne more shipped paragraph.\n")
    assert f"onboarding/{TRACK}/{lesson.slug}" in load_onboarding(tmp_path).kept_edited
    option.refresh_from_db()
    assert option.feedback == "Sharper feedback from a lead."


def test_a_changed_file_updates_the_lesson_and_keeps_answers_but_flags_completions(
    tmp_path, new_hire
):
    path = copy_content(tmp_path)
    lesson = Lesson.objects.get(track__slug=TRACK, slug=parse_lesson(path.read_text())["slug"])
    option = Option.objects.filter(question__lesson=lesson).order_by("question__order").first()
    record_answer(user=new_hire, option=option)
    complete_lesson(user=new_hire, lesson=lesson)
    path.write_text(path.read_text().replace("## Why the first words matter", "## Why it matters"))
    report = load_onboarding(tmp_path)
    assert report.updated == [f"onboarding/{TRACK}/{lesson.slug}"]
    lesson.refresh_from_db()
    assert "Why it matters" in lesson.body_html
    assert Answer.objects.filter(user=new_hire, option=option).exists()
    assert LessonCompletion.objects.get(user=new_hire, lesson=lesson).is_outdated
    assert load_onboarding(tmp_path).updated == []


def test_round_trip_loses_nothing(tmp_path):
    before = snapshot()
    export_onboarding(tmp_path / "first")
    for track, lessons in read_tracks(tmp_path / "first"):
        assert track == before["tracks"][track["slug"]]
        for data in lessons:
            assert data == before["lessons"][(track["slug"], data["slug"])]
    report = load_onboarding(tmp_path / "first")
    assert report.created == [] and report.updated == [] and report.kept_edited == []
    assert snapshot() == before
    export_onboarding(tmp_path / "second")
    for path in (tmp_path / "first").rglob("*"):
        if path.is_file():
            second = tmp_path / "second" / path.relative_to(tmp_path / "first")
            assert path.read_bytes() == second.read_bytes(), path


def test_round_trip_keeps_admin_edits_and_lead_made_lessons(tmp_path):
    lesson = Lesson.objects.filter(track__slug=TRACK).first()
    lesson.body = "Edited *in the admin*."
    lesson.contributions = [2, 9]
    lesson.save()
    question = Question.objects.create(lesson=lesson, order=9, scenario="New.", prompt="And?")
    Option.objects.create(question=question, text="Yes", best=True, feedback="Because.")
    Option.objects.create(question=question, text="No", feedback="Because not.")
    before = snapshot()
    export_content(tmp_path)
    Track.objects.all().delete()
    load_content(tmp_path)
    assert snapshot() == before


def test_a_missing_playbook_is_left_out_then_linked_once_it_exists(tmp_path):
    path = copy_content(tmp_path)
    text = path.read_text()
    path.write_text(text.replace("playbooks = [", 'playbooks = ["not-yet-written", ', 1))
    slug = parse_lesson(text)["slug"]
    report = load_onboarding(tmp_path)
    assert report.missing_playbooks == {f"onboarding/{TRACK}/{slug}": ["not-yet-written"]}
    Playbook.objects.create(slug="not-yet-written", title="Later", summary="Later.")
    assert load_onboarding(tmp_path).updated == [f"onboarding/{TRACK}/{slug}"]
    lesson = Lesson.objects.get(track__slug=TRACK, slug=slug)
    assert lesson_data(lesson)["playbooks"][0] == "not-yet-written"


LESSON = "+++\nslug = 'x'\ntitle = 'X'\n{extra}+++\nBody\n"


@pytest.mark.parametrize(
    "extra, message",
    [
        ("order = 'first'\n", "'order' must be a whole number"),
        ("playbooks = 'one'\n", "'playbooks' must be a list"),
        ("playbooks = ['a', 'a']\n", "same playbook twice"),
        ("titel = 'typo'\n", "unknown key(s) titel"),
        ("[[question]]\nprompt = 'What?'\n", "question 1: 'scenario' is required"),
        (
            "[[question]]\nscenario = 'S'\nprompt = 'P'\n[[question.option]]\ntext = 'T'\n",
            "question 1 option 1: 'feedback' is required",
        ),
        (
            "[[question]]\nscenario = 'S'\nprompt = 'P'\n[[question.option]]\ntext = 'T'\n"
            "feedback = 'F'\nbest = 'yes'\n",
            "'best' must be true or false",
        ),
    ],
)
def test_broken_lesson_files_are_refused_with_a_clear_message(extra, message):
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_lesson(LESSON.format(extra=extra), "broken.md")


def test_reserved_slugs_are_refused():
    with pytest.raises(ContentError, match="reserved"):
        parse_lesson("+++\nslug = 'completed'\ntitle = 'X'\n+++\n", "done.md")


def test_exporting_over_the_files_drops_a_lessons_old_file_after_a_rename(tmp_path):
    copy_content(tmp_path)
    lesson = Lesson.objects.get(track__slug=TRACK, order=1)
    old = next(tmp_path.glob(f"{TRACK}/01-*.md"))
    lesson.slug = "opening-words"
    lesson.save()
    export_onboarding(tmp_path)
    assert not old.exists() and (tmp_path / TRACK / "01-opening-words.md").exists()
    report = load_onboarding(tmp_path)
    assert report.created == [] and report.updated == []
