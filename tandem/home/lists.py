"""What the home pages list from the people register: a worker's and a team's children, the IG lead's waiting
reviews, and partnership counts. Lists disclose what they show; counts show no child."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.audit import record
from tandem.people import access
from tandem.people.models import (
    Allocation,
    EmergencyAccess,
    Involvement,
    Person,
    PersonKind,
    Section,
)

LIMIT = 50
SMALL_NUMBER = 5  # counts below this are shown as "fewer than 5", so no child can be singled out


@dataclass(frozen=True)
class ChildRow:
    id: uuid.UUID
    full_name: str
    date_of_birth: dt.date | None
    age: int | None
    why: str


def children_for(request: HttpRequest, membership: Membership) -> tuple[list[ChildRow], int]:
    """Children allocated to the user first, then those the user's team is involved with (at most LIMIT shown)."""
    today = timezone.localdate()
    allocated = set(
        Allocation.objects.current(today).filter(worker_id=membership.user_id).values_list("person_id", flat=True)
    )
    team_kinds: dict[uuid.UUID, str] = {}
    if membership.team_id:
        for person_id, kind in (
            Involvement.objects.open(today).filter(team_id=membership.team_id).values_list("person_id", "kind")
        ):
            team_kinds.setdefault(person_id, kind)
    candidates = allocated | set(team_kinds)
    people = access.visible_to(membership).filter(pk__in=candidates, kind=PersonKind.CHILD)
    total = people.count()
    rows = []
    labels = dict(Involvement._meta.get_field("kind").choices or [])
    ordered = sorted(
        people.only("id", "given_name", "family_name", "date_of_birth")[: LIMIT * 2],
        key=lambda p: (p.pk not in allocated, p.family_name.lower(), p.given_name.lower()),
    )
    for person in ordered[:LIMIT]:
        why = "Allocated to you" if person.pk in allocated else f"Your team: {labels.get(team_kinds[person.pk], '')}"
        relationship = access.Rel.ALLOCATED if person.pk in allocated else access.Rel.TEAM
        record.disclose(request, person.pk, sections=[Section.INDEX], relationship=relationship)
        rows.append(ChildRow(person.pk, person.full_name, person.date_of_birth, person.age_on(today), why))
    return rows, total


def _bucket(n: int) -> str:
    return f"fewer than {SMALL_NUMBER}" if 0 < n < SMALL_NUMBER else f"{n:,}"


def partnership_counts() -> list[tuple[str, str]]:
    """Counts across the partnership, small numbers suppressed."""
    today = timezone.localdate()
    children = Person.objects.current().filter(kind=PersonKind.CHILD).count()
    open_children = (
        Involvement.objects.open(today).filter(person__kind=PersonKind.CHILD).values("person_id").distinct().count()
    )
    by_kind = (
        Involvement.objects.open(today).filter(person__kind=PersonKind.CHILD).values("kind").annotate(n=Count("id"))
    )
    labels = dict(Involvement._meta.get_field("kind").choices or [])
    rows = [
        ("Children on the register", _bucket(children)),
        ("Children with an open involvement", _bucket(open_children)),
    ]
    rows += [(f"Open involvements: {labels.get(r['kind'], r['kind'])}", _bucket(r["n"])) for r in by_kind]
    rows.append(("Emergency accesses waiting for review", _bucket(EmergencyAccess.objects.awaiting_review().count())))
    return rows


def context_for(request: HttpRequest, kind: str) -> dict[str, Any]:
    membership = getattr(request, "acting", None)
    if membership is None:
        return {}
    if kind == "children":
        rows, total = children_for(request, membership)
        return {"children": rows, "children_total": total, "children_limit": LIMIT}
    if kind == "ig":
        waiting = EmergencyAccess.objects.awaiting_review().filter(owning_agency_id=membership.agency_id).count()
        return {"ig_waiting": waiting}
    if kind == "aggregates":
        return {"counts": partnership_counts()}
    return {}
