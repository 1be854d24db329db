"""Who may see and do what with a contact: the one place the front door decides.

A contact is personal data about every person it describes, resolved to the register or not. Who sees it, and how
much (a "scope"):

- `referrer` — the user who submitted it (in the same agency): their own submission, its status, the
  acknowledgement and the outcome feedback. Never RAG, checks, other agencies' answers or the decision rationale.
  Drafts are seen by their author only.
- `front-door` — practitioners and managers of the contact's front-door team: everything, except check answers
  sealed to other people.
- `emergency-duty` — emergency duty social workers of the same local authority, for Red contacts still awaiting a
  decision, outside working hours only (`clock.is_within_working_hours`): everything the front door sees, read only.
- `agency-check` — practitioners of an agency (and team, when the check names one) asked for a check: the
  contact's reference, the children as described (their equality needs only when marked partnership), the question
  and their own agency's answers. Nothing else.

Everyone else: 404, as if the contact did not exist (and a security event when it does). Every response that shows
people from a contact discloses them (`tandem.audit.record.disclose`): the register's id once a child is resolved,
otherwise the described person's own id, with sections `contact-index`, `contact`, `contact-equality`,
`check-answers`, `decision`.
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

from tandem.accounts import roles
from tandem.accounts.models import Membership
from tandem.accounts.roles import Role
from tandem.audit import record
from tandem.core import clock
from tandem.frontdoor.codes import CheckStatus, ContactStatus, Rag
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact, ContactPerson, RagChange, ReferrerUpdate
from tandem.people.codes import Marking


class Scope:
    REFERRER = "referrer"
    FRONT_DOOR = "front-door"
    EMERGENCY_DUTY = "emergency-duty"
    AGENCY_CHECK = "agency-check"


#: Strongest first: the relationship an access event records.
STRENGTH = [Scope.FRONT_DOOR, Scope.EMERGENCY_DUTY, Scope.REFERRER, Scope.AGENCY_CHECK]
FRONT_DOOR_TEAM_ROLES = frozenset({Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER})


class Section:
    INDEX = "contact-index"  # names and ages on a list
    CONTACT = "contact"  # the contact as described: people, concern, referrer
    EQUALITY = "contact-equality"
    CHECK_ANSWERS = "check-answers"
    DECISION = "decision"


def _now() -> dt.datetime:
    return timezone.now()


def is_front_door_member(membership: Membership | None) -> bool:
    return membership is not None and membership.role in FRONT_DOOR_TEAM_ROLES and membership.team_id is not None


def edt_sees_red_now(membership: Membership | None, at: dt.datetime | None = None) -> bool:
    """Emergency duty social workers see Red contacts only outside working hours."""
    return (
        membership is not None
        and membership.role == Role.EMERGENCY_DUTY_SOCIAL_WORKER
        and not clock.is_within_working_hours(at or _now())
    )


def _own_submission(membership: Membership) -> Q:
    return Q(submitted_by__user_id=membership.user_id, submitted_by__agency_id=membership.agency_id)


def _checks_asked_of(membership: Membership) -> QuerySet[AgencyCheck]:
    return AgencyCheck.objects.asked_of(membership).exclude(status=CheckStatus.WITHDRAWN)


def contacts_visible_to(membership: Membership | None, *, at: dt.datetime | None = None) -> QuerySet[Contact]:
    """Every contact this membership may see at all (in any scope). Filters in the database."""
    if membership is None:
        return Contact.objects.none()
    visible = _own_submission(membership)
    if is_front_door_member(membership):
        visible |= Q(front_door_team_id=membership.team_id) & ~Q(status=ContactStatus.DRAFT)
    if edt_sees_red_now(membership, at):
        visible |= Q(front_door_team__agency_id=membership.agency_id, status=ContactStatus.SUBMITTED, rag=Rag.RED)
    if membership.role in roles.PRACTITIONERS:
        asked = _checks_asked_of(membership).filter(contact_id=OuterRef("pk"))
        visible |= Q(Exists(asked)) & ~Q(status=ContactStatus.DRAFT)
    return Contact.objects.filter(visible)


def scopes_of(membership: Membership | None, contact: Contact, *, at: dt.datetime | None = None) -> frozenset[str]:
    if membership is None:
        return frozenset()
    found: set[str] = set()
    submitter = contact.submitted_by
    if submitter.user_id == membership.user_id and submitter.agency_id == membership.agency_id:
        found.add(Scope.REFERRER)
    if contact.status == ContactStatus.DRAFT:
        return frozenset(found)
    if is_front_door_member(membership) and contact.front_door_team_id == membership.team_id:
        found.add(Scope.FRONT_DOOR)
    if (
        edt_sees_red_now(membership, at)
        and contact.status == ContactStatus.SUBMITTED
        and contact.rag == Rag.RED
        and contact.front_door_team.agency_id == membership.agency_id
    ):
        found.add(Scope.EMERGENCY_DUTY)
    if membership.role in roles.PRACTITIONERS and _checks_asked_of(membership).filter(contact=contact).exists():
        found.add(Scope.AGENCY_CHECK)
    return frozenset(found)


# What each intention needs.
VIEW = "view"
DRAFT = "draft"  # edit one's own draft
WORK = "work"  # resolve children, request checks, record acknowledgement and feedback, take the contact
MANAGE = "manage"  # RAG, threshold decisions, closing


def _deny(request: HttpRequest, contact_id: Any, why: str) -> Http404:
    if Contact.objects.filter(pk=contact_id).exists():
        record.security_event(
            request, "contact.access_denied", detail={"contact": str(contact_id), "why": why, "path": request.path}
        )
    return Http404("No such contact, or you do not have access")


def get_contact_for(request: HttpRequest, contact_id: uuid.UUID | str, *, to: str = VIEW) -> ContactRecord:
    """The only way a view reaches one contact. Raises 404 (recording the denial) without the right scope."""
    membership: Membership | None = getattr(request, "acting", None)
    try:
        cid = uuid.UUID(str(contact_id))
    except ValueError:
        raise Http404("No such contact") from None
    contact = (
        Contact.objects.select_related(
            "front_door_team__agency", "submitted_by__user", "submitted_by__agency", "referrer_agency", "worker"
        )
        .filter(pk=cid)
        .first()
    )
    if contact is None or membership is None:
        raise Http404("No such contact")
    scopes = scopes_of(membership, contact)
    if not scopes:
        raise _deny(request, cid, "no scope")
    if to == DRAFT and not (Scope.REFERRER in scopes and contact.status == ContactStatus.DRAFT):
        raise _deny(request, cid, "not your draft")
    if to in {WORK, MANAGE} and Scope.FRONT_DOOR not in scopes:
        raise _deny(request, cid, "not the front-door team")
    if to == MANAGE and membership.role != Role.FRONT_DOOR_MANAGER:
        raise _deny(request, cid, "not a front-door manager")
    if to == VIEW and contact.status == ContactStatus.DRAFT and Scope.REFERRER not in scopes:
        raise _deny(request, cid, "draft")
    return ContactRecord(request, contact, membership, scopes)


def get_check_for(request: HttpRequest, check_id: uuid.UUID | str, *, to: str = VIEW) -> CheckRecord:
    """A check, for the agency asked (to answer it) or the front-door team (to see it)."""
    membership: Membership | None = getattr(request, "acting", None)
    try:
        pk = uuid.UUID(str(check_id))
    except ValueError:
        raise Http404("No such check") from None
    check = (
        AgencyCheck.objects.select_related(
            "contact__front_door_team__agency",
            "contact__submitted_by",
            "agency",
            "team",
            "requested_by__user",
            "answered_by__user",
        )
        .filter(pk=pk)
        .first()
    )
    if check is None or membership is None:
        raise Http404("No such check")
    asked = (
        membership.role in roles.PRACTITIONERS
        and check.agency_id == membership.agency_id
        and (check.team_id is None or check.team_id == membership.team_id)
        and check.status != CheckStatus.WITHDRAWN
    )
    if to == "answer" and (not asked or check.status != CheckStatus.REQUESTED):
        if AgencyCheck.objects.filter(pk=pk).exists():
            record.security_event(
                request, "check.access_denied", detail={"check": str(pk), "why": "not asked", "path": request.path}
            )
        raise Http404("No such check, or you do not have access")
    contact_record = get_contact_for(request, check.contact_id)
    if not asked and Scope.FRONT_DOOR not in contact_record.scopes:
        raise _deny(request, check.contact_id, "check of another agency")
    return CheckRecord(contact_record, check, asked=asked)


# ---------------------------------------------------------------------------------------------------------------------
# A contact as one viewer may see it. Each property discloses what it returns when it is read.


@dataclass(frozen=True)
class PersonView:
    """A described person; `equality` is None when the viewer may not see it."""

    id: uuid.UUID
    role: str
    role_label: str
    full_name: str
    given_name: str
    family_name: str
    known_as: str
    date_of_birth: dt.date | None
    age: int | None
    sex_label: str
    address: str
    postcode: str
    school: str
    gp: str
    relationship: str
    about: str
    person_id: uuid.UUID | None
    equality: ContactPerson | None
    row: ContactPerson


@dataclass
class ContactRecord:
    request: HttpRequest
    contact: Contact
    membership: Membership
    scopes: frozenset[str]

    @property
    def id(self) -> uuid.UUID:
        return self.contact.pk

    @property
    def scope(self) -> str:
        return next(s for s in STRENGTH if s in self.scopes)

    @property
    def is_front_door(self) -> bool:
        return Scope.FRONT_DOOR in self.scopes

    @property
    def sees_casework(self) -> bool:
        """RAG, all checks, decisions: the front-door team and, out of hours for Red, emergency duty."""
        return bool(self.scopes & {Scope.FRONT_DOOR, Scope.EMERGENCY_DUTY})

    @property
    def sees_submission(self) -> bool:
        """The concern, the referrer, household and people of concern."""
        return bool(self.scopes & {Scope.FRONT_DOOR, Scope.EMERGENCY_DUTY, Scope.REFERRER})

    @property
    def may_work(self) -> bool:
        return self.is_front_door and self.contact.is_open

    @property
    def may_manage(self) -> bool:
        return self.may_work and self.membership.role == Role.FRONT_DOOR_MANAGER

    def _disclose(self, people: Iterable[ContactPerson], section: str) -> None:
        for person in people:
            record.disclose(self.request, person.subject_id(), sections=[section], relationship=self.scope)

    @cached_property
    def _people(self) -> list[ContactPerson]:
        return list(self.contact.people.select_related("person").order_by("position", "created_at"))

    def _view(self, person: ContactPerson) -> PersonView:
        on = (self.contact.received_at or self.contact.created_at).date()
        show_equality = person.is_child and (self.sees_submission or (person.equality_marking == Marking.PARTNERSHIP))
        if show_equality:
            self._disclose([person], Section.EQUALITY)
        return PersonView(
            id=person.pk,
            role=person.role,
            role_label=person.get_role_display(),
            full_name=person.full_name,
            given_name=person.given_name,
            family_name=person.family_name,
            known_as=person.known_as,
            date_of_birth=person.date_of_birth,
            age=person.age_on(on),
            sex_label=person.get_sex_display(),
            address=", ".join(p for p in (person.address_line_1, person.town, person.postcode) if p),
            postcode=person.postcode,
            school=person.school,
            gp=person.gp,
            relationship=person.relationship,
            about=person.about if self.sees_submission else "",
            person_id=person.person_id if self.sees_casework else None,
            equality=person if show_equality else None,
            row=person,
        )

    @cached_property
    def children(self) -> list[PersonView]:
        children = [p for p in self._people if p.is_child]
        self._disclose(children, Section.CONTACT)
        return [self._view(p) for p in children]

    @cached_property
    def others(self) -> list[PersonView]:
        if not self.sees_submission:
            return []
        others = [p for p in self._people if not p.is_child]
        self._disclose(others, Section.CONTACT)
        return [self._view(p) for p in others]

    def child(self, child_id: uuid.UUID | str) -> PersonView:
        for view in self.children:
            if str(view.id) == str(child_id):
                return view
        raise Http404("No such child on this contact")

    @property
    def youngest_age(self) -> int | None:
        """The youngest child's age: language advice on the contact's text is given for them."""
        ages = [c.age for c in self.children if c.age is not None]
        return min(ages) if ages else None

    @cached_property
    def submission(self) -> Contact | None:
        """The contact's own fields (concern, referrer, sharing) for those who may see the submission."""
        if not self.sees_submission:
            return None
        self._disclose([p for p in self._people if p.is_child], Section.CONTACT)
        return self.contact

    @cached_property
    def checks(self) -> list[CheckView]:
        if self.sees_casework:
            checks = list(
                self.contact.checks.select_related("agency", "team", "requested_by__user", "answered_by__user")
            )
        elif Scope.AGENCY_CHECK in self.scopes:
            checks = list(
                _checks_asked_of(self.membership)
                .filter(contact=self.contact)
                .select_related("agency", "team", "requested_by__user", "answered_by__user")
            )
        else:
            return []
        views = [CheckView(c, self._answer_visible(c)) for c in checks if c.status != CheckStatus.WITHDRAWN]
        if any(v.answer_visible and v.check.status == CheckStatus.ANSWERED for v in views):
            self._disclose([p for p in self._people if p.is_child], Section.CHECK_ANSWERS)
        return views

    def _answer_visible(self, check: AgencyCheck) -> bool:
        if check.status != CheckStatus.ANSWERED:
            return False
        m = self.membership
        answering_agency = check.agency_id == m.agency_id and m.role in roles.PRACTITIONERS
        if check.marking == Marking.SEALED:
            named = {check.requested_by.user_id, check.answered_by.user_id if check.answered_by else None}
            return m.user_id in named and (self.sees_casework or answering_agency)
        if answering_agency:
            return True
        if check.marking == Marking.RESTRICTED:
            # Restricted to the answering agency, and shared (a recorded share) with the front door that asked.
            return self.sees_casework and check.contact.front_door_team.agency_id == m.agency_id
        return self.sees_casework

    @cached_property
    def rag_history(self) -> list[RagChange]:
        if not self.sees_casework:
            return []
        return list(self.contact.rag_changes.select_related("changed_by__user").order_by("changed_at"))

    @cached_property
    def decisions(self) -> dict[uuid.UUID, ChildDecision]:
        if not self.sees_casework:
            return {}
        decisions = {
            d.child_id: d
            for d in ChildDecision.objects.filter(contact=self.contact).select_related(
                "decided_by__user", "next_team", "existing_involvement__team", "next_involvement__team"
            )
        }
        if decisions:
            self._disclose([p for p in self._people if p.pk in decisions], Section.DECISION)
        return decisions

    @cached_property
    def updates(self) -> list[ReferrerUpdate]:
        if not (self.is_front_door or Scope.REFERRER in self.scopes):
            return []
        return list(self.contact.updates.select_related("recorded_by__user").order_by("sent_at"))

    @property
    def referrer_outcome(self) -> str:
        """What the referrer sees about where their contact has got to."""
        status = self.contact.status
        if status == ContactStatus.DRAFT:
            return "Not sent yet"
        if status == ContactStatus.SUBMITTED:
            return "Received: the front door is looking at it"
        if status == ContactStatus.DECIDED:
            return "Decided"
        return "Closed"


@dataclass(frozen=True)
class CheckView:
    check: AgencyCheck
    answer_visible: bool


@dataclass
class CheckRecord:
    contact_record: ContactRecord
    check: AgencyCheck
    asked: bool

    @property
    def id(self) -> uuid.UUID:
        return self.check.pk

    @property
    def answer_visible(self) -> bool:
        return self.contact_record._answer_visible(self.check)


# ---------------------------------------------------------------------------------------------------------------------
# Lists: the queue and an agency's open requests. Names on lists are disclosed as `contact-index`.


def disclose_index(request: HttpRequest, people: Iterable[ContactPerson], *, relationship: str) -> None:
    for person in people:
        record.disclose(request, person.subject_id(), sections=[Section.INDEX], relationship=relationship)


def queue_for(membership: Membership | None, *, at: dt.datetime | None = None) -> QuerySet[Contact]:
    """The front-door queue: the team's open contacts, or, for emergency duty out of hours, open Red ones."""
    if membership is None:
        return Contact.objects.none()
    if is_front_door_member(membership):
        return Contact.objects.filter(front_door_team_id=membership.team_id).submitted()
    if edt_sees_red_now(membership, at):
        return Contact.objects.filter(
            front_door_team__agency_id=membership.agency_id, status=ContactStatus.SUBMITTED, rag=Rag.RED
        )
    return Contact.objects.none()


def queue_relationship(membership: Membership) -> str:
    return Scope.FRONT_DOOR if is_front_door_member(membership) else Scope.EMERGENCY_DUTY


def open_checks_for(membership: Membership | None) -> QuerySet[AgencyCheck]:
    """Checks this membership's agency has been asked and not yet answered (the partner home page)."""
    if membership is None or membership.role not in roles.PRACTITIONERS:
        return AgencyCheck.objects.none()
    return AgencyCheck.objects.asked_of(membership).outstanding().exclude(contact__status=ContactStatus.DRAFT)


def own_contacts(membership: Membership | None) -> QuerySet[Contact]:
    if membership is None:
        return Contact.objects.none()
    return Contact.objects.filter(_own_submission(membership))
