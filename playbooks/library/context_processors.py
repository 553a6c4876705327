from django.utils.functional import SimpleLazyObject

from . import content_version
from .roles import is_team_lead


def roles(request):
    """What the header shows of the reader (their name, team-lead links), and the content
    version that keys template fragments; each is read only if a template uses it."""
    user = getattr(request, "user", None)
    return {
        "account_name": user.get_username() if user else "",
        "is_team_lead": SimpleLazyObject(lambda: user is not None and is_team_lead(user)),
        "content_version": SimpleLazyObject(lambda: content_version.for_request(request)),
    }
