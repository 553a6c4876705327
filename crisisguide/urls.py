from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from playbooks.library import views

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
    # Django's auth URLs without password reset: accounts come from a team lead, who also
    # resets passwords in the admin; an open reset form would mail any address, unthrottled.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "crisisguide.views.bad_request"
handler403 = "crisisguide.views.permission_denied"
handler404 = "crisisguide.views.page_not_found"
handler500 = "crisisguide.views.server_error"
