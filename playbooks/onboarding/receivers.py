"""Onboarding's answers to what the library announces (playbooks/library/signals.py)."""

from pathlib import Path

from .loader import export_onboarding, load_onboarding


def load_tracks(sender, *, directory: Path, report, **kwargs) -> None:
    load_onboarding(directory / "onboarding", into=report)


def export_tracks(sender, *, directory: Path, **kwargs) -> None:
    export_onboarding(directory / "onboarding")
