"""Drop the guide's cached rules whenever anything they are read from changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from playbooks.models import (
    Boundary,
    Contribution,
    FlexibilityOption,
    Phrase,
    Playbook,
    Resource,
    Situation,
)

from .engine import clear_rules_cache, rules_changed_everywhere
from .models import GuideRules

# Contribution is not a rule, but playbook pages are cached by the same content version.
RULE_MODELS = (
    Situation,
    Contribution,
    Playbook,
    Phrase,
    Boundary,
    FlexibilityOption,
    Resource,
    GuideRules,
)
RULE_RELATIONS = (Playbook.situations.through, Playbook.contributions.through)


def rules_changed(sender, **kwargs) -> None:
    # Now, so this process sees the change at once; after the commit, for every process,
    # and again here, in case a request re-read the rules before the commit.
    clear_rules_cache()
    connection = transaction.get_connection()
    pending = (entry[1] for entry in connection.run_on_commit)
    if not (connection.in_atomic_block and rules_changed_everywhere in pending):
        transaction.on_commit(rules_changed_everywhere)  # once per transaction is enough


def connect() -> None:
    for model in RULE_MODELS:
        post_save.connect(rules_changed, sender=model, dispatch_uid=f"guide-save-{model.__name__}")
        post_delete.connect(
            rules_changed, sender=model, dispatch_uid=f"guide-delete-{model.__name__}"
        )
    for through in RULE_RELATIONS:
        m2m_changed.connect(rules_changed, sender=through, dispatch_uid=f"guide-{through.__name__}")
