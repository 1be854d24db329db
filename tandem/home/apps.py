from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "tandem.home"
    label = "home"
    verbose_name = "Home pages by role"
