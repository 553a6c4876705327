"""What the library keeps about changes: each playbook version, the content version that keys
cached renderings, and changes waiting for a second team lead."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .guidance import Playbook


class PlaybookRevision(models.Model):
    """One recorded version of a playbook: what happened, and which `version` it produced.

    The snapshot itself (the playbook with its phrases, boundaries and options) is a
    django-reversion revision; this row ties it to the playbook so history is one query.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        RECORDED = "recorded", _("Recorded as found")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")
        DRAFTED = "drafted", _("Returned to draft")
        REVIEWED = "reviewed", _("Marked as reviewed")
        REVERTED = "reverted", _("Reverted")
        UPLOADED = "uploaded", _("Uploaded from a file")

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="playbook_revision"
    )
    playbook = models.ForeignKey(
        Playbook, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("playbook")
    )
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    status = models.CharField(_("status"), max_length=10, choices=Playbook.Status.choices)
    reverted_to = models.PositiveIntegerField(_("reverted to version"), null=True, blank=True)

    class Meta:
        ordering = ["playbook", "-number"]
        verbose_name = _("playbook version")
        verbose_name_plural = _("playbook versions")
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"], name="playbook_revision_unique")
        ]

    def __str__(self) -> str:
        return _("%(playbook)s, version %(number)s") % {
            "playbook": self.playbook,
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("admin:playbooks_playbook_history", args=[self.playbook_id])


class ContentVersion(models.Model):
    """One row whose number moves with every change to published guidance.

    Cached renderings are keyed by it (playbooks/library/content_version.py). It lives apart from
    any row a team lead edits, so saving a form can never write back an old number.
    """

    SINGLETON_ID = 1
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_single_row"),
        ]

    def __str__(self) -> str:
        return str(self.value)


class PendingChange(models.Model):
    """A team lead's change to a resource or the guide's rules, held until another team lead
    approves it (four eyes; approvals.py applies it)."""

    class Action(models.TextChoices):
        ADD = "add", _("Add")
        CHANGE = "change", _("Change")
        DELETE = "delete", _("Delete")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind")
    )
    object_id = models.CharField(max_length=64, blank=True)  # empty until an addition is made
    object_repr = models.CharField(_("what"), max_length=200)
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}"

    def get_absolute_url(self) -> str:
        return reverse("admin:playbooks_pendingchange_change", args=[self.pk])
