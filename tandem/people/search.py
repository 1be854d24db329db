"""Searching for people, shared by the search page, its live candidates fragment and the API.

Every search is `identity.find_candidates`: front-door roles rank the whole person index (minimal demographics);
everyone else only the people they have a relationship with. The ranked candidates ("likely" or "possibly the same
person", each with the engine's explanation) come first, then other people with the same last name. For roles
without the index, a record they cannot see that matches the full name and date of birth exactly is reported as
existing (and nothing more), so that break-glass can start from it. Results are disclosed with the search's purpose.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest

from tandem.people import access, identity
from tandem.people.matching import PersonDescription


@dataclass(frozen=True)
class SearchCriteria:
    family_name: str
    purpose: str
    given_name: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    nhs_number: str = ""
    sex: str = ""  # "M", "F" or ""

    def description(self) -> PersonDescription:
        return PersonDescription(
            given_names=(self.given_name.strip(),) if self.given_name.strip() else (),
            family_names=(self.family_name.strip(),) if self.family_name.strip() else (),
            date_of_birth=self.date_of_birth,
            dob_precision="day" if self.date_of_birth else "unknown",
            sex=self.sex or None,
            postcodes=(self.postcode.strip(),) if self.postcode.strip() else (),
            nhs_number=self.nhs_number.replace(" ", "") or None,
        )


@dataclass
class SearchResult:
    candidates: list[identity.Candidate] = field(default_factory=list)
    same_family_name: list[identity.Candidate] = field(default_factory=list)
    hidden: list[uuid.UUID] = field(default_factory=list)
    index_tier: bool = False
    search_id: uuid.UUID | None = None

    @property
    def entries(self) -> list[access.IndexEntry]:
        """Everyone listed, candidates first."""
        return [c.entry for c in (*self.candidates, *self.same_family_name)]

    @property
    def count(self) -> int:
        return len(self.candidates) + len(self.same_family_name)


def search_people(request: HttpRequest, criteria: SearchCriteria, *, limit: int = 10) -> SearchResult:
    found = identity.find_candidates(
        criteria.description(),
        by=request,
        purpose=criteria.purpose,
        limit=limit,
        include_same_family_name=True,
    )
    return SearchResult(
        candidates=found.candidates,
        same_family_name=found.same_family_name,
        hidden=found.hidden,
        index_tier=found.index_tier,
        search_id=found.search_id,
    )
