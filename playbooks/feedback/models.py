"""What readers tell us: votes on guidance, and anonymous counts of what they open.

No model here holds free text or anything about a client. Votes belong to a user so that
each person has one changeable vote; reports only ever show them aggregated.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    PLAYBOOK = "playbook", _("Playbook")
    PHRASE = "phrase", _("Phrase")
    BOUNDARY = "boundary", _("Boundary")
    OPTION = "option", _("Flexibility option")
    RESOURCE = "resource", _("Resource")


class Reason(models.TextChoices):
    UNCLEAR = "unclear", _("Unclear")
    NOT_MY_SITUATION = "not-my-situation", _("Not my situation")
    TONE_WRONG = "tone-wrong", _("Tone is wrong")
    OUTDATED = "outdated", _("Outdated")


class Rating(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    target = models.CharField(_("rated"), max_length=10, choices=Target.choices)
    object_id = models.PositiveBigIntegerField()
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target", "object_id"], name="one_vote_per_item"
            ),
            models.CheckConstraint(
                condition=Q(helpful=False) | Q(reason=""), name="reason_only_when_unhelpful"
            ),
        ]
        indexes = [models.Index(fields=["target", "object_id"])]

    def __str__(self) -> str:
        return f"{self.target} {self.object_id}: {'yes' if self.helpful else 'no'}"


class PlaybookView(models.Model):
    """Views per playbook per day: a counter, not a log of who read what."""

    playbook = models.ForeignKey("playbooks.Playbook", on_delete=models.CASCADE)
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["playbook", "day"], name="one_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.playbook_id} {self.day}: {self.count}"


class SearchClick(models.Model):
    """A search result that was opened, keyed by the normalised query, with no user."""

    query = models.CharField(max_length=200, db_index=True)
    playbook = models.ForeignKey("playbooks.Playbook", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.query
