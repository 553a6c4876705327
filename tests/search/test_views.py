"""The /search/ page: full page and htmx fragment, errors, logging, and constant query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbooks.library.models import Situation
from playbooks.search.models import SearchLog

from ..factories import make_playbook

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def test_results_show_title_situations_snippet_phrases_and_count(manager_client):
    burnout = Situation.objects.get(slug="burnout")
    playbook = make_playbook(
        title="Keeping calm with a brindlewort",
        summary="What to do about the brindlewort.",
        body="A long body that mentions the brindlewort once.",
        phrases=["The brindlewort can wait."],
        situations=[burnout],
    )
    response = manager_client.get(URL, {"q": "brindlewort"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Keeping calm with a <mark>brindlewort</mark>" in html
    assert burnout.name in html
    assert "The <mark>brindlewort</mark> can wait." in html
    assert "1 playbook matches “brindlewort”." in html
    assert f'href="{playbook.get_absolute_url()}?from_search=brindlewort"' in html


def test_htmx_gets_only_the_results_and_the_count_for_the_live_region(manager_client):
    make_playbook(title="Fragment of a zembla")
    response = manager_client.get(URL, {"q": "zembla"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html and 'role="search"' not in html
    assert "Fragment of a <mark>zembla</mark>" in html
    assert re.search(r'id="search-status" hx-swap-oob="innerHTML">1 playbook matches', html)
    assert "HX-Request" in response["Vary"]


def test_the_query_is_echoed_escaped(manager_client):
    html = manager_client.get(URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_nothing_found_suggests_the_guide_and_situations(manager_client):
    html = manager_client.get(URL, {"q": "qqxqqzz"}).content.decode()
    assert "No playbook matches “qqxqqzz”" in html
    assert reverse("guide:start") in html
    for situation in Situation.objects.all():
        assert situation.get_absolute_url().replace("&", "&amp;") in html


def test_an_unknown_situation_is_a_400_with_a_message(manager_client):
    for headers in ({}, {"HX-Request": "true"}):
        response = manager_client.get(URL, {"q": "grief", "situation": "nope"}, headers=headers)
        assert response.status_code == 400
        assert "There is no such situation" in response.content.decode()
    response = manager_client.get(URL, {"q": "grief", "situation": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["\x00", "grief\x00", "x" * 5000, 'NEAR("', "🙂", "*"])
def test_odd_queries_are_answered_not_refused(manager_client, query):
    assert manager_client.get(URL, {"q": query}).status_code == 200


def test_the_situation_filter_narrows_results_and_stays_in_the_form(manager_client):
    burnout = Situation.objects.get(slug="burnout")
    make_playbook(title="Vontrel at work", situations=[burnout])
    make_playbook(title="Vontrel at home", situations=[Situation.objects.get(slug="job-loss")])
    html = manager_client.get(URL, {"q": "vontrel", "situation": "burnout"}).content.decode()
    assert "<mark>Vontrel</mark> at work" in html
    assert "<mark>Vontrel</mark> at home" not in html
    assert '<option value="burnout" selected>' in html


def test_pages_link_to_each_other_keeping_the_query(manager_client):
    for n in range(45):
        make_playbook(title=f"Pagewort {n}")
    html = manager_client.get(URL, {"q": "pagewort", "situation": ""}).content.decode()
    assert "45 playbooks match" in html
    assert 'href="?q=pagewort&amp;situation=&amp;page=2"' in html
    last = manager_client.get(URL, {"q": "pagewort", "page": "5"}).content.decode()
    assert last.count('class="search-result"') == 5  # 10 a page, the last 5 not orphaned
    assert manager_client.get(URL, {"q": "pagewort", "page": "x"}).status_code == 200


def test_each_search_is_logged_normalised_without_a_user(manager_client):
    make_playbook(title="Logged quimble")
    manager_client.get(URL, {"q": "  Zoggled   WUZZLY 0612 "})
    manager_client.get(URL, {"q": "zzqqxv-wuggle"})
    manager_client.get(URL, {"q": "   "})
    manager_client.get(URL)
    logs = list(SearchLog.objects.order_by("created_at", "id").values())
    assert [(log["query"], log["result_count"], log["language"]) for log in logs] == [
        ("zoggled wuzzly ####", 0, "en"),
        ("zzqqxv-wuggle", 0, "en"),
    ]
    assert not {"user", "user_id"} & set(logs[0])
    manager_client.get(URL, {"q": "quimble"})
    assert SearchLog.objects.get(query="quimble").result_count == 1


def test_the_page_and_fragment_cost_the_same_queries_for_5_or_50_playbooks(
    manager_client, django_assert_max_num_queries
):
    burnout = Situation.objects.get(slug="burnout")

    def make(n):
        for i in range(n):
            make_playbook(
                title=f"Countwort {i}",
                phrases=["Countwort phrase one.", "Countwort phrase two."],
                situations=[burnout, Situation.objects.get(slug="job-loss")],
            )

    make(5)
    manager_client.get(URL, {"q": "countwort"})  # warm the session and the situations
    # The search reads a bounded number of rows whatever N is: the count must not grow.
    with CaptureQueriesContext(connection) as five:
        manager_client.get(URL, {"q": "countwort", "situation": "burnout"})
    limit = len(five.captured_queries)  # read before the next request resets the log
    make(45)
    manager_client.get(URL, {"q": "countwort"})  # the situations again, at the new version
    with django_assert_max_num_queries(limit):
        manager_client.get(URL, {"q": "countwort", "situation": "burnout"})
    with django_assert_max_num_queries(limit):
        manager_client.get(URL, {"q": "countwort"}, headers={"HX-Request": "true"})


def test_the_empty_page_explains_and_offers_the_guide(manager_client):
    response = manager_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not sure what to search for?" in html
    assert reverse("guide:start") in html
    assert SearchLog.objects.count() == 0


def test_french_readers_get_the_page_in_french(manager_client):
    make_playbook(title="Gribouillard en français", language="fr")
    make_playbook(title="Gribouillard in English", language="en")
    response = manager_client.get(URL, {"q": "gribouillard"}, headers={"Accept-Language": "fr"})
    html = response.content.decode()
    assert html.index("en français") < html.index("in English")
    assert SearchLog.objects.get().language == "fr"


def test_prefixes_typed_are_not_logged_only_the_settled_query(manager_client):
    typing = {"HX-Request": "true", "HX-Trigger": "search-q"}
    for prefix in ("m", "mo", "mot", "moth", "mother"):
        manager_client.get(URL, {"q": prefix}, headers=typing)
    assert not SearchLog.objects.exists()
    paused = {"HX-Request": "true", "HX-Trigger": "search-settled"}
    manager_client.get(URL, {"q": "mother"}, headers=paused)
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["mother"]


def test_a_result_opened_before_the_query_settled_logs_it(manager_client):
    manager_client.get("/playbooks/bereavement/", {"from_search": "mother died", "log_search": "1"})
    (log,) = SearchLog.objects.all()
    assert log.query == "mother died" and log.result_count > 0
    manager_client.get("/playbooks/bereavement/", {"from_search": "mother died"})
    assert SearchLog.objects.count() == 1


def test_a_repeated_search_is_answered_from_the_cache_until_content_changes(manager_client):
    make_playbook(title="Cached hollyhock")
    manager_client.get(URL, {"q": "hollyhock"})
    with CaptureQueriesContext(connection) as repeat:
        again = manager_client.get(URL, {"q": "hollyhock"}).content.decode()
    assert "Cached <mark>hollyhock</mark>" in again and "1 playbook matches" in again
    assert not [
        q for q in repeat.captured_queries if "search_" in q["sql"] and "searchlog" not in q["sql"]
    ]
    assert SearchLog.objects.filter(query="hollyhock").count() == 2  # still logged each time
    make_playbook(title="Another hollyhock")  # the content version moves on
    assert "2 playbooks match" in manager_client.get(URL, {"q": "hollyhock"}).content.decode()
