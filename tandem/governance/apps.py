from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "tandem.governance"
    label = "governance"
    verbose_name = "Information governance"
