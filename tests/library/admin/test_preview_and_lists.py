"""Live preview through the public sanitiser; useful, fast lists for every model."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbooks.library.markdown import render_markdown
from playbooks.library.models import Playbook

from ...factories import make_playbook, make_resource
from .helpers import change_url

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/playbooks/playbook/preview/"
HTMX = {"HX-Request": "true"}


def test_the_preview_renders_markdown_like_the_public_page_and_strips_script(lead_client):
    body = "## Say\n\n**Listen** first.\n\n<script>alert(1)</script><a href='javascript:x'>x</a>"
    response = lead_client.post(PREVIEW, {"summary": "Be <b>kind</b>.", "body": body}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert render_markdown(body) in html  # the public page's renderer and sanitiser
    assert "Say</h" in html and "<strong>Listen</strong>" in html
    assert "<script>" not in html and "javascript:" not in html
    assert "Be &lt;b&gt;kind&lt;/b&gt;." in html  # the summary is text, escaped
    assert "<html" not in html  # a fragment for htmx
    assert 'hx-swap-oob="innerHTML"' in html and "Preview updated." in html


def test_without_javascript_the_preview_is_a_whole_page(lead_client):
    response = lead_client.post(PREVIEW, {"summary": "s", "body": "Plain *body*."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<em>body</em>" in html
    assert "Nothing has been saved" in html


def test_the_preview_refuses_get_and_oversized_text(lead_client):
    assert lead_client.get(PREVIEW).status_code == 405
    response = lead_client.post(PREVIEW, {"body": "x" * 200_001}, headers=HTMX)
    assert response.status_code == 400
    assert "too long to preview" in response.content.decode()


def test_the_change_form_wires_the_live_preview_and_view_on_site(lead_client):
    playbook = make_playbook(body="Hello **there**.")
    html = lead_client.get(change_url(playbook)).content.decode()
    assert 'hx-post="/admin/playbooks/playbook/preview/"' in html
    assert 'hx-trigger="input changed delay:400ms"' in html
    assert "<strong>there</strong>" in html  # the preview starts filled in
    assert f'href="{playbook.get_absolute_url()}"' in html and "View on site" in html
    assert "Preview in a new tab" in html


def test_view_on_site_only_for_published_playbooks(lead_client):
    draft = make_playbook(status=Playbook.Status.DRAFT)
    assert "View on site" not in lead_client.get(change_url(draft)).content.decode()


def test_admin_pages_we_added_have_no_inline_script_style_or_handler(lead_client):
    import re

    playbook = make_playbook(phrases=["Hi."])
    urls = [
        change_url(playbook),
        reverse("admin:playbooks_playbook_changelist"),
        reverse("admin:playbooks_playbook_history", args=[playbook.pk]),
        reverse("admin:playbooks_playbook_upload"),
        reverse("admin:playbooks_playbook_add"),
    ]
    for url in urls:
        html = lead_client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url


@pytest.mark.parametrize(
    "model, query",
    [
        ("playbook", "?q=listening&status__exact=published&review=overdue&language__exact=en"),
        ("situation", "?q=bereave&published=yes"),
        ("contribution", "?q=1&language__exact=en"),
        ("phrase", "?q=listening&kind__exact=listen&playbook__status__exact=published"),
        ("boundary", "?q=advice&kind__exact=avoid"),
        ("flexibilityoption", "?q=deadline&approver__exact=you"),
        ("resource", "?q=line&region=uk&kind__exact=helpline"),
        ("playbookrevision", "?q=listening&action__exact=edited"),
    ],
)
def test_every_list_searches_and_filters(lead_client, model, query):
    make_resource(regions=["uk"])
    response = lead_client.get(reverse(f"admin:playbooks_{model}_changelist") + query)
    assert response.status_code == 200


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_playbook_list_costs_the_same_queries_however_long(lead, lead_client):
    url = reverse("admin:playbooks_playbook_changelist")
    few = count_queries(lead_client, url)
    for _ in range(30):
        make_playbook(owner=lead, edited_by=lead)
    assert count_queries(lead_client, url) <= few


def test_the_change_form_costs_the_same_queries_however_many_items(lead_client):
    small = make_playbook(phrases=["a"], boundaries=["b"], options=["c"])
    large = make_playbook(
        phrases=[f"p{i}" for i in range(25)],
        boundaries=[f"b{i}" for i in range(25)],
        options=[f"o{i}" for i in range(25)],
    )
    count_queries(lead_client, change_url(small))  # the first request also saves the session
    assert count_queries(lead_client, change_url(large)) <= count_queries(
        lead_client, change_url(small)
    )


def test_the_history_page_costs_the_same_queries_however_many_versions(lead, lead_client):
    from playbooks.library import history

    playbook = make_playbook()
    history.record(playbook_id=playbook.pk, user=lead, action="created")
    url = reverse("admin:playbooks_playbook_history", args=[playbook.pk])
    few = count_queries(lead_client, url)
    for _ in range(20):
        Playbook.objects.get(pk=playbook.pk).save()
        history.record(playbook_id=playbook.pk, user=lead, action="edited")
    assert count_queries(lead_client, url) <= few
