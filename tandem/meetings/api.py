"""Strategy discussions and section 47 enquiries over the API: the same access (tandem.meetings.access), actions and
audit as the pages.

- `POST /api/v1/strategy-discussions` (Idempotency-Key) convenes one; `GET`/`PATCH /api/v1/strategy-discussions/{id}`
  reads it as you may see it, or changes its details.
- `POST /api/v1/strategy-discussions/{id}/participants`, `/attendance`, `/information`, `/decision`, `/distribution`.
- `POST /api/v1/section-47-enquiries` (Idempotency-Key) starts one; `GET`/`PATCH /api/v1/section-47-enquiries/{id}`;
  `POST /api/v1/section-47-enquiries/{id}/child-seen` records the child seen (with language advice on their words).

Updates name the version they started from: a stale one is refused with 409 and both versions.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.accounts import roles
from tandem.accounts.models import Membership
from tandem.accounts.policies import PRACTITIONER
from tandem.accounts.roles import AgencyKind
from tandem.api import idempotency
from tandem.api.problems import Problem
from tandem.core import versioning
from tandem.frontdoor.codes import HandlingCode, IntelligenceAssessment, SourceEvaluation
from tandem.language import advise
from tandem.meetings import access, actions
from tandem.meetings.codes import EnquiryOutcome, InformationMarking, Investigation, Mode, NrmConsideration
from tandem.meetings.models import Participant, Section47Enquiry, StrategyDiscussion
from tandem.meetings.policies import MANAGER
from tandem.meetings.views import LEAD_ROLES
from tandem.people.models import FamilyInformed, LawfulBasis


def _membership(request: Request) -> Membership:
    membership: Membership = request._request.acting  # type: ignore[attr-defined]
    return membership


def _problem_from(error: ValidationError) -> Problem:
    messages = error.messages
    return Problem(
        400,
        messages[0] if len(messages) == 1 else "Check the errors and try again",
        errors=[{"field": "", "code": "invalid", "message": m} for m in messages],
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Model | uuid.UUID) else v) for k, v in data.items()}


def _conflict(current: dict[str, Any] | None, yours: dict[str, Any]) -> Problem:
    return Problem(
        409,
        "Someone else saved this first. Nothing you sent was saved: compare the versions and send again with the "
        "current version if you still want to make the change.",
        current=current,
        yours=_jsonable(yours),
    )


VERSION_CONFLICT = OpenApiResponse(
    response=inline_serializer(
        name="MeetingVersionConflict",
        fields={
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "errors": serializers.ListField(child=serializers.DictField()),
            "current": serializers.DictField(help_text="The record as it is saved now, as you may see it"),
            "yours": serializers.DictField(help_text="What you sent, not saved"),
        },
    ),
    description="Someone else saved first: both versions, nothing saved (problem details)",
)


# ---------------------------------------------------------------------------------------------------------------------
# What a viewer sees


class MeetingChildOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class StrategyParticipantOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    job_title = serializers.CharField()
    organisation = serializers.CharField()
    agency_kind = serializers.ChoiceField(choices=AgencyKind.choices)
    is_chair = serializers.BooleanField()
    has_account = serializers.BooleanField()
    attended = serializers.BooleanField(allow_null=True, help_text="Null until attendance is recorded")
    record_sent_at = serializers.DateTimeField(allow_null=True)


class StrategyInformationOut(serializers.Serializer):
    id = serializers.UUIDField()
    agency = serializers.CharField()
    organisation = serializers.CharField()
    recorded_by = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    marking = serializers.ChoiceField(choices=InformationMarking.choices)
    full = serializers.BooleanField(help_text="False when you see only the sanitised summary of restricted information")
    information = serializers.CharField(help_text="Empty when you see only the sanitised summary")
    information_source = serializers.CharField(help_text="Where it comes from; empty when not shown")
    is_intelligence = serializers.BooleanField()
    grading = serializers.CharField(help_text="3×5×2 grading, for example 1A P; empty when not shown")
    handling_conditions = serializers.CharField()
    sanitised_summary = serializers.CharField()
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    family_informed = serializers.ChoiceField(choices=FamilyInformed.choices)
    family_not_informed_reason = serializers.CharField()


class StrategyPerpetratorOut(serializers.Serializer):
    id = serializers.UUIDField()
    person_id = serializers.UUIDField(allow_null=True, help_text="Null when restricted from you")
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    concern = serializers.CharField()
    agency = serializers.CharField()
    full = serializers.BooleanField()


class StrategyActionOut(serializers.Serializer):
    id = serializers.UUIDField()
    description = serializers.CharField()
    owner_name = serializers.CharField()
    owner_organisation = serializers.CharField()
    due_on = serializers.DateField()


class StrategyDecisionOut(serializers.Serializer):
    section_47 = serializers.BooleanField()
    investigation = serializers.CharField(help_text="single or joint; empty without a section 47 enquiry")
    decision_rationale = serializers.CharField()
    enquiry_plan = serializers.CharField()
    immediate_protection = serializers.CharField()
    medical_needed = serializers.BooleanField()
    medical_plan = serializers.CharField()
    nrm = serializers.ChoiceField(choices=NrmConsideration.choices)
    nrm_note = serializers.CharField()
    disruption = serializers.CharField()
    decided_by = serializers.CharField()
    decided_at = serializers.DateTimeField()


class StrategyDiscussionOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    child = MeetingChildOut()
    front_door_decision = serializers.UUIDField(allow_null=True, help_text="The threshold decision it follows")
    meeting_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Mode.choices)
    reason = serializers.CharField()
    referral_on = serializers.DateField()
    convened_by = serializers.CharField()
    convened_at = serializers.DateTimeField()
    record_due_at = serializers.DateTimeField()
    record_overdue = serializers.BooleanField()
    distributed_at = serializers.DateTimeField(allow_null=True)
    risks_to_child = serializers.CharField()
    risks_to_others = serializers.CharField()
    missing_agencies = serializers.ListField(
        child=serializers.CharField(), help_text="Of children’s social care, police and health: those not taking part"
    )
    participants = StrategyParticipantOut(many=True)
    information = StrategyInformationOut(many=True)
    alleged_perpetrators = StrategyPerpetratorOut(many=True)
    actions = StrategyActionOut(many=True)
    decision = StrategyDecisionOut(allow_null=True)
    enquiry = serializers.UUIDField(allow_null=True, help_text="The section 47 enquiry it started")
    other_discussions = serializers.ListField(child=serializers.UUIDField(), help_text="The child’s other discussions")


def _information(view: access.InformationView) -> dict[str, Any]:
    return {**vars(view), "information_source": view.source}


def discussion_payload(found: access.DiscussionRecord) -> dict[str, Any]:
    d = found.discussion
    child = found.child
    return {
        "id": d.pk,
        "version": d.version,
        "status": d.status,
        "child": {"id": child.id, "full_name": child.full_name, "date_of_birth": child.date_of_birth},
        "front_door_decision": d.decision_id,
        "meeting_at": d.meeting_at,
        "mode": d.mode,
        "reason": d.reason,
        "referral_on": d.referral_on,
        "convened_by": d.convened_by.user.display_name,
        "convened_at": d.convened_at,
        "record_due_at": d.record_due_at,
        "record_overdue": d.record_overdue(),
        "distributed_at": d.distributed_at,
        "risks_to_child": d.risks_to_child,
        "risks_to_others": d.risks_to_others,
        "missing_agencies": found.missing_agencies,
        "participants": [
            {
                "id": p.pk,
                "name": p.name,
                "job_title": p.job_title,
                "organisation": p.organisation,
                "agency_kind": p.agency_kind,
                "is_chair": p.is_chair,
                "has_account": p.has_account,
                "attended": p.attended,
                "record_sent_at": p.record_sent_at,
            }
            for p in found.participants
        ],
        "information": [_information(item) for item in found.information],
        "alleged_perpetrators": [vars(p) for p in found.perpetrators],
        "actions": [
            {
                "id": a.pk,
                "description": a.description,
                "owner_name": a.owner_name,
                "owner_organisation": a.owner_organisation,
                "due_on": a.due_on,
            }
            for a in found.actions
        ],
        "decision": None
        if not d.is_held
        else {
            "section_47": d.section_47,
            "investigation": d.investigation,
            "decision_rationale": d.decision_rationale,
            "enquiry_plan": d.enquiry_plan,
            "immediate_protection": d.immediate_protection,
            "medical_needed": d.medical_needed,
            "medical_plan": d.medical_plan,
            "nrm": d.nrm,
            "nrm_note": d.nrm_note,
            "disruption": d.disruption,
            "decided_by": d.decided_by.user.display_name if d.decided_by else "",
            "decided_at": d.decided_at,
        },
        "enquiry": found.enquiry.pk if found.enquiry else None,
        "other_discussions": [o.pk for o in found.others],
    }


def _discussion_response(request: Request, discussion_id: Any, *, code: int = 200) -> Response:
    found = access.get_discussion_for(request._request, discussion_id)
    return Response(StrategyDiscussionOut(discussion_payload(found)).data, status=code)


def _current_discussion(request: Request, stale: versioning.StaleVersion) -> dict[str, Any] | None:
    if not isinstance(stale.current, StrategyDiscussion):
        return None
    found = access.get_discussion_for(request._request, stale.current.pk)
    return dict(StrategyDiscussionOut(discussion_payload(found)).data)


# ---------------------------------------------------------------------------------------------------------------------
# Strategy discussions


class StrategyDiscussionCreateIn(serializers.Serializer):
    front_door_decision = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A threshold decision for a strategy discussion"
    )
    person = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Or a child you work with (without a decision)"
    )
    meeting_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Mode.choices)
    reason = serializers.CharField(max_length=10_000)
    referral_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Needed without a decision: the referral date"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs["front_door_decision"]) == bool(attrs["person"]):
            raise serializers.ValidationError("Give either front_door_decision or person")
        return attrs


class StrategyDiscussionCreatedOut(serializers.Serializer):
    id = serializers.UUIDField()
    child = serializers.UUIDField()
    front_door_decision = serializers.UUIDField(allow_null=True)
    convened_at = serializers.DateTimeField()


class DiscussionCreateView(APIView):
    policy = MANAGER

    @extend_schema(
        operation_id="strategy_discussions_create",
        summary="Convene a strategy discussion (you chair it)",
        parameters=[idempotency.PARAMETER],
        request=StrategyDiscussionCreateIn,
        responses={201: StrategyDiscussionCreatedOut},
    )
    def post(self, request: Request) -> Response:
        key = idempotency.key_from(request)
        membership = _membership(request)
        incoming = StrategyDiscussionCreateIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        target = access.convene_target(
            request._request, decision_id=data["front_door_decision"], person_id=data["person"]
        )

        def create(fingerprint: str) -> StrategyDiscussion:
            try:
                return actions.convene_discussion(
                    person=target.person,
                    decision=target.decision,
                    meeting_at=data["meeting_at"],
                    mode=data["mode"],
                    reason=data["reason"],
                    referral_on=data["referral_on"],
                    by=membership,
                    idempotency_key=key,
                    fingerprint=fingerprint,
                )
            except ValidationError as error:
                raise _problem_from(error) from None

        discussion, _ = idempotency.replay_or_create(
            StrategyDiscussion.objects.filter(convened_by=membership), key=key, body=request.data, create=create
        )
        out = {
            "id": discussion.pk,
            "child": discussion.person_id,
            "front_door_decision": discussion.decision_id,
            "convened_at": discussion.convened_at,
        }
        return Response(StrategyDiscussionCreatedOut(out).data, status=status.HTTP_201_CREATED)


class StrategyDiscussionUpdateIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="The discussion’s version you read")
    meeting_at = serializers.DateTimeField(required=False)
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    reason = serializers.CharField(max_length=10_000, required=False)
    risks_to_child = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    risks_to_others = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class DiscussionDetailView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussions_retrieve",
        summary="A strategy discussion as you may see it (restricted information of other agencies: summary only)",
        responses={200: StrategyDiscussionOut},
    )
    def get(self, request: Request, discussion_id: uuid.UUID) -> Response:
        return _discussion_response(request, discussion_id)

    @extend_schema(
        operation_id="strategy_discussions_update",
        summary="Change the time, mode, reason or risks (name the version you read)",
        request=StrategyDiscussionUpdateIn,
        responses={200: StrategyDiscussionOut, 409: VERSION_CONFLICT},
    )
    def patch(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.MANAGE)
        incoming = StrategyDiscussionUpdateIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        expected = changes.pop("version")
        try:
            actions.update_discussion(
                found.discussion, expected_version=expected, changes=changes, by=_membership(request)
            )
        except versioning.StaleVersion as stale:
            raise _conflict(_current_discussion(request, stale), {"version": expected, **changes}) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        return _discussion_response(request, discussion_id)


class StrategyParticipantIn(serializers.Serializer):
    membership = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A Tandem user’s membership (its id)"
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    agency_kind = serializers.ChoiceField(choices=AgencyKind.choices, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class ParticipantsView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussion_participants_create",
        summary="Invite a Tandem user, or a named person from an agency without an account",
        request=StrategyParticipantIn,
        responses={201: StrategyParticipantOut},
    )
    def post(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.MANAGE)
        incoming = StrategyParticipantIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        membership_id = data.pop("membership")
        try:
            if membership_id is not None:
                invitee = (
                    Membership.objects.current()
                    .filter(pk=membership_id, role__in=roles.PRACTITIONERS, user__is_active=True)
                    .select_related("user", "agency")
                    .first()
                )
                if invitee is None:
                    raise ValidationError("No such current practitioner membership")
                participant = actions.invite(found.discussion, membership=invitee, by=_membership(request))
            else:
                participant = actions.invite(found.discussion, by=_membership(request), **data)
        except ValidationError as error:
            raise _problem_from(error) from None
        found.child  # noqa: B018 - the invitation is about the child: disclosed
        out = {
            "id": participant.pk,
            "name": participant.name,
            "job_title": participant.job_title,
            "organisation": participant.organisation,
            "agency_kind": participant.agency_kind,
            "is_chair": participant.is_chair,
            "has_account": participant.has_account,
            "attended": participant.attended,
            "record_sent_at": participant.record_sent_at,
        }
        return Response(StrategyParticipantOut(out).data, status=status.HTTP_201_CREATED)


class StrategyAttendanceIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    attended = serializers.ListField(child=serializers.UUIDField(), help_text="Participants who attended (ids)")


class AttendanceView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussion_attendance",
        summary="Record who took part (everyone else invited did not attend)",
        request=StrategyAttendanceIn,
        responses={200: StrategyDiscussionOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.MANAGE)
        incoming = StrategyAttendanceIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            actions.record_attendance(
                found.discussion,
                expected_version=data["version"],
                attended=set(data["attended"]),
                by=_membership(request),
            )
        except versioning.StaleVersion as stale:
            yours = {"version": data["version"], "attended": [str(a) for a in data["attended"]]}
            raise _conflict(_current_discussion(request, stale), yours) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        return _discussion_response(request, discussion_id)


class StrategyInformationIn(serializers.Serializer):
    information = serializers.CharField(max_length=10_000)
    information_source = serializers.CharField(max_length=300, help_text="Where it comes from")
    marking = serializers.ChoiceField(choices=InformationMarking.choices)
    sanitised_summary = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    is_intelligence = serializers.BooleanField(required=False, default=False)
    source_evaluation = serializers.ChoiceField(
        choices=SourceEvaluation.choices, required=False, allow_blank=True, default=""
    )
    intelligence_assessment = serializers.ChoiceField(
        choices=IntelligenceAssessment.choices, required=False, allow_blank=True, default=""
    )
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, required=False, allow_blank=True, default="")
    handling_conditions = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    family_informed = serializers.ChoiceField(choices=FamilyInformed.choices)
    family_not_informed_reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    on_behalf_of = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A participant without an account (the chair only)"
    )


class InformationCreateView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussion_information_create",
        summary="Record what your agency shared (a note on the child’s record and a share with each other agency)",
        request=StrategyInformationIn,
        responses={201: StrategyInformationOut},
    )
    def post(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.CONTRIBUTE)
        incoming = StrategyInformationIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        on_behalf_id = data.pop("on_behalf_of")
        data["source"] = data.pop("information_source")
        on_behalf = None
        if on_behalf_id is not None:
            on_behalf = Participant.objects.filter(pk=on_behalf_id, discussion=found.discussion).first()
            if on_behalf is None or not found.may_manage:
                raise Problem(
                    400,
                    "Only the chair records information for participants without an account",
                    errors=[{"field": "on_behalf_of", "code": "invalid", "message": "Not a participant you may use"}],
                )
        try:
            item = actions.add_information(found.discussion, on_behalf_of=on_behalf, by=_membership(request), **data)
        except ValidationError as error:
            raise _problem_from(error) from None
        view = next(v for v in found.information if v.id == item.pk)
        return Response(StrategyInformationOut(_information(view)).data, status=status.HTTP_201_CREATED)


class StrategyDecisionIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    section_47 = serializers.BooleanField()
    investigation = serializers.ChoiceField(choices=Investigation.choices, required=False, allow_blank=True, default="")
    decision_rationale = serializers.CharField(max_length=10_000)
    enquiry_plan = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    immediate_protection = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    medical_needed = serializers.BooleanField()
    medical_plan = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    nrm = serializers.ChoiceField(choices=NrmConsideration.choices)
    nrm_note = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    disruption = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    lead = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Lead social worker (membership id): starts the enquiry",
    )
    police_lead_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _lead(discussion: StrategyDiscussion, lead_id: int | None) -> Membership | None:
    if lead_id is None:
        return None
    lead = (
        Membership.objects.current()
        .select_related("user", "agency", "team")
        .filter(pk=lead_id, agency_id=discussion.agency_id, role__in=LEAD_ROLES)
        .first()
    )
    if lead is None:
        raise Problem(
            400,
            "The lead must be a social worker of the local authority that convened the discussion",
            errors=[{"field": "lead", "code": "invalid", "message": "Not a possible lead social worker"}],
        )
    return lead


class DecisionView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussion_decision",
        summary="Record the decision (section 47, joint or single, protection, medical, NRM, disruption)",
        request=StrategyDecisionIn,
        responses={200: StrategyDiscussionOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.MANAGE)
        incoming = StrategyDecisionIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expected = data.pop("version")
        lead = _lead(found.discussion, data.pop("lead")) if data["section_47"] else None
        try:
            actions.record_decision(
                found.discussion, expected_version=expected, lead=lead, by=_membership(request), **data
            )
        except versioning.StaleVersion as stale:
            raise _conflict(_current_discussion(request, stale), {"version": expected, **data}) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        return _discussion_response(request, discussion_id)


class StrategyDistributionIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class DistributionView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="strategy_discussion_distribution",
        summary="Distribute the record to everyone who attended (due one working day after the meeting)",
        request=StrategyDistributionIn,
        responses={200: StrategyDiscussionOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, discussion_id: uuid.UUID) -> Response:
        found = access.get_discussion_for(request._request, discussion_id, to=access.MANAGE)
        incoming = StrategyDistributionIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        expected = incoming.validated_data["version"]
        try:
            actions.distribute_record(found.discussion, expected_version=expected, by=_membership(request))
        except versioning.StaleVersion as stale:
            raise _conflict(_current_discussion(request, stale), {"version": expected}) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        return _discussion_response(request, discussion_id)


# ---------------------------------------------------------------------------------------------------------------------
# Section 47 enquiries


class LanguageFindingOut(serializers.Serializer):
    phrase = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    category = serializers.CharField()
    suggestion = serializers.CharField()
    explanation = serializers.CharField()


class Section47EnquiryOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    child = MeetingChildOut()
    strategy_discussion = serializers.UUIDField()
    lead = serializers.CharField()
    team = serializers.CharField(allow_null=True)
    is_joint = serializers.BooleanField()
    police_lead_name = serializers.CharField()
    started_at = serializers.DateTimeField()
    child_seen_on = serializers.DateField(allow_null=True)
    seen_alone = serializers.BooleanField(allow_null=True)
    child_words = serializers.CharField(help_text="The child’s wishes and feelings, in their words")
    parents_seen = serializers.CharField()
    other_children = serializers.CharField()
    outcome = serializers.CharField()
    conference_needed = serializers.BooleanField(allow_null=True)
    conference_reason = serializers.CharField()
    conference_due_on = serializers.DateField(help_text="15 working days after the child’s last strategy discussion")
    conference_overdue = serializers.BooleanField()
    assessment_due_on = serializers.DateField(help_text="45 working days after the referral date")
    strategy_discussions = serializers.ListField(child=serializers.UUIDField())


class Section47ChildSeenOut(Section47EnquiryOut):
    advice = LanguageFindingOut(
        many=True, help_text="Language advice on the child’s words (advice only: nothing is changed)"
    )


def enquiry_payload(found: access.EnquiryRecord) -> dict[str, Any]:
    e = found.enquiry
    child = found.child
    return {
        "id": e.pk,
        "version": e.version,
        "status": e.status,
        "child": {"id": child.id, "full_name": child.full_name, "date_of_birth": child.date_of_birth},
        "strategy_discussion": e.discussion_id,
        "lead": e.lead.user.display_name,
        "team": e.team.name if e.team else None,
        "is_joint": e.is_joint,
        "police_lead_name": e.police_lead_name,
        "started_at": e.started_at,
        "child_seen_on": e.child_seen_on,
        "seen_alone": e.seen_alone,
        "child_words": e.child_words,
        "parents_seen": e.parents_seen,
        "other_children": e.other_children,
        "outcome": e.outcome,
        "conference_needed": e.conference_needed,
        "conference_reason": e.conference_reason,
        "conference_due_on": e.conference_due_on,
        "conference_overdue": e.conference_overdue(),
        "assessment_due_on": e.assessment_due_on,
        "strategy_discussions": [d.pk for d in found.discussions],
    }


def _current_enquiry(request: Request, stale: versioning.StaleVersion) -> dict[str, Any] | None:
    if not isinstance(stale.current, Section47Enquiry):
        return None
    return dict(Section47EnquiryOut(enquiry_payload(access.get_enquiry_for(request._request, stale.current.pk))).data)


class Section47EnquiryCreateIn(serializers.Serializer):
    strategy_discussion = serializers.UUIDField()
    lead = serializers.IntegerField(help_text="The lead social worker’s membership id")
    police_lead_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class Section47EnquiryCreatedOut(serializers.Serializer):
    id = serializers.UUIDField()
    strategy_discussion = serializers.UUIDField()
    child = serializers.UUIDField()
    started_at = serializers.DateTimeField()


class EnquiryCreateView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="section_47_enquiries_create",
        summary="Start the section 47 enquiry a strategy discussion decided on",
        parameters=[idempotency.PARAMETER],
        request=Section47EnquiryCreateIn,
        responses={201: Section47EnquiryCreatedOut},
    )
    def post(self, request: Request) -> Response:
        key = idempotency.key_from(request)
        membership = _membership(request)
        incoming = Section47EnquiryCreateIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        found = access.get_discussion_for(request._request, data["strategy_discussion"], to=access.MANAGE)

        def create(fingerprint: str) -> Section47Enquiry:
            lead = _lead(found.discussion, data["lead"])
            if lead is None:
                raise Problem(400, "Name the lead social worker")
            try:
                return actions.start_section_47(
                    found.discussion,
                    lead=lead,
                    police_lead_name=data["police_lead_name"],
                    by=membership,
                    idempotency_key=key,
                    fingerprint=fingerprint,
                )
            except ValidationError as error:
                raise _problem_from(error) from None

        enquiry, _ = idempotency.replay_or_create(
            Section47Enquiry.objects.filter(started_by=membership), key=key, body=request.data, create=create
        )
        found.child  # noqa: B018 - the enquiry is about the child: disclosed
        out = {
            "id": enquiry.pk,
            "strategy_discussion": enquiry.discussion_id,
            "child": enquiry.person_id,
            "started_at": enquiry.started_at,
        }
        return Response(Section47EnquiryCreatedOut(out).data, status=status.HTTP_201_CREATED)


class Section47EnquiryUpdateIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    parents_seen = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    other_children = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    police_lead_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=EnquiryOutcome.choices, required=False, allow_blank=True)
    conference_needed = serializers.BooleanField(required=False, allow_null=True)
    conference_reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class EnquiryDetailView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="section_47_enquiries_retrieve",
        summary="A section 47 enquiry as you may see it",
        responses={200: Section47EnquiryOut},
    )
    def get(self, request: Request, enquiry_id: uuid.UUID) -> Response:
        found = access.get_enquiry_for(request._request, enquiry_id)
        return Response(Section47EnquiryOut(enquiry_payload(found)).data)

    @extend_schema(
        operation_id="section_47_enquiries_update",
        summary="Parents and carers seen, other children, the outcome (an outcome concludes the enquiry)",
        request=Section47EnquiryUpdateIn,
        responses={200: Section47EnquiryOut, 409: VERSION_CONFLICT},
    )
    def patch(self, request: Request, enquiry_id: uuid.UUID) -> Response:
        found = access.get_enquiry_for(request._request, enquiry_id, to=access.EDIT)
        incoming = Section47EnquiryUpdateIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        expected = changes.pop("version")
        try:
            actions.update_enquiry(found.enquiry, expected_version=expected, changes=changes, by=_membership(request))
        except versioning.StaleVersion as stale:
            raise _conflict(_current_enquiry(request, stale), {"version": expected, **changes}) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        return Response(Section47EnquiryOut(enquiry_payload(access.get_enquiry_for(request._request, enquiry_id))).data)


class Section47ChildSeenIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    seen_on = serializers.DateField()
    seen_alone = serializers.BooleanField()
    child_words = serializers.CharField(max_length=10_000)


class ChildSeenView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="section_47_enquiry_child_seen",
        summary="Record the child seen: the date, whether alone, and their wishes and feelings in their words",
        request=Section47ChildSeenIn,
        responses={200: Section47ChildSeenOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, enquiry_id: uuid.UUID) -> Response:
        found = access.get_enquiry_for(request._request, enquiry_id, to=access.EDIT)
        incoming = Section47ChildSeenIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expected = data.pop("version")
        try:
            actions.record_child_seen(found.enquiry, expected_version=expected, by=_membership(request), **data)
        except versioning.StaleVersion as stale:
            raise _conflict(_current_enquiry(request, stale), {"version": expected, **data}) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        fresh = access.get_enquiry_for(request._request, enquiry_id)
        advice = advise(fresh.enquiry.child_words, child_age=fresh.child_age)
        payload = {**enquiry_payload(fresh), "advice": [f.as_dict() for f in advice]}
        return Response(Section47ChildSeenOut(payload).data)
