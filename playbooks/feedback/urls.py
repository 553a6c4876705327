from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("feedback/vote/", views.vote, name="vote"),
    path("insights/", views.insights_page, name="insights"),
    path("insights/export.csv", views.insights_csv, name="insights_csv"),
]
