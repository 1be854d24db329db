"""An in-memory blocking index, for batch linking, benchmarks and tests.

It mirrors what the Django side does with its (person_id, key) table: store ``record_keys`` per record, look up
``query_keys`` for a query, skip keys whose block is larger than the cap, and score what is left.
"""

from __future__ import annotations

from collections.abc import Iterator

from tandem.people.matching.blocking import RECOMMENDED_BLOCK_CAP, query_keys, record_keys
from tandem.people.matching.description import PersonDescription, Score
from tandem.people.matching.model import MatchModel
from tandem.people.matching.normalise import Normalised, normalise


class InMemoryIndex:
    """Records by id, with their normalised forms and a key → ids map."""

    def __init__(self, *, block_cap: int = RECOMMENDED_BLOCK_CAP) -> None:
        self.block_cap = block_cap
        self._records: dict[str, Normalised] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self._blocks: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def get(self, record_id: str) -> Normalised:
        return self._records[record_id]

    def add(self, record_id: str, d: PersonDescription | Normalised) -> None:
        """Add a record; an existing id is replaced (as ``update``)."""
        if record_id in self._records:
            self.remove(record_id)
        n = normalise(d)
        keys = record_keys(n)
        self._records[record_id] = n
        self._keys[record_id] = keys
        for key in keys:
            self._blocks.setdefault(key, set()).add(record_id)

    def remove(self, record_id: str) -> None:
        """Remove a record; unknown ids are ignored."""
        if record_id not in self._records:
            return
        for key in self._keys.pop(record_id):
            block = self._blocks.get(key)
            if block is not None:
                block.discard(record_id)
                if not block:
                    del self._blocks[key]
        del self._records[record_id]

    def update(self, record_id: str, d: PersonDescription | Normalised) -> None:
        self.add(record_id, d)

    def block_size(self, key: str) -> int:
        return len(self._blocks.get(key, ()))

    def candidates(self, d: PersonDescription | Normalised) -> set[str]:
        """Ids sharing at least one query key, skipping blocks larger than the cap."""
        found: set[str] = set()
        for key in query_keys(d):
            block = self._blocks.get(key)
            if block and len(block) <= self.block_cap:
                found |= block
        return found

    def find(self, d: PersonDescription | Normalised, model: MatchModel, limit: int = 10) -> list[tuple[str, Score]]:
        """The best-scoring candidates, best first (``MatchModel.rank``, so the ambiguity guard applies)."""
        q = normalise(d)
        ids = self.candidates(q)
        return model.rank(q, ((rid, self._records[rid]) for rid in sorted(ids)), limit=limit)
