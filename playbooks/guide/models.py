"""The guide's own data: the rules team leads tune, and each reader's region.

The content the guide chooses from (phrases, boundaries, options, resources and their tags)
lives in playbooks.library.models; what lives here is how the engine weighs and limits it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Approver, Region, Signal
from playbooks.library.fields import TagsField


def default_unsafe_leaves_out() -> list[str]:
    return [Signal.CARRY_ON.value, Signal.JOKED.value, Signal.ASKED_ABOUT_YOU.value]


def default_self_approvers() -> list[str]:
    return [Approver.YOU.value]


class GuideRules(models.Model):
    """How the guide scores and trims suggestions; a single row that team leads edit."""

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)

    weight_situation = models.PositiveSmallIntegerField(
        _("weight of a matching situation"),
        default=3,
        help_text=_(
            "Added in full when an item is meant for the chosen situation only; less the more "
            "situations it is meant for, and nothing when it is meant for all."
        ),
    )
    weight_relationship = models.PositiveSmallIntegerField(
        _("weight of a matching relationship"),
        default=2,
        help_text=_("Added when an item is tagged with the chosen relationship depth."),
    )
    weight_channel = models.PositiveSmallIntegerField(
        _("weight of a matching channel"),
        default=3,
        help_text=_("Added when an item is tagged with the chosen channel (a channel variant)."),
    )
    weight_pressure = models.PositiveSmallIntegerField(
        _("weight of a matching time pressure"),
        default=2,
        help_text=_("Added when an item is tagged with the chosen time pressure."),
    )
    weight_signal = models.PositiveSmallIntegerField(
        _("weight of each matching signal"),
        default=3,
        help_text=_("Added for each noticed signal an item is tagged with."),
    )
    weight_authority = models.PositiveSmallIntegerField(
        _("weight of an option you can grant yourself"),
        default=2,
        help_text=_("Added to an option when the reader can grant flexibility and may approve it."),
    )

    max_say = models.PositiveSmallIntegerField(_("phrases to show"), default=6)
    max_avoid = models.PositiveSmallIntegerField(_("boundaries to show"), default=5)
    max_offer = models.PositiveSmallIntegerField(_("options to show"), default=4)
    max_refer = models.PositiveSmallIntegerField(_("resources to show"), default=4)
    max_read_more = models.PositiveSmallIntegerField(_("playbooks to suggest"), default=4)
    max_per_kind = models.PositiveSmallIntegerField(
        _("phrases of one kind before others"),
        default=2,
        help_text=_(
            "Keeps the plan varied: after this many phrases of one kind (acknowledge, listen…), "
            "phrases of other kinds come first."
        ),
    )

    self_approvers = TagsField(
        _("approvers the reader counts as"),
        tag_choices=Approver.choices,
        default=default_self_approvers,
        help_text=_(
            "When readers say they can grant flexibility, options approved by these are worded "
            "as granted; all others are worded as a request."
        ),
    )
    unsafe_leaves_out_signals = TagsField(
        _("when a risk is noticed, leave out items for"),
        tag_choices=Signal.choices,
        default=default_unsafe_leaves_out,
        help_text=_(
            "Items tagged only for these signals (carry on as normal, humour, your own "
            "experience) no longer fit once any risk grade is ticked."
        ),
    )
    unsafe_leaves_out_deadline_talk = models.BooleanField(
        _("when a risk is noticed, leave out deadline talk"),
        default=True,
        help_text=_("Leaves out phrases and boundaries tagged only for time pressure."),
    )
    unsafe_follow_up_days = models.PositiveSmallIntegerField(
        _("follow up after (days) when a risk is noticed"), default=1
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guide rules")
        verbose_name_plural = _("guide rules")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="guide_rules_single_row"),
        ]

    def __str__(self) -> str:
        return str(_("Guide rules"))

    def get_absolute_url(self) -> str:
        return reverse("admin:guide_guiderules_preview")

    @classmethod
    def current(cls) -> "GuideRules":
        """The saved rules, or the defaults when none were saved (never writes on a read)."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls()


class ReaderRegion(models.Model):
    """The region whose helplines a reader wants in the guide's plans."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guide_region",
        verbose_name=_("reader"),
    )
    region = models.CharField(_("region"), max_length=4, choices=Region.choices)

    class Meta:
        verbose_name = _("reader's region")
        verbose_name_plural = _("readers' regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="guide_reader_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_region_display()}"

    def get_absolute_url(self) -> str:
        return reverse("guide:start")
