from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "tandem.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"
