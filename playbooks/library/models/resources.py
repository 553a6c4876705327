"""The help a reader can point a client to: helplines and services, by region and language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Language, Region, ResourceKind, Signal
from ..fields import TagsField
from .guidance import in_reader_language


class Resource(models.Model):
    """Somewhere to refer a client: a helpline, an emergency number, an internal contact."""

    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    regions = TagsField(_("regions"), tag_choices=Region.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    situations = models.JSONField(_("situations"), default=list, blank=True)
    signals = TagsField(_("signals"), tag_choices=Signal.choices)
    priority = models.SmallIntegerField(
        _("priority"), default=0, help_text=_("Listed above resources of lower priority.")
    )
    exclude_signals = TagsField(
        _("never with these signals"),
        tag_choices=Signal.choices,
        help_text=_("Never listed when any of these is noticed."),
    )
    needs_setup = models.BooleanField(
        _("needs setting up"),
        default=False,
        help_text=_(
            "A placeholder (your firm's own EAP or safeguarding contact) that readers never "
            "see until a team lead fills in the real contact and unticks this."
        ),
    )
    verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When someone last checked this contact on the service's official site."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return f"{self.name} ({self.contact})"

    @property
    def label(self) -> str:
        return in_reader_language(self.name, self.name_fr)

    @property
    def summary(self) -> str:
        return in_reader_language(self.description, self.description_fr)
