"""Batch mode: link a file of descriptions to a register, or find the duplicates within one register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tandem.people.matching.blocking import RECOMMENDED_BLOCK_CAP
from tandem.people.matching.description import MATCH, NO_MATCH, REVIEW, PersonDescription, Score
from tandem.people.matching.index import InMemoryIndex
from tandem.people.matching.model import MatchModel
from tandem.people.matching.normalise import Normalised, normalise

_RANK = {MATCH: 2, REVIEW: 1, NO_MATCH: 0}


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome for one query: its best candidate (``record_id`` and ``score``, or ``None`` when blocking found
    nobody), the decision for that candidate, and any other candidates decided "match" or "review"."""

    query_id: str | None
    record_id: str | None
    score: Score | None
    decision: str
    alternatives: tuple[tuple[str, Score], ...] = ()


@dataclass(frozen=True, slots=True)
class DedupePair:
    """Two register records that may be the same person (``a < b``)."""

    a: str
    b: str
    score: Score


def _register_index(
    register: InMemoryIndex | Iterable[PersonDescription | Normalised], block_cap: int
) -> InMemoryIndex:
    if isinstance(register, InMemoryIndex):
        return register
    index = InMemoryIndex(block_cap=block_cap)
    for position, d in enumerate(register):
        n = normalise(d)
        index.add(n.record_id if n.record_id is not None else str(position), n)
    return index


def link(
    queries: Iterable[PersonDescription | Normalised],
    register: InMemoryIndex | Iterable[PersonDescription | Normalised],
    model: MatchModel,
    *,
    limit: int = 5,
    block_cap: int = RECOMMENDED_BLOCK_CAP,
) -> list[LinkResult]:
    """Link each query to the register (an ``InMemoryIndex`` or descriptions with ``record_id`` set; positions are
    used for missing ids). One result per query, in order."""
    index = _register_index(register, block_cap)
    results: list[LinkResult] = []
    for position, query in enumerate(queries):
        q = normalise(query)
        ranked = index.find(q, model, limit=limit)
        query_id = q.record_id if q.record_id is not None else str(position)
        if not ranked:
            results.append(LinkResult(query_id, None, None, NO_MATCH))
            continue
        best_id, best = ranked[0]
        others = tuple((rid, s) for rid, s in ranked[1:] if s.decision != NO_MATCH)
        results.append(LinkResult(query_id, best_id, best, best.decision, others))
    return results


def dedupe(
    records: Sequence[PersonDescription | Normalised] | InMemoryIndex,
    model: MatchModel,
    *,
    min_decision: str = REVIEW,
    min_probability: float | None = None,
    block_cap: int = RECOMMENDED_BLOCK_CAP,
) -> list[DedupePair]:
    """Candidate duplicate pairs within one register, each pair once, strongest first. Keeps pairs whose decision is
    at least ``min_decision`` or, when ``min_probability`` is given, whose probability reaches it."""
    index = _register_index(records, block_cap)
    pairs: list[DedupePair] = []
    floor = _RANK[min_decision]
    for record_id in sorted(index):
        n = index.get(record_id)
        for other_id in sorted(index.candidates(n)):
            if other_id <= record_id:
                continue
            score = model.score(n, index.get(other_id))
            if min_probability is not None:
                keep = score.probability >= min_probability
            else:
                keep = _RANK[score.decision] >= floor
            if keep:
                pairs.append(DedupePair(record_id, other_id, score))
    pairs.sort(key=lambda p: (-p.score.match_weight, p.a, p.b))
    return pairs
