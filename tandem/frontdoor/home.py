"""What the home pages show from the front door: the queue summary, and an agency's open requests.

`tandem.home` calls `context_for(request, kind)` and keeps its own dispatch by role; everything shown here goes
through `tandem.frontdoor.access` and discloses the children it names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tandem.frontdoor import access, queue
from tandem.frontdoor.codes import ContactStatus
from tandem.frontdoor.models import ContactPerson

#: How many contacts or requests a home page lists (the queue and the checks page list the rest).
SHOWN = 5


def front_door_summary(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "acting", None)
    now = timezone.now()
    if membership is None:
        return {}
    filters = queue.Filters(sort="rag" if not access.is_front_door_member(membership) else "due")
    urgent = list(queue.contacts(membership, filters, at=now)[:SHOWN])
    relationship = access.queue_relationship(membership)
    for contact in urgent:
        access.disclose_index(request, contact.child_rows, relationship=relationship)  # type: ignore[attr-defined]
    return {
        "counts": queue.summary(membership, at=now),
        "urgent": urgent,
        "now": now,
        "is_emergency_duty": not access.is_front_door_member(membership),
        "out_of_hours": access.edt_sees_red_now(membership, now),
    }


def open_requests(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "acting", None)
    checks = list(
        access.open_checks_for(membership).select_related("contact", "requested_by__user").order_by("due_at")[:SHOWN]
    )
    total = access.open_checks_for(membership).count() if len(checks) == SHOWN else len(checks)
    children: dict[uuid.UUID, list[ContactPerson]] = {}
    for person in ContactPerson.objects.filter(contact_id__in={c.contact_id for c in checks}, role="child"):
        children.setdefault(person.contact_id, []).append(person)
    for check in checks:
        check.child_rows = children.get(check.contact_id, [])  # type: ignore[attr-defined]
        access.disclose_index(request, check.child_rows, relationship=access.Scope.AGENCY_CHECK)  # type: ignore[attr-defined]
    own = access.own_contacts(membership).exclude(status=ContactStatus.DRAFT)
    return {"checks": checks, "total": total, "now": timezone.now(), "own_contacts": own.count()}


def context_for(request: HttpRequest, kind: str) -> dict[str, Any]:
    """Extra context for the home page of this kind ("front-door", "partner"); empty for the others."""
    if kind == "front-door":
        return {"frontdoor": front_door_summary(request)}
    if kind == "partner":
        return {"frontdoor": open_requests(request)}
    return {}
