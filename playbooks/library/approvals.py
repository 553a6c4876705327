"""Four eyes beyond playbooks: a team lead's change to a helpline resource or to the guide's
rules waits as a PendingChange until another team lead approves it.

Playbooks have their own review workflow (workflow.py). Resources and the rules have no
status a reader could be kept from, and a wrong helpline number or a loosened safety rule
reaches every plan at once, so with CRISISGUIDE_FOUR_EYES on their changes are held back
instead. A pending change keeps only the fields its author changed, so approving it never
undoes what someone else changed meanwhile.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .models import PendingChange

Action = PendingChange.Action
State = PendingChange.State


class ApprovalError(Exception):
    """A decision that is not allowed; the message says why, for the person who tried it."""


def required() -> bool:
    return workflow.four_eyes()


def _serialise(instance: models.Model, names: list[str]) -> dict:
    """The named fields' values as JSON, in Django's own serialisation format."""
    fields = json.loads(serializers.serialize("json", [instance], fields=names))[0]["fields"]
    return {name: fields[name] for name in names if name in fields}


def _proposed(change: PendingChange) -> models.Model:
    """An unsaved instance carrying the proposed values (the rest at their defaults)."""
    model = change.content_type.model_class()
    raw = [
        {"model": model._meta.label_lower, "pk": change.object_id or None, "fields": change.data}
    ]
    return next(serializers.deserialize("json", json.dumps(raw))).object


def editable_fields(instance: models.Model) -> list[str]:
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key and not getattr(f, "auto_now", False)
    ]


def propose(*, instance: models.Model, user, changed: list[str] | None = None) -> PendingChange:
    """Hold back a change: `instance` carries the new values, unsaved; `changed` names the
    fields that differ (None for an addition: all of them)."""
    adding = instance._state.adding
    names = editable_fields(instance) if changed is None else changed
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id="" if adding else str(instance.pk),
        object_repr=str(instance)[:200],
        action=Action.ADD if adding else Action.CHANGE,
        data=_serialise(instance, names),
        proposed_by=user,
    )


def propose_deletion(*, instance: models.Model, user) -> PendingChange:
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=Action.DELETE,
        data={},
        proposed_by=user,
    )


def check(change: PendingChange, user) -> None:
    """Raise ApprovalError unless `user` may decide on this change now."""
    if change.state != State.PENDING:
        raise ApprovalError(_("This change was already decided."))
    model = change.content_type.model_class()
    codename = {Action.ADD: "add", Action.CHANGE: "change", Action.DELETE: "delete"}
    permission = f"{model._meta.app_label}.{codename[change.action]}_{model._meta.model_name}"
    if not user.has_perm(permission):
        raise ApprovalError(_("You do not have permission to do that."))
    if change.proposed_by_id == user.pk:
        raise ApprovalError(
            _(
                "Four eyes are required: you proposed “%(what)s”, so another team lead must "
                "approve it."
            )
            % {"what": change.object_repr}
        )


@transaction.atomic
def approve(*, change_id: int, user) -> PendingChange:
    """Apply a pending change, if another team lead than its author approves it."""
    change = PendingChange.objects.select_for_update().get(pk=change_id)
    check(change, user)
    model = change.content_type.model_class()
    current = model.objects.select_for_update().filter(pk=change.object_id or None).first()
    if change.action != Action.ADD and current is None:
        raise ApprovalError(_("“%(what)s” no longer exists.") % {"what": change.object_repr})
    if change.action == Action.DELETE:
        current.delete()
    else:
        proposed = _proposed(change)
        target = proposed if change.action == Action.ADD else current
        for name in change.data:
            setattr(target, name, getattr(proposed, name))
        try:
            target.full_clean()
        except ValidationError as error:
            raise ApprovalError(
                _("The change cannot be applied as it stands: %(errors)s")
                % {"errors": " ".join(m for ms in error.message_dict.values() for m in ms)}
            ) from None
        if change.action == Action.ADD:
            target.save()
            change.object_id = str(target.pk)
        else:
            stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", 0)]
            target.save(update_fields=[*change.data, *stamped])
    return _decide(change, State.APPROVED, user)


@transaction.atomic
def reject(*, change_id: int, user) -> PendingChange:
    change = PendingChange.objects.select_for_update().get(pk=change_id)
    if change.state != State.PENDING:
        raise ApprovalError(_("This change was already decided."))
    if change.proposed_by_id != user.pk:
        check(change, user)
    return _decide(change, State.REJECTED, user)


def _decide(change: PendingChange, state: str, user) -> PendingChange:
    change.state = state
    change.decided_by = user
    change.decided_at = timezone.now()
    change.save()
    return change


def differences(change: PendingChange) -> list[tuple[str, str, str]]:
    """(field label, value now, proposed value) for each field the change touches."""
    model = change.content_type.model_class()
    current = model.objects.filter(pk=change.object_id or None).first()
    proposed = _proposed(change) if change.action != Action.DELETE else None
    rows = []
    for name in change.data or [f.name for f in model._meta.concrete_fields]:
        field = model._meta.get_field(name)
        now = field.value_to_string(current) if current is not None else ""
        new = field.value_to_string(proposed) if proposed is not None else ""
        if now != new:
            rows.append((str(field.verbose_name), now, new))
    return rows
