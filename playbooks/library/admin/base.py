"""What the playbook admin's own pages share."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from ..models import Playbook

Status = Playbook.Status


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def shortened(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


def playbook_change_url(playbook_id: int) -> str:
    return reverse("admin:playbooks_playbook_change", args=[playbook_id])


class PlaybookPagesMixin:
    """The admin pages of one playbook beyond its change form share these."""

    def _playbook_or_404(self, request, object_id: str) -> Playbook:
        playbook = self.get_object(request, unquote(object_id))
        if playbook is None:
            raise Http404(_("There is no such playbook."))
        if not self.has_view_or_change_permission(request, playbook):
            raise PermissionDenied
        return playbook

    def _context(self, request, playbook: Playbook | None, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": playbook,
            "has_change_permission": self.has_change_permission(request, playbook),
        }
