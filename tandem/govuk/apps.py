from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "tandem.govuk"
    label = "govuk"
    verbose_name = "GOV.UK presentation"
