"""The manager's view of today: what is due and overdue for a front-door manager or a team manager.

Each list is one query, whatever the number of rows (children's names, contacts, teams and relationships are fetched
with it), so the page makes a constant number of queries. What each manager sees goes through the access functions:
the front door's contacts (`tandem.frontdoor.access.queue_for`) and the children the manager works with
(`tandem.meetings.access.work_people`); every child named is disclosed.

- Decisions due and overdue (front-door managers): each child on an open contact awaiting a threshold decision.
- Checks overdue by agency (front-door managers): outstanding checks past their RAG time, counted per agency.
- Strategy discussions to convene: strategy decisions with no discussion yet, from the manager's front door or
  for children their team works with.
- Strategy-discussion records not yet distributed (due one working day after the meeting).
- Section 47 enquiries where the child has not been seen.
- Initial child protection conferences due within five working days (or overdue), and assessments likewise.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.roles import Role
from tandem.frontdoor import access as frontdoor_access
from tandem.frontdoor.codes import CheckStatus, ContactStatus, Outcome
from tandem.frontdoor.models import AgencyCheck, ChildDecision, ContactPerson
from tandem.meetings import access, clocks
from tandem.meetings.models import Section47Enquiry, StrategyDiscussion

#: The most rows each list shows (the counts say how many there are).
SHOWN = 50


@dataclass(frozen=True)
class AgencyChecks:
    agency: str
    overdue: int
    oldest_due_at: dt.datetime


@dataclass
class Today:
    now: dt.datetime
    today: dt.date
    horizon: dt.date
    is_front_door: bool
    decisions: list[ContactPerson] = field(default_factory=list)
    checks: list[AgencyChecks] = field(default_factory=list)
    to_convene: list[ChildDecision] = field(default_factory=list)
    records: list[StrategyDiscussion] = field(default_factory=list)
    not_seen: list[Section47Enquiry] = field(default_factory=list)
    conferences: list[Section47Enquiry] = field(default_factory=list)
    assessments: list[Section47Enquiry] = field(default_factory=list)

    @property
    def decisions_overdue(self) -> int:
        return sum(1 for c in self.decisions if c.contact.decision_due_at and c.contact.decision_due_at < self.now)

    @property
    def checks_overdue(self) -> int:
        return sum(a.overdue for a in self.checks)

    @property
    def records_overdue(self) -> int:
        return sum(1 for d in self.records if d.record_due_at < self.now)

    @property
    def overdue(self) -> int:
        """Everything past its time, for the home page's summary."""
        return (
            self.decisions_overdue
            + self.checks_overdue
            + self.records_overdue
            + sum(1 for e in self.conferences if e.conference_due_on < self.today)
            + sum(1 for e in self.assessments if e.assessment_due_on < self.today)
        )


def _end_of_today(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def decisions_due(membership: Membership, now: dt.datetime) -> list[ContactPerson]:
    """Children awaiting a threshold decision on the front door's open contacts, due by the end of today."""
    contacts = frontdoor_access.queue_for(membership, at=now).filter(status=ContactStatus.SUBMITTED)
    return list(
        ContactPerson.objects.children()
        .filter(contact__in=contacts.values("pk"), decision__isnull=True)
        .filter(contact__decision_due_at__lte=_end_of_today(now))
        .select_related("contact")
        .order_by("contact__decision_due_at", "contact__reference", "position")[:SHOWN]
    )


def checks_overdue(membership: Membership, now: dt.datetime) -> list[AgencyChecks]:
    contacts = frontdoor_access.queue_for(membership, at=now).filter(status=ContactStatus.SUBMITTED)
    rows = (
        AgencyCheck.objects.filter(contact__in=contacts.values("pk"), status=CheckStatus.REQUESTED, due_at__lt=now)
        .values("agency__name")
        .annotate(overdue=Count("pk"), oldest=Min("due_at"))
        .order_by("oldest", "agency__name")
    )
    return [AgencyChecks(r["agency__name"], r["overdue"], r["oldest"]) for r in rows]


def to_convene(membership: Membership) -> list[ChildDecision]:
    """Strategy decisions with no discussion yet: the manager's front door's, or for children their team works with."""
    mine = Q(child__person__in=access.work_people(membership))
    if frontdoor_access.is_front_door_member(membership):
        mine |= Q(contact__front_door_team_id=membership.team_id)
    started = StrategyDiscussion.objects.filter(decision_id=OuterRef("pk"))
    queryset = (
        ChildDecision.objects.filter(outcome=Outcome.STRATEGY, child__person__isnull=False)
        .filter(mine)
        .exclude(Exists(started))
        .select_related("child__person", "contact", "next_team")
        .order_by("decided_at")
    )
    return list(access.with_relationships(queryset, membership, field="child__person_id")[:SHOWN])


def records_not_distributed(membership: Membership) -> list[StrategyDiscussion]:
    queryset = (
        StrategyDiscussion.objects.not_distributed()
        .filter(person__in=access.work_people(membership))
        .select_related("person", "team", "convened_by__user")
        .order_by("record_due_at")
    )
    return list(access.with_relationships(queryset, membership)[:SHOWN])


def open_enquiries(membership: Membership, horizon: dt.date) -> list[Section47Enquiry]:
    """Enquiries with something for the manager today: the child not seen, a conference or assessment due soon."""
    queryset = (
        Section47Enquiry.objects.filter(person__in=access.work_people(membership))
        .filter(
            Q(status="open", child_seen_on__isnull=True)
            | (~Q(conference_needed=False) & Q(conference_due_on__lte=horizon))
            | Q(status="open", assessment_due_on__lte=horizon)
        )
        .select_related("person", "lead__user", "team", "discussion")
        .order_by("conference_due_on", "started_at")
    )
    return list(access.with_relationships(queryset, membership)[: SHOWN * 3])


def today_for(request: HttpRequest, *, now: dt.datetime | None = None) -> Today:
    """Everything the acting manager has due today, with every child named disclosed."""
    membership: Membership = request.acting  # type: ignore[attr-defined]
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = clocks.soon_horizon(today)
    front_door = membership.role == Role.FRONT_DOOR_MANAGER and frontdoor_access.is_front_door_member(membership)
    result = Today(now=now, today=today, horizon=horizon, is_front_door=front_door)
    if front_door:
        result.decisions = decisions_due(membership, now)
        frontdoor_access.disclose_index(
            request, result.decisions, relationship=frontdoor_access.queue_relationship(membership)
        )
        result.checks = checks_overdue(membership, now)
    result.to_convene = to_convene(membership)
    for decision in result.to_convene:
        relationship = access.relationship_of_row(decision)
        if not any(getattr(decision, a, False) for a in _annotations(membership)):
            relationship = frontdoor_access.Scope.FRONT_DOOR
        _disclose(request, decision.child.person_id, relationship)
    result.records = records_not_distributed(membership)
    access.disclose_rows(request, result.records)
    enquiries = open_enquiries(membership, horizon)
    access.disclose_rows(request, enquiries)
    result.not_seen = [e for e in enquiries if e.is_open and e.child_seen_on is None]
    result.conferences = sorted(
        (e for e in enquiries if e.conference_needed is not False and e.conference_due_on <= horizon),
        key=lambda e: e.conference_due_on,
    )
    result.assessments = sorted(
        (e for e in enquiries if e.is_open and e.assessment_due_on <= horizon), key=lambda e: e.assessment_due_on
    )
    return result


def _annotations(membership: Membership) -> list[str]:
    return [f"rel_{label.replace('-', '_')}" for label in access.work_subqueries(membership)]


def _disclose(request: HttpRequest, person_id: uuid.UUID | Any, relationship: str) -> None:
    from tandem.audit import record

    record.disclose(request, person_id, sections=[access.Section.INDEX], relationship=relationship)


def overdue_count(membership: Membership, *, now: dt.datetime | None = None) -> int:
    """How many things are overdue for the manager (counts only: nothing about any child is shown)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    if membership.role == Role.FRONT_DOOR_MANAGER and frontdoor_access.is_front_door_member(membership):
        contacts = frontdoor_access.queue_for(membership, at=now).filter(status=ContactStatus.SUBMITTED)
        count += (
            ContactPerson.objects.children()
            .filter(contact__in=contacts.values("pk"), decision__isnull=True, contact__decision_due_at__lt=now)
            .count()
        )
        count += AgencyCheck.objects.filter(
            contact__in=contacts.values("pk"), status=CheckStatus.REQUESTED, due_at__lt=now
        ).count()
    people = access.work_people(membership)
    count += StrategyDiscussion.objects.record_overdue(now).filter(person__in=people).count()
    count += (
        Section47Enquiry.objects.filter(person__in=people)
        .filter(
            (~Q(conference_needed=False) & Q(conference_due_on__lt=today))
            | Q(status="open", assessment_due_on__lt=today)
        )
        .count()
    )
    return count
