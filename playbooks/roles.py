"""The three roles of DESIGN.md, as Django groups created by a data migration."""

ACCOUNT_MANAGERS = "Account managers"
TEAM_LEADS = "Team leads"
NEW_HIRES = "New hires"
ALL = (ACCOUNT_MANAGERS, TEAM_LEADS, NEW_HIRES)


def is_team_lead(user) -> bool:
    return user.is_superuser or user.has_perm("playbooks.view_insights")
