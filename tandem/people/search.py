"""Searching for people, shared by the search page and the API. Results are disclosed with the search's purpose."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest

from tandem.people import access
from tandem.people.models import Person


@dataclass(frozen=True)
class SearchCriteria:
    family_name: str
    purpose: str
    given_name: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""


@dataclass
class SearchResult:
    entries: list[access.IndexEntry]
    hidden: list[uuid.UUID] = field(default_factory=list)
    index_tier: bool = False


def search_people(request: HttpRequest, criteria: SearchCriteria, *, limit: int = 25) -> SearchResult:
    """Front-door roles search the whole person index; everyone else only the people they have a relationship with.

    For roles without the index, an exact match on full name and date of birth that the user cannot see is reported
    as existing (and nothing more), so that break-glass can start from it.
    """
    membership = request.acting  # type: ignore[attr-defined]
    index_tier = access.may_search_index(membership)
    base = access.index_searchable(membership) if index_tier else access.visible_to(membership)
    people = base.filter(family_name__iexact=criteria.family_name.strip())
    if criteria.given_name:
        people = people.filter(given_name__istartswith=criteria.given_name.strip())
    if criteria.date_of_birth:
        people = people.filter(date_of_birth=criteria.date_of_birth)
    if criteria.postcode:
        people = people.filter(addresses__postcode__iexact=criteria.postcode.strip())
    found = list(people.order_by("family_name", "given_name", "date_of_birth")[:limit])
    entries = access.index_entries(request, found, purpose=criteria.purpose)
    hidden: list[uuid.UUID] = []
    if not index_tier and criteria.given_name and criteria.date_of_birth:
        exact = Person.objects.current().filter(
            family_name__iexact=criteria.family_name.strip(),
            given_name__iexact=criteria.given_name.strip(),
            date_of_birth=criteria.date_of_birth,
        )
        hidden = access.hidden_exact_matches(request, exact)
    return SearchResult(entries=entries, hidden=hidden, index_tier=index_tier)
