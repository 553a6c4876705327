from .roles import is_team_lead


def roles(request):
    """Lets the header show team-lead links without each view passing them."""
    user = getattr(request, "user", None)
    return {"is_team_lead": bool(user and user.is_authenticated and is_team_lead(user))}
