"""A malformed playbook upload is a form error for the team lead, never a 500.

The loader is fed generated front matter (any keys, any TOML values: huge integers, deep
nesting, wrong types) and arbitrary bytes; the admin's upload page gets the worst cases.
"""

import json
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbooks.library import transfer
from playbooks.library.content_files import ContentError
from playbooks.library.models import Playbook

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:playbooks_playbook_upload")
KEYS = [
    "slug", "title", "language", "translation_of", "summary", "situations", "status",
    "review_interval_days", "contributions", "sources", "follow_up", "follow_up_days",
    "say", "avoid", "offer", "kind", "text", "why", "approver", "when", "weight", "priority",
    "signals", "exclude_signals", "channels", "relationships", "pressures", "wording_ask",
]  # fmt: skip
GOOD = """+++
slug = "fuzz-{n}"
title = "Fuzz"
summary = "A summary."
situations = ["bereavement"]
{extra}
+++
Body.
"""

# TOML written by hand, as a file could be: literals the TOML writer would never produce.
literals = st.one_of(
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),  # 4300+ digits: too long
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=1, max_value=3000).map(lambda d: "[" * d + "]" * d),  # deep nesting
    st.sampled_from(["true", "1979-05-27", "07:32:00", "inf", "nan", "-0", "1e400", "{}"]),
    st.text(max_size=30).map(lambda t: json.dumps(t)),
    st.sampled_from(['"bereavement"', '"en"', '"fr"', '"published"', '"acknowledge"', '"you"']),
)
values = st.recursive(
    literals, lambda inner: st.lists(inner, max_size=4).map(lambda v: f"[{', '.join(v)}]")
)
lines = st.tuples(st.sampled_from(KEYS), values).map(lambda kv: f"{kv[0]} = {kv[1]}")
tables = st.tuples(st.sampled_from(["say", "avoid", "offer"]), st.lists(lines, max_size=4)).map(
    lambda t: "\n".join([f"[[{t[0]}]]", *t[1]])
)
bodies = st.one_of(
    st.text(max_size=200),
    st.integers(min_value=1, max_value=4000).map(lambda n: "1. " * n),  # deep Markdown lists
    st.integers(min_value=1, max_value=4000).map(lambda n: "> " * n + "x"),
)


def upload_or_refuse(text: str, user) -> None:
    try:
        transfer.import_playbook(text=text, name="fuzz.md", user=user)
    except ContentError as error:
        assert str(error)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(top=st.lists(lines, max_size=8), below=st.lists(tables, max_size=2), body=bodies)
def test_any_front_matter_is_loaded_or_refused_with_a_message(lead, top, below, body):
    upload_or_refuse("\n".join(["+++", *top, *below, "+++", body]), lead)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(extra=st.lists(lines, max_size=3), body=bodies)
def test_a_valid_playbook_with_any_changed_field_is_loaded_or_refused(lead, extra, body):
    text = GOOD.format(n=1, extra="\n".join(extra))  # later keys clash: also an error
    upload_or_refuse(text.replace("Body.", body), lead)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=300) | st.text(alphabet=string.printable, max_size=300))
def test_any_bytes_are_loaded_or_refused(lead, raw):
    data = raw if isinstance(raw, bytes) else raw.encode()
    try:
        text = transfer.read_upload(SimpleUploadedFile("fuzz.md", data))
    except ContentError:
        return
    upload_or_refuse(text, lead)


def nested(depth: int) -> str:
    return "a = " + "[" * depth + "]" * depth


BAD_FILES = {
    "huge integer": GOOD.format(n=2, extra="sources = [" + "9" * 5000 + "]").encode(),
    "big integer": GOOD.format(n=3, extra="sources = [999999999999999999999999999999]").encode(),
    "unknown contribution": GOOD.format(n=4, extra="contributions = [999999]").encode(),
    "huge follow-up": GOOD.format(n=5, extra="follow_up_days = " + "9" * 40).encode(),
    "deep nesting": GOOD.format(n=6, extra=nested(3000)).encode(),
    "deep Markdown": GOOD.format(n=8, extra="").replace("Body.", "1. " * 3000).encode(),
    "NUL character": GOOD.format(n=9, extra='follow_up = "a\\u0000b"').encode(),
    "wrong types": GOOD.format(n=7, extra='say = "hello"\nsources = "one"').encode(),
    "invalid UTF-8": b'+++\nslug = "x"\ntitle = "\xff\xfe"\n+++\n',
    "10 MB": b"+++\n" + b"x" * (10 * 1024 * 1024),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_malformed_upload_is_a_form_error(lead_client, name):
    before = Playbook.objects.count()
    upload = SimpleUploadedFile("bad.md", BAD_FILES[name], content_type="text/markdown")
    response = lead_client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert Playbook.objects.count() == before


def test_a_body_nested_too_deeply_is_a_form_error_in_the_change_form_too(lead_client):
    from playbooks.library.markdown import render_markdown

    from ...factories import make_playbook
    from .helpers import change_url, open_form

    playbook = make_playbook()
    data = open_form(lead_client, playbook)
    data["body"] = "1. " * 3000
    response = lead_client.post(change_url(playbook), data)
    assert response.status_code == 200
    assert "nested more than" in str(response.context["adminform"].form.errors["body"])
    # Saved some other way, it still shows (as plain text) rather than fail.
    assert "1. 1. 1." in render_markdown("1. " * 3000)
