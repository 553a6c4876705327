"""The admin site: for team leads and superusers only, whatever else a user's flags say.

Installed in place of django.contrib.admin (see INSTALLED_APPS), so every `admin.site.register`
in the project lands here.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from .roles import is_team_lead


class CrisisAdminSite(admin.AdminSite):
    site_header = _("crisisguide: guidance admin")
    site_title = _("crisisguide admin")
    index_title = _("Edit, review and publish guidance")

    def has_permission(self, request) -> bool:
        """Staff alone is not enough: the user must also be a team lead (or a superuser)."""
        return request.user.is_staff and is_team_lead(request.user)


class CrisisAdminConfig(AdminConfig):
    default_site = "playbooks.library.admin_site.CrisisAdminSite"
