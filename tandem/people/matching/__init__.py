"""Tandem's identity-matching engine: a pure Python library (no Django imports anywhere in this package).

Public API (stable; the Django side builds on it)::

    PersonDescription, FieldEvidence, Score            value types (frozen dataclasses)
    MATCH, REVIEW, NO_MATCH                             the three decisions

    normalise(d) -> Normalised                          precomputed comparison forms of one description
    normalised(d) -> dict                               the same as a JSON-able dict, to store next to a person
    Normalised.from_dict(dict) -> Normalised            rebuild it from storage (fast: no re-normalisation)
    NORMALISATION_VERSION                               bump ⇒ stored normalised forms and keys must be rebuilt

    record_keys(d) -> frozenset[str]                    blocking keys to store for a register record
    query_keys(d) -> frozenset[str]                     keys to look up for a query (adds swapped dates, ±1 year …)
    blocking_keys(d) -> frozenset[str]                  = record_keys(d)
    RECOMMENDED_BLOCK_CAP                               skip any query key whose block holds more records than this

    MatchModel.default() -> MatchModel                  shipped Fellegi–Sunter parameters
    model.score(a, b) -> Score                          symmetric; a and b are PersonDescription or Normalised
    model.match_weight(a, b) -> float                   just the weight (cheap: for ranking many)
    model.compare(a, b) -> dict[str, str]               the level reached on each comparison
    model.rank(query, candidates, limit=10)             score (record_id, description) pairs, best first; full
                                                        scores for the top `limit`; applies the guards that need
                                                        several candidates (twin at the address, two close matches)
    model.explain(score) -> str                         “surname: phonetic match +4.1; date of birth: …”
    model.estimate(records, other=None, ...)            unsupervised: u from random pairs, m by EM on blocked pairs
    model.train(labelled_pairs) -> MatchModel           supervised refinement from practitioner-confirmed pairs
    model.to_json() / MatchModel.from_json(s)
    model.upper_threshold / model.lower_threshold       probabilities for “likely the same” / “review”
    model.with_prior(...)                               the same model with another prior (e.g. a register's size)
    model.with_thresholds(upper=…, lower=…)             the same model with other decision thresholds

    InMemoryIndex: add, remove, update, get, block_size(key), candidates(d) -> set[str], find(d, model, limit=10)
    link(queries, register, model) -> list[LinkResult]  batch: link each query to the register
    dedupe(records, model) -> list[DedupePair]          batch: pairs within one register
"""

from tandem.people.matching.batch import DedupePair, LinkResult, dedupe, link
from tandem.people.matching.blocking import RECOMMENDED_BLOCK_CAP, blocking_keys, query_keys, record_keys
from tandem.people.matching.description import (
    MATCH,
    NO_MATCH,
    REVIEW,
    FieldEvidence,
    PersonDescription,
    Score,
)
from tandem.people.matching.index import InMemoryIndex
from tandem.people.matching.model import MatchModel
from tandem.people.matching.normalise import NORMALISATION_VERSION, Normalised, normalise, normalised

__all__ = [
    "MATCH",
    "NORMALISATION_VERSION",
    "NO_MATCH",
    "RECOMMENDED_BLOCK_CAP",
    "REVIEW",
    "DedupePair",
    "FieldEvidence",
    "InMemoryIndex",
    "LinkResult",
    "MatchModel",
    "Normalised",
    "PersonDescription",
    "Score",
    "blocking_keys",
    "dedupe",
    "link",
    "normalise",
    "normalised",
    "query_keys",
    "record_keys",
]
