from urllib.parse import urlencode

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, When
from django.db.models.expressions import RawSQL
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


# The text-search configuration for each playbook language: accent-insensitive copies of
# PostgreSQL's own, created by migration 0006. Each branch is a regconfig constant, so the
# stored vector's expression stays immutable, as a generated column's must (a CASE of text
# cast to regconfig afterwards is not).
SEARCH_CONFIG = Case(
    When(language=Language.FR, then=RawSQL("%s::regconfig", ("crisisguide_fr",))),
    default=RawSQL("%s::regconfig", ("crisisguide_en",)),
    output_field=models.TextField(),
)


def _weighted(field: str, weight: str) -> SearchVector:
    return SearchVector(field, config=SEARCH_CONFIG, weight=weight)


class SearchDocument(models.Model):
    """What search reads for one published playbook: its text, and on PostgreSQL its vector.

    Kept in step with the playbook and its phrases by `documents.py` (signals, and once
    more when the transaction commits); a playbook that is not published has none. On
    SQLite an FTS5 table over these rows (migration 0006, with its triggers) is the index;
    on PostgreSQL the stored, generated `vector` under a GIN index is. `vector` exists only
    on PostgreSQL: on SQLite its column is an empty placeholder. A migration that alters this
    table on SQLite rebuilds it, losing the FTS5 triggers: it must create them again.
    """

    playbook = models.OneToOneField(
        "playbooks.Playbook",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    title = models.TextField()
    summary = models.TextField(blank=True)
    phrases = models.TextField(blank=True, help_text="One phrase a line.")
    body = models.TextField(blank=True)
    vector = models.GeneratedField(
        expression=(
            _weighted("title", "A")
            + _weighted("summary", "B")
            + _weighted("phrases", "C")
            + _weighted("body", "D")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            GinIndex(
                fields=["title"], opclasses=["gin_trgm_ops"], name="search_document_title_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("playbook_detail", kwargs={"slug": self.playbook.slug})
