"""The three roles of DESIGN.md, as Django groups created by a data migration.

A team lead is whoever holds TEAM_LEAD_PERMISSION (the Team leads group grants it), or a
superuser: the one definition the admin, the insights, team progress and the header use.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

ACCOUNT_MANAGERS = "Account managers"
TEAM_LEADS = "Team leads"
NEW_HIRES = "New hires"
ALL = (ACCOUNT_MANAGERS, TEAM_LEADS, NEW_HIRES)

TEAM_LEAD_PERMISSION = "playbooks.view_insights"


def is_team_lead(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(TEAM_LEAD_PERMISSION))


def team_leads() -> QuerySet:
    """Every active team lead, by username."""
    app_label, codename = TEAM_LEAD_PERMISSION.split(".")
    granted = {"content_type__app_label": app_label, "codename": codename}
    holds = Q(**{f"groups__permissions__{k}": v for k, v in granted.items()}) | Q(
        **{f"user_permissions__{k}": v for k, v in granted.items()}
    )
    users = get_user_model().objects.filter(holds | Q(is_superuser=True), is_active=True)
    return users.distinct().order_by("username")
