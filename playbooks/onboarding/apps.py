from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "playbooks.onboarding"
    label = "onboarding"
