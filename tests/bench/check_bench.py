"""The benchmark's own parts: a corpus that looks like real text, seeding, and honest reports.

The load itself is not run here (``make bench`` does that); these check that what it
measures and reports can be trusted.
"""

import collections
import re

import pytest

from playbooks.library.markdown import render_markdown
from playbooks.library.models import Phrase, Playbook
from playbooks.search.models import SearchDocument

from .corpus import CorpusGenerator, build_vocabulary, most_common_word
from .load import CpuWatch, Measurement, read_server_log
from .report import Endpoint, Row, check_targets, results_table
from .server import read_form


@pytest.fixture(scope="module")
def sample():
    return list(CorpusGenerator().playbooks(400))


def test_vocabulary_has_several_thousand_words_and_the_domains_terms():
    english, french = build_vocabulary("en", 6000), build_vocabulary("fr", 2500)
    assert len(set(english)) == 6000 and len(set(french)) == 2500
    for term in ("bereavement", "deadline", "condolences", "funeral", "flexibility"):
        assert term in english
    for term in ("décès", "deuil", "condoléances"):
        assert term in french


def test_word_frequencies_fall_off_like_zipf(sample):
    counts = collections.Counter(
        w for spec in sample for w in re.findall(r"\w+", spec.body.lower())
    ).most_common()
    assert len(counts) > 3000  # not a handful of repeated words
    # Zipf: frequency roughly inversely proportional to rank.
    assert 4 < counts[9][1] / counts[99][1] < 25
    assert counts[0][1] / sum(n for _, n in counts) < 0.08


def test_most_common_word_is_one_that_search_indexes():
    word = most_common_word(build_vocabulary("en", 6000))
    assert len(word) >= 3 and word not in {"the", "and", "you", "your"}


def test_generated_html_is_what_markdown_rendering_would_make(sample):
    for spec in sample[:150]:
        assert spec.body_html == render_markdown(spec.body)


def test_playbooks_look_like_playbooks(sample):
    assert len({spec.slug for spec in sample}) == len(sample)
    assert all(1 <= len(spec.situations) <= 3 for spec in sample)
    assert 4.5 <= sum(len(spec.phrases) for spec in sample) / len(sample) <= 5.5
    words = sum(len(spec.body.split()) for spec in sample) / len(sample)
    assert 200 <= words <= 1500
    french = [spec for spec in sample if spec.language == "fr"]
    assert 0.05 < len(french) / len(sample) < 0.2
    assert any(spec.translation_of is not None for spec in french)
    assert all(spec.translation_of < spec.index for spec in french if spec.translation_of)


def test_the_same_seed_makes_the_same_corpus():
    first, second = CorpusGenerator().playbook(0), CorpusGenerator().playbook(0)
    assert first == second


@pytest.mark.django_db
def test_seeding_inserts_published_playbooks_with_situations_and_phrases():
    from .seed import optimise, seed

    before = Playbook.objects.count()
    facts = seed(60, batch_size=25, log=lambda _: None)
    optimise(log=lambda _: None)
    bench = Playbook.objects.filter(slug__regex=r"-b[0-9]+$")
    assert Playbook.objects.count() == before + 60 == before + bench.count()
    assert not bench.exclude(status=Playbook.Status.PUBLISHED).exists()
    assert not bench.filter(situations=None).exists()
    assert Phrase.objects.filter(playbook__in=bench).count() >= 60 * 4
    assert facts["items"] > 60 * 7
    playbook = bench.first()
    assert playbook.body_html == render_markdown(playbook.body)
    assert SearchDocument.objects.count() == Playbook.objects.published().count()


def test_admin_form_is_read_as_a_browser_would_submit_it():
    html = """
    <form id="other"><input name="ignored" value="x"></form>
    <form id="playbook_form" method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="title" value="A &amp; B">
      <input type="hidden" name="version" value="7">
      <textarea name="summary">
Line one</textarea>
      <select name="status"><option value="draft">D</option>
        <option value="published" selected>P</option></select>
      <select name="situations" multiple><option value="1" selected>a</option>
        <option value="2">b</option><option value="3" selected>c</option></select>
      <select name="owner"><option value="">---</option><option value="4">x</option></select>
      <input type="checkbox" name="flag" checked><input type="checkbox" name="off">
      <input type="submit" name="_save" value="Save">
    </form>"""
    assert read_form(html, "playbook_form") == [
        ("csrfmiddlewaretoken", "tok"),
        ("title", "A & B"),
        ("version", "7"),
        ("summary", "Line one"),
        ("status", "published"),
        ("situations", "1"),
        ("situations", "3"),
        ("owner", ""),
        ("flag", "on"),
    ]


def test_redirects_and_server_errors_in_the_log_count_as_failures():
    log = "\n".join(
        [
            '{"event": "request", "path": "/", "status": 200}',
            '{"event": "request", "path": "/", "status": 302}',
            '{"event": "request", "path": "/", "status": 500}',
            "Traceback (most recent call last):",
            "django.db.utils.OperationalError: database is locked",
        ]
    )
    m = read_server_log(log, Measurement(requests=3, seconds=1))
    assert (m.non_2xx, m.server_errors, m.locked, m.tracebacks) == (2, 1, 1, 1)


def test_the_budget_compares_with_the_reference_of_the_same_run():
    reference = Endpoint("reference", "/static/app.css", "reference", status=200)
    search = Endpoint("search", "/search/?q=x", "search", status=200)
    page = Endpoint("playbook", "/playbooks/x/", "playbook", status=200)
    new = Endpoint("new search", "/search/?q=y", "new-search", status=200)
    plan = Endpoint("plan", "/guide/plan/", "plan", status=404, note="404: not built yet")
    rows = [
        Row(reference, 8, Measurement(requests=1000, seconds=1, p99_ms=2, other_cpu=0.5)),
        Row(search, 8, Measurement(requests=200, seconds=1, p99_ms=40, other_cpu=0.0)),
        Row(page, 8, Measurement(requests=100, seconds=1, p99_ms=70)),
        Row(new, 8, Measurement(requests=60, seconds=1, p99_ms=300)),
        Row(plan, 8, None),
    ]
    checks = {name: ok for name, _, ok in check_targets(rows, {8: 1000.0}, 10_000)}
    assert checks == {
        "search: ≥ 15% of reference": True,
        "search: p99 ≤ 60 ms": True,
        "playbook: ≥ 15% of reference": False,
        "playbook: p99 ≤ 60 ms": False,
        "new search: ≥ 5% of reference": True,
        "plan: measured": False,
    }
    large = {name: ok for name, _, ok in check_targets(rows, {8: 1000.0}, 100_000)}
    assert large["search: p99 ≤ 150 ms"] and "search: ≥ 15% of reference" not in large
    table = results_table(rows, {8: 1000.0})
    assert "| 20% | 10% |" in table  # the search's share, then as if alone on the machine
    assert "404: not built yet" in table


def test_other_processes_cpu_is_told_apart_from_ours():
    # Process 2 (a database connection) ended during the run: it takes nothing of ours away.
    before = (100, 50, {1: 10, 2: 500})
    after = (200, 120, {1: 30, 3: 20})
    assert CpuWatch.other(before, after) == pytest.approx(0.3)
