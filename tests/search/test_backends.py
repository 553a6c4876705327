"""The search function on whichever database runs the tests (SQLite FTS5 or PostgreSQL)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbooks.library.models import Phrase, Playbook, Situation
from playbooks.library.templatetags.guidance import name_slot
from playbooks.search import backends
from playbooks.search.backends import results_page, search
from playbooks.search.models import SearchDocument

from ..factories import make_playbook

pytestmark = pytest.mark.django_db


def on_postgres(test):
    """PostgreSQL-only behaviour: marked, so that a SQLite run deselects it by name."""
    skip = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
    return pytest.mark.postgres(skip(test))


HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "grief*",
    "*grief",
    "NEAR(",
    "NEAR(grief client, 2)",
    "AND OR NOT",
    "grief AND",
    "OR",
    "NOT grief",
    "-grief",
    "title:grief",
    "{title}: grief",
    "^grief",
    "grief:*",
    "!grief & client | (",
    "'; DROP TABLE playbooks_playbook; --",
    "1 OR 1=1",
    "\x00",
    "grief\x00client",
    "\ue000\ue001",
    "🙂🙂",
    "👩‍👩‍👧 grief",
    "\u202egrief",
    "e\u0301",
    "ǅ ß İ ﬁ",
    "<script>alert(1)</script>",
    "grief " * 1000,
    "x" * 5000,
    " ",
    "",
]


def titles(results, n=20):
    return [str(hit.title) for hit in results[:n]]


def plain(html) -> str:
    return re.sub(r"</?mark>", "", str(html))


def test_a_title_match_ranks_above_summary_phrase_and_body_matches():
    body = make_playbook(title="Zeta body", body="Somewhere in here is the word quorvex.")
    phrase = make_playbook(title="Zeta phrase", phrases=["Tell them about quorvex gently."])
    summary = make_playbook(title="Zeta summary", summary="A note on quorvex for readers.")
    title = make_playbook(title="Quorvex at the title")
    found = [plain(t) for t in titles(search("quorvex", language="en"))]
    assert found == [title.title, summary.title, phrase.title, body.title]


def test_matches_are_highlighted_with_mark_and_everything_else_is_escaped():
    make_playbook(
        title="Handling a <b>zyntrophy</b>",
        body="Before <script>alert('x')</script> the zyntrophy & after.",
    )
    (hit,) = search("zyntrophy", language="en")[:5]
    assert str(hit.title) == "Handling a &lt;b&gt;<mark>zyntrophy</mark>&lt;/b&gt;"
    assert "<mark>zyntrophy</mark>" in hit.snippet
    assert "<script" not in hit.snippet  # escaped (SQLite) or left out (ts_headline drops tags)
    assert set(re.findall(r"<[^>]*>", hit.snippet)) == {"<mark>", "</mark>"}


def test_markers_inside_playbook_text_cannot_forge_highlights():
    make_playbook(title="Odd \ue000characters\ue001 in vluxome")
    (hit,) = search("vluxome", language="en")[:5]
    assert str(hit.title) == "Odd characters in <mark>vluxome</mark>"


def test_matching_phrases_are_listed_highlighted():
    make_playbook(
        title="Phrases test",
        summary="About prennic.",
        phrases=["I am sorry about the prennic.", "Take the time you need.", "More prennic here."],
    )
    (hit,) = search("prennic", language="en")[:5]
    assert hit.phrases == [
        "I am sorry about the <mark>prennic</mark>.",
        "More <mark>prennic</mark> here.",
    ]


def test_situation_filter_keeps_only_that_situation():
    burnout = Situation.objects.get(slug="burnout")
    job_loss = Situation.objects.get(slug="job-loss")
    inside = make_playbook(title="Glimmerfax at work", situations=[burnout])
    make_playbook(title="Glimmerfax at home", situations=[job_loss])
    results = search("glimmerfax", language="en", situation=burnout)
    assert [plain(t) for t in titles(results)] == [inside.title]
    assert results[0].situations == [burnout]


def test_accents_do_not_matter_either_way():
    make_playbook(title="Après un décès dans la famille", language="fr", summary="Deuil.")
    make_playbook(title="Note on a deces written without accents", summary="Plain.")
    assert len(search("deces", language="fr")[:20]) >= 2
    found = {plain(t) for t in titles(search("décès", language="fr"))}
    assert {"Après un décès dans la famille", "Note on a deces written without accents"} <= found


def test_the_last_word_matches_as_a_prefix_while_typing():
    make_playbook(title="Supporting a client after a bereavement", summary="Loss.")
    make_playbook(title="Planning around a funeral", summary="Dates.")
    # "bereav" also points to Bereavement, whose own playbook comes first (vocabulary.py).
    top = [plain(hit.title).lower() for hit in search("supporting bereav", language="en")[:2]]
    assert "supporting a client after a bereavement" in top
    for partial in ("fun", "funer", "funera", "funeral"):
        assert any("funeral" in t.lower() for t in titles(search(partial, language="en"))), partial


def test_only_published_playbooks_are_found():
    make_playbook(title="Wobblenaut published")
    draft = make_playbook(title="Wobblenaut draft", status=Playbook.Status.DRAFT)
    make_playbook(title="Wobblenaut archived", status=Playbook.Status.ARCHIVED)
    assert [plain(t) for t in titles(search("wobblenaut", language="en"))] == [
        "Wobblenaut published"
    ]
    draft.status = Playbook.Status.PUBLISHED
    draft.save()
    assert len(search("wobblenaut", language="en")) == 2


def test_the_index_follows_edits_to_playbooks_phrases_and_situations():
    playbook = make_playbook(title="Frobisher guidance")
    assert search("frobisher", language="en").count() == 1

    playbook.title = "Quillon guidance"
    playbook.save()
    assert search("frobisher", language="en").count() == 0
    assert search("quillon", language="en").count() == 1

    phrase = Phrase.objects.create(playbook=playbook, text="Say plinthor kindly.", kind="listen")
    assert search("plinthor", language="en").count() == 1
    phrase.text = "Say something kindly."
    phrase.save()
    assert search("plinthor", language="en").count() == 0

    burnout = Situation.objects.get(slug="burnout")
    assert search("quillon", language="en", situation=burnout).count() == 0
    playbook.situations.add(burnout)
    assert search("quillon", language="en", situation=burnout).count() == 1
    playbook.situations.remove(burnout)
    assert search("quillon", language="en", situation=burnout).count() == 0

    playbook.delete()
    assert search("quillon", language="en").count() == 0


def test_the_readers_language_comes_first():
    make_playbook(title="Tramontel tramontel in English", language="en")
    make_playbook(title="Tramontel en français", language="fr")
    assert [hit.language for hit in search("tramontel", language="fr")[:2]] == ["fr", "en"]
    assert [hit.language for hit in search("tramontel", language="en")[:2]] == ["en", "fr"]


def test_results_page_through_without_repeats():
    for n in range(30):
        make_playbook(title=f"Pagination marker {n}", summary="Xyloquent.")
    first = results_page(search("xyloquent", language="en"), 1, per_page=10)
    assert first.paginator.count == 30 and first.paginator.num_pages == 3
    seen = [
        hit.id
        for p in (1, 2, 3)
        for hit in results_page(search("xyloquent", language="en"), p, per_page=10)
    ]
    assert len(seen) == len(set(seen)) == 30


def test_a_very_broad_query_counts_and_ranks_a_bounded_window(monkeypatch):
    monkeypatch.setattr(backends, "RANK_WINDOW", 5)
    for n in range(8):
        make_playbook(title=f"Broad {n}", summary="Commonword appears here.")
    results = search("commonword", language="en")
    assert results.count() == 5 and results.capped
    assert len(results[0:20]) == 5


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_returns_results_or_none_never_an_error(query):
    make_playbook(title="Grief and client care")
    results = search(query, language="en")
    hits = results[:10]
    assert results.count() == len(hits) or results.count() > 10
    for hit in hits:
        assert set(re.findall(r"<[^>]*>", hit.title + hit.snippet)) <= {"<mark>", "</mark>"}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_text_at_all_is_a_safe_query(query):
    results = search(query, language="en")
    for hit in results[:5]:
        assert set(re.findall(r"<[^>]*>", hit.title + hit.snippet)) <= {"<mark>", "</mark>"}
    results.similar  # noqa: B018 - the typo fallback must be just as safe


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.sampled_from(
            [
                '"',
                "*",
                "NEAR(",
                "AND",
                "OR",
                "NOT",
                "(",
                ")",
                ":",
                "^",
                "-",
                "'",
                "{",
                "}",
                "grief",
                "client",
                "\x00",
                ";",
                "--",
                "&",
                "|",
                "!",
                "<->",
                "\\",
            ]
        ),
        max_size=12,
    )
)
def test_query_syntax_of_both_engines_is_inert(words):
    search(" ".join(words), language="en")[:5]
    search("".join(words), language="fr")[:5]


@on_postgres
def test_a_typo_that_matches_nothing_suggests_similar_titles():
    make_playbook(title="Holding professional boundaries with care")
    results = search("boundries", language="en")
    assert results.count() == 0
    assert any("boundaries" in str(hit.title) for hit in results.similar)


def test_the_database_in_use_picks_its_backend():
    make_playbook(title="Backend chooser")
    expected = "PostgresQuery" if connection.vendor == "postgresql" else "SqliteQuery"
    assert type(search("chooser", language="en").query).__name__ == expected


def test_phrases_written_in_bulk_are_found_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    # The loader writes a playbook, then its phrases with bulk_create (no signal), in one
    # transaction: the document catches up when it commits.
    with django_capture_on_commit_callbacks(execute=True):
        playbook = make_playbook(title="Bulk written")
        Phrase.objects.bulk_create([Phrase(playbook=playbook, text="Mention the quintal.")])
    assert search("quintal", language="en").count() == 1


def test_deleting_a_playbook_with_phrases_removes_it_from_search():
    playbook = make_playbook(title="Doomed yarrowick", phrases=["About yarrowick."])
    playbook.delete()
    assert search("yarrowick", language="en").count() == 0


def test_the_rebuild_command_refills_the_index():
    make_playbook(title="Refilled gazebo")
    SearchDocument.objects.all().delete()
    assert search("gazebo", language="en").count() == 0
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert search("gazebo", language="en").count() == 1


def test_name_slots_in_phrases_show_as_chips_to_fill_in():
    make_playbook(title="Slots", phrases=["Dear {client}, the plimsoll can wait. — {me}"])
    (hit,) = search("plimsoll", language="en")[:5]
    assert hit.phrases == [f"Dear {name_slot('client')}, the <mark>plimsoll</mark> can wait."]
    assert "[client&#x27;s name]" in hit.phrases[0]
