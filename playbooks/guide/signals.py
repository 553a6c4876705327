"""Drop the guide's cached rules whenever anything they are read from changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from playbooks.models import Boundary, FlexibilityOption, Phrase, Playbook, Resource, Situation

from .engine import clear_rules_cache
from .models import GuideRules

RULE_MODELS = (Situation, Playbook, Phrase, Boundary, FlexibilityOption, Resource, GuideRules)


def rules_changed(sender, **kwargs) -> None:
    # Now, so this process sees the change at once, and again after the commit, so that a
    # request that re-read the rules before the commit does not keep the old ones.
    clear_rules_cache()
    transaction.on_commit(clear_rules_cache)


def connect() -> None:
    for model in RULE_MODELS:
        post_save.connect(rules_changed, sender=model, dispatch_uid=f"guide-save-{model.__name__}")
        post_delete.connect(
            rules_changed, sender=model, dispatch_uid=f"guide-delete-{model.__name__}"
        )
    m2m_changed.connect(
        rules_changed, sender=Playbook.situations.through, dispatch_uid="guide-situations"
    )
