"""What an information governance lead may review: their own agency's records, emergency accesses and denials."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.audit.models import AccessEvent, AccessEventSubject, AuditEvent, EventKind
from tandem.people import access as people_access
from tandem.people.models import EmergencyAccess


def emergency_accesses_for(membership: Membership) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(owning_agency_id=membership.agency_id).select_related(
        "person", "membership__user", "membership__agency", "judged_by__user"
    )


def get_emergency_access_for(request: HttpRequest, access_id: uuid.UUID) -> EmergencyAccess:
    membership: Membership = request.acting  # type: ignore[attr-defined]
    found = emergency_accesses_for(membership).filter(pk=access_id).first()
    if found is None:
        raise Http404("No such emergency access for your agency")
    return found


def access_events_for_person(person_id: uuid.UUID) -> QuerySet[AccessEvent]:
    event_ids = AccessEventSubject.objects.filter(person_id=person_id).values("event_id")
    return AccessEvent.objects.filter(pk__in=event_ids).order_by("-occurred_at")


def relationship_in(event: AccessEvent, person_id: uuid.UUID) -> tuple[str, str]:
    for subject in event.subjects:
        if subject["person"] == str(person_id):
            return subject["relationship"], ", ".join(subject["sections"])
    return "", ""


def repeated_denials(membership: Membership, *, days: int = 30) -> QuerySet[Any, Any]:
    """Denied attempts on records the agency owns, or by the agency's own staff, grouped by user."""
    since = timezone.now() - dt.timedelta(days=days)
    owned = people_access.Person.objects.filter(owning_agency_id=membership.agency_id).values("pk")
    return (
        AuditEvent.objects.filter(kind=EventKind.SECURITY, verb="access.denied", occurred_at__gte=since)
        .filter(Q(person_id__in=owned) | Q(agency_id=membership.agency_id))
        .values("actor_user_id", "actor_username")
        .annotate(attempts=Count("id"), people=Count("person_id", distinct=True), last=Max("occurred_at"))
        .order_by("-attempts")
    )
