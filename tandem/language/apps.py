from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "tandem.language"
    label = "language"
    verbose_name = "Language advice"

    def ready(self) -> None:
        from tandem.language import checks  # noqa: F401  (registers the lexicon check)
