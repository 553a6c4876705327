"""Load shipped content into the database and export it back, losing nothing either way.

Each playbook row keeps the hash of the content it was last loaded from. If the row no
longer hashes to it, a team lead has edited it in the admin, and loading leaves it alone.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .content_files import (
    ContentError,
    content_hash,
    dump_playbook,
    parse_playbook,
)
from .models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    GuidanceItem,
    Phrase,
    Playbook,
    Resource,
    Situation,
)
from .signals import content_exported, content_loaded

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
ITEM_MODELS = {"say": Phrase, "avoid": Boundary, "offer": FlexibilityOption}
ITEM_FIELDS = {
    "say": ("kind", "text", "approver", "wording_ask"),
    "avoid": ("kind", "text", "why"),
    "offer": ("text", "approver", "when", "wording_self", "wording_ask"),
}
TAGS = (*GuidanceItem.TAG_FIELDS, "weight", "priority")


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept_edited)} kept as edited in the admin"
        )


RESOURCE_FIELDS = (
    "slug", "name", "name_fr", "contact", "url", "regions", "kind", "language",
    "description", "description_fr", "source", "situations", "signals", "exclude_signals",
    "priority", "needs_setup", "verified_on",
)  # fmt: skip


def playbook_data(playbook: Playbook) -> dict:
    """The playbook as file data, in the same normal form that parse_playbook returns."""
    data = {
        "slug": playbook.slug,
        "title": playbook.title,
        "language": playbook.language,
        "translation_of": playbook.translation_of.slug if playbook.translation_of else "",
        "summary": playbook.summary,
        "situations": [s.slug for s in playbook.situations.all()],
        "status": playbook.status,
        "review_interval_days": playbook.review_interval_days,
        "contributions": sorted(c.number for c in playbook.contributions.all()),
        "sources": sorted(playbook.sources),
        "follow_up": playbook.follow_up,
        "follow_up_days": playbook.follow_up_days,
        "body": playbook.body.replace("\r\n", "\n").strip("\n") + "\n",
    }
    for key, model in ITEM_MODELS.items():
        items = model.objects.filter(playbook=playbook).order_by("order", "pk")
        data[key] = [
            {
                **{f: getattr(item, f) for f in ITEM_FIELDS[key]},
                **{t: getattr(item, t) for t in TAGS},
            }
            for item in items
        ]
    return data


def _save_items(playbook: Playbook, data: dict) -> None:
    for key, model in ITEM_MODELS.items():
        model.objects.filter(playbook=playbook).delete()
        model.objects.bulk_create(
            model(playbook=playbook, order=order, **entry)
            for order, entry in enumerate(data[key], 1)
        )


def save_playbook(*, data: dict, playbook: Playbook | None = None) -> Playbook:
    """Create or overwrite a playbook, its items and provenance from file data."""
    scalars = {
        k: data[k]
        for k in (
            "title",
            "language",
            "summary",
            "status",
            "review_interval_days",
            "sources",
            "follow_up",
            "follow_up_days",
            "body",
        )
    }
    if playbook is None:
        playbook = Playbook(slug=data["slug"])
        playbook.review_by = timezone.localdate() + timedelta(days=data["review_interval_days"])
    for name, value in scalars.items():
        setattr(playbook, name, value)
    playbook.translation_of = (
        Playbook.objects.filter(slug=data["translation_of"]).first()
        if data["translation_of"]
        else None
    )
    playbook.content_hash = content_hash(data)
    playbook.save()
    playbook.situations.set(Situation.objects.filter(slug__in=data["situations"]))
    playbook.contributions.set(Contribution.objects.filter(number__in=data["contributions"]))
    _save_items(playbook, data)
    return playbook


def load_playbook(data: dict, report: LoadReport) -> None:
    playbook = Playbook.objects.filter(slug=data["slug"]).first()
    if playbook is None:
        save_playbook(data=data)
        report.created.append(data["slug"])
    elif content_hash(playbook_data(playbook)) != playbook.content_hash:
        report.kept_edited.append(data["slug"])
    elif content_hash(data) == playbook.content_hash:
        report.unchanged.append(data["slug"])
    else:
        save_playbook(data=data, playbook=playbook)
        report.updated.append(data["slug"])


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML ({error}).") from None


def load_reference_data(directory: Path) -> None:
    """Situations, contributions and resources: always brought in line with the files."""
    if (path := directory / "situations.toml").exists():
        for entry in _read_toml(path).get("situation", []):
            Situation.objects.update_or_create(slug=entry.pop("slug"), defaults=entry)
    if (path := directory / "contributions.toml").exists():
        for entry in _read_toml(path).get("contribution", []):
            Contribution.objects.update_or_create(number=entry.pop("number"), defaults=entry)
    if (path := directory / "resources.toml").exists():
        for order, entry in enumerate(_read_toml(path).get("resource", []), 1):
            Resource.objects.update_or_create(
                slug=entry.pop("slug"), defaults={"order": order, **entry}
            )


def playbook_files(directory: Path) -> list[Path]:
    # Originals before translations, so that translation_of always finds its target.
    return sorted(
        (directory / "playbooks").glob("*/*.md"), key=lambda p: (p.parent.name != "en", p.name)
    )


@transaction.atomic
def load_content(directory: Path = CONTENT_DIR) -> LoadReport:
    load_reference_data(directory)
    situations = set(Situation.objects.values_list("slug", flat=True))
    parsed = [
        parse_playbook(path.read_text(encoding="utf-8"), path.name, situations)
        for path in playbook_files(directory)
    ]
    parsed.sort(key=lambda data: bool(data["translation_of"]))
    report = LoadReport()
    for data in parsed:
        load_playbook(data, report)
    # Onboarding, check and search load their own files, in this transaction.
    content_loaded.send(sender=LoadReport, directory=directory, report=report)
    return report


def _dump_toml(path: Path, key: str, rows: list[dict]) -> None:
    import tomli_w

    path.write_text(tomli_w.dumps({key: rows}), encoding="utf-8")


def export_content(directory: Path) -> int:
    """Write every playbook and the reference data as files; return the playbook count."""
    directory.mkdir(parents=True, exist_ok=True)
    _dump_toml(
        directory / "situations.toml",
        "situation",
        list(
            Situation.objects.values(
                "slug", "order", "name", "name_fr", "description", "description_fr"
            )
        ),
    )
    _dump_toml(
        directory / "contributions.toml",
        "contribution",
        list(Contribution.objects.values("number", "language", "gist", "gist_fr")),
    )
    _dump_toml(
        directory / "resources.toml",
        "resource",
        [
            {k: v for k, v in row.items() if v is not None}  # TOML has no null
            for row in Resource.objects.values(*RESOURCE_FIELDS)
        ],
    )
    count = 0
    playbooks = Playbook.objects.select_related("translation_of").prefetch_related(
        "situations", "contributions"
    )
    for playbook in playbooks:
        folder = directory / "playbooks" / playbook.language
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{playbook.slug}.md").write_text(
            dump_playbook(playbook_data(playbook)), encoding="utf-8"
        )
        count += 1
    content_exported.send(sender=LoadReport, directory=directory)
    return count
