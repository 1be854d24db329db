"""Helpers for identity tests: people made through the actions (so they are indexed), and a request to search with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import RequestFactory

from tandem.accounts.models import Membership
from tandem.audit import record
from tandem.people import actions, identity
from tandem.people.matching import PersonDescription
from tandem.people.models import IdentitySearch, Person


def searching_request(membership: Membership) -> Any:
    """A request acting in `membership`, with an audit context (as the middleware gives every request)."""
    request = RequestFactory().post("/people/search")
    request.user = membership.user
    request.acting = membership  # type: ignore[attr-defined]
    request.tandem_audit = record.RequestAudit()  # type: ignore[attr-defined]
    return request


def add_person(membership: Membership, **fields: Any) -> Person:
    """A person added the way a practitioner adds one: after a search, through `actions.create_person`."""
    search = IdentitySearch.objects.create(membership=membership, description={}, candidate_ids=[])
    data = {
        "given_name": "Maya",
        "family_name": "Lockwood",
        "date_of_birth": dt.date(2010, 3, 14),
        "sex": "2",
        "address_line_1": "12 Mill Lane",
        "postcode": "WY7 2QX",
        **fields,
    }
    person = actions.create_person(owning_agency=membership.agency, after_search=search.pk, by=membership, **data)
    identity.model_changed()
    return person


def describe(**fields: Any) -> PersonDescription:
    data: dict[str, Any] = {
        "given_names": ("Maya",),
        "family_names": ("Lockwood",),
        "date_of_birth": dt.date(2010, 3, 14),
        "sex": "F",
        "postcodes": ("WY7 2QX",),
        **fields,
    }
    return PersonDescription(**data)
