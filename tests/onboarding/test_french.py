"""A French reader takes the same lessons in French, and their progress is the same progress."""

from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from playbooks.library.content_files import ContentError
from playbooks.onboarding.lesson_files import parse_french_lesson, parse_lesson, read_tracks
from playbooks.onboarding.models import Answer, Lesson, LessonCompletion

pytestmark = pytest.mark.django_db

FRENCH = {"Accept-Language": "fr"}
TRACK = "responding-to-a-client-in-crisis"


def lessons():
    return list(Lesson.objects.filter(track__slug=TRACK).order_by("order"))


def test_every_shipped_lesson_and_scenario_has_its_french_text():
    for lesson in lessons():
        assert lesson.title_fr and lesson.body_fr, lesson.slug
        for question in lesson.questions.all():
            assert question.scenario_fr and question.prompt_fr, lesson.slug
            for option in question.options.all():
                assert option.text_fr and option.feedback_fr, lesson.slug


def test_a_french_reader_finds_the_track_and_the_lesson_in_french(new_hire_client):
    page = new_hire_client.get(reverse("onboarding:tracks"), headers=FRENCH).content.decode()
    assert "Réagir quand un client traverse une épreuve" in page
    first = lessons()[0]
    page = new_hire_client.get(first.get_absolute_url(), headers=FRENCH).content.decode()
    assert "<h1>Vos premiers mots</h1>" in page
    assert "Priya, je suis vraiment désolé(e). Merci de me" in page
    assert 'lang="en"' not in page.split("<main", 1)[1].split("</main>", 1)[0]
    # the linked playbooks are their French translations
    assert "Les premiers mots quand un client annonce une mauvaise nouvelle" in page


def test_answering_and_completing_in_french_records_the_same_progress(new_hire_client, new_hire):
    first = lessons()[0]
    question = first.questions.order_by("order").first()
    best = question.options.get(best=True)
    response = new_hire_client.post(
        reverse(
            "onboarding:answer",
            kwargs={"track": TRACK, "lesson": first.slug, "question": question.pk},
        ),
        {"option": best.pk},
        headers={**FRENCH, "HX-Request": "true"},
    )
    assert best.feedback_fr.split(".")[0] in unescape(response.content.decode())
    response = new_hire_client.post(
        reverse("onboarding:complete", kwargs={"track": TRACK, "lesson": first.slug}),
        headers=FRENCH,
        follow=True,
    )
    assert "Vos premiers mots" in unescape(response.content.decode())
    assert Answer.objects.get(user=new_hire, question=question).first_try_best
    assert LessonCompletion.objects.filter(user=new_hire, lesson=first).exists()
    # the same completion shows in English
    page = new_hire_client.get(reverse("onboarding:tracks")).content.decode()
    assert "1 of 8 lessons complete" in page


def test_a_translation_must_match_its_lesson_question_for_question():
    english = parse_lesson(
        '+++\nslug = "a"\ntitle = "A"\n[[question]]\nscenario = "S"\nprompt = "P"\n'
        '[[question.option]]\ntext = "T"\nbest = true\nfeedback = "F"\n+++\nBody\n'
    )
    with pytest.raises(ContentError, match="has 0 question"):
        parse_french_lesson('+++\ntitle = "A"\n+++\nCorps\n', english, "a.fr.md")


def test_a_french_file_without_its_lesson_is_refused(tmp_path: Path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "track.toml").write_text('slug = "t"\ntitle = "T"\n')
    (folder / "01-a.fr.md").write_text('+++\ntitle = "A"\n+++\nCorps\n')
    with pytest.raises(ContentError, match="translates no lesson"):
        read_tracks(tmp_path)
