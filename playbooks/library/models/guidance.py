"""What readers see: situations, contributions, playbooks with their items."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Approver,
    BoundaryKind,
    Channel,
    Language,
    PhraseKind,
    Pressure,
    Relationship,
    Signal,
    Stage,
)
from ..fields import TagsField
from ..markdown import render_markdown


def reader_language() -> str:
    """The active language as a content language code ("en", "fr")."""
    return (get_language() or "en")[:2]


def in_reader_language(english: str, french: str) -> str:
    """Pick the French text for a French reader when there is one."""
    return french if french and reader_language() == "fr" else english


class Situation(models.Model):
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_fr = models.CharField(_("description in French"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("situation")
        verbose_name_plural = _("situations")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{reverse('playbook_list')}?situation={self.slug}"

    @property
    def label(self) -> str:
        return in_reader_language(self.name, self.name_fr)

    @property
    def summary(self) -> str:
        return in_reader_language(self.description, self.description_fr)


class Contribution(models.Model):
    """One of the source article's community contributions, summarised in our words."""

    number = models.PositiveSmallIntegerField(unique=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    gist = models.TextField(_("gist"))
    gist_fr = models.TextField(_("gist in French"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("article contribution")
        verbose_name_plural = _("article contributions")

    def __str__(self) -> str:
        return _("Contribution %(number)s") % {"number": self.number}

    @property
    def label(self) -> str:
        return in_reader_language(self.gist, self.gist_fr)


class PlaybookQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Playbook.Status.PUBLISHED)

    def for_situation(self, slug: str):
        return self.filter(situations__slug=slug)

    def overdue(self, today=None):
        return self.filter(review_by__lt=today or timezone.localdate())

    def for_reader(self, language: str):
        """Playbooks in the reader's language, and others only where no translation exists."""
        translated = Playbook.objects.filter(language=language, status=Playbook.Status.PUBLISHED)
        translated = translated.filter(
            Q(translation_of=OuterRef("pk")) | Q(pk=OuterRef("translation_of"))
        )
        return self.filter(Q(language=language) | ~Exists(translated))

    def related_to(self, playbook: "Playbook"):
        """Other playbooks ranked by how many situations they share with this one."""
        return (
            self.exclude(pk=playbook.pk)
            .exclude(translation_of=playbook)
            .exclude(pk=playbook.translation_of_id or 0)
            .filter(situations__in=playbook.situations.all())
            .annotate(shared=Count("situations"))
            .order_by("-shared", "title")
        )


class Playbook(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    situations = models.ManyToManyField(
        Situation, verbose_name=_("situations"), related_name="playbooks"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_playbooks",
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    review_interval_days = models.PositiveSmallIntegerField(
        _("review interval (days)"), default=180
    )
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("article contributions drawn on"),
        blank=True,
        related_name="playbooks",
    )
    sources = models.JSONField(_("domain brief sources"), default=list, blank=True)
    follow_up = models.TextField(_("how to follow up"), blank=True)
    follow_up_days = models.PositiveSmallIntegerField(_("follow up after (days)"), default=3)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Goes up by one with every save: the admin refuses a save made from an older version.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who last changed the content: with four eyes, someone else must publish it.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), null=True, blank=True, editable=False
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reviewed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True, editable=False)

    objects = PlaybookQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        indexes = [models.Index(fields=["status", "language", "title"])]
        permissions = [
            ("view_insights", _("Can see insights and the team's onboarding progress")),
            ("publish_playbook", _("Can publish and archive playbooks")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "archived"]),
                name="playbook_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]), name="playbook_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self._state.adding:
            self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "published_at",
                "version",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("playbook_detail", kwargs={"slug": self.slug})

    @property
    def is_overdue(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()


class GuidanceItem(models.Model):
    """What a playbook suggests, tagged with where it applies so the guide can choose it.

    Empty tags apply everywhere; item situations, when set, narrow the playbook's own.
    """

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    weight = models.SmallIntegerField(
        _("weight"), default=1, help_text=_("Higher weights are suggested first in the guide.")
    )
    situations = models.JSONField(
        _("only for situations"),
        default=list,
        blank=True,
        help_text=_("Situation slugs; empty means the playbook's situations."),
    )
    relationships = TagsField(_("relationships"), tag_choices=Relationship.choices)
    stages = TagsField(_("stages"), tag_choices=Stage.choices)
    channels = TagsField(_("channels"), tag_choices=Channel.choices)
    pressures = TagsField(_("time pressures"), tag_choices=Pressure.choices)
    signals = TagsField(_("signals"), tag_choices=Signal.choices)
    priority = models.SmallIntegerField(
        _("priority"),
        default=0,
        help_text=_(
            "Pinned above everything of lower priority whenever its tags fit, whatever the "
            "scores: use it for what must come first (safety openings, “please go”)."
        ),
    )
    exclude_signals = TagsField(
        _("never with these signals"),
        tag_choices=Signal.choices,
        help_text=_(
            "Never suggested when any of these is noticed: for example a pause or a secrecy "
            "promise must never reach a client who may be unsafe."
        ),
    )

    # The tags that decide where an item applies: one list for the loader, the admin and
    # the guide, so a new tag cannot reach one of them and not the others.
    TAG_FIELDS = (
        "situations",
        "stages",
        "relationships",
        "channels",
        "pressures",
        "signals",
        "exclude_signals",
    )

    class Meta:
        abstract = True
        ordering = ["playbook", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Phrase(GuidanceItem):
    playbook = models.ForeignKey(
        Playbook, on_delete=models.CASCADE, related_name="phrases", verbose_name=_("playbook")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PhraseKind.choices)
    approver = models.CharField(
        _("who approves"),
        max_length=20,
        choices=Approver.choices,
        blank=True,
        help_text=_(
            "For a phrase that promises a change (kind: offer): who must agree first. Readers "
            "who cannot grant it see the wording below instead, or nothing."
        ),
    )
    wording_ask = models.TextField(_("wording when you must ask"), blank=True)

    class Meta(GuidanceItem.Meta):
        verbose_name = _("phrase")
        verbose_name_plural = _("phrases")


class Boundary(GuidanceItem):
    playbook = models.ForeignKey(
        Playbook, on_delete=models.CASCADE, related_name="boundaries", verbose_name=_("playbook")
    )
    kind = models.CharField(
        _("kind"), max_length=5, choices=BoundaryKind.choices, default=BoundaryKind.AVOID
    )
    why = models.TextField(_("why"), blank=True)

    class Meta(GuidanceItem.Meta):
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")


class FlexibilityOption(GuidanceItem):
    playbook = models.ForeignKey(
        Playbook, on_delete=models.CASCADE, related_name="options", verbose_name=_("playbook")
    )
    approver = models.CharField(
        _("who approves"), max_length=20, choices=Approver.choices, default=Approver.YOU
    )
    when = models.TextField(_("when it fits"), blank=True)
    wording_self = models.TextField(_("wording when you can grant it"), blank=True)
    wording_ask = models.TextField(_("wording when you must ask"), blank=True)

    class Meta(GuidanceItem.Meta):
        verbose_name = _("flexibility option")
        verbose_name_plural = _("flexibility options")


# A version of a playbook is the playbook with everything it suggests.
reversion.register(Playbook, follow=["phrases", "boundaries", "options"])
reversion.register(Phrase)
reversion.register(Boundary)
reversion.register(FlexibilityOption)
