from .roles import shows_team_lead_links


def roles(request):
    """Lets the header show team-lead links without each view passing them."""
    return {"is_team_lead": hasattr(request, "user") and shows_team_lead_links(request)}
