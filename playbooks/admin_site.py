"""The admin site: for team leads and superusers only, whatever else a user's flags say.

Installed in place of django.contrib.admin (see INSTALLED_APPS), so every `admin.site.register`
in the project lands here.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from .roles import TEAM_LEADS


class CrisisAdminSite(admin.AdminSite):
    site_header = _("crisisguide: guidance admin")
    site_title = _("crisisguide admin")
    index_title = _("Edit, review and publish guidance")

    def has_permission(self, request) -> bool:
        """Staff alone is not enough: the user must also be a team lead (or a superuser)."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or user.groups.filter(name=TEAM_LEADS).exists()


class CrisisAdminConfig(AdminConfig):
    default_site = "playbooks.admin_site.CrisisAdminSite"
