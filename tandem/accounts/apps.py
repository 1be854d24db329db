from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    label = "accounts"
    verbose_name = "Agencies, teams and people who use Tandem"

    def ready(self) -> None:
        from tandem.accounts import security

        security.connect()
