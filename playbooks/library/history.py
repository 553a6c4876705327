"""Every change to a playbook, kept as a numbered version that can be compared and restored.

Why django-reversion rather than django-simple-history: a version of a playbook is the
playbook *with* its phrases, boundaries and options. Reversion stores exactly that, one
revision holding the playbook and every item it follows, so a version is consistent, a diff
compares two whole snapshots, and a revert restores the items too. simple-history keeps one
history table per model, with no grouping: a version would have to be pieced together from
four tables by timestamp, and its revert restores the parent row only.

Each revision gets a PlaybookRevision row that ties it to the playbook and to the `version`
number the save produced; `version` is also what the admin's no-lost-edits check compares.
"""

from dataclasses import dataclass, field
from datetime import date

import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import (
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
from .models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    Phrase,
    Playbook,
    PlaybookRevision,
    Situation,
)
from .textdiff import DiffLine, diff_lines

ITEM_SETS = {"phrases": Phrase, "boundaries": Boundary, "options": FlexibilityOption}
M2M_FIELDS = ("situations", "contributions")

# What a diff shows, in the order of the change form, by attribute name.
SHOWN_FIELDS = {
    "title": gettext_lazy("Title"),
    "slug": gettext_lazy("Slug"),
    "language": gettext_lazy("Language"),
    "translation_of_id": gettext_lazy("Translation of"),
    "situations": gettext_lazy("Situations"),
    "summary": gettext_lazy("Summary"),
    "body": gettext_lazy("Body"),
    "follow_up": gettext_lazy("How to follow up"),
    "follow_up_days": gettext_lazy("Follow up after (days)"),
    "contributions": gettext_lazy("Article contributions drawn on"),
    "sources": gettext_lazy("Domain brief sources"),
    "phrases": gettext_lazy("What to say (phrases)"),
    "boundaries": gettext_lazy("What to avoid or do (boundaries)"),
    "options": gettext_lazy("What to offer (flexibility options)"),
    "status": gettext_lazy("Status"),
    "owner_id": gettext_lazy("Owner"),
    "review_by": gettext_lazy("Review by"),
    "review_interval_days": gettext_lazy("Review interval (days)"),
}
# What a revert puts back: the content. Slug (the public address), status and review data
# stay as they are, so a revert never moves a page or bypasses the workflow.
RESTORED_FIELDS = (
    "title",
    "language",
    "translation_of_id",
    "summary",
    "body",
    "follow_up",
    "follow_up_days",
    "sources",
)
TAG_LABELS = {
    "stages": (gettext_lazy("stages"), Stage),
    "relationships": (gettext_lazy("relationships"), Relationship),
    "channels": (gettext_lazy("channels"), Channel),
    "pressures": (gettext_lazy("time pressures"), Pressure),
    "signals": (gettext_lazy("signals"), Signal),
    "exclude_signals": (gettext_lazy("never with these signals"), Signal),
}


# --- States: a playbook and its items as plain field dictionaries --------------------------


@dataclass
class State:
    """One version of a playbook: field values by attribute name, items in order."""

    playbook: dict
    items: dict[str, list[dict]]


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def current_state(playbook_id: int) -> State:
    """The playbook as it is in the database now, read fresh (never from a prefetch)."""
    playbook = Playbook.objects.get(pk=playbook_id)
    fields = _fields(playbook)
    fields["situations"] = sorted(playbook.situations.values_list("pk", flat=True))
    fields["contributions"] = sorted(playbook.contributions.values_list("pk", flat=True))
    items = {
        key: [_fields(item) for item in model.objects.filter(playbook_id=playbook_id)]
        for key, model in ITEM_SETS.items()
    }
    return State(fields, _sorted_items(items))


def recorded_state(record: PlaybookRevision) -> State:
    """The playbook as it was in a recorded version."""
    playbook: dict = {}
    items: dict[str, list[dict]] = {key: [] for key in ITEM_SETS}
    models = {model: key for key, model in ITEM_SETS.items()}
    for version in record.revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        data = dict(version.field_dict)
        if model is Playbook and int(version.object_id) == record.playbook_id:
            playbook = data
        elif model in models and data.get("playbook_id") == record.playbook_id:
            items[models[model]].append(data)
    for name in M2M_FIELDS:
        playbook[name] = sorted(playbook.get(name) or [])
    return State(playbook, _sorted_items(items))


def _sorted_items(items: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {key: sorted(rows, key=lambda r: (r["order"], r["id"])) for key, rows in items.items()}


# --- Recording -------------------------------------------------------------------------------


def record(
    *,
    playbook_id: int,
    user,
    action: str,
    comment: str = "",
    reverted_to: int | None = None,
    when=None,
) -> PlaybookRevision:
    """Keep the playbook as it is now, with its items, as the version its `version` names."""
    playbook = Playbook.objects.get(pk=playbook_id)
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(comment)
        if when is not None:
            reversion.set_date_created(when)
        reversion.add_to_revision(playbook)
        reversion.add_meta(
            PlaybookRevision,
            playbook=playbook,
            number=playbook.version,
            action=action,
            status=playbook.status,
            reverted_to=reverted_to,
        )
    return PlaybookRevision.objects.get(playbook=playbook, number=playbook.version)


def ensure_recorded(playbook_id: int) -> None:
    """Keep the version about to be replaced if nobody recorded it.

    Playbooks loaded from the content files, or saved by code outside the admin, have a
    version with no recorded snapshot; without this, the first edit would lose it.
    Call with the row locked, before writing anything.
    """
    version, updated_at = Playbook.objects.values_list("version", "updated_at").get(pk=playbook_id)
    if not PlaybookRevision.objects.filter(playbook_id=playbook_id, number=version).exists():
        record(
            playbook_id=playbook_id,
            user=None,
            action=PlaybookRevision.Action.RECORDED,
            comment=_(
                "Kept as found before the next change (loaded from the content files, "
                "or saved outside the admin)."
            ),
            when=updated_at,
        )


def lock(playbook_id: int) -> Playbook:
    """The playbook row, locked until the transaction ends, so writers queue."""
    return Playbook.objects.select_for_update().get(pk=playbook_id)


def comment_text(record: PlaybookRevision) -> str:
    """The revision's comment, readable: the admin's JSON change messages are translated."""
    return LogEntry(change_message=record.revision.comment).get_change_message()


# --- Comparing -------------------------------------------------------------------------------


@dataclass
class Change:
    name: str
    label: str
    old: str
    new: str
    lines: list[DiffLine]


@dataclass
class _Names:
    """Display names for the ids two states refer to, looked up once for both."""

    situations: dict[int, str]
    contributions: dict[int, int]
    users: dict[int, str]
    playbooks: dict[int, str]

    @classmethod
    def for_states(cls, *states: State) -> "_Names":
        situations, contributions, users, playbooks = set(), set(), set(), set()
        for state in states:
            situations.update(state.playbook.get("situations") or [])
            contributions.update(state.playbook.get("contributions") or [])
            users.update(u for u in [state.playbook.get("owner_id")] if u)
            playbooks.update(p for p in [state.playbook.get("translation_of_id")] if p)
        return cls(
            situations=dict(Situation.objects.filter(pk__in=situations).values_list("pk", "slug")),
            contributions=dict(
                Contribution.objects.filter(pk__in=contributions).values_list("pk", "number")
            ),
            users=dict(get_user_model().objects.filter(pk__in=users).values_list("pk", "username")),
            playbooks=dict(Playbook.objects.filter(pk__in=playbooks).values_list("pk", "slug")),
        )


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _tags_text(item: dict, names: _Names) -> str:
    parts = []
    if item.get("weight", 1) != 1:
        parts.append(_("weight %(weight)s") % {"weight": item.get("weight")})
    if item.get("situations"):
        parts.append(_("only for: %(slugs)s") % {"slugs": ", ".join(item["situations"])})
    for key, (label, choices) in TAG_LABELS.items():
        if item.get(key):
            values = ", ".join(_label(choices, v) for v in item[key])
            parts.append(f"{label}: {values}")
    return " · ".join(parts)


def _item_text(key: str, item: dict, names: _Names) -> str:
    if key == "phrases":
        lines = [f"[{_label(PhraseKind, item.get('kind'))}] {item.get('text', '')}"]
    elif key == "boundaries":
        lines = [f"[{_label(BoundaryKind, item.get('kind'))}] {item.get('text', '')}"]
        if item.get("why"):
            lines.append(_("Why: %(why)s") % {"why": item["why"]})
    else:
        lines = [
            item.get("text", ""),
            _("Who approves: %(who)s") % {"who": _label(Approver, item.get("approver"))},
        ]
        for name, label in (
            ("when", _("When it fits")),
            ("wording_self", _("Wording when you can grant it")),
            ("wording_ask", _("Wording when you must ask")),
        ):
            if item.get(name):
                lines.append(f"{label}: {item[name]}")
    if tags := _tags_text(item, names):
        lines.append(tags)
    return "\n".join(lines)


def describe(state: State, names: _Names) -> dict[str, str]:
    """Every shown field of a state as the text a person compares."""
    p = state.playbook
    text = {
        "title": p.get("title", ""),
        "slug": p.get("slug", ""),
        "language": _label(Language, p.get("language")),
        "translation_of_id": names.playbooks.get(p.get("translation_of_id"), "")
        if p.get("translation_of_id")
        else "",
        "situations": ", ".join(
            names.situations.get(pk, str(pk)) for pk in p.get("situations", [])
        ),
        "summary": p.get("summary", ""),
        "body": p.get("body", ""),
        "follow_up": p.get("follow_up", ""),
        "follow_up_days": str(p.get("follow_up_days", "")),
        "contributions": ", ".join(
            str(n)
            for n in sorted(names.contributions.get(pk, pk) for pk in p.get("contributions", []))
        ),
        "sources": ", ".join(str(s) for s in p.get("sources") or []),
        "status": _label(Playbook.Status, p.get("status")),
        "owner_id": names.users.get(p.get("owner_id"), "") if p.get("owner_id") else "",
        "review_by": p["review_by"].isoformat() if isinstance(p.get("review_by"), date) else "",
        "review_interval_days": str(p.get("review_interval_days", "")),
    }
    for key in ITEM_SETS:
        text[key] = "\n\n".join(
            f"{n}. {_item_text(key, item, names)}" for n, item in enumerate(state.items[key], 1)
        )
    return text


def compare(old: State, new: State) -> list[Change]:
    """What differs between two states, field by field, with a line diff of each."""
    names = _Names.for_states(old, new)
    before, after = describe(old, names), describe(new, names)
    return [
        Change(name, str(label), before[name], after[name], diff_lines(before[name], after[name]))
        for name, label in SHOWN_FIELDS.items()
        if before[name] != after[name]
    ]


# --- Conflicts: what changed since a form was opened ----------------------------------------


@dataclass
class Conflict:
    """A save made from an older version: who saved since, and what they changed."""

    yours: int
    current: int
    since: list[PlaybookRevision]
    changes: list[Change] | None  # None when the older version was never recorded
    current_values: dict = field(default_factory=dict)


def conflict_since(playbook_id: int, yours: int) -> Conflict:
    current = current_state(playbook_id)
    since = list(
        PlaybookRevision.objects.filter(playbook_id=playbook_id, number__gt=yours)
        .select_related("revision__user")
        .order_by("number")
    )
    opened = PlaybookRevision.objects.filter(playbook_id=playbook_id, number=yours).first()
    changes = compare(recorded_state(opened), current) if opened else None
    return Conflict(
        yours=yours,
        current=current.playbook["version"],
        since=since,
        changes=changes,
        current_values=current.playbook,
    )
