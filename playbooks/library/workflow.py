"""The editorial workflow: draft → in review → published → archived, and review dates.

Every move records who made it and when (on the playbook, in its history and, from the
admin, in the admin log). Only published playbooks are shown outside the admin.

Four eyes (settings.CRISISGUIDE_FOUR_EYES): whoever made the latest change to a playbook's
content cannot publish it, and a change to a published playbook sends it back to review, so
nothing reaches readers that a second team lead has not seen.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history
from .models import Contribution, Playbook, PlaybookRevision, Situation

Status = Playbook.Status
Action = PlaybookRevision.Action


class WorkflowError(Exception):
    """A move that is not allowed; the message says why, for the person who tried it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    save_label: Promise
    to: str
    sources: frozenset[str]
    permission: str
    action: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            gettext_lazy("Submit for review"),
            gettext_lazy("Save and submit for review"),
            Status.REVIEW,
            frozenset({Status.DRAFT}),
            "playbooks.change_playbook",
            Action.SUBMITTED,
        ),
        Transition(
            "publish",
            gettext_lazy("Publish"),
            gettext_lazy("Save and publish"),
            Status.PUBLISHED,
            frozenset({Status.DRAFT, Status.REVIEW, Status.ARCHIVED}),
            "playbooks.publish_playbook",
            Action.PUBLISHED,
        ),
        Transition(
            "archive",
            gettext_lazy("Archive"),
            gettext_lazy("Save and archive"),
            Status.ARCHIVED,
            frozenset({Status.DRAFT, Status.REVIEW, Status.PUBLISHED}),
            "playbooks.publish_playbook",
            Action.ARCHIVED,
        ),
        Transition(
            "draft",
            gettext_lazy("Return to draft"),
            gettext_lazy("Save and return to draft"),
            Status.DRAFT,
            frozenset({Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED}),
            "playbooks.change_playbook",
            Action.DRAFTED,
        ),
    )
}


def four_eyes() -> bool:
    return bool(getattr(settings, "CRISISGUIDE_FOUR_EYES", False))


def check(playbook: Playbook, name: str, user) -> None:
    """Raise WorkflowError unless `user` may make this move now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError(_("Unknown workflow step."))
    if playbook.status not in transition.sources:
        raise WorkflowError(
            _("A playbook that is “%(status)s” cannot be moved this way (%(step)s).")
            % {"status": playbook.get_status_display(), "step": transition.label}
        )
    if not user.has_perm(transition.permission):
        raise WorkflowError(_("You do not have permission to do that."))
    if name == "publish" and four_eyes() and playbook.edited_by_id == user.pk:
        raise WorkflowError(
            _(
                "Four eyes are required: you made the latest change to “%(title)s”, "
                "so another team lead must publish it."
            )
            % {"title": playbook.title}
        )


@dataclass(frozen=True)
class Step:
    """A move as the change form offers it: allowed, or why not."""

    name: str
    label: str
    save_label: str
    allowed: bool
    reason: str = ""


def steps(playbook: Playbook, user) -> list[Step]:
    """The moves that make sense from the playbook's status, each allowed or explained."""
    result = []
    for name, transition in TRANSITIONS.items():
        if playbook.status not in transition.sources:
            continue
        try:
            check(playbook, name, user)
        except WorkflowError as error:
            result.append(
                Step(name, str(transition.label), str(transition.save_label), False, str(error))
            )
        else:
            result.append(Step(name, str(transition.label), str(transition.save_label), True))
    return result


def _set_status(playbook: Playbook, status: str, user) -> None:
    playbook.status = status
    playbook.status_changed_by = user
    playbook.status_changed_at = timezone.now()


def note_edit(playbook: Playbook, user) -> bool:
    """Mark a content change by `user` (not saved here); True if it sent the playbook to review."""
    playbook.edited_by = user
    playbook.edited_at = timezone.now()
    if four_eyes() and playbook.status == Status.PUBLISHED:
        _set_status(playbook, Status.REVIEW, user)
        return True
    return False


@transaction.atomic
def move(*, playbook_id: int, name: str, user, note: str = "") -> Playbook:
    """Move a playbook to another status, recorded in its history."""
    playbook = history.lock(playbook_id)
    check(playbook, name, user)
    history.ensure_recorded(playbook_id)
    transition = TRANSITIONS[name]
    _set_status(playbook, transition.to, user)
    playbook.save()
    history.record(
        playbook_id=playbook_id,
        user=user,
        action=transition.action,
        comment=note or str(transition.action.label),
    )
    return playbook


def next_review_date(playbook: Playbook):
    return timezone.localdate() + timedelta(days=playbook.review_interval_days)


@transaction.atomic
def mark_reviewed(*, playbook_id: int, user) -> Playbook:
    """The content was checked and still holds: the review date moves on by the interval."""
    if not user.has_perm("playbooks.change_playbook"):
        raise WorkflowError(_("You do not have permission to do that."))
    playbook = history.lock(playbook_id)
    history.ensure_recorded(playbook_id)
    playbook.review_by = next_review_date(playbook)
    playbook.reviewed_by = user
    playbook.reviewed_at = timezone.now()
    playbook.save()
    history.record(
        playbook_id=playbook_id,
        user=user,
        action=Action.REVIEWED,
        comment=_("Marked as reviewed; next review by %(date)s.")
        % {"date": playbook.review_by.isoformat()},
    )
    return playbook


@transaction.atomic
def revert(*, playbook_id: int, number: int, user) -> Playbook:
    """Put back the content of an earlier version, items included, as a new version.

    Slug, status, owner and review dates are left as they are (see history.RESTORED_FIELDS);
    the revert itself is a content change, so four eyes apply to it like to any edit.
    """
    if not user.has_perm("playbooks.change_playbook"):
        raise WorkflowError(_("You do not have permission to do that."))
    playbook = history.lock(playbook_id)
    target = PlaybookRevision.objects.filter(playbook_id=playbook_id, number=number).first()
    if target is None:
        raise WorkflowError(_("There is no version %(number)s.") % {"number": number})
    history.ensure_recorded(playbook_id)
    state = history.recorded_state(target)
    for name in history.RESTORED_FIELDS:
        if name in state.playbook:
            setattr(playbook, name, state.playbook[name])
    if not Playbook.objects.filter(pk=playbook.translation_of_id or 0).exists():
        playbook.translation_of_id = None
    note_edit(playbook, user)
    playbook.save()
    # Situations or contributions deleted since then cannot come back; the rest do.
    playbook.situations.set(Situation.objects.filter(pk__in=state.playbook.get("situations", [])))
    playbook.contributions.set(
        Contribution.objects.filter(pk__in=state.playbook.get("contributions", []))
    )
    for key, model in history.ITEM_SETS.items():
        names = {f.attname for f in model._meta.concrete_fields}
        kept = []
        for data in state.items[key]:
            item = model(**{k: v for k, v in data.items() if k in names})
            item.playbook_id = playbook_id
            item.save()
            kept.append(item.pk)
        model.objects.filter(playbook_id=playbook_id).exclude(pk__in=kept).delete()
    history.record(
        playbook_id=playbook_id,
        user=user,
        action=Action.REVERTED,
        comment=_("Reverted to version %(number)s.") % {"number": number},
        reverted_to=number,
    )
    playbook.refresh_from_db()
    return playbook
