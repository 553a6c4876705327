"""The plan's message composer as the server renders it: every phrase a box to tick, a form
that posts to the checker with the plan's answers, and a link for readers without JavaScript.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.template.loader import render_to_string
from django.urls import reverse

from playbooks.library.templatetags.guidance import with_names

from .test_views import plan_url

CHECK = reverse("check:check")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_every_phrase_of_the_plan_is_a_box_to_tick(manager_client):
    response = manager_client.get(plan_url())
    plan = response.context["plan"]
    html = response.text
    boxes = [a for t, a in tags_of(html) if "data-compose-phrase" in a]
    assert len(boxes) == len(plan.say) + len(plan.offer)
    assert all(b["type"] == "checkbox" and "name" not in b for b in boxes)
    # Each box is labelled by its phrase, names as slots the browser fills; no placeholder
    # is left in the page, not even in an attribute.
    labels = re.findall(r'<span class="compose-text">(.*?)</span></label>', html)
    assert labels == [str(with_names(s.text)) for s in plan.say] + [
        str(with_names(o.wording)) for o in plan.offer
    ]
    assert "{client}" not in html and "{me}" not in html


def test_check_this_message_posts_the_plan_answers_never_a_name(manager_client):
    response = manager_client.get(plan_url(signals="distressed"))
    tags = tags_of(response.text)
    forms = [a for t, a in tags if t == "form" and a.get("id") == "compose-check-form"]
    assert forms == [
        {
            "class": "composer-buttons",
            "method": "post",
            "action": CHECK,
            "id": "compose-check-form",
        }
    ]
    hidden = {(a["name"], a["value"]) for t, a in tags if a.get("type") == "hidden"}
    assert {
        ("text", ""),
        ("language", "en"),
        ("situation", "bereavement"),
        ("channel", "written"),
        ("signals", "distressed"),
    } <= hidden
    # The draft and name boxes have no name: no form can carry them.
    draft = next(a for t, a in tags if a.get("id") == "compose-draft")
    assert "name" not in draft
    assert all("name" not in a for t, a in tags if "data-name-input" in a)


def parts(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p data-compose-part="([-a-z]+)">(.*?)</p>', html))


def test_the_boundary_line_never_says_no_reply_to_a_client_at_risk(manager_client):
    assert parts(manager_client.get(plan_url()).text)["boundary"] == (
        "There's no need to reply to this."
    )
    at_risk = parts(manager_client.get(plan_url(signals="suicidal")).text)["boundary"]
    assert "reply" not in at_risk and "write to me" in at_risk


def test_the_draft_is_written_in_the_clients_language(manager_client):
    html = manager_client.get(plan_url(client_language="fr")).text
    words = parts(html)
    assert words["greeting"].startswith('Bonjour <span class="name-slot name-empty"')
    assert words["sign-off"] == "Bien à vous,"
    tags = tags_of(html)
    draft = next(a for t, a in tags if a.get("id") == "compose-draft")
    assert draft["lang"] == "fr"
    assert ("language", "fr") in {(a.get("name"), a.get("value")) for t, a in tags}


def test_without_javascript_the_plan_says_so_and_links_to_the_checker(manager_client):
    response = manager_client.get(plan_url(signals="upset"))
    assert "needs JavaScript, which is off in this browser" in response.text
    link = response.context["check_url"]
    url = urlsplit(link)
    assert url.path == CHECK
    assert parse_qs(url.query) == {
        "language": ["en"],
        "situation": ["bereavement"],
        "channel": ["written"],
        "signals": ["upset"],
    }
    assert f'href="{link.replace("&", "&amp;")}"' in response.text
    # The checker opens with those answers chosen.
    page = manager_client.get(link)
    assert page.context["form"].initial["signals"] == ["upset"]


def test_the_composer_is_a_partial_of_the_plan(manager_client):
    response = manager_client.get(plan_url())
    context = {"plan": response.context["plan"], "check_url": response.context["check_url"]}
    html = render_to_string("guide/plan.html#composer", context)
    assert html.strip().startswith('<section class="composer')
    assert 'id="compose-check-form"' in html


def test_a_client_who_may_be_unsafe_at_home_gets_a_warning_before_anything_is_written(
    manager_client,
):
    """The safety card says to write nothing an abuser could read; the composer, which
    writes, says it again where the writing happens."""
    warning = "write about the work only"
    assert warning not in manager_client.get(plan_url(signals="upset")).text
    html = manager_client.get(plan_url(signals="abuse", channel="written")).text
    assert warning in html
    assert html.index(warning) < html.index("data-compose-phrase")
