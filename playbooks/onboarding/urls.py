from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("", views.tracks, name="tracks"),
    # Fixed paths first: "team" is a reserved track slug, "completed" a reserved lesson slug.
    path("team/", views.team_progress_page, name="team"),
    path("team/progress.csv", views.team_progress_csv, name="team_csv"),
    path("team/<int:user_id>/", views.hire_progress, name="hire"),
    path("<slug:track>/", views.track_detail, name="track"),
    path("<slug:track>/completed/", views.track_completed, name="completed"),
    path("<slug:track>/<slug:lesson>/", views.lesson_detail, name="lesson"),
    path("<slug:track>/<slug:lesson>/complete/", views.complete, name="complete"),
    path(
        "<slug:track>/<slug:lesson>/questions/<int:question>/answer/",
        views.answer,
        name="answer",
    ),
]
