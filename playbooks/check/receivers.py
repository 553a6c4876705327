"""Check's answer to what the library announces (playbooks/library/signals.py)."""

from pathlib import Path

from .loader import load_check_rules


def load_rules(sender, *, directory: Path, report, **kwargs) -> None:
    load_check_rules(directory / "check", into=report)
