"""Identity resolution: "do we already know this child?" — `find_candidates()` and the index behind it.

Contract (stable; the front door builds on it)::

    describe(person) -> PersonDescription           how the register describes a person to the matching engine
    find_candidates(description, *, by, purpose, limit=10) -> CandidateList
        `by` is the request (its acting membership decides what may be shown, and the shown candidates are disclosed
        with `purpose` in the request's access event). Front-door roles search the whole person index (minimal
        demographics); everyone else only people they have a relationship with. Candidates below the lower
        threshold are not returned. `CandidateList.search_id` records that the search ran.
    reindex(person) / reindex_many(people)          keep the index in step (called by every action that changes a
                                                    person; a superseded person is removed from it)

Candidates come from blocking keys stored in `MatchKey` (indexed) and normalised forms in `MatchEntry`, so any web
process on any machine finds a person as soon as the transaction that indexed them commits (ADR 0005).
People decide: "match" is offered as "likely the same person", "review" as "possibly the same person", each with its
explanation; nothing is linked or merged automatically.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count
from django.http import HttpRequest

from tandem.people import access
from tandem.people.codes import Sex
from tandem.people.matching import (
    MATCH,
    NO_MATCH,
    NORMALISATION_VERSION,
    RECOMMENDED_BLOCK_CAP,
    FieldEvidence,
    MatchModel,
    Normalised,
    PersonDescription,
    normalise,
    query_keys,
    record_keys,
)
from tandem.people.models import IdentitySearch, MatchEntry, MatchKey, Person

SEX_CODES: dict[str, str] = {Sex.MALE: "M", Sex.FEMALE: "F"}


@cache
def model() -> MatchModel:
    """The matching model in use: the shipped default (estimated parameters replace it when a practitioner-approved
    estimate is installed; see `manage.py estimate_match_model`)."""
    return MatchModel.default()


def describe(person: Person) -> PersonDescription:
    addresses = list(person.addresses.order_by("-from_on")) if person.pk else []
    given = [person.given_name, *person.middle_names.split(), *([person.known_as] if person.known_as else [])]
    return PersonDescription(
        given_names=tuple(n for n in given if n),
        family_names=(person.family_name,),
        date_of_birth=person.date_of_birth,
        dob_precision=person.dob_precision if person.date_of_birth else "unknown",
        sex=SEX_CODES.get(person.sex),
        postcodes=tuple(a.postcode for a in addresses if a.postcode),
        address_lines=tuple(", ".join(p for p in (a.line_1, a.line_2, a.town) if p) for a in addresses),
        record_id=str(person.pk),
    )


def _entries(person: Person, description: PersonDescription | None = None) -> tuple[MatchEntry, list[MatchKey]]:
    n = normalise(description or describe(person))
    entry = MatchEntry(person=person, data=n.as_dict(), version=NORMALISATION_VERSION)
    keys = [MatchKey(person=person, key=key) for key in sorted(record_keys(n))]
    return entry, keys


def reindex(person: Person, description: PersonDescription | None = None) -> None:
    """Bring one person's index rows up to date (in the caller's transaction)."""
    MatchKey.objects.filter(person=person).delete()
    MatchEntry.objects.filter(person=person).delete()
    if person.superseded_by_id is not None:
        return
    entry, keys = _entries(person, description)
    entry.save(force_insert=True)
    MatchKey.objects.bulk_create(keys)


def reindex_many(people: Iterable[tuple[Person, PersonDescription]], *, batch_size: int = 5000) -> int:
    """Index many new people at once (seeding and imports). Returns how many were indexed."""
    entries: list[MatchEntry] = []
    keys: list[MatchKey] = []
    count = 0
    for person, description in people:
        entry, person_keys = _entries(person, description)
        entries.append(entry)
        keys.extend(person_keys)
        count += 1
    MatchEntry.objects.bulk_create(entries, batch_size=batch_size)
    MatchKey.objects.bulk_create(keys, batch_size=batch_size)
    return count


@dataclass(frozen=True)
class Candidate:
    person_id: uuid.UUID
    entry: access.IndexEntry
    probability: float
    decision: str  # "match" (likely the same person) or "review" (possibly the same person)
    evidence: tuple[FieldEvidence, ...]
    explanation: str
    guards: tuple[str, ...] = ()

    @property
    def is_likely(self) -> bool:
        return self.decision == MATCH

    @property
    def label(self) -> str:
        return "Likely the same person" if self.decision == MATCH else "Possibly the same person"


@dataclass
class CandidateList:
    candidates: list[Candidate] = field(default_factory=list)
    search_id: uuid.UUID | None = None

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)


def candidate_ids(description: PersonDescription, *, cap: int = RECOMMENDED_BLOCK_CAP) -> set[uuid.UUID]:
    """People sharing at least one blocking key with the description, ignoring keys whose block exceeds `cap`."""
    keys = sorted(query_keys(description))
    if not keys:
        return set()
    sizes = MatchKey.objects.filter(key__in=keys).values("key").annotate(n=Count("id"))
    usable = [row["key"] for row in sizes if row["n"] <= cap]
    if not usable:
        return set()
    return set(MatchKey.objects.filter(key__in=usable).values_list("person_id", flat=True))


def find_candidates(description: PersonDescription, *, by: HttpRequest, purpose: str, limit: int = 10) -> CandidateList:
    """Ranked candidates the caller may see, each with a probability and a per-field explanation."""
    membership = by.acting  # type: ignore[attr-defined]
    ids = candidate_ids(description)
    allowed = (
        access.index_searchable(membership) if access.may_search_index(membership) else access.visible_to(membership)
    )
    rows = (
        MatchEntry.objects.filter(person_id__in=ids, person__in=allowed.values("pk")).values_list("person_id", "data")
        if ids
        else []
    )
    scored = model().rank(
        normalise(description), [(str(pid), Normalised.from_dict(data)) for pid, data in rows], limit=limit
    )
    shown = [(uuid.UUID(rid), score) for rid, score in scored if score.decision != NO_MATCH]
    people = Person.objects.in_bulk([pid for pid, _ in shown])
    entries = {e.id: e for e in access.index_entries(by, [people[pid] for pid, _ in shown], purpose=purpose)}
    search = IdentitySearch.objects.create(
        membership=membership,
        description=normalise(description).as_dict(),
        candidate_ids=[str(pid) for pid, _ in shown],
    )
    return CandidateList(
        candidates=[
            Candidate(
                person_id=pid,
                entry=entries[pid],
                probability=score.probability,
                decision=score.decision,
                evidence=score.evidence,
                explanation=model().explain(score),
                guards=score.guards,
            )
            for pid, score in shown
        ],
        search_id=search.pk,
    )
