"""Playbooks as text files from the admin: download one, upload one to create or update it.

The format and the parser are the shipped content's (content_files, loader), so a
downloaded file uploads unchanged and a broken file is refused with the loader's message.
An upload is a team lead's edit: it is recorded in the history, never changes the workflow
status, and keeps the content hash the loader compares, so a later `load_content` leaves
the uploaded playbook alone.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import history, workflow
from .content_files import ContentError, content_hash, dump_playbook, parse_playbook
from .loader import ITEM_MODELS, playbook_data, save_playbook
from .markdown import MarkdownError, check_markdown
from .models import Contribution, Playbook, PlaybookRevision, Situation

MAX_BYTES = 512 * 1024
PLAYBOOK_FIELDS = (
    "slug", "title", "language", "summary", "body", "follow_up", "follow_up_days",
    "review_interval_days",
)  # fmt: skip


def playbook_text(playbook: Playbook) -> str:
    return dump_playbook(playbook_data(playbook))


def file_name(playbook: Playbook) -> str:
    return f"{playbook.slug}.md"


def read_upload(upload) -> str:
    """The uploaded file's text, or ContentError if it is too big or not UTF-8 text."""
    name = upload.name or "file"
    if upload.size > MAX_BYTES:
        raise ContentError(
            _("%(name)s: the file is too large (the limit is %(kb)s KB).")
            % {"name": name, "kb": MAX_BYTES // 1024}
        )
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(_("%(name)s: the file is not UTF-8 text.") % {"name": name}) from None


def _messages(error: ValidationError) -> str:
    return "; ".join(
        f"'{field}': {' '.join(str(m) for m in messages)}"
        for field, messages in error.message_dict.items()
    )


def _clean(instance, exclude=()) -> None:
    """Model validation, plus the small-integer ranges SQLite would not enforce."""
    instance.clean_fields(exclude=exclude)
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
            value = getattr(instance, field.attname)
            low = 0 if isinstance(field, models.PositiveSmallIntegerField) else -32768
            if isinstance(value, int) and not low <= value <= 32767:
                errors[field.name] = [_("must be between %(low)s and 32767.") % {"low": low}]
    if errors:
        raise ValidationError(errors)


def validate(data: dict, name: str) -> None:
    """What the parser leaves to the database: lengths, ranges, slugs, the translated playbook."""
    candidate = Playbook(**{key: data[key] for key in PLAYBOOK_FIELDS})
    try:
        _clean(candidate)
    except ValidationError as error:
        raise ContentError(f"{name}: {_messages(error)}") from None
    if data["translation_of"] and (
        data["translation_of"] == data["slug"]
        or not Playbook.objects.filter(slug=data["translation_of"]).exists()
    ):
        raise ContentError(
            _("%(name)s: 'translation_of' names no other playbook (%(slug)s).")
            % {"name": name, "slug": data["translation_of"]}
        )
    known = Contribution.objects.filter(number__in=data["contributions"])
    if unknown := sorted(set(data["contributions"]) - set(known.values_list("number", flat=True))):
        raise ContentError(
            _("%(name)s: 'contributions' names no known contribution (%(numbers)s).")
            % {"name": name, "numbers": ", ".join(map(str, unknown))}
        )
    try:
        check_markdown(data["body"])
    except MarkdownError as error:
        raise ContentError(f"{name}: {error}") from None
    for key, model in ITEM_MODELS.items():
        for number, entry in enumerate(data[key], 1):
            try:
                _clean(model(**entry), exclude=["playbook"])
            except ValidationError as error:
                raise ContentError(f"{name} [[{key}]] {number}: {_messages(error)}") from None


@dataclass
class Upload:
    playbook: Playbook
    created: bool
    changed: bool
    sent_to_review: bool = False


@transaction.atomic
def import_playbook(*, text: str, name: str, user) -> Upload:
    """Create or update the playbook a file describes; ContentError if the file is wrong."""
    data = parse_playbook(text, name, set(Situation.objects.values_list("slug", flat=True)))
    validate(data, name)
    existing = Playbook.objects.select_for_update().filter(slug=data["slug"]).first()
    needed = "playbooks.add_playbook" if existing is None else "playbooks.change_playbook"
    if not user.has_perm(needed):
        raise PermissionDenied
    if existing is None:
        now = timezone.now()
        data["status"] = Playbook.Status.DRAFT
        playbook = Playbook(
            slug=data["slug"],
            owner=user,
            edited_by=user,
            edited_at=now,
            status_changed_by=user,
            status_changed_at=now,
            review_by=timezone.localdate() + timedelta(days=data["review_interval_days"]),
        )
        playbook = save_playbook(data=data, playbook=playbook)
        # Not loaded from the shipped files: the loader must treat it as edited.
        Playbook.objects.filter(pk=playbook.pk).update(content_hash="")
        history.record(
            playbook_id=playbook.pk,
            user=user,
            action=PlaybookRevision.Action.UPLOADED,
            comment=_("Created from the uploaded file %(name)s.") % {"name": name},
        )
        return Upload(playbook, created=True, changed=True)

    data["status"] = existing.status  # a file never moves a playbook through the workflow
    if content_hash(playbook_data(existing)) == content_hash(data):
        return Upload(existing, created=False, changed=False)
    history.ensure_recorded(existing.pk)
    kept_hash = existing.content_hash
    sent_to_review = workflow.note_edit(existing, user)
    data["status"] = existing.status
    playbook = save_playbook(data=data, playbook=existing)
    Playbook.objects.filter(pk=playbook.pk).update(content_hash=kept_hash)
    history.record(
        playbook_id=playbook.pk,
        user=user,
        action=PlaybookRevision.Action.UPLOADED,
        comment=_("Updated from the uploaded file %(name)s.") % {"name": name},
    )
    playbook.refresh_from_db()
    return Upload(playbook, created=False, changed=True, sent_to_review=sent_to_review)
