from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from playbooks.tags import Language


class SearchLog(models.Model):
    """One search as team leads see it in insights: what was looked for and how much was found.

    No user is recorded, on purpose: the log tells what the team looks for, not who did.
    `reader` is a keyed hash (HMAC with SECRET_KEY) of who searched, only so that reports
    can count different people: a text reaches a report once enough readers searched it.
    """

    query = models.CharField(_("query"), max_length=200)
    reader = models.CharField(max_length=64, blank=True, editable=False)
    result_count = models.PositiveIntegerField(_("results"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    created_at = models.DateTimeField(_("searched at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("search log")
        indexes = [models.Index(fields=["query", "created_at"])]

    def __str__(self) -> str:
        return self.query

    def get_absolute_url(self) -> str:
        return f"{reverse('search:search')}?{urlencode({'q': self.query})}"
