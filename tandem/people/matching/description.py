"""The value types of the matching engine: what a person looks like to it, and what a comparison returns.

Plain frozen dataclasses with no behaviour beyond small conveniences, so the Django side can build them from model
rows and forms without importing anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MATCH = "match"
REVIEW = "review"
NO_MATCH = "no match"
DECISIONS = (MATCH, REVIEW, NO_MATCH)

DOB_PRECISIONS = ("day", "month", "year", "unknown")


@dataclass(frozen=True, slots=True)
class PersonDescription:
    """A person as described by a referrer (a query) or as held on the register (a record).

    * ``given_names``: the first is the main given name; the others are middle names, aliases and known-as names.
    * ``family_names``: current first, then previous (for example a birth name).
    * ``dob_precision``: ``"day"``; ``"month"`` (day unknown); ``"year"`` (an estimate such as “about 14”);
      ``"unknown"`` (treated like a missing date).
    * ``sex``: ``"M"``, ``"F"`` or ``None``.
    * ``postcodes``: current first, then previous. ``address_lines``: street lines and town, current address first.
    * ``nhs_number``: only checksum-valid values; the caller drops invalid ones.
    * ``other_identifiers``: ``(scheme, value)`` pairs such as ``("upn", "A123…")`` or ``("police", "…")``.
    """

    given_names: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    dob_precision: str = "day"
    sex: str | None = None
    postcodes: tuple[str, ...] = ()
    address_lines: tuple[str, ...] = ()
    nhs_number: str | None = None
    other_identifiers: tuple[tuple[str, str], ...] = ()
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """One comparison's contribution to a score.

    For example ``FieldEvidence("family", "phonetic", 4.1, "family name: sounds the same +4.1")``.
    """

    field: str
    level: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class Score:
    """The result of comparing two descriptions.

    ``match_weight`` is the Fellegi–Sunter log2 Bayes factor plus the log2 prior odds; ``probability`` is the
    posterior probability that the two describe the same person. ``decision`` is ``"match"`` (likely the same),
    ``"review"`` (a person should look) or ``"no match"``. ``guards`` holds plain-English reasons a safety rule
    capped the decision below what the probability alone would give.
    """

    match_weight: float
    probability: float
    evidence: tuple[FieldEvidence, ...]
    decision: str
    guards: tuple[str, ...] = field(default=())

    @property
    def is_match(self) -> bool:
        return self.decision == MATCH
