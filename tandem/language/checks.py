"""`manage.py check` loads the configured lexicon, so a bad file is reported at deploy time, naming the entry."""

from __future__ import annotations

from typing import Any

from django.core import checks

from tandem.language.lexicon import LexiconError, get_lexicon


@checks.register()
def lexicon_loads(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        get_lexicon()
    except LexiconError as error:
        return [
            checks.Error(
                problem,
                hint="Fix the lexicon file, or point TANDEM_LANGUAGE_LEXICON at a valid one (see docs/language.md).",
                obj=str(error.path),
                id="language.E001",
            )
            for problem in error.problems
        ]
    return []
