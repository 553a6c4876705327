"""Shipped content loads idempotently, never overwrites an admin edit, and round-trips."""

import shutil
from pathlib import Path

import pytest

from playbooks.library.content_files import ContentError, parse_playbook
from playbooks.library.loader import CONTENT_DIR, export_content, load_content, playbook_data
from playbooks.library.models import Phrase, Playbook

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    before = {p.slug: (p.content_hash, p.updated_at) for p in Playbook.objects.all()}
    report = load_content()
    assert report.created == [] and report.updated == [] and report.kept_edited == []
    after = {p.slug: (p.content_hash, p.updated_at) for p in Playbook.objects.all()}
    assert after == before


def test_shipped_content_is_all_loaded():
    files = list((CONTENT_DIR / "playbooks").glob("*/*.md"))
    assert files, "no shipped playbooks"
    assert Playbook.objects.count() == len(files)


def test_a_playbook_edited_in_the_admin_is_never_overwritten(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    playbook = Playbook.objects.order_by("slug").first()
    playbook.summary = "Rewritten by a team lead."
    playbook.save()
    # The shipped file changes too; the lead's edit must still win.
    path = next(tmp_path.glob(f"playbooks/*/{playbook.slug}.md"))
    path.write_text(
        path.read_text()
        .replace("+++\n", "+++\n", 1)
        .replace(f'title = "{playbook.title}"', 'title = "A new shipped title"')
    )
    report = load_content(tmp_path)
    assert playbook.slug in report.kept_edited
    playbook.refresh_from_db()
    assert playbook.summary == "Rewritten by a team lead."


def test_a_changed_file_updates_an_unedited_playbook(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    playbook = Playbook.objects.order_by("slug").first()
    path = next(tmp_path.glob(f"playbooks/*/{playbook.slug}.md"))
    text = path.read_text()
    path.write_text(text.replace(playbook.title, "A clearer title", 1))
    report = load_content(tmp_path)
    assert report.updated == [playbook.slug]
    playbook.refresh_from_db()
    assert playbook.title == "A clearer title"
    # and the next load sees nothing new
    assert load_content(tmp_path).updated == []


def test_round_trip_load_export_load_changes_nothing(tmp_path):
    first = tmp_path / "first"
    export_content(first)
    before = {p.slug: playbook_data(p) for p in Playbook.objects.all()}
    report = load_content(first)
    assert report.created == [] and report.updated == [] and report.kept_edited == []
    assert {p.slug: playbook_data(p) for p in Playbook.objects.all()} == before
    second = tmp_path / "second"
    export_content(second)
    for path in first.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_export_keeps_items_and_provenance(tmp_path):
    playbook = Playbook.objects.filter(phrases__isnull=False).distinct().first()
    export_content(tmp_path)
    data = parse_playbook(
        (tmp_path / "playbooks" / playbook.language / f"{playbook.slug}.md").read_text()
    )
    assert [p["text"] for p in data["say"]] == list(
        Phrase.objects.filter(playbook=playbook).order_by("order").values_list("text", flat=True)
    )
    assert data["contributions"] == sorted(c.number for c in playbook.contributions.all())


@pytest.mark.parametrize(
    "text, message",
    [
        ("no front matter", "must start with"),
        ("+++\ntitle = 'x'\n", "no closing"),
        ("+++\ntitle = \n+++\n", "not valid TOML"),
        (
            "+++\ntitle = 'x'\nsummary = 's'\nsituations = ['bereavement']\n+++\n",
            "'slug' is required",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['nope']\n+++\n",
            "unknown value(s) nope",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='shout'\ntext='x'\n+++\n",
            "'kind' must be one of",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='listen'\ntext='x'\nexclude_signals=['unsafe']\n+++\n",
            "unknown value(s) unsafe",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='listen'\ntext='x'\npriority='high'\n+++\n",
            "'priority' must be a whole number",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='listen'\ntext='x'\nsignals=['joked']\n"
            "exclude_signals=['joked']\n+++\n",
            "joked is both required (signals) and excluded",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='offer'\ntext='x'\nwording_ask='y'\n+++\n",
            "'wording_ask' needs an 'approver'",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='listen'\ntext='x'\nchannels=['in-person']\n+++\n",
            "the 'in-person' channel is now two: 'room' and 'video'",
        ),
        (
            "+++\nslug='x'\ntitle='x'\nsummary='s'\nsituations=['bereavement']\n"
            "[[say]]\nkind='listen'\ntext='x'\nstages=['someday']\n+++\n",
            "unknown value(s) someday",
        ),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(text, message):
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_playbook(text, "broken.md", {"bereavement"})


def test_every_shipped_file_names_its_provenance():
    for path in Path(CONTENT_DIR / "playbooks").glob("*/*.md"):
        data = parse_playbook(path.read_text())
        assert data["contributions"] or data["sources"], path.name
