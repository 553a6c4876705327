"""Search's answers to what the library announces (playbooks/library/signals.py)."""

from pathlib import Path

import tomli_w

from playbooks.library import content_version

from .views import record_opened
from .vocabulary import VOCABULARY_FILE, load_vocabulary, start_here_id, vocabulary_data


def log_opened_search(sender, *, playbook, request, **kwargs) -> None:
    """A result opened while its query was still being typed: that search is logged now."""
    query = request.GET.get("from_search", "")
    if query and request.GET.get("log_search"):
        record_opened(query, reader=request.user, version=content_version.for_request(request))


def load_words(sender, *, directory: Path, **kwargs) -> None:
    load_vocabulary(directory)


def export_words(sender, *, directory: Path, **kwargs) -> None:
    rows = vocabulary_data()
    (directory / VOCABULARY_FILE).write_text(tomli_w.dumps({"situation": rows}), encoding="utf-8")


def situation_start(sender, *, situation, language: str, version: int | None, **kwargs):
    return start_here_id(situation, language, version=version)
