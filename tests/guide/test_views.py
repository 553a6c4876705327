"""The guide's pages: the GET contract, bad input, privacy, query counts, French."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbooks.guide.models import ReaderRegion
from playbooks.library.models import Situation

from ..factories import make_playbook
from ..queries import costs

pytestmark = pytest.mark.django_db

ANSWERS = {
    "situation": "bereavement",
    "relationship": "established",
    "channel": "written",
    "pressure": "soon",
    "can_grant": "yes",
}
PLAN = reverse("guide:plan")
START = reverse("guide:start")


def plan_url(**overrides) -> str:
    params = {**ANSWERS, **overrides}
    return PLAN + "?" + "&".join(f"{k}={v}" for k, v in params.items() if v is not None)


class Elements(HTMLParser):
    """Collects start tags with their attributes and the forms they sit in."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict, int]] = []
        self.form_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.form_depth += 1
        self.tags.append((tag, dict(attrs), self.form_depth))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form_depth -= 1


def elements(html: str) -> list[tuple[str, dict, int]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


# The questions


def test_without_javascript_the_guide_is_one_get_form_with_every_question(manager_client):
    response = manager_client.get(START)
    html = response.content.decode()
    assert response.status_code == 200
    form = re.search(r"<form id=\"guide-form\"[^>]*>", html).group()
    assert f'action="{PLAN}"' in form and 'method="get"' in form
    assert html.count("<fieldset") == 10 and html.count("<legend>") == 10
    for name in (
        "situation",
        "stage",
        "relationship",
        "channel",
        "pressure",
        "can_grant",
        "region",
        "client_language",
    ):
        assert f'type="radio" name="{name}"' in html
    assert 'type="checkbox" name="signals"' in html
    assert 'type="checkbox" name="also"' in html
    # Where the client is and their language start at the reader's own (the UK, English).
    assert 'name="region" value="uk" id="id_region_1" required checked' in html
    assert 'name="client_language" value="en" id="id_client_language_0" required checked' in html
    for situation in Situation.objects.all():
        assert f'value="{situation.slug}"' in html
    assert "Show the plan" in html


def test_with_htmx_each_answer_brings_the_next_step(manager_client):
    response = manager_client.get(
        START, {"situation": "bereavement"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="guide-form"')
    assert "<html" not in html
    assert "Step 2 of 10" in html
    assert 'id="step-also" class="guide-step is-current"' in html
    assert response["HX-Push-Url"] == f"{START}?situation=bereavement&seen=1"
    # "Anything else?" may be left empty: Next moves on to the stage.
    html = manager_client.get(
        START,
        {"situation": "bereavement", "next": "2", "seen": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="step-stage" class="guide-step is-current"' in html
    assert "HX-Request" in response["Vary"]


def test_the_step_shown_is_the_first_unanswered_one(manager_client):
    answers = {k: v for k, v in ANSWERS.items() if k != "channel"}
    html = manager_client.get(
        START, {**answers, "seen": "8"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Step 5 of 10" in html
    assert 'id="step-channel" class="guide-step is-current"' in html


def test_once_the_choices_are_made_the_guide_asks_what_you_notice_then_about_the_client(
    manager_client,
):
    html = manager_client.get(
        START, {**ANSWERS, "seen": "7"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Step 8 of 10" in html
    assert 'id="step-signals" class="guide-step is-current"' in html
    html = manager_client.get(
        START, {**ANSWERS, "seen": "7", "next": "8"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="step-region" class="guide-step is-current"' in html


def test_back_and_change_links_keep_the_other_answers(manager_client):
    html = manager_client.get(
        START, {**ANSWERS, "seen": "7"}, headers={"HX-Request": "true"}
    ).content.decode()
    change = re.search(r'href="([^"]*step=1)&amp;seen=7"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(change).query)
    assert query["situation"] == ["bereavement"] and query["channel"] == ["written"]
    again = manager_client.get(change, headers={"HX-Request": "true"}).content.decode()
    assert "Step 1 of 10" in again
    assert 'value="bereavement" id="id_situation_0" required checked' in again
    assert 'id="step-situation" class="guide-step is-current"' in again


def test_next_without_an_answer_says_what_is_missing(manager_client):
    response = manager_client.get(START, {"next": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Choose what your client is going through." in html
    assert "Step 1 of 10" in html
    assert response["HX-Push-Url"] == START


def test_the_start_page_shows_no_errors_for_partial_answers(manager_client):
    html = manager_client.get(START, {"situation": "bereavement"}).content.decode()
    assert 'class="error"' not in html


# The plan: the GET contract


def test_the_plan_has_every_section(manager_client):
    response = manager_client.get(plan_url())
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Say", "Avoid", "Offer", "Where to refer", "Follow up", "Read more"):
        assert f">{heading}</h2>" in html
    assert "Why these suggestions?" in html and "because:" not in html  # said once
    assert "Safety first" not in html
    assert html.count('class="copy-button') >= 3


@pytest.mark.parametrize(
    ("grade", "title", "step"),
    [
        ("danger", "They may be in immediate danger", "Use a second phone"),
        ("suicidal", "They mention suicide or self-harm", "Do not promise to keep it secret"),
        ("abuse", "They may be unsafe at home", "Is it safe for you to talk right now?"),
    ],
)
def test_a_risk_grade_opens_the_plan_with_its_safety_card(manager_client, grade, title, step):
    html = manager_client.get(plan_url(signals=grade)).content.decode()
    assert html.index("Safety first") < html.index(title) < html.index(">Say</h2>")
    assert step in html
    assert 'tel:999"' in html  # the default region is the UK
    assert "tell your team lead or designated contact" in html.lower()


def test_distress_alone_shows_a_safety_card_without_the_emergency_number(manager_client):
    html = manager_client.get(plan_url(signals="distressed")).content.decode()
    assert html.index("Safety first") < html.index(">Say</h2>")
    assert "They say they are not coping" in html
    assert 'tel:999"' not in html
    assert 'tel:116123"' in html  # a listening line is still there


def test_several_grades_show_the_most_serious_card_first(manager_client):
    html = manager_client.get(
        plan_url() + "&signals=distressed&signals=abuse&signals=danger&signals=carry-on"
    ).content.decode()
    titles = [
        "They may be in immediate danger",
        "They may be unsafe at home",
        "They say they are not coping",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert positions[-1] < html.index(">Say</h2>")


def test_each_follow_up_instruction_has_its_own_dated_row(manager_client):
    html = manager_client.get(plan_url(signals="suicidal")).content.decode()
    steps = html[
        html.index('class="follow-up-steps"') : html.index("</ul>", html.index("follow-up-steps"))
    ]
    rows = re.findall(r"<li><strong>([^<]*)</strong>\s*<p[^>]*>([^<]*)</p></li>", steps)
    assert rows, steps
    assert "(1 day from now)" in rows[0][0]
    assert rows[0][1].startswith("Check in: ask how they are today")
    assert len({text for _date, text in rows}) == len(rows)


def test_the_plan_costs_the_same_queries_as_content_grows(manager_client):
    bereavement = Situation.objects.get(slug="bereavement")

    def add(n: int) -> None:
        for i in range(n):
            make_playbook(situations=[bereavement], phrases=[f"Extra phrase {i}."])

    add(10)
    with_n = costs(manager_client, plan_url())
    add(20)
    assert costs(manager_client, plan_url()) == with_n


def test_the_plan_stores_nothing(manager_client):
    with CaptureQueriesContext(connection) as queries:
        manager_client.get(plan_url(signals="suicidal"))
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_the_share_link_carries_the_answers_and_nothing_else(manager_client):
    html = manager_client.get(plan_url() + "&signals=upset&client=Ada&utm=x").content.decode()
    link = re.search(r'id="plan-link" hidden>([^<]*)<', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {
        **{k: [v] for k, v in ANSWERS.items()},
        "signals": ["upset"],
        "stage": ["first"],
        "region": ["uk"],  # the client's region travels with the link
        "client_language": ["en"],
    }
    for link in re.findall(r'href="([^"]*/guide/[^"]*)"', html):
        assert "Ada" not in link and "utm" not in link


def test_name_fields_are_never_submitted(manager_client):
    html = manager_client.get(plan_url()).content.decode()
    name_inputs = [
        (attrs, depth) for tag, attrs, depth in elements(html) if "data-name-input" in attrs
    ]
    assert len(name_inputs) == 2
    for attrs, depth in name_inputs:
        assert "name" not in attrs
        assert depth == 0  # outside every form
        assert attrs["autocomplete"] == "off"


def test_empty_name_slots_show_as_chips(manager_client):
    bereavement = Situation.objects.get(slug="bereavement")
    make_playbook(situations=[bereavement], phrases=["Thinking of you, {client}. {me}"])
    html = manager_client.get(plan_url(relationship="partner")).content.decode()
    assert "{client}" not in html and "{me}" not in html
    assert 'data-name="client" data-unfilled="[client&#x27;s name]">' in html


def test_the_plan_works_in_french(manager_client):
    english = manager_client.get(plan_url(signals="suicidal")).content.decode()
    assert "Why these suggestions?" in english
    manager_client.cookies["django_language"] = "fr"
    response = manager_client.get(plan_url(signals="suicidal"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Deuil" in html and "Why these suggestions?" not in html  # not the English render


# Bad input


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Choose what your client is going through."),
        ("situation=volcano", "That is not one of the choices."),
        ("situation=bereavement&relationship=enemy", "That is not one of the choices."),
        ("situation=bereavement", "Choose how well you know your client."),
        (
            "situation=bereavement&relationship=new&channel=pigeon&pressure=none&can_grant=yes",
            "That is not one of the choices.",
        ),
        (
            "situation=bereavement&relationship=new&channel=phone&pressure=none&can_grant=maybe",
            "That is not one of the choices.",
        ),
        (
            "situation=bereavement&relationship=new&channel=in-person&pressure=none&can_grant=no",
            "That is not one of the choices.",
        ),
        (
            "situation=bereavement&also=illness&also=job-loss&also=disaster&relationship=new"
            "&channel=phone&pressure=none&can_grant=no",
            "Choose at most three situations in all",
        ),
    ],
)
def test_bad_answers_give_the_form_back_with_a_400(manager_client, query, message):
    response = manager_client.get(f"{PLAN}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'id="error-summary"' in html
    assert 'id="guide-form" class="guide-form show-all"' in html


def test_an_unknown_signal_is_set_aside_and_a_risk_beside_it_still_counts(manager_client):
    response = manager_client.get(
        PLAN + "?situation=bereavement&relationship=new&channel=phone&pressure=none"
        "&can_grant=no&signals=panic&signals=danger"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "One of the things you noticed is not one we recognise" in html
    assert html.index("Safety first") < html.index(">Say</h2>")
    assert "They may be in immediate danger" in html


def test_hostile_input_is_escaped(manager_client):
    response = manager_client.get(
        PLAN, {"situation": "<script>alert(1)</script>", "signals": "<b>"}
    )
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.content.decode()


def test_the_plan_is_get_only(manager_client):
    assert manager_client.post(plan_url()).status_code == 405
    assert manager_client.post(START).status_code == 405


# Setup placeholders and support for the reader


def test_placeholders_are_never_shown_to_readers_and_leads_are_told(manager_client, lead_client):
    for signals in ("", "suicidal"):
        html = manager_client.get(plan_url(signals=signals or None)).content.decode()
        assert "in the admin" not in html and "Add your EAP" not in html
    assert "Setup needed" not in manager_client.get("/").content.decode()
    home = lead_client.get("/").content.decode()
    assert "Setup needed" in home
    assert "Your company&#x27;s employee assistance programme (EAP)" in home


def test_the_eap_once_set_up_is_for_the_reader_not_a_referral(manager_client):
    from playbooks.library.models import Resource

    eap = Resource.objects.get(slug="company-eap")
    eap.contact, eap.needs_setup = "0800 123 456", False
    eap.save()
    html = manager_client.get(plan_url()).content.decode()
    for_you = html.index('id="for-you-title"')
    assert html.index("0800 123 456") > for_you
    refer = html[html.index(">Where to refer</h2>") : html.index(">Follow up</h2>")]
    assert "0800 123 456" not in refer


# "Client may be unsafe?": the safety cards without the six questions

SAFETY = reverse("guide:safety")


def test_every_page_links_to_the_safety_cards(manager_client):
    for path in ("/", "/playbooks/", START):
        html = manager_client.get(path).content.decode()
        assert f'href="{SAFETY}"' in html and "Client may be unsafe?" in html


def test_the_safety_page_shows_every_card_and_the_regions_numbers(manager_client):
    response = manager_client.get(SAFETY)
    html = response.content.decode()
    assert response.status_code == 200
    titles = [
        "They may be in immediate danger",
        "They mention suicide or self-harm",
        "They may be unsafe at home",
        "They say they are not coping",
    ]
    positions = [html.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)  # most serious first
    assert 'tel:999"' in html and 'tel:116123"' in html  # the default region is the UK
    french = manager_client.get(SAFETY, {"region": "fr"}).content.decode()
    assert 'tel:3114"' in french and 'tel:112"' in french
    # The reader is in the UK: 999 is only in how to get help to a client abroad.
    abroad = french.index("Getting help to a client in another country")
    assert 'tel:999"' not in french[:abroad]
    assert "ask to be connected to the emergency services there" in french


def test_the_safety_page_always_says_what_to_call(manager_client):
    html = manager_client.get(SAFETY, {"region": "intl"}).content.decode()
    assert "Call the local emergency number where your client is." in html


def test_an_unknown_region_on_the_safety_page_still_shows_the_cards(manager_client):
    response = manager_client.get(SAFETY, {"region": "mars"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "That region is not one we know" in html
    assert "They may be in immediate danger" in html and 'tel:999"' in html


def test_the_safety_page_works_in_french(manager_client):
    manager_client.cookies["django_language"] = "fr"
    html = manager_client.get(SAFETY, {"region": "fr"}).content.decode()
    assert "Client peut-être en danger\u00a0?" in html
    assert "Votre client parle de suicide ou d&#x27;automutilation" in html


@pytest.mark.parametrize("url", [START, plan_url(), reverse("guide:calendar"), SAFETY])
def test_the_guide_needs_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# The region


def test_readers_choose_their_region_on_the_plan(manager_client, manager):
    target = plan_url(signals="suicidal")
    assert 'tel:999"' in manager_client.get(target).content.decode()  # the default: the UK
    response = manager_client.post(reverse("guide:region"), {"region": "fr", "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert ReaderRegion.objects.get(user=manager).region == "fr"
    html = manager_client.get(target).content.decode()
    assert "3114" in html and 'tel:999"' not in html
    assert '<option value="fr" selected>' in html


def test_a_bad_region_is_a_400_and_changes_nothing(manager_client, manager):
    response = manager_client.post(reverse("guide:region"), {"region": "mars", "next": "/"})
    assert response.status_code == 400
    assert "There is no such region" in response.content.decode()
    assert not ReaderRegion.objects.filter(user=manager).exists()


def test_the_region_form_never_redirects_off_site(manager_client):
    response = manager_client.post(
        reverse("guide:region"), {"region": "us", "next": "https://evil.example/"}
    )
    assert response["Location"] == START


def test_the_region_is_changed_by_post_only(manager_client):
    assert manager_client.get(reverse("guide:region"), {"region": "fr"}).status_code == 405
