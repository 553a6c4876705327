from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("", views.start, name="start"),
    path("plan/", views.plan, name="plan"),
    path("plan/follow-up.ics", views.calendar, name="calendar"),
    path("region/", views.choose_region, name="region"),
    path("safety/", views.safety, name="safety"),
]
