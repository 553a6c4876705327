"""The words a plan shows for its reasons, translated once per language and process."""

import functools

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from playbooks.library.choices import (
    Approver,
    BoundaryKind,
    Channel,
    PhraseKind,
    Pressure,
    Relationship,
    ResourceKind,
    Signal,
    Stage,
)

from .plan import Answers
from .rules import Rules

FOLLOW_UP_AT_RISK = _(
    "Check in: ask how they are today and whether they reached the support you talked about. "
    "Tell your team lead if you have not heard back."
)


@functools.lru_cache(maxsize=8)
def vocabulary(language: str) -> dict:
    """Every label a plan can show, translated once per language and process."""
    with translation.override(language):
        return {
            "relationship": {v: str(label) for v, label in Relationship.choices},
            "stage": {v: str(label) for v, label in Stage.choices},
            "channel": {v: str(label) for v, label in Channel.choices},
            "pressure": {v: str(label) for v, label in Pressure.choices},
            "signal": {v: str(label) for v, label in Signal.choices},
            "phrase_kind": {v: str(label) for v, label in PhraseKind.choices},
            "boundary_kind": {v: str(label) for v, label in BoundaryKind.choices},
            "approver": {v: str(label) for v, label in Approver.choices},
            "resource_kind": {v: str(label) for v, label in ResourceKind.choices},
            "authority": str(_("you can grant it")),
            "general": str(_("fits every situation")),
            "follow_up_at_risk": str(FOLLOW_UP_AT_RISK),
        }


def situation_labels(rules: Rules, situations: tuple[str, ...], language: str) -> dict[str, str]:
    """Each situation's name in the reader's language (its slug when it is not in the rules)."""
    store = rules.memo("situation_labels")
    found = store.get((situations, language))
    if found is None:
        found = {}
        for slug in situations:
            situation = rules.situation(slug)
            found[slug] = situation.label(language) if situation else slug
        store[(situations, language)] = found
    return found


class Labels:
    """Labels for reasons, in the answers' language."""

    def __init__(self, rules: Rules, answers: Answers):
        words = self.words = vocabulary(answers.language)
        self.situations = situation_labels(rules, answers.situations, answers.language)
        self.situation = " + ".join(self.situations.values())
        self.relationship = words["relationship"][answers.relationship]
        self.stage = words["stage"][answers.stage]
        self.channel = words["channel"][answers.channel]
        self.pressure = words["pressure"][answers.pressure]
        self.signals = {s: words["signal"][s] for s in answers.signals}
        self.authority = words["authority"]
        self.general = words["general"]
