from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [path("", views.start, name="start")]
