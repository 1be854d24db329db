"""Who may see and do what with strategy discussions and section 47 enquiries: the one place the meetings app decides.

Relationship: participants (invitees, attendees and the chair) of a *live* strategy discussion hold the `panel`
relationship with its child (registered with `tandem.people.access` when the app is ready), so they may open the
child's record (every section, subject to markings, no editing). A discussion is live until `ACCESS_WORKING_DAYS`
working days after its record is distributed, and for as long as a section 47 enquiry it started is open. Someone
recorded as not attending loses it (ADR 0008).

A strategy discussion (scopes):
- `participant` — invited, attending or chairing while the discussion is live (not recorded as absent): the whole
  record, except restricted information of other agencies, of which only the sanitised summary is shown; may add
  their own agency's information until the record is distributed.
- `convening-agency` — practitioners of the convening local authority with an allocated, team or front-door
  relationship with the child: the same view; with `manage` (children's social care roles) they may invite, record
  attendance, the decision, actions and the distribution.

A section 47 enquiry: the lead social worker and the convening agency's practitioners with an allocated or team
relationship with the child may see and record it; participants of the live discussion that started it may see it.

Everyone else: 404, as if it did not exist (and a security event when it does). The person record's own marking
applies first (`tandem.people.access.grant_for`). Every response discloses what it shows: the child
(`strategy-discussion` or `section-47`, plus `restricted-information` when restricted information is shown in full)
and each alleged perpetrator named (`index`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.roles import AgencyKind, Role
from tandem.audit import record
from tandem.meetings.codes import EnquiryStatus, InformationMarking, missing_core_agencies
from tandem.meetings.models import (
    DiscussionAction,
    Participant,
    Section47Enquiry,
    SharedInformation,
    StrategyDiscussion,
)
from tandem.people import access as people_access
from tandem.people.access import Rel
from tandem.people.models import Person

#: Roles of the convening local authority that may run a discussion (invite, attendance, decision, distribution).
CSC_ROLES = frozenset(
    {
        Role.FRONT_DOOR_PRACTITIONER,
        Role.FRONT_DOOR_MANAGER,
        Role.EMERGENCY_DUTY_SOCIAL_WORKER,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.EXPLOITATION_LEAD,
    }
)
#: Relationships through which the convening agency's practitioners reach its discussions and enquiries.
AGENCY_RELATIONSHIPS = frozenset({Rel.ALLOCATED, Rel.TEAM, Rel.FRONT_DOOR})
#: Relationships a manager's view of today counts as "their" children (not shares, review or break-glass).
WORK_RELATIONSHIPS = (Rel.ALLOCATED, Rel.TEAM, Rel.FRONT_DOOR, Rel.PANEL)


class Scope:
    PARTICIPANT = "participant"
    CONVENING_AGENCY = "convening-agency"
    LEAD = "lead"


class Section:
    DISCUSSION = "strategy-discussion"
    ENQUIRY = "section-47"
    RESTRICTED = "restricted-information"
    INDEX = "index"


VIEW = "view"
CONTRIBUTE = "contribute"
MANAGE = "manage"
EDIT = "edit"


# ---------------------------------------------------------------------------------------------------------------------
# The relationship source


def _present(membership_id: Any) -> QuerySet[Participant]:
    return Participant.objects.filter(discussion_id=OuterRef("pk"), membership_id=membership_id).exclude(attended=False)


def panel_people(membership: Membership, *, at: dt.datetime | None = None) -> QuerySet[Any]:
    """Children of the discussions live at `at` (by default now) this membership takes part in (a subquery of person
    ids)."""
    return StrategyDiscussion.objects.live(at).filter(Exists(_present(membership.pk))).values("person_id")


def register() -> None:
    """Called from `MeetingsConfig.ready()`: participants hold the `panel` relationship while a discussion is live."""
    people_access.register_relationship_source(Rel.PANEL, panel_people)


def is_live(discussion: StrategyDiscussion, at: dt.datetime | None = None) -> bool:
    at = at or timezone.now()
    if discussion.access_ends_at is None or discussion.access_ends_at > at:
        return True
    enquiry = Section47Enquiry.objects.filter(discussion=discussion).values_list("status", flat=True).first()
    return enquiry == EnquiryStatus.OPEN


def _deny(request: HttpRequest, kind: str, object_id: Any, why: str, exists: bool) -> Http404:
    if exists:
        record.security_event(
            request, f"{kind}.access_denied", detail={kind: str(object_id), "why": why, "path": request.path}
        )
    return Http404("Not found, or you do not have access")


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("Not found") from None


# ---------------------------------------------------------------------------------------------------------------------
# Strategy discussions


@dataclass(frozen=True)
class ChildView:
    id: uuid.UUID
    full_name: str
    date_of_birth: dt.date | None
    age: int | None


@dataclass(frozen=True)
class InformationView:
    """One agency's contribution as this viewer may see it: `full` is False when only the sanitised summary shows."""

    id: uuid.UUID
    agency: str
    organisation: str
    recorded_by: str
    recorded_at: dt.datetime
    marking: str
    marking_label: str
    full: bool
    information: str
    source: str
    is_intelligence: bool
    grading: str
    handling_conditions: str
    sanitised_summary: str
    lawful_basis: str
    lawful_basis_label: str
    family_informed: str
    family_informed_label: str
    family_not_informed_reason: str


@dataclass(frozen=True)
class PerpetratorView:
    id: uuid.UUID
    person_id: uuid.UUID | None
    full_name: str
    date_of_birth: dt.date | None
    concern: str
    agency: str
    full: bool


def _information_view(item: SharedInformation, membership: Membership) -> InformationView:
    full = item.marking == InformationMarking.PARTNERSHIP or item.agency_id == membership.agency_id
    organisation = item.on_behalf_of.organisation if item.on_behalf_of is not None else item.agency.name
    return InformationView(
        id=item.pk,
        agency=item.agency.name,
        organisation=organisation,
        recorded_by=item.recorded_by.user.display_name,
        recorded_at=item.recorded_at,
        marking=item.marking,
        marking_label=item.get_marking_display(),
        full=full,
        information=item.information if full else "",
        source=item.source if full else "",
        is_intelligence=item.is_intelligence,
        grading=item.grading if full else "",
        handling_conditions=item.handling_conditions if full else "",
        sanitised_summary=item.sanitised_summary,
        lawful_basis=item.lawful_basis,
        lawful_basis_label=item.get_lawful_basis_display(),
        family_informed=item.family_informed,
        family_informed_label=item.get_family_informed_display(),
        family_not_informed_reason=item.family_not_informed_reason if full else "",
    )


@dataclass
class DiscussionRecord:
    request: HttpRequest
    discussion: StrategyDiscussion
    membership: Membership
    scopes: frozenset[str]
    relationship: str
    participant: Participant | None

    @property
    def id(self) -> uuid.UUID:
        return self.discussion.pk

    @property
    def is_participant(self) -> bool:
        return Scope.PARTICIPANT in self.scopes

    @property
    def may_manage(self) -> bool:
        return (Scope.CONVENING_AGENCY in self.scopes or self.is_participant) and _may_run(
            self.membership, self.discussion
        )

    @property
    def may_contribute(self) -> bool:
        return not self.discussion.is_distributed and (self.is_participant or self.may_manage)

    def _disclose(self, *sections: str) -> None:
        record.disclose(self.request, self.discussion.person_id, sections=sections, relationship=self.relationship)

    @cached_property
    def child(self) -> ChildView:
        self._disclose(Section.DISCUSSION)
        person = self.discussion.person
        return ChildView(person.pk, person.full_name, person.date_of_birth, person.age_on())

    @cached_property
    def participants(self) -> list[Participant]:
        self._disclose(Section.DISCUSSION)
        return list(
            self.discussion.participants.select_related("membership__user", "membership__agency", "agency").order_by(
                "-is_chair", "organisation", "name"
            )
        )

    @property
    def missing_agencies(self) -> list[str]:
        """Children's social care, police or health not (yet) taking part: attendees once attendance is recorded."""
        people = self.participants
        recorded = any(p.attended is not None for p in people)
        kinds = {p.agency_kind for p in people if (p.attended if recorded else p.attended is not False)}
        return missing_core_agencies(kinds)

    @property
    def attendance_recorded(self) -> bool:
        return any(p.attended is not None for p in self.participants)

    @cached_property
    def information(self) -> list[InformationView]:
        items = list(
            self.discussion.information.select_related("agency", "recorded_by__user", "on_behalf_of").order_by(
                "recorded_at"
            )
        )
        views = [_information_view(item, self.membership) for item in items]
        if views:
            self._disclose(Section.DISCUSSION)
        if any(v.full and v.marking == InformationMarking.RESTRICTED for v in views):
            self._disclose(Section.RESTRICTED)
        return views

    @cached_property
    def perpetrators(self) -> list[PerpetratorView]:
        rows = list(self.discussion.alleged_perpetrators.select_related("person", "agency").order_by("recorded_at"))
        views = []
        for row in rows:
            full = row.marking == InformationMarking.PARTNERSHIP or row.agency_id == self.membership.agency_id
            if full:
                record.disclose(self.request, row.person_id, sections=[Section.INDEX], relationship=self.relationship)
            views.append(
                PerpetratorView(
                    id=row.pk,
                    person_id=row.person_id if full else None,
                    full_name=row.person.full_name if full else "",
                    date_of_birth=row.person.date_of_birth if full else None,
                    concern=row.concern if full else "",
                    agency=row.agency.name,
                    full=full,
                )
            )
        if views:
            self._disclose(Section.DISCUSSION)
        if any(v.full and r.marking == InformationMarking.RESTRICTED for v, r in zip(views, rows, strict=True)):
            self._disclose(Section.RESTRICTED)
        return views

    @cached_property
    def actions(self) -> list[DiscussionAction]:
        rows = list(self.discussion.actions.select_related("owner__user").order_by("due_on", "recorded_at"))
        if rows:
            self._disclose(Section.DISCUSSION)
        return rows

    @cached_property
    def others(self) -> list[StrategyDiscussion]:
        """The child's other strategy discussions (links to all of them; each checks access when opened)."""
        return list(
            StrategyDiscussion.objects.filter(person_id=self.discussion.person_id)
            .exclude(pk=self.discussion.pk)
            .order_by("meeting_at")
        )

    @cached_property
    def enquiry(self) -> Section47Enquiry | None:
        return Section47Enquiry.objects.filter(discussion=self.discussion).select_related("lead__user").first()


def _may_run(membership: Membership, discussion: StrategyDiscussion) -> bool:
    return membership.agency_id == discussion.agency_id and membership.role in CSC_ROLES


def _load_discussion(pk: uuid.UUID) -> StrategyDiscussion | None:
    return (
        StrategyDiscussion.objects.select_related(
            "person", "agency", "team", "convened_by__user", "decided_by__user", "distributed_by__user", "decision"
        )
        .filter(pk=pk)
        .first()
    )


def discussion_scopes(
    membership: Membership, discussion: StrategyDiscussion
) -> tuple[frozenset[str], str, Participant | None]:
    """(scopes, relationship for the access event, the membership's participant row)."""
    grant = people_access.grant_for(membership, discussion.person)
    if grant is None:
        return frozenset(), "", None
    scopes: set[str] = set()
    participant = (
        Participant.objects.filter(discussion=discussion, membership_id=membership.pk).exclude(attended=False).first()
    )
    if participant is not None and is_live(discussion):
        scopes.add(Scope.PARTICIPANT)
    agency_rels = grant.relationships & AGENCY_RELATIONSHIPS
    if agency_rels and membership.agency_id == discussion.agency_id:
        scopes.add(Scope.CONVENING_AGENCY)
    if not scopes:
        return frozenset(), "", None
    relationship = grant.relationship if grant.relationship != Rel.BREAK_GLASS else Rel.PANEL
    return frozenset(scopes), relationship, participant if Scope.PARTICIPANT in scopes else None


def get_discussion_for(request: HttpRequest, discussion_id: Any, *, to: str = VIEW) -> DiscussionRecord:
    """The only way a view reaches a strategy discussion. 404 (recording the denial) without access."""
    membership: Membership | None = getattr(request, "acting", None)
    pk = _uuid(discussion_id)
    discussion = _load_discussion(pk)
    if discussion is None or membership is None:
        raise Http404("Not found")
    scopes, relationship, participant = discussion_scopes(membership, discussion)
    if not scopes:
        raise _deny(request, "strategy_discussion", pk, "no relationship", True)
    found = DiscussionRecord(request, discussion, membership, scopes, relationship, participant)
    if to == MANAGE and not found.may_manage:
        raise _deny(request, "strategy_discussion", pk, "may not run the discussion", True)
    if to == CONTRIBUTE and not found.may_contribute:
        raise _deny(request, "strategy_discussion", pk, "may not add information", True)
    return found


# ---------------------------------------------------------------------------------------------------------------------
# Convening: from a threshold decision, or for a child the convener works with


@dataclass(frozen=True)
class ConveneTarget:
    person: Person
    decision: Any  # tandem.frontdoor.models.ChildDecision | None
    relationship: str


def may_convene(membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.role in {Role.FRONT_DOOR_MANAGER, Role.TEAM_MANAGER}
        and membership.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE
    )


def convene_target(request: HttpRequest, *, decision_id: Any = None, person_id: Any = None) -> ConveneTarget:
    """The child a strategy discussion may be convened for: a strategy decision the front door (or the team it went
    to) may see, or a child the convener has a case relationship with. 404 otherwise."""
    from tandem.frontdoor import access as frontdoor_access
    from tandem.frontdoor.codes import Outcome
    from tandem.frontdoor.models import ChildDecision

    membership: Membership | None = getattr(request, "acting", None)
    if membership is None or not may_convene(membership):
        raise Http404("Not found")
    if decision_id:
        pk = _uuid(decision_id)
        decision = (
            ChildDecision.objects.select_related("child__person", "contact").filter(pk=pk, outcome=Outcome.STRATEGY)
        ).first()
        if decision is None or decision.child.person is None:
            raise Http404("Not found")
        person = decision.child.person
        grant = people_access.grant_for(membership, person)
        if grant is not None and grant.relationships & AGENCY_RELATIONSHIPS:
            relationship = grant.relationship
        elif frontdoor_access.Scope.FRONT_DOOR in frontdoor_access.scopes_of(membership, decision.contact):
            relationship = frontdoor_access.Scope.FRONT_DOOR
        else:
            raise _deny(request, "decision", pk, "not the front door or the team it went to", True)
        record.disclose(request, person.pk, sections=[Section.DISCUSSION], relationship=relationship)
        return ConveneTarget(person, decision, relationship)
    record_ = people_access.get_person_for(request, _uuid(person_id))
    if not record_.grant.opens_case or record_.grant.relationship == Rel.BREAK_GLASS:
        raise _deny(request, "person", record_.id, "no case relationship", True)
    record.disclose(request, record_.id, sections=[Section.DISCUSSION], relationship=record_.relationship)
    return ConveneTarget(record_.person, None, record_.relationship)


# ---------------------------------------------------------------------------------------------------------------------
# Section 47 enquiries


@dataclass
class EnquiryRecord:
    request: HttpRequest
    enquiry: Section47Enquiry
    membership: Membership
    scopes: frozenset[str]
    relationship: str

    @property
    def id(self) -> uuid.UUID:
        return self.enquiry.pk

    @property
    def may_edit(self) -> bool:
        return bool(self.scopes & {Scope.LEAD, Scope.CONVENING_AGENCY}) and self.membership.role in CSC_ROLES

    @cached_property
    def child(self) -> ChildView:
        record.disclose(
            self.request, self.enquiry.person_id, sections=[Section.ENQUIRY], relationship=self.relationship
        )
        person = self.enquiry.person
        return ChildView(person.pk, person.full_name, person.date_of_birth, person.age_on())

    @property
    def child_age(self) -> int | None:
        return self.enquiry.person.age_on()

    @cached_property
    def discussions(self) -> list[StrategyDiscussion]:
        return list(StrategyDiscussion.objects.filter(person_id=self.enquiry.person_id).order_by("meeting_at"))


def enquiry_scopes(membership: Membership, enquiry: Section47Enquiry) -> tuple[frozenset[str], str]:
    grant = people_access.grant_for(membership, enquiry.person)
    if grant is None:
        return frozenset(), ""
    scopes: set[str] = set()
    if membership.user_id == enquiry.lead.user_id and membership.agency_id == enquiry.agency_id:
        scopes.add(Scope.LEAD)
    if membership.agency_id == enquiry.agency_id and grant.relationships & {Rel.ALLOCATED, Rel.TEAM}:
        scopes.add(Scope.CONVENING_AGENCY)
    present = (
        Participant.objects.filter(discussion_id=enquiry.discussion_id, membership_id=membership.pk)
        .exclude(attended=False)
        .exists()
    )
    if present and is_live(enquiry.discussion):
        scopes.add(Scope.PARTICIPANT)
    if not scopes:
        return frozenset(), ""
    relationship = grant.relationship if grant.relationship != Rel.BREAK_GLASS else Rel.PANEL
    return frozenset(scopes), relationship


def get_enquiry_for(request: HttpRequest, enquiry_id: Any, *, to: str = VIEW) -> EnquiryRecord:
    membership: Membership | None = getattr(request, "acting", None)
    pk = _uuid(enquiry_id)
    enquiry = (
        Section47Enquiry.objects.select_related(
            "person", "agency", "team", "lead__user", "lead__team", "started_by__user", "discussion"
        )
        .filter(pk=pk)
        .first()
    )
    if enquiry is None or membership is None:
        raise Http404("Not found")
    scopes, relationship = enquiry_scopes(membership, enquiry)
    if not scopes:
        raise _deny(request, "section_47_enquiry", pk, "no relationship", True)
    found = EnquiryRecord(request, enquiry, membership, scopes, relationship)
    if to == EDIT and not found.may_edit:
        raise _deny(request, "section_47_enquiry", pk, "may not record the enquiry", True)
    return found


# ---------------------------------------------------------------------------------------------------------------------
# Lists: the manager's view of today. Children are those the membership works with (allocated, team, front door,
# panel), with the person record's marking applied; each row carries the relationship that put it there.


def work_subqueries(membership: Membership) -> dict[str, QuerySet[Any]]:
    subqueries = people_access.relationship_subqueries(membership)
    return {label: subqueries[label] for label in WORK_RELATIONSHIPS if label in subqueries}


def work_people(membership: Membership) -> QuerySet[Any]:
    """Ids of the children this membership works with (a subquery)."""
    related = Q(pk__in=[])
    for subquery in work_subqueries(membership).values():
        related |= Q(pk__in=subquery)
    return people_access.visible_to(membership).filter(related).values("pk")


def with_relationships(queryset: QuerySet[Any], membership: Membership, *, field: str = "person_id") -> QuerySet[Any]:
    """Annotate each row with whether each work relationship holds for its child (`rel_<label>`), in one query."""
    annotations = {
        f"rel_{label.replace('-', '_')}": Exists(sq.filter(person_id=OuterRef(field)))
        for label, sq in work_subqueries(membership).items()
    }
    return queryset.annotate(**annotations)


def relationship_of_row(row: Any) -> str:
    for label in WORK_RELATIONSHIPS:
        if getattr(row, f"rel_{label.replace('-', '_')}", False):
            return label
    return Rel.TEAM


def disclose_rows(request: HttpRequest, rows: Iterable[Any], *, field: str = "person_id") -> None:
    for row in rows:
        record.disclose(request, getattr(row, field), sections=[Section.INDEX], relationship=relationship_of_row(row))
