"""The three roles of DESIGN.md, as Django groups created by a data migration."""

import time

ACCOUNT_MANAGERS = "Account managers"
TEAM_LEADS = "Team leads"
NEW_HIRES = "New hires"
ALL = (ACCOUNT_MANAGERS, TEAM_LEADS, NEW_HIRES)


def is_team_lead(user) -> bool:
    return user.is_superuser or user.has_perm("playbooks.view_insights")


# The header's check, remembered in the session: (user id, answer, when it was checked).
HEADER_ROLE_KEY = "_team_lead"
HEADER_ROLE_SECONDS = 60


def shows_team_lead_links(request) -> bool:
    """Whether the header offers team-lead links, checked at most once a minute per session.

    Spares every page the two permission queries. Only links depend on it: the admin,
    insights and progress pages check the real permissions on every request, so a change
    of role takes effect there at once, and in the header within a minute.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    session = request.session
    now = int(time.time())
    remembered = session.get(HEADER_ROLE_KEY)
    if remembered and remembered[0] == user.pk and now - remembered[2] <= HEADER_ROLE_SECONDS:
        return remembered[1]
    answer = is_team_lead(user)
    session[HEADER_ROLE_KEY] = [user.pk, answer, now]
    return answer
