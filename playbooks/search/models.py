from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import Language


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


class SituationWords(models.Model):
    """The everyday words people type for one situation, in one language, and the playbook
    to start from when a search points to it.

    Loaded from content/vocabulary.toml; team leads edit it in the admin. A search whose words
    point to one situation shows "Looks like: …" and puts `start_here` first.
    """

    situation = models.ForeignKey(
        "playbooks.Situation", on_delete=models.CASCADE, related_name="vocabulary"
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    words = models.TextField(
        _("words"),
        help_text=_(
            "One word or phrase a line, as people say it: “passed away”, “mum”, “laid off”."
        ),
    )
    start_here = models.ForeignKey(
        "playbooks.Playbook",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("start here"),
        help_text=_("The playbook to show first for this situation."),
    )
    # What the words were when last loaded from the file: an admin edit makes them differ,
    # and loading then leaves the row alone.
    loaded = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("situation words")
        verbose_name_plural = _("situation words")
        ordering = ["situation__order", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "language"], name="situation_words_once_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.situation} ({self.language})"

    def get_absolute_url(self) -> str:
        return self.situation.get_absolute_url()

    def phrases(self) -> list[str]:
        return [line.strip() for line in self.words.splitlines() if line.strip()]
