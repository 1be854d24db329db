"""Find wording that blames children or hides abuse, and say what to write instead. Advice only: nothing is changed.

Rules (also in docs/language.md):

- Matching is case-insensitive and whole-word: a match never starts or ends inside a word or a hyphenated word, so
  “non-consensual” is not “consensual”. A space in a pattern matches any run of whitespace, including line breaks.
- Where matches overlap, the one that starts first wins, then the longest, then the entry listed first. Findings
  come back in text order and never overlap.
- Age (`child_age`, the age of the child the text is about): entries with `ages` rows give advice for the child’s
  age. Consent wording (“consensual”, “sexually active”, “had sex with”) is advised on as rape or sexual abuse for a
  child under 13, as sexual abuse from 13 to 15 (no legal consent), and from 16 to 17 with a caution to record any
  coercion, exchange or power imbalance (that is still sexual exploitation). From 18 it is not flagged. When the age
  is not given, the advice covers all three.
- Older person (“boyfriend”, “girlfriend”, “partner”, “in a relationship with”, “hanging around with”): when the text
  gives the other person’s age (“her 24-year-old boyfriend”, “boyfriend, 19,”, “boyfriend aged 19”, “boyfriend (19)”,
  “boyfriend who is 19”), it is flagged if that person is 18 or over, or, when the child’s age is given, 3 or more
  years older than the child. Nothing is flagged for a young adult of 18 or over. “Older boyfriend”, “adult
  boyfriend” and “relationship with an adult” are always flagged; a “boyfriend” with no age is not. The thresholds
  are `adult_age` and `older_gap` in the lexicon file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from tandem.language.lexicon import OTHER_AGE, Entry, Lexicon, get_lexicon, prefix_key

_WORD_START = re.compile(r"(?<![\w-])\w")
_CURLY = str.maketrans({"'": "’", '"': "”"})


@dataclass(frozen=True)
class Finding:
    """One piece of advice: `text[start:end] == phrase`."""

    phrase: str
    start: int
    end: int
    category: str
    suggestion: str
    source: str
    explanation: str
    entry: str
    category_label: str
    source_title: str
    source_url: str

    @property
    def display_phrase(self) -> str:
        """The phrase as typed, with straight quotes made curly for display on a page."""
        return self.phrase.translate(_CURLY)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def advise(text: str, *, child_age: int | None = None, lexicon: Lexicon | None = None) -> list[Finding]:
    """Advice on `text`, in text order. `child_age` is the age in whole years of the child the text is about."""
    if child_age is not None and (isinstance(child_age, bool) or not isinstance(child_age, int) or child_age < 0):
        raise ValueError(f"child_age must be a whole number of years, 0 or more, not {child_age!r}")
    lexicon = lexicon or get_lexicon()
    if not text:
        return []
    advice = {entry.index: entry.advice_for_age(child_age) for entry in lexicon.entries}
    candidates: list[tuple[int, int, int, int, Entry, str, str]] = []

    def consider(entry: Entry, match: re.Match[str] | None) -> None:
        given = advice[entry.index]
        if match is None or given is None:
            return
        other_age = match.groupdict().get(OTHER_AGE)
        if other_age is not None and not lexicon.other_person_counts(int(other_age), child_age):
            return
        start, end = match.span()
        candidates.append((start, start - end, entry.index, end, entry, *given))

    # Every match starts at the start of a word: try there only the patterns that can start with its two characters.
    for word in _WORD_START.finditer(text):
        position = word.start()
        bucket = lexicon.by_prefix.get(prefix_key(text, position))
        if bucket is not None and bucket.gate.match(text, position):
            for entry, pattern in bucket.patterns:
                consider(entry, pattern.match(text, position))
    for entry, pattern in lexicon.searched_in_full:
        for match in pattern.finditer(text):
            consider(entry, match)
    candidates.sort(key=lambda c: c[:3])
    findings: list[Finding] = []
    reached = 0
    for start, _, _, end, entry, suggestion, explanation in candidates:
        if start < reached:
            continue
        source = lexicon.sources[entry.source]
        findings.append(
            Finding(
                phrase=text[start:end],
                start=start,
                end=end,
                category=entry.category,
                suggestion=suggestion,
                source=entry.source,
                explanation=explanation,
                entry=entry.id,
                category_label=lexicon.categories[entry.category],
                source_title=source.title,
                source_url=source.url,
            )
        )
        reached = end
    return findings


def advice_for(form_or_texts: Any, fields: Iterable[str], *, child_age: int | None = None) -> dict[str, list[Finding]]:
    """Advice per field, for views to pass to templates (`language/_advice.html`), in the order of `fields`.

    `form_or_texts` is a Django form (its cleaned data when validated, otherwise what was typed) or a mapping of
    field name to text. Every named field gets a list, empty when there is nothing to advise on.
    """
    return {field: advise(_text_of(form_or_texts, field), child_age=child_age) for field in fields}


def _text_of(form_or_texts: Any, field: str) -> str:
    if isinstance(form_or_texts, Mapping):
        value = form_or_texts.get(field)
    else:
        cleaned = getattr(form_or_texts, "cleaned_data", None)
        value = cleaned[field] if isinstance(cleaned, Mapping) and field in cleaned else form_or_texts[field].value()
    return value if isinstance(value, str) else ""
