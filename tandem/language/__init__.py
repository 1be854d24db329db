"""Advice on language that blames children or hides abuse, from a reviewed lexicon (docs/language.md).

`advise(text, child_age=None)` lists findings; `advice_for(form_or_texts, fields)` gives them per field for a page.
Tandem advises only: it never blocks a save or changes what a practitioner wrote.
"""

from tandem.language.advice import Finding, advice_for, advise
from tandem.language.lexicon import LexiconError, get_lexicon

__all__ = ["Finding", "LexiconError", "advice_for", "advise", "get_lexicon"]
