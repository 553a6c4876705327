from .roles import shows_team_lead_links


def roles(request):
    """What the header shows of the reader: their name, and team-lead links."""
    user = getattr(request, "user", None)
    return {
        "account_name": user.get_username() if user else "",
        "is_team_lead": user is not None and shows_team_lead_links(request),
    }
