"""Load the shipped rules (content/check/rules.<language>.toml) into the database.

Like the playbooks: a rule a team lead has edited in the admin is never overwritten, which
the row's hash of the data it was last loaded from tells.
"""

import hashlib
import json
import re
import tomllib
from pathlib import Path

from django.db import transaction

from playbooks.library.content_files import ContentError

from .models import CheckRule

FIELDS = (
    "order", "enabled", "category", "severity", "pattern", "label", "explanation", "approver",
    "situations", "signals", "unless_signals", "unless_found", "phrase_kinds", "suggestions",
)  # fmt: skip
DEFAULTS = {
    "enabled": True, "severity": "problem", "approver": "", "situations": [], "signals": [],
    "unless_signals": [], "unless_found": [], "phrase_kinds": [], "suggestions": "",
}  # fmt: skip
FILE_NAME = re.compile(r"^rules\.(?P<language>[a-z]{2})\.toml$")


def rule_hash(data: dict) -> str:
    normal = {name: data.get(name, DEFAULTS.get(name)) for name in FIELDS}
    return hashlib.sha256(json.dumps(normal, sort_keys=True).encode()).hexdigest()


def row_data(rule: CheckRule) -> dict:
    return {name: getattr(rule, name) for name in FIELDS}


def parse_rules(path: Path) -> tuple[str, list[dict]]:
    if not (match := FILE_NAME.match(path.name)):
        raise ContentError(f"{path.name}: rule files are named rules.<language>.toml.")
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("rule", [])
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML ({error}).") from None
    rules = []
    for order, entry in enumerate(entries, 1):
        entry = {**DEFAULTS, "order": order, **entry}
        if isinstance(entry["suggestions"], list):
            entry["suggestions"] = "\n".join(entry["suggestions"])
        unknown = set(entry) - {*FIELDS, "slug"}
        if unknown or "slug" not in entry:
            raise ContentError(f"{path.name}: rule {order} has unknown or missing keys {unknown}.")
        try:
            re.compile(entry["pattern"])
        except re.error as error:
            raise ContentError(
                f"{path.name}: rule {entry['slug']}: bad pattern ({error})."
            ) from None
        rules.append(entry)
    return match["language"], rules


@transaction.atomic
def load_check_rules(directory: Path, into=None) -> int:
    """Create or update the rules from the files; return how many rows were written."""
    written = 0
    for path in sorted(directory.glob("rules.*.toml")):
        language, entries = parse_rules(path)
        for entry in entries:
            slug = entry.pop("slug")
            rule = CheckRule.objects.filter(language=language, slug=slug).first()
            new_hash = rule_hash(entry)
            if rule is not None:
                if rule_hash(row_data(rule)) != rule.content_hash:
                    if into is not None:
                        into.kept_edited.append(f"check:{language}:{slug}")
                    continue
                if rule.content_hash == new_hash:
                    continue
            else:
                rule = CheckRule(language=language, slug=slug)
            for name, value in entry.items():
                setattr(rule, name, value)
            rule.content_hash = new_hash
            rule.save()
            written += 1
    return written
