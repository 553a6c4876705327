"""Download a playbook as its text file; upload one to create or update it, or be told why not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from playbooks.library.content_files import dump_playbook, parse_playbook
from playbooks.library.loader import load_content, playbook_data
from playbooks.library.models import Playbook
from playbooks.library.roles import ACCOUNT_MANAGERS

from ...factories import make_user

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/playbooks/playbook/upload/"


def upload(client, text: str | bytes, name: str = "playbook.md"):
    content = text.encode() if isinstance(text, str) else text
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, "text/markdown")})


def shipped() -> Playbook:
    return Playbook.objects.get(slug="listening-without-prying")


def test_download_gives_the_playbook_as_its_text_file(lead_client):
    playbook = shipped()
    response = lead_client.get(reverse("admin:playbooks_playbook_download", args=[playbook.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="listening-without-prying.md"'
    assert response.content.decode() == dump_playbook(playbook_data(playbook))
    assert parse_playbook(response.content.decode())["slug"] == playbook.slug


def test_uploading_a_file_unchanged_changes_nothing(lead_client):
    playbook = shipped()
    text = dump_playbook(playbook_data(playbook))
    response = upload(lead_client, text)
    assert response.status_code == 302
    assert Playbook.objects.get(pk=playbook.pk).version == playbook.version
    page = lead_client.get(response["Location"]).content.decode()
    assert "nothing changed" in page


def test_uploading_a_changed_file_updates_the_playbook_as_a_recorded_edit(lead, lead_client):
    playbook = shipped()
    text = dump_playbook(playbook_data(playbook)).replace(
        playbook.summary, "A summary written offline."
    )
    response = upload(lead_client, text.replace('status = "published"', 'status = "draft"'))
    assert response.status_code == 302
    playbook.refresh_from_db()
    assert playbook.summary == "A summary written offline."
    assert playbook.status == Playbook.Status.PUBLISHED  # a file never moves the workflow
    assert playbook.edited_by == lead
    assert [r.action for r in playbook.revisions.order_by("number")] == ["recorded", "uploaded"]
    # The shipped content loader now treats it as edited in the admin and leaves it alone.
    assert playbook.slug in load_content().kept_edited


def test_uploading_a_new_slug_creates_a_draft_owned_by_the_uploader(lead, lead_client):
    text = dump_playbook({**playbook_data(shipped()), "slug": "a-new-one", "title": "A new one"})
    response = upload(lead_client, text, "a-new-one.md")
    assert response.status_code == 302
    playbook = Playbook.objects.get(slug="a-new-one")
    assert (playbook.status, playbook.owner, playbook.title) == ("draft", lead, "A new one")
    assert playbook.phrases.count() == shipped().phrases.count()
    assert playbook.review_by is not None


GOOD = "+++\nslug = 'x-new'\ntitle = 'X'\nsummary = 's'\nsituations = ['bereavement']\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("no front matter at all", "must start with a &#x27;+++&#x27; line"),
        (GOOD, "no closing &#x27;+++&#x27; line"),
        ("+++\ntitle = \n+++\n", "not valid TOML"),
        (GOOD.replace("slug = 'x-new'\n", "") + "+++\n", "&#x27;slug&#x27; is required"),
        (GOOD.replace("bereavement", "shipwreck") + "+++\n", "unknown value(s) shipwreck"),
        (GOOD + "[[say]]\nkind = 'shout'\ntext = 'x'\n+++\n", "&#x27;kind&#x27; must be one of"),
        (GOOD.replace("'X'", "'" + "X" * 300 + "'") + "+++\n", "&#x27;title&#x27;"),
        (GOOD.replace("x-new", "not a slug!") + "+++\n", "&#x27;slug&#x27;"),
        (GOOD + "[[say]]\nkind = 'listen'\ntext = 'x'\nweight = 99999\n+++\n", "[[say]] 1"),
        (GOOD + "translation_of = 'nowhere'\n+++\n", "names no other playbook"),
        (b"+++\nslug = 'x-new'\n" + b"\xff\xfe+++\n", "not UTF-8 text"),
        ("+++\n" + "x" * 600_000, "too large"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(lead_client, text, message):
    before = Playbook.objects.count()
    response = upload(lead_client, text, "broken.md")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was not loaded" in html
    assert message in html
    assert Playbook.objects.count() == before


def test_the_upload_form_requires_a_file(lead_client):
    response = lead_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_account_managers_cannot_upload():
    client = Client()
    client.force_login(make_user(role=ACCOUNT_MANAGERS))
    response = upload(client, GOOD + "+++\n")
    assert response.status_code == 302
    assert not Playbook.objects.filter(slug="x-new").exists()


def test_the_upload_page_is_labelled_and_linked_from_the_list(lead_client):
    assert (
        "Upload a playbook file"
        in lead_client.get(reverse("admin:playbooks_playbook_changelist")).content.decode()
    )
    html = lead_client.get(UPLOAD).content.decode()
    assert '<label for="id_file">Playbook file:</label>' in html


def test_the_selected_playbooks_download_as_a_zip_of_text_files(lead_client):
    import io
    import zipfile

    playbook = shipped()
    response = lead_client.post(
        reverse("admin:playbooks_playbook_changelist"),
        {"action": "download_selected", "_selected_action": [playbook.pk]},
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read(f"en/{playbook.slug}.md").decode() == dump_playbook(playbook_data(playbook))
