from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from playbooks import views

urlpatterns = [
    path("", views.home, name="home"),
    path("playbooks/", views.playbook_list, name="playbook_list"),
    path("playbooks/<slug:slug>/", views.playbook_detail, name="playbook_detail"),
    path("search/", include("playbooks.search.urls")),
    path("guide/", include("playbooks.guide.urls")),
    path("onboarding/", include("playbooks.onboarding.urls")),
    path("check/", include("playbooks.check.urls")),
    path("", include("playbooks.feedback.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "crisisguide.views.bad_request"
handler403 = "crisisguide.views.permission_denied"
handler404 = "crisisguide.views.page_not_found"
handler500 = "crisisguide.views.server_error"
