from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "playbooks.search"
    label = "search"
