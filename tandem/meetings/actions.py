"""Every change to a strategy discussion and a section 47 enquiry. Each is atomic and audited inside its transaction.

Access has been decided before an action is called (`tandem.meetings.access`); actions check the state the record is
in and the version the user saw, never who is asking.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tandem.accounts.models import Agency, Membership
from tandem.accounts.roles import AgencyKind
from tandem.audit import record
from tandem.core import versioning
from tandem.frontdoor.codes import Outcome
from tandem.frontdoor.models import ChildDecision
from tandem.meetings import clocks
from tandem.meetings.codes import (
    DiscussionStatus,
    EnquiryOutcome,
    EnquiryStatus,
    InformationMarking,
    Investigation,
    Mode,
    NrmConsideration,
)
from tandem.meetings.models import (
    AllegedPerpetrator,
    DiscussionAction,
    Participant,
    Section47Enquiry,
    SharedInformation,
    StrategyDiscussion,
)
from tandem.people import actions as people_actions
from tandem.people.models import (
    Allocation,
    FamilyInformed,
    Involvement,
    InvolvementKind,
    LawfulBasis,
    Person,
    PersonLink,
    RelationshipKind,
)

logger = logging.getLogger(__name__)

#: How long the recorded shares of information given at a discussion last (as the front door's check answers).
SHARE_DAYS = 90
#: Fields of a discussion a details update may change.
DETAIL_FIELDS = frozenset({"meeting_at", "mode", "reason", "risks_to_child", "risks_to_others"})
#: Fields of an enquiry an update may change (the child seen has its own action).
ENQUIRY_FIELDS = frozenset(
    {"police_lead_name", "parents_seen", "other_children", "outcome", "conference_needed", "conference_reason"}
)


def _required(value: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError(message)
    return value.strip()


def _not_distributed(discussion: StrategyDiscussion) -> None:
    if discussion.is_distributed:
        raise ValidationError("The record has been distributed: it cannot be changed")


def _refresh_conference_due(person_id: Any) -> dt.date | None:
    """Set the conference due date of the child's enquiries still awaiting a conference from their last held
    strategy discussion. Returns the due date (None if no discussion has been held)."""
    last = (
        StrategyDiscussion.objects.filter(person_id=person_id)
        .exclude(status=DiscussionStatus.CONVENED)
        .aggregate(last=Max("meeting_at"))["last"]
    )
    if last is None:
        return None
    due = clocks.conference_due(last)
    Section47Enquiry.objects.filter(person_id=person_id).conference_pending().exclude(conference_due_on=due).update(
        conference_due_on=due, updated_at=timezone.now()
    )
    return due


# ---------------------------------------------------------------------------------------------------------------------
# Convening and details


def convene_discussion(
    *,
    person: Person,
    meeting_at: dt.datetime,
    mode: str,
    reason: str,
    decision: ChildDecision | None = None,
    referral_on: dt.date | None = None,
    by: Membership,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> StrategyDiscussion:
    """Convene a strategy discussion about a child, from a threshold decision or directly. The convener chairs."""
    reason = _required(reason, "Enter why significant harm is suspected")
    if mode not in Mode.values:
        raise ValidationError("Select how the discussion is held")
    if timezone.is_naive(meeting_at):
        raise ValueError("meeting_at must be aware")
    if decision is not None:
        if decision.outcome != Outcome.STRATEGY:
            raise ValidationError("That decision was not for a strategy discussion")
        if decision.child.person_id != person.pk:
            raise ValidationError("That decision is about another child")
        referral_on = decision.referral_on or timezone.localdate(decision.decided_at)
    if referral_on is None:
        raise ValidationError("Enter the referral date")
    if referral_on > clocks.local_date(meeting_at) and referral_on > timezone.localdate():
        raise ValidationError("The referral date cannot be after the discussion")
    now = timezone.now()
    with transaction.atomic():
        discussion = StrategyDiscussion.objects.create(
            person=person,
            decision=decision,
            agency=by.agency,
            team=by.team,
            convened_by=by,
            convened_at=now,
            meeting_at=meeting_at,
            mode=mode,
            reason=reason,
            referral_on=referral_on,
            record_due_at=clocks.record_due(meeting_at),
            idempotency_key=idempotency_key,
            idempotency_fingerprint=fingerprint,
        )
        user = by.user
        Participant.objects.create(
            discussion=discussion,
            membership=by,
            name=user.display_name,
            job_title=user.job_title or by.get_role_display(),
            agency=by.agency,
            organisation=by.agency.name,
            agency_kind=by.agency.kind,
            email=user.email,
            is_chair=True,
            invited_by=by,
            invited_at=now,
        )
        record.change(
            by,
            "strategy_discussion.convened",
            obj=discussion,
            person=person,
            detail={
                "decision": str(decision.pk) if decision else None,
                "meeting_at": meeting_at.isoformat(),
                "record_due_at": discussion.record_due_at.isoformat(),
                "referral_on": referral_on.isoformat(),
            },
        )
    return discussion


def update_discussion(
    discussion: StrategyDiscussion, *, expected_version: int, changes: Mapping[str, Any], by: Membership
) -> StrategyDiscussion:
    """Change the meeting's time, mode, reason or the risks. Refused (StaleVersion) if someone saved first."""
    unknown = set(changes) - DETAIL_FIELDS
    if unknown:
        raise ValueError(f"Not discussion details: {sorted(unknown)}")
    if "reason" in changes:
        _required(changes["reason"], "Enter why significant harm is suspected")
    if "mode" in changes and changes["mode"] not in Mode.values:
        raise ValidationError("Select how the discussion is held")
    with transaction.atomic():
        locked = versioning.lock_versioned(StrategyDiscussion, discussion.pk, expected_version=expected_version)
        _not_distributed(locked)
        fields = set()
        for name, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                fields.add(name)
        if "meeting_at" in fields:
            locked.record_due_at = clocks.record_due(locked.meeting_at)
            fields.add("record_due_at")
        versioning.save_new_version(locked, fields=fields)
        due = _refresh_conference_due(locked.person_id) if "meeting_at" in fields and locked.is_held else None
        record.change(
            by,
            "strategy_discussion.updated",
            obj=locked,
            person=locked.person_id,
            detail={"fields": sorted(fields), "conference_due_on": due.isoformat() if due else None},
        )
    return locked


def invite(
    discussion: StrategyDiscussion,
    *,
    membership: Membership | None = None,
    name: str = "",
    job_title: str = "",
    organisation: str = "",
    agency_kind: str = "",
    agency: Agency | None = None,
    email: str = "",
    by: Membership,
) -> Participant:
    """Invite a Tandem user (their membership) or a named person from an agency without an account."""
    _not_distributed(discussion)
    now = timezone.now()
    if membership is not None:
        if not membership.is_current():
            raise ValidationError("That person’s role has ended")
        user = membership.user
        values = {
            "name": user.display_name,
            "job_title": user.job_title or membership.get_role_display(),
            "agency": membership.agency,
            "organisation": membership.agency.name,
            "agency_kind": membership.agency.kind,
            "email": user.email,
        }
    else:
        if agency is not None:
            organisation, agency_kind = organisation or agency.name, agency.kind
        values = {
            "name": _required(name, "Enter the person’s name"),
            "job_title": job_title.strip(),
            "agency": agency,
            "organisation": _required(organisation, "Enter their agency or organisation"),
            "agency_kind": agency_kind,
            "email": email.strip(),
        }
        if agency_kind not in AgencyKind.values:
            raise ValidationError("Select the kind of agency they work for")
    with transaction.atomic():
        if membership is not None and Participant.objects.filter(discussion=discussion, membership=membership).exists():
            raise ValidationError(f"{values['name']} is already invited")
        participant = Participant.objects.create(
            discussion=discussion, membership=membership, invited_by=by, invited_at=now, **values
        )
        record.change(
            by,
            "strategy_discussion.invited",
            obj=discussion,
            person=discussion.person_id,
            detail={
                "participant": str(participant.pk),
                "membership": membership.pk if membership else None,
                "agency_kind": participant.agency_kind,
            },
        )
    return participant


def record_attendance(
    discussion: StrategyDiscussion, *, expected_version: int, attended: set[Any], by: Membership
) -> StrategyDiscussion:
    """Who took part: everyone invited is recorded as attending (in `attended`, participant ids) or not."""
    chosen = {str(pk) for pk in attended}
    with transaction.atomic():
        locked = versioning.lock_versioned(StrategyDiscussion, discussion.pk, expected_version=expected_version)
        _not_distributed(locked)
        participants = list(locked.participants.select_for_update())
        unknown = chosen - {str(p.pk) for p in participants}
        if unknown:
            raise ValidationError("Some of those people were not invited to this discussion")
        if not chosen:
            raise ValidationError("Select who attended")
        for participant in participants:
            now_attended = str(participant.pk) in chosen
            if participant.attended != now_attended:
                participant.attended = now_attended
                participant.save(update_fields=["attended", "updated_at"])
        versioning.save_new_version(locked, fields=[])
        record.change(
            by,
            "strategy_discussion.attendance_recorded",
            obj=locked,
            person=locked.person_id,
            detail={"attended": sorted(chosen), "invited": len(participants)},
        )
    return locked


# ---------------------------------------------------------------------------------------------------------------------
# Information shared at the discussion


def add_information(
    discussion: StrategyDiscussion,
    *,
    information: str,
    source: str,
    marking: str,
    lawful_basis: str,
    family_informed: str,
    family_not_informed_reason: str = "",
    sanitised_summary: str = "",
    is_intelligence: bool = False,
    source_evaluation: str = "",
    intelligence_assessment: str = "",
    handling_code: str = "",
    handling_conditions: str = "",
    on_behalf_of: Participant | None = None,
    by: Membership,
) -> SharedInformation:
    """Record what an agency shared, as a note on the child's record owned by that agency and a share with each other
    agency's participant (golden rule 7). Restricted information is shared only as its sanitised summary."""
    information = _required(information, "Enter the information your agency shared")
    source = _required(source, "Enter where the information comes from")
    if marking not in InformationMarking.values:
        raise ValidationError("Select who may see the information")
    if marking == InformationMarking.RESTRICTED:
        sanitised_summary = _required(sanitised_summary, "Enter a sanitised summary that partners may see")
    if lawful_basis not in LawfulBasis.values:
        raise ValidationError("Select the lawful basis for sharing")
    if family_informed not in FamilyInformed.values:
        raise ValidationError("Select whether the family has been told")
    if family_informed != FamilyInformed.YES:
        family_not_informed_reason = _required(family_not_informed_reason, "Enter why the family has not been told")
    if is_intelligence and not (source_evaluation and intelligence_assessment and handling_code):
        raise ValidationError("Grade the intelligence (source, intelligence and handling: 3×5×2)")
    if not is_intelligence:
        source_evaluation = intelligence_assessment = handling_code = handling_conditions = ""
    if handling_code == "C":
        handling_conditions = _required(handling_conditions, "Enter the conditions for handling code C")
    if on_behalf_of is not None and (on_behalf_of.discussion_id != discussion.pk or on_behalf_of.has_account):
        raise ValidationError("Information is recorded on behalf of participants without an account only")
    now = timezone.now()
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().select_related("person").get(pk=discussion.pk)
        _not_distributed(locked)
        item = SharedInformation.objects.create(
            discussion=locked,
            agency=by.agency,
            on_behalf_of=on_behalf_of,
            recorded_by=by,
            recorded_at=now,
            information=information,
            source=source,
            marking=marking,
            sanitised_summary=sanitised_summary.strip(),
            is_intelligence=is_intelligence,
            source_evaluation=source_evaluation,
            intelligence_assessment=intelligence_assessment,
            handling_code=handling_code,
            handling_conditions=handling_conditions.strip(),
            lawful_basis=lawful_basis,
            family_informed=family_informed,
            family_not_informed_reason=family_not_informed_reason if family_informed != FamilyInformed.YES else "",
        )
        grading = f" Graded {item.grading}." if item.grading else ""
        who = on_behalf_of.organisation if on_behalf_of is not None else by.agency.name
        meeting_on = clocks.local_date(locked.meeting_at)
        note = people_actions.add_note(
            locked.person,
            text=f"Shared by {who} at the strategy discussion on {meeting_on:%d %B %Y}.{grading}\n"
            f"Source: {source}\n\n{information}",
            marking=marking,
            author=by,
            occurred_at=now,
            by=by,
        )
        recipients = {
            p.membership.user_id: p.membership.user
            for p in locked.participants.select_related("membership__user").exclude(attended=False)
            if p.membership is not None and p.membership.agency_id != by.agency_id
        }
        what = (
            "a sanitised summary of restricted information"
            if marking == InformationMarking.RESTRICTED
            else "information"
        )
        shares = [
            people_actions.share_information(
                locked.person,
                sections=[],
                notes=[note] if marking == InformationMarking.PARTNERSHIP else [],
                to_user=user,
                reason=f"Shared {what} at the strategy discussion on {meeting_on:%d %B %Y}, "
                "because significant harm is suspected",
                lawful_basis=lawful_basis,
                family_informed=family_informed,
                family_not_informed_reason=item.family_not_informed_reason,
                starts_at=now,
                ends_at=now + dt.timedelta(days=SHARE_DAYS),
                source=item.share_source,
                by=by,
            )
            for _, user in sorted(recipients.items())
        ]
        record.change(
            by,
            "strategy_discussion.information_added",
            obj=locked,
            person=locked.person_id,
            detail={
                "information": str(item.pk),
                "marking": marking,
                "intelligence": is_intelligence,
                "grading": item.grading,
                "note": str(note.pk),
                "shares": [str(s.pk) for s in shares],
            },
        )
    return item


def add_alleged_perpetrator(
    discussion: StrategyDiscussion,
    *,
    concern: str,
    marking: str = InformationMarking.PARTNERSHIP,
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    after_search: Any = None,
    by: Membership,
) -> AllegedPerpetrator:
    """Name an alleged perpetrator: a person found on the register, or a new person added after the search
    (`tandem.people.actions.create_person`), linked to the child as a person of concern."""
    concern = _required(concern, "Enter what they are alleged to have done")
    if marking not in InformationMarking.values:
        raise ValidationError("Select who may see their details")
    if (person is None) == (new_person is None):
        raise ValueError("Give a person on the register or a new person, not both")
    now = timezone.now()
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().select_related("person").get(pk=discussion.pk)
        _not_distributed(locked)
        if person is None:
            fields = dict(new_person or {})
            person = people_actions.create_person(
                given_name=_required(fields.pop("given_name", ""), "Enter their first name"),
                family_name=_required(fields.pop("family_name", ""), "Enter their last name"),
                owning_agency=by.agency,
                after_search=after_search,
                kind="adult",
                by=by,
                **fields,
            )
        if person.pk == locked.person_id:
            raise ValidationError("The child cannot be their own alleged perpetrator")
        if AllegedPerpetrator.objects.filter(discussion=locked, person=person).exists():
            raise ValidationError(f"{person.full_name} is already named in this discussion")
        link = PersonLink.objects.filter(
            person=locked.person, other=person, kind=RelationshipKind.PERSON_OF_CONCERN, to_on__isnull=True
        ).first()
        if link is None:
            link = PersonLink.objects.create(
                person=locked.person,
                other=person,
                kind=RelationshipKind.PERSON_OF_CONCERN,
                from_on=timezone.localdate(now),
                recorded_by=by,
                owning_agency=by.agency,
                marking=marking,
            )
            record.change(
                by,
                "person_link.added",
                obj=link,
                person=locked.person_id,
                detail={"other": str(person.pk), "kind": link.kind, "source": f"strategy-discussion:{locked.pk}"},
            )
        named = AllegedPerpetrator.objects.create(
            discussion=locked,
            person=person,
            link=link,
            concern=concern,
            agency=by.agency,
            marking=marking,
            recorded_by=by,
            recorded_at=now,
        )
        record.change(
            by,
            "strategy_discussion.perpetrator_named",
            obj=locked,
            person=locked.person_id,
            detail={"perpetrator": str(person.pk), "marking": marking, "link": str(link.pk)},
        )
    return named


def add_action(
    discussion: StrategyDiscussion,
    *,
    description: str,
    due_on: dt.date,
    owner: Membership | None = None,
    owner_name: str = "",
    owner_organisation: str = "",
    by: Membership,
) -> DiscussionAction:
    """An action agreed at the discussion, owned by someone in any agency, with a due date."""
    description = _required(description, "Enter the action")
    if owner is not None:
        owner_name, owner_organisation = owner.user.display_name, owner.agency.name
    owner_name = _required(owner_name, "Select or enter who owns the action")
    owner_organisation = _required(owner_organisation, "Enter the owner’s agency or organisation")
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
        _not_distributed(locked)
        action = DiscussionAction.objects.create(
            discussion=locked,
            description=description,
            owner=owner,
            owner_name=owner_name,
            owner_organisation=owner_organisation,
            due_on=due_on,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        record.change(
            by,
            "strategy_discussion.action_added",
            obj=locked,
            person=locked.person_id,
            detail={"action": str(action.pk), "owner": owner.pk if owner else None, "due_on": due_on.isoformat()},
        )
    return action


# ---------------------------------------------------------------------------------------------------------------------
# The decision, the record's distribution


def record_decision(
    discussion: StrategyDiscussion,
    *,
    expected_version: int,
    section_47: bool,
    investigation: str,
    decision_rationale: str,
    immediate_protection: str,
    medical_needed: bool,
    medical_plan: str,
    nrm: str,
    nrm_note: str,
    disruption: str,
    enquiry_plan: str,
    lead: Membership | None = None,
    police_lead_name: str = "",
    by: Membership,
) -> StrategyDiscussion:
    """The chair records the decision (the discussion is then held). A section 47 enquiry starts when it is decided
    and a lead social worker is named; the child's conference clock runs from this discussion if it is the last."""
    decision_rationale = _required(decision_rationale, "Enter the reasons for the decision")
    if section_47 and investigation not in Investigation.values:
        raise ValidationError("Select whether the enquiry is single-agency or a joint investigation")
    if nrm not in NrmConsideration.values:
        raise ValidationError("Select what was decided about the National Referral Mechanism")
    if medical_needed:
        medical_plan = _required(medical_plan, "Enter the plan for a medical assessment")
    now = timezone.now()
    with transaction.atomic():
        locked = versioning.lock_versioned(StrategyDiscussion, discussion.pk, expected_version=expected_version)
        _not_distributed(locked)
        if not section_47 and Section47Enquiry.objects.filter(discussion=locked).exists():
            raise ValidationError("A section 47 enquiry has already started from this discussion")
        changes = {
            "section_47": section_47,
            "investigation": investigation if section_47 else "",
            "decision_rationale": decision_rationale,
            "immediate_protection": immediate_protection.strip(),
            "medical_needed": medical_needed,
            "medical_plan": medical_plan.strip() if medical_needed else "",
            "nrm": nrm,
            "nrm_note": nrm_note.strip(),
            "disruption": disruption.strip(),
            "enquiry_plan": enquiry_plan.strip() if section_47 else "",
            "decided_by": by,
            "decided_at": now,
        }
        for name, value in changes.items():
            setattr(locked, name, value)
        fields = set(changes)
        if not locked.is_held:
            locked.transition_to(DiscussionStatus.HELD)
            fields.add("status")
        versioning.save_new_version(locked, fields=fields)
        enquiry = None
        if section_47 and lead is not None and not Section47Enquiry.objects.filter(discussion=locked).exists():
            enquiry = start_section_47(locked, lead=lead, police_lead_name=police_lead_name, by=by)
        due = _refresh_conference_due(locked.person_id)
        record.change(
            by,
            "strategy_discussion.decided",
            obj=locked,
            person=locked.person_id,
            detail={
                "section_47": section_47,
                "investigation": locked.investigation,
                "nrm": nrm,
                "medical_needed": medical_needed,
                "enquiry": str(enquiry.pk) if enquiry else None,
                "conference_due_on": due.isoformat() if due else None,
            },
        )
    return locked


def distribute_record(discussion: StrategyDiscussion, *, expected_version: int, by: Membership) -> StrategyDiscussion:
    """Send the record to everyone who attended (each sees it as its markings allow). Due within one working day of
    the meeting; a late distribution is recorded as late. Participants keep their relationship with the child for
    `clocks.ACCESS_WORKING_DAYS` working days more (longer while a section 47 enquiry it started is open)."""
    now = timezone.now()
    with transaction.atomic():
        locked = versioning.lock_versioned(StrategyDiscussion, discussion.pk, expected_version=expected_version)
        if locked.status != DiscussionStatus.HELD:
            if locked.is_distributed:
                raise ValidationError("The record has already been distributed")
            raise ValidationError("Record the decision before distributing the record")
        attendees = list(locked.participants.filter(attended=True))
        if not attendees:
            raise ValidationError("Record who attended before distributing the record")
        locked.transition_to(DiscussionStatus.DISTRIBUTED)
        locked.distributed_at = now
        locked.distributed_by = by
        locked.access_ends_at = clocks.access_ends(now)
        versioning.save_new_version(locked, fields=["status", "distributed_at", "distributed_by", "access_ends_at"])
        Participant.objects.filter(pk__in=[p.pk for p in attendees]).update(record_sent_at=now, updated_at=now)
        record.change(
            by,
            "strategy_discussion.distributed",
            obj=locked,
            person=locked.person_id,
            detail={
                "to": sorted(str(p.pk) for p in attendees),
                "late": now > locked.record_due_at,
                "record_due_at": locked.record_due_at.isoformat(),
                "access_ends_at": locked.access_ends_at.isoformat(),
            },
        )
        pk = locked.pk
        transaction.on_commit(lambda: logger.info("Strategy discussion %s record distributed", pk))
    return locked


# ---------------------------------------------------------------------------------------------------------------------
# Section 47 enquiries


def start_section_47(
    discussion: StrategyDiscussion,
    *,
    lead: Membership,
    police_lead_name: str = "",
    by: Membership,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> Section47Enquiry:
    """Start the section 47 enquiry a discussion decided on, led by a social worker of the convening local authority.
    The lead is allocated to the child and their team's child protection involvement is opened if it is not."""
    if not lead.is_current() or lead.agency_id != discussion.agency_id:
        raise ValidationError("The lead social worker must work for the local authority that convened the discussion")
    if lead.agency.kind != AgencyKind.CHILDRENS_SOCIAL_CARE:
        raise ValidationError("The lead must be a social worker")
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().select_related("person").get(pk=discussion.pk)
        if locked.section_47 is not True:
            raise ValidationError("The discussion did not decide on a section 47 enquiry")
        if Section47Enquiry.objects.filter(discussion=locked).exists():
            raise ValidationError("A section 47 enquiry has already started from this discussion")
        person = locked.person
        last = (
            (
                StrategyDiscussion.objects.filter(person_id=person.pk)
                .exclude(status=DiscussionStatus.CONVENED)
                .aggregate(last=Max("meeting_at"))["last"]
            )
            or locked.meeting_at
        )
        enquiry = Section47Enquiry.objects.create(
            discussion=locked,
            person=person,
            agency=lead.agency,
            team=lead.team,
            lead=lead,
            is_joint=locked.investigation == Investigation.JOINT,
            police_lead_name=police_lead_name.strip(),
            started_by=by,
            started_at=now,
            conference_due_on=clocks.conference_due(last),
            assessment_due_on=clocks.assessment_due(locked.referral_on),
            idempotency_key=idempotency_key,
            idempotency_fingerprint=fingerprint,
        )
        if not Allocation.objects.current(today).filter(person=person, worker_id=lead.user_id).exists():
            people_actions.allocate_worker(person, worker=lead.user, team=lead.team, starts_on=today, by=by)
        if (
            lead.team is not None
            and not Involvement.objects.open(today)
            .filter(person=person, team=lead.team)
            .exclude(kind=InvolvementKind.FRONT_DOOR)
            .exists()
        ):
            people_actions.open_involvement(
                person,
                agency=lead.agency,
                team=lead.team,
                kind=InvolvementKind.CHILD_PROTECTION,
                opened_on=today,
                source=f"strategy-discussion:{locked.pk}",
                by=by,
            )
        record.change(
            by,
            "section_47.started",
            obj=enquiry,
            person=person,
            detail={
                "discussion": str(locked.pk),
                "lead": lead.pk,
                "joint": enquiry.is_joint,
                "conference_due_on": enquiry.conference_due_on.isoformat(),
                "assessment_due_on": enquiry.assessment_due_on.isoformat(),
            },
        )
    return enquiry


def record_child_seen(
    enquiry: Section47Enquiry,
    *,
    expected_version: int,
    seen_on: dt.date,
    seen_alone: bool,
    child_words: str,
    by: Membership,
) -> Section47Enquiry:
    """The child seen: the date, whether alone, and their wishes and feelings in their own words."""
    child_words = _required(child_words, "Enter what the child said, in their words, or why they did not say")
    if seen_on > timezone.localdate():
        raise ValidationError("The date the child was seen must be today or in the past")
    with transaction.atomic():
        locked = versioning.lock_versioned(Section47Enquiry, enquiry.pk, expected_version=expected_version)
        if not locked.is_open:
            raise ValidationError("This enquiry has concluded")
        locked.child_seen_on = seen_on
        locked.seen_alone = seen_alone
        locked.child_words = child_words
        locked.child_seen_recorded_by = by
        versioning.save_new_version(
            locked, fields=["child_seen_on", "seen_alone", "child_words", "child_seen_recorded_by"]
        )
        record.change(
            by,
            "section_47.child_seen",
            obj=locked,
            person=locked.person_id,
            detail={"seen_on": seen_on.isoformat(), "seen_alone": seen_alone},
        )
    return locked


def update_enquiry(
    enquiry: Section47Enquiry, *, expected_version: int, changes: Mapping[str, Any], by: Membership
) -> Section47Enquiry:
    """Parents and carers seen, other children, and the outcome. Giving an outcome concludes the enquiry: it needs
    the child seen, and whether an initial child protection conference is needed, and why."""
    unknown = set(changes) - ENQUIRY_FIELDS
    if unknown:
        raise ValueError(f"Not enquiry fields: {sorted(unknown)}")
    outcome = changes.get("outcome") or ""
    if outcome and outcome not in EnquiryOutcome.values:
        raise ValidationError("Select the outcome")
    with transaction.atomic():
        locked = versioning.lock_versioned(Section47Enquiry, enquiry.pk, expected_version=expected_version)
        if not locked.is_open:
            raise ValidationError("This enquiry has concluded")
        fields = set()
        for name, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                fields.add(name)
        if locked.outcome:
            if locked.child_seen_on is None:
                raise ValidationError("Record the child seen before concluding the enquiry")
            if locked.conference_needed is None:
                raise ValidationError("Select whether an initial child protection conference is needed")
            if not locked.conference_reason.strip():
                raise ValidationError("Enter why a conference is or is not needed")
            locked.status = EnquiryStatus.CONCLUDED
            locked.concluded_at = timezone.now()
            locked.concluded_by = by
            fields |= {"status", "concluded_at", "concluded_by"}
        versioning.save_new_version(locked, fields=fields)
        record.change(
            by,
            "section_47.concluded" if locked.status == EnquiryStatus.CONCLUDED else "section_47.updated",
            obj=locked,
            person=locked.person_id,
            detail={"fields": sorted(fields), "outcome": locked.outcome, "conference_needed": locked.conference_needed},
        )
    return locked
