"""The front-door queue's query: filters, sorting and the annotations each row needs, in a constant number of queries.

Due times are stored on each contact and check; "overdue" is worked out here, against the time of the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from tandem.accounts.models import Agency, Membership, User
from tandem.frontdoor import access
from tandem.frontdoor.codes import CheckStatus, ContactStatus, PersonRole, Rag
from tandem.frontdoor.models import AgencyCheck, Contact, ContactPerson

PAGE_SIZE = 25

AGE_BANDS: dict[str, tuple[str, int, int]] = {
    "under-13": ("Under 13", 0, 12),
    "13-15": ("13 to 15", 13, 15),
    "16-17": ("16 or 17", 16, 17),
    "18-plus": ("18 or over", 18, 150),
}
SORTS = {
    "due": "Decision due (soonest first)",
    "rag": "RAG (Red first)",
    "received": "Received (newest first)",
}
STATES = {"open": "Awaiting decision", "all": "All, including decided and closed"}


@dataclass(frozen=True)
class Filters:
    rag: str = ""
    age: str = ""
    exploitation: bool = False
    source_agency: int | None = None
    worker: str = ""
    sort: str = "due"
    state: str = "open"

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        rag = query.get("rag", "")
        age = query.get("age", "")
        source = query.get("source_agency", "")
        worker = query.get("worker", "")
        sort = query.get("sort", "due")
        state = query.get("state", "open")
        return cls(
            rag=rag if rag in {*Rag.values, "unrated"} else "",
            age=age if age in AGE_BANDS else "",
            exploitation=query.get("exploitation") == "yes",
            source_agency=int(source) if source.isdigit() else None,
            worker=worker if worker in {"me", "none"} or worker.isdigit() else "",
            sort=sort if sort in SORTS else "due",
            state=state if state in STATES else "open",
        )

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters, for pagination links (only what is set)."""
        values = {
            "rag": self.rag,
            "age": self.age,
            "exploitation": "yes" if self.exploitation else "",
            "source_agency": str(self.source_agency or ""),
            "worker": self.worker,
            "sort": self.sort if self.sort != "due" else "",
            "state": self.state if self.state != "open" else "",
        }
        return {k: v for k, v in values.items() if v}


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("contact_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def contacts(membership: Membership, filters: Filters, *, at: dt.datetime) -> QuerySet[Contact]:
    """The queue for this membership with the filters applied, annotated and sorted (not yet paginated)."""
    queryset = access.queue_for(membership, at=at)
    if filters.state == "open":
        queryset = queryset.filter(status=ContactStatus.SUBMITTED)
    if filters.rag == "unrated":
        queryset = queryset.filter(rag="")
    elif filters.rag:
        queryset = queryset.filter(rag=filters.rag)
    if filters.age:
        _, low, high = AGE_BANDS[filters.age]
        children = ContactPerson.objects.filter(
            contact_id=OuterRef("pk"), role=PersonRole.CHILD, age_at_contact__gte=low, age_at_contact__lte=high
        )
        queryset = queryset.filter(Exists(children))
    if filters.exploitation:
        queryset = queryset.filter(is_possible_exploitation=True)
    if filters.source_agency:
        queryset = queryset.filter(referrer_agency_id=filters.source_agency)
    if filters.worker == "me":
        queryset = queryset.filter(worker_id=membership.user_id)
    elif filters.worker == "none":
        queryset = queryset.filter(worker__isnull=True)
    elif filters.worker:
        queryset = queryset.filter(worker_id=int(filters.worker))
    checks = AgencyCheck.objects.filter(contact_id=OuterRef("pk"), status=CheckStatus.REQUESTED)
    queryset = queryset.annotate(
        outstanding_checks=_count(checks),
        overdue_checks=_count(checks.filter(due_at__lt=at)),
        rag_order=Case(
            When(rag=Rag.RED, then=Value(0)),
            When(rag=Rag.AMBER, then=Value(1)),
            When(rag=Rag.GREEN, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ),
    )
    order = {
        "due": ["decision_due_at", "received_at", "pk"],
        "rag": ["rag_order", "decision_due_at", "pk"],
        "received": ["-received_at", "pk"],
    }[filters.sort]
    children = ContactPerson.objects.filter(role=PersonRole.CHILD).order_by("position", "created_at")
    return (
        queryset.select_related("worker", "referrer_agency")
        .prefetch_related(Prefetch("people", queryset=children, to_attr="child_rows"))
        .order_by(*order)
    )


def source_agencies(membership: Membership) -> list[tuple[int, str]]:
    """Agencies that have sent contacts to this queue (for the filter)."""
    sent = access.queue_for(membership).values("referrer_agency_id")
    return list(Agency.objects.filter(pk__in=sent).order_by("name").values_list("pk", "name"))


def workers(membership: Membership) -> list[tuple[int, str]]:
    if membership.team_id is None:
        return []
    users = User.objects.filter(memberships__team_id=membership.team_id).distinct().order_by("first_name", "last_name")
    return [(u.pk, u.display_name) for u in users]


def summary(membership: Membership, *, at: dt.datetime) -> dict[str, int]:
    """Counts for the home page, in one query."""
    outstanding = Exists(AgencyCheck.objects.filter(contact_id=OuterRef("pk"), status=CheckStatus.REQUESTED))
    return access.queue_for(membership, at=at).aggregate(
        open=Count("pk", filter=Q(status=ContactStatus.SUBMITTED)),
        red=Count("pk", filter=Q(status=ContactStatus.SUBMITTED, rag=Rag.RED)),
        unrated=Count("pk", filter=Q(status=ContactStatus.SUBMITTED, rag="")),
        decision_overdue=Count("pk", filter=Q(status=ContactStatus.SUBMITTED, decision_due_at__lt=at)),
        checks_overdue=Count("pk", filter=Q(outstanding, status=ContactStatus.SUBMITTED, checks_due_at__lt=at)),
        unallocated=Count("pk", filter=Q(status=ContactStatus.SUBMITTED, worker__isnull=True)),
    )
