"""Keeping each published playbook's SearchDocument in step with the playbook.

A save of a playbook or a phrase refreshes that playbook's document at once, and again when
the transaction commits: the loader writes phrases with `bulk_create`, which sends no
signal, inside the transaction that saved the playbook. Writes that bypass signals outside
such a transaction (a bulk load, raw SQL) call `refresh()` or `rebuild()` themselves, or
`manage.py rebuild_search_index` afterwards.
"""

import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from playbooks.library.models import Phrase, Playbook

from .highlight import MARK_CLOSE, MARK_OPEN
from .models import SearchDocument

_MARKS = str.maketrans("", "", MARK_OPEN + MARK_CLOSE)
FIELDS = ["language", "title", "summary", "phrases", "body"]
BATCH = 500


def _clean(text: str) -> str:
    # The highlight markers must never come from the text itself (highlight.marked).
    return (text or "").translate(_MARKS)


def refresh(playbook_ids: Iterable[int]) -> None:
    """Bring the documents of these playbooks in line with them: three queries a batch."""
    ids = list(set(playbook_ids))
    for start in range(0, len(ids), BATCH):
        _refresh(ids[start : start + BATCH])


def _refresh(ids: list[int]) -> None:
    playbooks = Playbook.objects.filter(pk__in=ids, status=Playbook.Status.PUBLISHED)
    phrases: dict[int, list[str]] = {}
    for playbook_id, text in (
        Phrase.objects.filter(playbook_id__in=ids)
        .order_by("playbook_id", "order", "pk")
        .values_list("playbook_id", "text")
    ):
        phrases.setdefault(playbook_id, []).append(_clean(" ".join(text.split())))
    documents = [
        SearchDocument(
            playbook_id=pk,
            language=language,
            title=_clean(title),
            summary=_clean(summary),
            phrases="\n".join(phrases.get(pk, [])),
            body=_clean(body),
        )
        for pk, language, title, summary, body in playbooks.values_list(
            "pk", "language", "title", "summary", "body"
        )
    ]
    kept = [document.playbook_id for document in documents]
    SearchDocument.objects.filter(playbook_id__in=ids).exclude(playbook_id__in=kept).delete()
    if documents:
        SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["playbook"], update_fields=FIELDS
        )


def rebuild() -> None:
    """Documents for every published playbook, and none for any other."""
    with transaction.atomic():
        SearchDocument.objects.exclude(playbook__status=Playbook.Status.PUBLISHED).delete()
        refresh(Playbook.objects.published().values_list("pk", flat=True))


# Refreshed again on commit; kept per thread, and cleared by whichever commit comes first.
_pending = threading.local()


def _refresh_pending() -> None:
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    if ids:
        refresh(ids)


def changed(playbook_id: int) -> None:
    refresh([playbook_id])
    if transaction.get_connection().in_atomic_block:
        _pending.ids = getattr(_pending, "ids", set()) | {playbook_id}
        transaction.on_commit(_refresh_pending)


def _playbook_saved(sender, instance: Playbook, raw=False, **kwargs) -> None:
    if not raw:
        changed(instance.pk)


def _phrase_changed(sender, instance: Phrase, raw=False, origin=None, **kwargs) -> None:
    # A phrase deleted with its playbook leaves nothing to refresh.
    deleting_playbook = isinstance(origin, Playbook) or getattr(origin, "model", None) is Playbook
    if not raw and not deleting_playbook:
        changed(instance.playbook_id)


def connect() -> None:
    post_save.connect(_playbook_saved, sender=Playbook, dispatch_uid="search-playbook-saved")
    post_save.connect(_phrase_changed, sender=Phrase, dispatch_uid="search-phrase-saved")
    post_delete.connect(_phrase_changed, sender=Phrase, dispatch_uid="search-phrase-deleted")
