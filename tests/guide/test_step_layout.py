"""A guide step as GOV.UK lays out a question page: Back a small link above the question,
Next straight after the answers; and what to say shown once the situation is chosen."""

import re

import pytest

pytestmark = pytest.mark.django_db


def current_step(html: str) -> str:
    start = re.search(r'<fieldset id="step-[^"]*" class="guide-step is-current"', html).start()
    return html[start : html.index("</fieldset>", start)]


def test_back_comes_before_the_question_and_next_after_the_answers(manager_client):
    html = manager_client.get("/guide/", {"situation": "bereavement"}).content.decode()
    step = current_step(html)
    assert "Back" not in step  # Tab from an answer reaches Next, never Back
    assert step.rindex("<input") < step.index("data-guide-next")
    back = html.index('class="back-link')
    assert back < html.index(step)


def test_the_first_phrases_show_as_soon_as_the_situation_is_chosen(manager_client):
    html = manager_client.get("/guide/", {"situation": "bereavement"}).content.decode()
    box = html[html.index('class="guide-first-phrases') :]
    box = box[: box.index("</section>")]
    assert "sorry for your loss" in box
    assert box.count('class="copy-button') == 2
    assert "guide-first-phrases" not in manager_client.get("/guide/").content.decode()
