from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "playbooks.guide"
    label = "guide"
