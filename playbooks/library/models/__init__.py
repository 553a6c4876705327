"""The library's models: guidance.py is what readers see, resources.py where they can send
a client, records.py what is kept about changes to guidance."""

from .guidance import (
    Boundary,
    Contribution,
    FlexibilityOption,
    GuidanceItem,
    Phrase,
    Playbook,
    PlaybookQuerySet,
    Situation,
    in_reader_language,
    reader_language,
)
from .records import ContentVersion, PendingChange, PlaybookRevision
from .resources import Resource

__all__ = [
    "Boundary",
    "ContentVersion",
    "Contribution",
    "FlexibilityOption",
    "GuidanceItem",
    "PendingChange",
    "Phrase",
    "Playbook",
    "PlaybookQuerySet",
    "PlaybookRevision",
    "Resource",
    "Situation",
    "in_reader_language",
    "reader_language",
]
