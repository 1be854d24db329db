"""Every change to a contact, its people, checks, RAG and decisions. Each is atomic and audited inside its transaction.

Access has been decided before an action is called (`tandem.frontdoor.access`); actions check the state the record
is in and the version the user saw, never who is asking.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team
from tandem.audit import record
from tandem.core import versioning
from tandem.frontdoor import clocks
from tandem.frontdoor.codes import (
    INVOLVEMENT_FOR_OUTCOME,
    REFERRAL_OUTCOMES,
    SOURCE_FOR_AGENCY_KIND,
    TEAM_OUTCOMES,
    ArrivalMethod,
    CheckArea,
    CheckStatus,
    ContactStatus,
    Indicator,
    Outcome,
    PersonRole,
    Rag,
    UpdateKind,
)
from tandem.frontdoor.models import (
    AgencyCheck,
    ChildDecision,
    Contact,
    ContactPerson,
    RagChange,
    ReferrerUpdate,
)
from tandem.people import actions as people_actions
from tandem.people.codes import Marking
from tandem.people.models import FamilyInformed, Involvement, Person

logger = logging.getLogger(__name__)

#: How long the recorded share of a check answer lasts (the front door's work, and the decision's follow-up).
CHECK_SHARE_DAYS = 90

CONTACT_FIELDS = frozenset(
    {
        "arrival_method",
        "received_at",
        "source",
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        "police_reference",
        "crime_number",
        "ppn_reference",
        "concern",
        "evidence",
        "opinion",
        "indicators",
        "child_voice",
        "lawful_basis",
        "family_informed",
        "family_not_informed_reason",
        "screening_tool",
        "screening_summary",
    }
)
PERSON_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "known_as",
        "date_of_birth",
        "age_years",
        "sex",
        "address_line_1",
        "town",
        "postcode",
        "school",
        "gp",
        "relationship",
        "about",
        "first_language",
        "needs_interpreter",
        "disabilities",
        "ethnicity",
        "religion",
        "sexual_orientation",
        "gender_identity",
        "care_experienced",
        "equality_marking",
    }
)


def front_door_team_for(membership: Membership) -> Team:
    """Where a contact goes: the submitter's own front-door team, else the area's front door."""
    if membership.team is not None and membership.team.is_front_door and membership.team.is_active:
        return membership.team
    team = (
        Team.objects.filter(is_front_door=True, is_active=True, agency__is_active=True)
        .select_related("agency")
        .order_by("pk")
        .first()
    )
    if team is None:
        raise ValidationError("There is no front-door team to send the contact to. Ask your administrator.")
    return team


def _exploitation_flag(indicators: Iterable[str]) -> bool:
    return any(code in Indicator.values for code in indicators)


# ---------------------------------------------------------------------------------------------------------------------
# Drafts and submission


def start_contact(*, by: Membership, on_behalf: bool = False) -> Contact:
    """A new draft, with the referrer's details filled in from their account (unless recorded on someone's behalf)."""
    user = by.user
    with transaction.atomic():
        contact = Contact.objects.create(
            front_door_team=front_door_team_for(by),
            submitted_by=by,
            on_behalf=on_behalf,
            arrival_method=ArrivalMethod.PHONE if on_behalf else ArrivalMethod.ONLINE,
            source="" if on_behalf else SOURCE_FOR_AGENCY_KIND.get(by.agency.kind, ""),
            referrer_name="" if on_behalf else user.display_name,
            referrer_role="" if on_behalf else (user.job_title or by.get_role_display()),
            referrer_organisation="" if on_behalf else by.agency.name,
            referrer_agency=None if on_behalf else by.agency,
            referrer_phone="" if on_behalf else user.phone,
            referrer_email="" if on_behalf else user.email,
        )
        record.change(by, "contact.started", obj=contact, detail={"on_behalf": on_behalf})
    return contact


def save_draft(contact: Contact, *, changes: Mapping[str, Any], by: Membership) -> Contact:
    """Save one page of a draft (only fields of the contact itself)."""
    unknown = set(changes) - CONTACT_FIELDS
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status != ContactStatus.DRAFT:
            raise ValidationError("This contact has already been sent")
        for name, value in changes.items():
            setattr(locked, name, value)
        fields = set(changes)
        if "indicators" in changes:
            locked.is_possible_exploitation = _exploitation_flag(locked.indicators)
            fields.add("is_possible_exploitation")
        if locked.source and "source" in changes and locked.source != "6":
            locked.police_reference = locked.crime_number = locked.ppn_reference = ""
            fields |= {"police_reference", "crime_number", "ppn_reference"}
        locked.save(update_fields=sorted({*fields, "updated_at"}))
        record.change(by, "contact.draft_saved", obj=locked, detail={"fields": sorted(changes)})
    return locked


def _age_at(person: ContactPerson, on: dt.date) -> int | None:
    return person.age_on(on)


def save_described_person(
    contact: Contact,
    *,
    person: ContactPerson | None = None,
    role: str | None = None,
    changes: Mapping[str, Any],
    by: Membership,
) -> ContactPerson:
    """Add or change a person the contact describes (drafts; and the front door may correct a submitted contact)."""
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"Not described-person fields: {sorted(unknown)}")
    if contact.status not in {ContactStatus.DRAFT, ContactStatus.SUBMITTED}:
        raise ValidationError("This contact is closed")
    with transaction.atomic():
        if person is None:
            position = contact.people.count()
            person = ContactPerson(contact=contact, role=role or PersonRole.CHILD, position=position)
        elif person.contact_id != contact.pk:
            raise ValueError("That person is on another contact")
        elif role and role != person.role:
            if PersonRole.CHILD in {role, person.role}:
                raise ValueError("A child stays a child; remove them and add them again instead")
            person.role = role
        for name, value in changes.items():
            setattr(person, name, value)
        if person.date_of_birth is not None:
            person.age_years = None
        person.age_at_contact = _age_at(person, (contact.received_at or timezone.now()).date())
        person.save()
        record.change(
            by,
            "contact.person_saved",
            obj=contact,
            person=person.person_id,
            detail={"described": str(person.pk), "role": person.role, "fields": sorted(changes)},
        )
    return person


def remove_described_person(person: ContactPerson, *, by: Membership) -> None:
    contact = person.contact
    if contact.status != ContactStatus.DRAFT:
        raise ValidationError("People can be removed only before the contact is sent")
    with transaction.atomic():
        record.change(by, "contact.person_removed", obj=contact, detail={"described": str(person.pk)})
        person.delete()


def submission_problems(contact: Contact, people: list[ContactPerson]) -> dict[str, str]:
    """What is missing before a contact can be sent: {step: message}."""
    problems: dict[str, str] = {}
    if not contact.referrer_name.strip():
        problems["referrer"] = "Enter who the contact is from"
    if not contact.source:
        problems["source"] = "Select where the contact comes from"
    if contact.on_behalf and contact.received_at is None:
        problems["arrival"] = "Enter when the contact was received"
    children = [p for p in people if p.is_child]
    if not children:
        problems["children"] = "Add at least one child"
    elif any(not (c.given_name or c.family_name or c.known_as) for c in children):
        problems["children"] = "Enter a name, or what they are known as, for every child"
    if not contact.concern.strip():
        problems["concern"] = "Enter the concern"
    if not contact.child_voice.strip():
        problems["voice"] = "Enter what the child has said or how they feel, or why that is not known"
    if not contact.lawful_basis:
        problems["sharing"] = "Select the lawful basis for sharing"
    elif not contact.family_informed:
        problems["sharing"] = "Select whether the family has been told"
    elif contact.family_informed != FamilyInformed.YES and not contact.family_not_informed_reason.strip():
        problems["sharing"] = "Enter why the family has not been told"
    return problems


def submit_contact(contact: Contact, *, by: Membership, received_at: dt.datetime | None = None) -> Contact:
    """Send a draft to the front door: the clocks start at receipt."""
    now = timezone.now()
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        people = list(locked.people.all())
        problems = submission_problems(locked, people)
        if problems:
            raise ValidationError(list(problems.values()))
        locked.transition_to(ContactStatus.SUBMITTED)
        arrived = received_at or (locked.received_at if locked.on_behalf else None) or now
        if arrived > now:
            raise ValidationError("The time received cannot be in the future")
        locked.received_at = arrived
        locked.submitted_at = now
        locked.decision_due_at = clocks.decision_due(arrived)
        locked.acknowledgement_due_at = clocks.acknowledgement_due(arrived)
        locked.is_possible_exploitation = _exploitation_flag(locked.indicators)
        locked.save(
            update_fields=[
                "status",
                "received_at",
                "submitted_at",
                "decision_due_at",
                "acknowledgement_due_at",
                "is_possible_exploitation",
                "updated_at",
            ]
        )
        for person in people:
            age = _age_at(person, arrived.date())
            if age != person.age_at_contact:
                person.age_at_contact = age
                person.save(update_fields=["age_at_contact", "updated_at"])
        record.change(
            by,
            "contact.submitted",
            obj=locked,
            detail={
                "reference": locked.reference,
                "children": sum(1 for p in people if p.is_child),
                "possible_exploitation": locked.is_possible_exploitation,
                "decision_due_at": locked.decision_due_at.isoformat() if locked.decision_due_at else None,
            },
        )
        reference = locked.reference
        transaction.on_commit(lambda: logger.info("Contact %s sent to the front door", reference))
    return locked


def create_contact(
    *,
    fields: Mapping[str, Any],
    people: Sequence[tuple[str, Mapping[str, Any]]],
    by: Membership,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> Contact:
    """A whole contact at once (the API): created and sent to the front door in one transaction."""
    with transaction.atomic():
        contact = start_contact(by=by)
        changes = {k: v for k, v in fields.items() if k in CONTACT_FIELDS}
        if changes:
            contact = save_draft(contact, changes=changes, by=by)
        if idempotency_key:
            contact.idempotency_key = idempotency_key
            contact.idempotency_fingerprint = fingerprint
            contact.save(update_fields=["idempotency_key", "idempotency_fingerprint", "updated_at"])
        for role, person_fields in people:
            save_described_person(contact, role=role, changes=person_fields, by=by)
        contact = submit_contact(contact, by=by)
    return contact


# ---------------------------------------------------------------------------------------------------------------------
# Front-door work


def take_contact(contact: Contact, *, by: Membership) -> Contact:
    """The acting front-door worker takes the contact (their name shows on the queue)."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if not locked.is_open:
            raise ValidationError("This contact is no longer open")
        previous = locked.worker_id
        locked.worker_id = by.user_id
        locked.save(update_fields=["worker", "updated_at"])
        record.change(by, "contact.taken", obj=locked, detail={"previous_worker": previous})
    return locked


def link_child(child: ContactPerson, *, person: Person, by: Membership) -> ContactPerson:
    """Resolve a described child to a person on the register: this opens the front-door involvement."""
    contact = child.contact
    if not child.is_child:
        raise ValidationError("Only children are resolved to the register")
    if not contact.is_open:
        raise ValidationError("This contact is no longer open")
    with transaction.atomic():
        locked = (
            ContactPerson.objects.select_for_update(of=("self",))
            .select_related("front_door_involvement")
            .get(pk=child.pk)
        )
        if locked.person_id == person.pk:
            return locked
        if locked.front_door_involvement is not None and locked.front_door_involvement.closed_on is None:
            people_actions.close_involvement(locked.front_door_involvement, by=by)
        team = contact.front_door_team
        involvement = people_actions.open_involvement(
            person, agency=team.agency, team=team, kind="front-door", source=f"contact:{contact.pk}", by=by
        )
        locked.person = person
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.front_door_involvement = involvement
        locked.save(update_fields=["person", "resolved_by", "resolved_at", "front_door_involvement", "updated_at"])
        record.change(by, "contact.child_resolved", obj=contact, person=person, detail={"described": str(locked.pk)})
    return locked


def create_person_for_child(child: ContactPerson, *, after_search: Any, by: Membership) -> ContactPerson:
    """Add the child to the register (only after `find_candidates` has searched for them), then resolve to them."""
    with transaction.atomic():
        person = people_actions.create_person(
            given_name=child.given_name or child.known_as or "Unknown",
            family_name=child.family_name or "Unknown",
            known_as=child.known_as,
            owning_agency=child.contact.front_door_team.agency,
            after_search=after_search,
            by=by,
            date_of_birth=child.date_of_birth,
            dob_precision="day" if child.date_of_birth else "unknown",
            sex=child.sex,
            kind="child",
            address_line_1=child.address_line_1,
            town=child.town,
            postcode=child.postcode,
        )
        return link_child(child, person=person, by=by)


def request_check(
    contact: Contact,
    *,
    agency: Agency,
    team: Team | None = None,
    question: str,
    due_at: dt.datetime | None = None,
    by: Membership,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> AgencyCheck:
    """Ask an agency what it knows about the contact's children."""
    if not contact.is_open:
        raise ValidationError("This contact is no longer open")
    if not question.strip():
        raise ValidationError("Enter what you are asking")
    if team is not None and team.agency_id != agency.pk:
        raise ValidationError("The team must belong to the agency")
    children = list(contact.people.children())
    if any(c.person_id is None for c in children):
        raise ValidationError("Find each child on the register before asking agencies what they know")
    now = timezone.now()
    if due_at is not None and due_at <= now:
        raise ValidationError("The check must be due in the future")
    from tandem.frontdoor.codes import AREA_FOR_AGENCY_KIND

    area = CheckArea.EARLY_HELP if team is not None and team.slug == "early-help" else None
    with transaction.atomic():
        check = AgencyCheck.objects.create(
            contact=contact,
            agency=agency,
            team=team,
            area=area or AREA_FOR_AGENCY_KIND.get(agency.kind, CheckArea.OTHER),
            question=question.strip(),
            requested_by=by,
            requested_at=now,
            due_at=due_at or clocks.default_check_due(contact.checks_due_at, now),
            idempotency_key=idempotency_key,
            idempotency_fingerprint=fingerprint,
        )
        record.change(
            by,
            "check.requested",
            obj=check,
            detail={"contact": str(contact.pk), "agency": agency.pk, "due_at": check.due_at.isoformat()},
        )
    return check


def answer_check(
    check: AgencyCheck,
    *,
    expected_version: int,
    information: str,
    information_source: str,
    marking: str,
    lawful_basis: str,
    family_informed: str,
    family_not_informed_reason: str = "",
    source_evaluation: str = "",
    intelligence_assessment: str = "",
    handling_code: str = "",
    handling_conditions: str = "",
    by: Membership,
) -> AgencyCheck:
    """Record an agency's answer, as a note on each child's record owned by that agency and a share of it with the
    front-door worker who asked (golden rule 7: what, with whom, why, the lawful basis)."""
    if not information.strip():
        raise ValidationError("Enter what your agency knows")
    if check.area == CheckArea.POLICE and not (source_evaluation and intelligence_assessment and handling_code):
        raise ValidationError("Grade police information (source, intelligence and handling: 3×5×2)")
    if handling_code == "C" and not handling_conditions.strip():
        raise ValidationError("Enter the conditions for handling code C")
    if family_informed != FamilyInformed.YES and not family_not_informed_reason.strip():
        raise ValidationError("Enter why the family has not been told")
    now = timezone.now()
    with transaction.atomic():
        locked = versioning.lock_versioned(AgencyCheck, check.pk, expected_version=expected_version)
        if locked.status != CheckStatus.REQUESTED:
            raise ValidationError("This check has already been answered or withdrawn")
        contact = Contact.objects.select_related("front_door_team__agency").get(pk=locked.contact_id)
        requester = Membership.objects.select_related("user").get(pk=locked.requested_by_id)
        changes = {
            "information": information.strip(),
            "information_source": information_source.strip(),
            "marking": marking,
            "lawful_basis": lawful_basis,
            "family_informed": family_informed,
            "family_not_informed_reason": family_not_informed_reason if family_informed != "yes" else "",
            "source_evaluation": source_evaluation,
            "intelligence_assessment": intelligence_assessment,
            "handling_code": handling_code,
            "handling_conditions": handling_conditions if handling_code == "C" else "",
            "status": CheckStatus.ANSWERED,
            "answered_by": by,
            "answered_at": now,
        }
        for name, value in changes.items():
            setattr(locked, name, value)
        versioning.save_new_version(locked, fields=changes)
        grading = f" Graded {locked.grading}." if locked.grading else ""
        note_text = (
            f"Answer to a front-door check ({contact.reference}) from {by.agency.name}.{grading}\n"
            f"Source: {locked.information_source or 'not given'}\n\n{locked.information}"
        )
        shares = []
        for child in contact.people.children().select_related("person"):
            if child.person is None:
                continue
            note = people_actions.add_note(
                child.person,
                text=note_text,
                marking=marking,
                author=by,
                sealed_to=[requester.user, by.user] if marking == Marking.SEALED else None,
                occurred_at=now,
                by=by,
            )
            share = people_actions.share_information(
                child.person,
                sections=[],
                notes=[note],
                to_user=requester.user,
                reason=f"Answer to the front door’s check for contact {contact.reference}",
                lawful_basis=lawful_basis,
                family_informed=family_informed,
                family_not_informed_reason=family_not_informed_reason,
                ends_at=now + dt.timedelta(days=CHECK_SHARE_DAYS),
                source=f"check:{locked.pk}",
                by=by,
            )
            shares.append(str(share.pk))
        record.change(
            by,
            "check.answered",
            obj=locked,
            detail={"contact": str(contact.pk), "marking": marking, "grading": locked.grading, "shares": shares},
        )
    return locked


def withdraw_check(check: AgencyCheck, *, by: Membership) -> AgencyCheck:
    with transaction.atomic():
        locked = AgencyCheck.objects.select_for_update().get(pk=check.pk)
        if locked.status != CheckStatus.REQUESTED:
            raise ValidationError("Only a check waiting for an answer can be withdrawn")
        locked.status = CheckStatus.WITHDRAWN
        versioning.save_new_version(locked, fields=["status"])
        record.change(by, "check.withdrawn", obj=locked, detail={"contact": str(locked.contact_id)})
    return locked


def rate_contact(contact: Contact, *, expected_version: int, rag: str, rationale: str, by: Membership) -> Contact:
    """RAG-rate a contact (or change its rating) with a rationale; starts the RAG clock for agency checks."""
    if rag not in Rag.values:
        raise ValidationError("Select Red, Amber or Green")
    if not rationale.strip():
        raise ValidationError("Enter why you chose this rating")
    now = timezone.now()
    with transaction.atomic():
        locked = versioning.lock_versioned(Contact, contact.pk, expected_version=expected_version)
        if not locked.is_open:
            raise ValidationError("This contact is no longer open")
        previous = locked.rag
        due = clocks.checks_due(rag, now)
        changes = {
            "rag": rag,
            "rag_rationale": rationale.strip(),
            "rag_set_at": now,
            "rag_set_by": by,
            "checks_due_at": due,
        }
        for name, value in changes.items():
            setattr(locked, name, value)
        versioning.save_new_version(locked, fields=changes)
        # The RAG clock governs the checks still waiting for an answer.
        moved = AgencyCheck.objects.filter(contact=locked, status=CheckStatus.REQUESTED).update(due_at=due)
        RagChange.objects.create(
            contact=locked,
            rag_from=previous,
            rag_to=rag,
            rationale=rationale.strip(),
            changed_by=by,
            changed_at=now,
            checks_due_at=due,
        )
        record.change(
            by,
            "contact.rated",
            obj=locked,
            detail={
                "from": previous,
                "to": rag,
                "checks_due_at": due.isoformat(),
                "checks_moved": moved,
                "version": locked.version,
            },
        )
    return locked


def _close_front_door_involvements(contact: Contact, *, by: Membership) -> None:
    for child in contact.people.children().select_related("front_door_involvement"):
        involvement = child.front_door_involvement
        if involvement is not None and involvement.closed_on is None:
            people_actions.close_involvement(involvement, by=by)


def decide_for_child(
    child: ContactPerson,
    *,
    expected_version: int,
    outcome: str,
    rationale: str,
    child_voice_considered: str,
    equality_considered: str,
    next_team: Team | None = None,
    transfer_to: str = "",
    existing_involvement: Involvement | None = None,
    by: Membership,
) -> ChildDecision:
    """The threshold decision for one child. It allocates the next step to a team (opening that team's involvement,
    so the team gains its relationship with the child); when every child on the contact is decided, the contact is
    decided and the front-door involvements close. Accepting a statutory response makes the contact a referral."""
    if outcome not in Outcome.values:
        raise ValidationError("Select a decision")
    for text, message in (
        (rationale, "Enter the rationale for the decision"),
        (child_voice_considered, "Enter how the child’s voice was considered"),
        (equality_considered, "Enter how the child’s equality and diversity needs were considered"),
    ):
        if not text.strip():
            raise ValidationError(message)
    if outcome in TEAM_OUTCOMES and next_team is None:
        raise ValidationError("Select the team the child goes to next")
    if outcome == Outcome.TRANSFER and not transfer_to.strip():
        raise ValidationError("Enter the local authority the child transfers to")
    if outcome == Outcome.ALREADY_OPEN and existing_involvement is None:
        raise ValidationError("Select the team the child is already open to")
    now = timezone.now()
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("front_door_team__agency")
            .get(pk=child.contact_id)
        )
        locked_child = ContactPerson.objects.select_for_update(of=("self",)).select_related("person").get(pk=child.pk)
        existing = ChildDecision.objects.filter(child=locked_child).first()
        if existing is not None:
            # Decisions are final: whoever saw none (version 0) or an older one is shown the decision now saved.
            raise versioning.StaleVersion(existing, expected_version)
        versioning.check_version(None, expected_version)
        if not contact.is_open:
            raise ValidationError("This contact is no longer open")
        if not locked_child.is_child:
            raise ValidationError("Decisions are made for children")
        person = locked_child.person
        if person is None:
            raise ValidationError("Find the child on the register before deciding")
        if next_team is not None and next_team.agency_id != contact.front_door_team.agency_id:
            raise ValidationError("Choose a team of this local authority")
        if existing_involvement is not None and (
            existing_involvement.person_id != person.pk or existing_involvement.closed_on is not None
        ):
            raise ValidationError("That involvement is not open for this child")
        next_involvement = None
        if outcome in TEAM_OUTCOMES and next_team is not None:
            next_involvement = people_actions.open_involvement(
                person,
                agency=next_team.agency,
                team=next_team,
                kind=INVOLVEMENT_FOR_OUTCOME[outcome],
                source=f"contact:{contact.pk}",
                by=by,
            )
        due = contact.decision_due_at or clocks.decision_due(contact.received_at or now)
        is_referral = outcome in REFERRAL_OUTCOMES
        decision = ChildDecision.objects.create(
            child=locked_child,
            contact=contact,
            outcome=outcome,
            rationale=rationale.strip(),
            child_voice_considered=child_voice_considered.strip(),
            equality_considered=equality_considered.strip(),
            next_team=next_team if outcome in TEAM_OUTCOMES else None,
            transfer_to=transfer_to.strip() if outcome == Outcome.TRANSFER else "",
            existing_involvement=existing_involvement if outcome == Outcome.ALREADY_OPEN else None,
            next_involvement=next_involvement,
            decided_by=by,
            decided_at=now,
            decision_due_at=due,
            within_timescale=now <= due,
            is_referral=is_referral,
            referral_on=timezone.localdate(now) if is_referral else None,
        )
        record.change(
            by,
            "decision.made",
            obj=decision,
            person=person,
            detail={
                "contact": str(contact.pk),
                "outcome": outcome,
                "within_timescale": decision.within_timescale,
                "is_referral": is_referral,
                "next_team": next_team.pk if next_team else None,
            },
        )
        undecided = contact.people.children().filter(decision__isnull=True).exists()
        if not undecided:
            contact.transition_to(ContactStatus.DECIDED)
            contact.decided_at = now
            versioning.save_new_version(contact, fields=["status", "decided_at"])
            _close_front_door_involvements(contact, by=by)
            record.change(by, "contact.decided", obj=contact, detail={"reference": contact.reference})
    return decision


def close_contact(contact: Contact, *, expected_version: int, reason: str, by: Membership) -> Contact:
    """Close a contact without deciding for every child (for example, a duplicate of another contact)."""
    if not reason.strip():
        raise ValidationError("Enter why the contact is closed without a decision")
    with transaction.atomic():
        locked = versioning.lock_versioned(Contact, contact.pk, expected_version=expected_version)
        locked.transition_to(ContactStatus.CLOSED)
        locked.closed_at = timezone.now()
        locked.closed_reason = reason.strip()
        versioning.save_new_version(locked, fields=["status", "closed_at", "closed_reason"])
        _close_front_door_involvements(locked, by=by)
        record.change(by, "contact.closed", obj=locked, detail={"reference": locked.reference})
    return locked


def record_update(
    contact: Contact, *, kind: str, method: str, sent_at: dt.datetime, message: str, by: Membership
) -> ReferrerUpdate:
    """Record the acknowledgement (within one working day) or the outcome feedback given to the referrer."""
    if sent_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError("The time it was sent cannot be in the future")
    if not message.strip():
        raise ValidationError("Enter what the referrer was told")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status == ContactStatus.DRAFT:
            raise ValidationError("This contact has not been sent")
        if kind == UpdateKind.OUTCOME and locked.status not in {ContactStatus.DECIDED, ContactStatus.CLOSED}:
            raise ValidationError("Give outcome feedback once every child has a decision")
        update = ReferrerUpdate.objects.create(
            contact=locked, kind=kind, method=method, sent_at=sent_at, message=message.strip(), recorded_by=by
        )
        field = "acknowledged_at" if kind == UpdateKind.ACKNOWLEDGEMENT else "feedback_at"
        setattr(locked, field, sent_at)
        locked.save(update_fields=[field, "updated_at"])
        setattr(contact, field, sent_at)
        record.change(by, f"contact.{kind}_recorded", obj=locked, detail={"method": method})
    return update
