"""The writing lesson's checker scenario says what the checker really does with its draft."""

import re
from pathlib import Path

import pytest

from playbooks.check.matching import Context, check
from playbooks.check.rules import active_rules
from playbooks.onboarding.lesson_files import parse_french_lesson, parse_lesson
from playbooks.onboarding.models import Lesson

LESSON = (
    Path(__file__).resolve().parents[2]
    / "playbooks/content/onboarding/responding-to-a-client-in-crisis"
    / "05-writing-to-a-client-in-crisis"
)
QUOTES = {"en": ("“", "”"), "fr": ("«\u00a0", "\u00a0»")}


def scenario(language: str) -> dict:
    english = parse_lesson(LESSON.with_suffix(".md").read_text(encoding="utf-8"))
    lesson = english
    if language == "fr":
        text = LESSON.with_name(LESSON.name + ".fr.md").read_text(encoding="utf-8")
        lesson = parse_french_lesson(text, english)
    names = ("Check my message", "Vérifier mon message")
    return next(q for q in lesson["question"] if any(n in q["scenario"] for n in names))


def quotes(text: str, language: str) -> list[str]:
    opening, closing = QUOTES[language]
    return re.findall(re.escape(opening) + "(.+?)" + re.escape(closing), text)


def last_quote(text: str, language: str) -> str:
    return quotes(text, language)[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_checker_marks_what_the_lesson_says_and_passes_the_rewrite(language):
    question = scenario(language)
    assert [o["best"] for o in scenario("en")["option"]] == [False, True, False, False]
    context = Context(language=language, situation="illness")
    rules = active_rules(language)
    draft = quotes(question["scenario"], language)[0]
    assert check(draft, rules, context).categories == {"minimising", "vague-offer", "work"}
    best = question["option"][1]["text"]
    rewrite = last_quote(best, language)
    assert check(rewrite, rules, context).categories == set()
    softened = last_quote(question["option"][2]["text"], language)
    assert check(softened, rules, context).categories == {"work"}


@pytest.mark.django_db
def test_the_lesson_links_to_the_checker_in_both_languages():
    lesson = Lesson.objects.get(slug="writing-to-a-client-in-crisis")
    assert '<a href="/check/"' in lesson.body_html
    assert '<a href="/check/"' in lesson.body_html_fr
