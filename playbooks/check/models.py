"""The checker's rules: data that team leads edit in the admin, shipped as TOML files."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Approver, Language, PhraseKind, Signal
from playbooks.library.fields import TagsField


class Severity(models.TextChoices):
    PROBLEM = "problem", _("Change this")
    CAUTION = "caution", _("Think twice")
    GOOD = "good", _("Good")


class Category(models.TextChoices):
    MINIMISING = "minimising", _("Minimising or cliché")
    PRYING = "prying", _("Prying question")
    PROMISE = "promise", _("Promise that needs approval")
    COMMERCIAL = "commercial", _("Sales or admin in a crisis message")
    VAGUE_OFFER = "vague-offer", _("Vague offer")
    SECRECY = "secrecy", _("Secrecy or silence with a client at risk")
    SELF_DISCLOSURE = "self-disclosure", _("Your own story, uninvited")
    HUMOUR = "humour", _("Humour the client did not invite")
    WORK = "work", _("Asks the client to do work")
    TONE = "tone", _("Tone or wording")
    ACKNOWLEDGED = "acknowledged", _("Acknowledges their news")
    CONCRETE_OFFER = "concrete-offer", _("One concrete thing")
    RELEASED = "released", _("Asks nothing back")
    SUPPORT = "support", _("Points to support")


def validate_pattern(value: str) -> None:
    try:
        re.compile(value)
    except re.error as error:
        raise ValidationError(
            _("Not a valid regular expression: %(error)s"), params={"error": error}
        ) from None


class CheckRuleQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)

    def for_language(self, language: str):
        return self.filter(language=language)


class CheckRule(models.Model):
    """One thing the checker looks for in a draft: a problem to flag or a good sign.

    A rule applies when the reader's answers fit it: its situations (empty: all), its
    signals (empty: always; else at least one noticed), none of its "unless" signals, and
    none of its "unless found" rules already found in the draft.
    """

    slug = models.SlugField(_("slug"), max_length=80)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    enabled = models.BooleanField(_("enabled"), default=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.PROBLEM
    )
    pattern = models.TextField(
        _("pattern"),
        validators=[validate_pattern],
        help_text=_(
            "A Python regular expression, matched without regard to case. Use \\b for word "
            "edges and (a|b) for alternatives; curly apostrophes are read as straight ones."
        ),
    )
    label = models.CharField(
        _("label"), max_length=120, help_text=_("What the reader sees as the finding's title.")
    )
    explanation = models.TextField(
        _("explanation"), help_text=_("Why it matters, in a line or two.")
    )
    approver = models.CharField(
        _("who must approve"),
        max_length=20,
        choices=Approver.choices,
        blank=True,
        help_text=_("For a promise: who must agree before the client is told."),
    )
    situations = models.JSONField(
        _("only for situations"),
        default=list,
        blank=True,
        help_text=_("Situation slugs; empty means every situation."),
    )
    signals = TagsField(
        _("only with these signals"),
        tag_choices=Signal.choices,
        help_text=_("Applies only when one of these is noticed; none ticked means always."),
    )
    unless_signals = TagsField(
        _("never with these signals"),
        tag_choices=Signal.choices,
        help_text=_("Not raised when any of these is noticed (humour when the client joked)."),
    )
    unless_found = models.JSONField(
        _("unless these rules are found"),
        default=list,
        blank=True,
        help_text=_(
            "Slugs of rules in the same language: when one of them is found in the draft, this "
            "one is not raised (a vague offer next to a concrete one is fine)."
        ),
    )
    phrase_kinds = TagsField(
        _("rewrite from phrases of these kinds"),
        tag_choices=PhraseKind.choices,
        help_text=_("Rewrites come from the playbooks' phrases of these kinds first."),
    )
    suggestions = models.TextField(
        _("suggested phrases"),
        blank=True,
        help_text=_("One per line: offered when the playbooks have no phrase that fits."),
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckRuleQuerySet.as_manager()

    class Meta:
        ordering = ["language", "order", "slug"]
        verbose_name = _("message check rule")
        verbose_name_plural = _("message check rules")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="checkrule_unique_slug"),
            models.CheckConstraint(
                condition=Q(severity__in=["problem", "caution", "good"]),
                name="checkrule_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]), name="checkrule_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.language})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("check:check")

    @property
    def suggestion_list(self) -> list[str]:
        return [line.strip() for line in self.suggestions.splitlines() if line.strip()]
