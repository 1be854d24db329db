"""The front door's API: the same access (tandem.frontdoor.access), actions and audit as the pages.

- `POST /api/v1/contacts` (Idempotency-Key) sends a whole contact; `GET /api/v1/contacts/{id}` reads one as you may
  see it.
- `POST /api/v1/contacts/{id}/checks` (Idempotency-Key) asks an agency; `POST /api/v1/checks/{id}/answer` answers.
- `POST /api/v1/contacts/{id}/rag` rates; `POST /api/v1/contacts/{id}/children/{child_id}/decision` decides.

Updates name the version they started from: a stale one is refused with 409 and both versions.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.accounts.models import Agency, Membership, Team
from tandem.accounts.policies import PRACTITIONER
from tandem.api import idempotency
from tandem.api.problems import Problem
from tandem.core import versioning
from tandem.frontdoor import access, actions
from tandem.frontdoor.codes import (
    ArrivalMethod,
    CareExperience,
    HandlingCode,
    Indicator,
    IntelligenceAssessment,
    Outcome,
    PersonRole,
    Rag,
    ReferralSource,
    ScreeningTool,
    SourceEvaluation,
)
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact
from tandem.frontdoor.policies import FRONT_DOOR_MANAGER, FRONT_DOOR_TEAM
from tandem.people.codes import Disability, Ethnicity, Marking, Sex
from tandem.people.models import FamilyInformed, Involvement, LawfulBasis


def _problem_from(error: ValidationError) -> Problem:
    messages = error.messages
    return Problem(
        400,
        messages[0] if len(messages) == 1 else "Check the errors and try again",
        errors=[{"field": "", "code": "invalid", "message": m} for m in messages],
    )


def _membership(request: Request) -> Membership:
    acting: Membership = request._request.acting  # type: ignore[attr-defined]
    return acting


# ---------------------------------------------------------------------------------------------------------------------
# Requests


class DescribedPersonIn(serializers.Serializer):
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    known_as = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    age_years = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.NOT_RECORDED)
    address_line_1 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    town = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs.get("given_name") or attrs.get("family_name") or attrs.get("known_as")):
            raise serializers.ValidationError("Give a name, or what they are known as")
        if attrs.get("date_of_birth") and attrs["date_of_birth"] > timezone.localdate():
            raise serializers.ValidationError({"date_of_birth": "The date of birth must be in the past"})
        attrs["postcode"] = attrs.get("postcode", "").strip().upper()
        return attrs


class ChildIn(DescribedPersonIn):
    school = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    gp = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    first_language = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    needs_interpreter = serializers.BooleanField(required=False, default=False)
    disabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Disability.choices), required=False, default=list
    )
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False, default=Ethnicity.NOBT)
    religion = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    sexual_orientation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    gender_identity = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    care_experienced = serializers.ChoiceField(
        choices=CareExperience.choices, required=False, default=CareExperience.NOT_KNOWN
    )
    equality_marking = serializers.ChoiceField(
        choices=[Marking.PARTNERSHIP, Marking.RESTRICTED],
        required=False,
        default=Marking.RESTRICTED,
        help_text="Who may see the equality and diversity needs: restricted (the front door) by default",
    )


class OtherPersonIn(DescribedPersonIn):
    role = serializers.ChoiceField(choices=[PersonRole.HOUSEHOLD, PersonRole.OF_CONCERN])
    relationship = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    about = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")


class ContactIn(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field called "source", not Field.source
        choices=ReferralSource.choices, help_text="CIN census referral source (1A–10)"
    )
    referrer_name = serializers.CharField(
        max_length=200, required=False, help_text="Defaults to the token's user", allow_blank=True
    )
    referrer_role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    referrer_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    referrer_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    referrer_email = serializers.EmailField(required=False, allow_blank=True)
    police_reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    crime_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    ppn_reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    children = ChildIn(many=True, allow_empty=False)
    others = OtherPersonIn(many=True, required=False, default=list)
    concern = serializers.CharField(max_length=10_000, help_text="In the referrer's words")
    evidence = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    opinion = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.choices), required=False, default=list
    )
    child_voice = serializers.CharField(max_length=10_000, help_text="What the child has said, or how they feel")
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    family_informed = serializers.ChoiceField(choices=FamilyInformed.choices)
    family_not_informed_reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    screening_tool = serializers.ChoiceField(choices=ScreeningTool.choices, required=False, default="")
    screening_summary = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["family_informed"] != FamilyInformed.YES and not attrs["family_not_informed_reason"].strip():
            raise serializers.ValidationError({"family_not_informed_reason": "Say why the family has not been told"})
        if attrs["source"] != ReferralSource.POLICE and (
            attrs["police_reference"] or attrs["crime_number"] or attrs["ppn_reference"]
        ):
            raise serializers.ValidationError({"source": "Police references are only for contacts from the police"})
        return attrs


class ContactReceipt(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    decision_due_at = serializers.DateTimeField(help_text="A decision for each child is due by then")
    acknowledgement_due_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="Where to read the contact")


def receipt(contact: Contact) -> dict[str, Any]:
    """The create response: only fields that never change, so a replay answers exactly as the first time."""
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "received_at": contact.received_at,
        "decision_due_at": contact.decision_due_at,
        "acknowledgement_due_at": contact.acknowledgement_due_at,
        "url": reverse("api:contacts_retrieve", args=[contact.pk]),
    }


class ContactCreateView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="contacts_create",
        summary="Send a contact about one or more children to the front door",
        parameters=[idempotency.PARAMETER],
        request=ContactIn,
        responses={201: ContactReceipt},
    )
    def post(self, request: Request) -> Response:
        key = idempotency.key_from(request)
        membership = _membership(request)
        incoming = ContactIn(data=request.data)

        def create(fingerprint: str) -> Contact:
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
            children = data.pop("children")
            others = data.pop("others")
            fields = {k: v for k, v in data.items() if v not in (None, "") or k in {"screening_tool"}}
            fields["arrival_method"] = ArrivalMethod.API
            people: list[tuple[str, dict[str, Any]]] = [(PersonRole.CHILD, dict(child)) for child in children]
            for other in others:
                person = dict(other)
                people.append((person.pop("role"), person))
            try:
                return actions.create_contact(
                    fields=fields, people=people, by=membership, idempotency_key=key, fingerprint=fingerprint
                )
            except ValidationError as error:
                raise _problem_from(error) from None

        contact, _ = idempotency.replay_or_create(
            Contact.objects.filter(submitted_by=membership), key=key, body=request.data, create=create
        )
        return Response(ContactReceipt(receipt(contact)).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------------------
# Reading a contact


class EqualityOut(serializers.Serializer):
    first_language = serializers.CharField()
    needs_interpreter = serializers.BooleanField()
    disabilities = serializers.ListField(child=serializers.CharField())
    ethnicity = serializers.CharField()
    religion = serializers.CharField()
    sexual_orientation = serializers.CharField()
    gender_identity = serializers.CharField()
    care_experienced = serializers.CharField()
    marking = serializers.CharField()


class DecisionOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField()
    child_voice_considered = serializers.CharField()
    equality_considered = serializers.CharField()
    next_team = serializers.CharField(allow_null=True)
    transfer_to = serializers.CharField()
    decided_by = serializers.CharField()
    decided_at = serializers.DateTimeField()
    within_timescale = serializers.BooleanField(help_text="Decided within one working day of receipt")
    is_referral = serializers.BooleanField()
    referral_on = serializers.DateField(allow_null=True, help_text="The referral date (the assessment clock starts)")


class PersonOut(serializers.Serializer):
    id = serializers.UUIDField(help_text="The described person on this contact")
    role = serializers.ChoiceField(choices=PersonRole.choices)
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    known_as = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    sex = serializers.CharField()
    address = serializers.CharField()
    school = serializers.CharField()
    gp = serializers.CharField()
    relationship = serializers.CharField()
    about = serializers.CharField()
    person_id = serializers.UUIDField(allow_null=True, help_text="The person on the register (front door only)")
    equality = EqualityOut(allow_null=True, help_text="Null when you may not see it")
    decision = DecisionOut(allow_null=True)


class SubmissionOut(serializers.Serializer):
    arrival_method = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field called "source", not Field.source
    referrer_name = serializers.CharField()
    referrer_role = serializers.CharField()
    referrer_organisation = serializers.CharField()
    referrer_phone = serializers.CharField()
    referrer_email = serializers.CharField()
    police_reference = serializers.CharField()
    crime_number = serializers.CharField()
    ppn_reference = serializers.CharField()
    concern = serializers.CharField()
    evidence = serializers.CharField()
    opinion = serializers.CharField()
    indicators = serializers.ListField(child=serializers.CharField())
    possible_exploitation = serializers.BooleanField()
    child_voice = serializers.CharField()
    lawful_basis = serializers.CharField()
    family_informed = serializers.CharField()
    family_not_informed_reason = serializers.CharField()
    screening_tool = serializers.CharField()
    screening_summary = serializers.CharField()


class AnswerOut(serializers.Serializer):
    information = serializers.CharField()
    information_source = serializers.CharField()
    marking = serializers.CharField()
    source_evaluation = serializers.CharField()
    intelligence_assessment = serializers.CharField()
    handling_code = serializers.CharField()
    handling_conditions = serializers.CharField()
    lawful_basis = serializers.CharField()
    answered_by = serializers.CharField()
    answered_at = serializers.DateTimeField()


class CheckOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    contact = serializers.UUIDField()
    agency = serializers.CharField()
    team = serializers.CharField(allow_null=True)
    area = serializers.CharField()
    question = serializers.CharField()
    status = serializers.CharField()
    requested_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    answer = AnswerOut(allow_null=True, help_text="Null when not answered, or when you may not see the answer")


class RagChangeOut(serializers.Serializer):
    rag_from = serializers.CharField()
    rag_to = serializers.CharField()
    rationale = serializers.CharField()
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField()
    checks_due_at = serializers.DateTimeField()


class UpdateOut(serializers.Serializer):
    kind = serializers.CharField()
    method = serializers.CharField()
    sent_at = serializers.DateTimeField()
    message = serializers.CharField()


class RagOut(serializers.Serializer):
    version = serializers.IntegerField(help_text="Send it back to change the rating")
    rag = serializers.CharField()
    rationale = serializers.CharField()
    rated_at = serializers.DateTimeField(allow_null=True)
    checks_due_at = serializers.DateTimeField(allow_null=True, help_text="The RAG clock for agency checks")
    decision_due_at = serializers.DateTimeField(allow_null=True)
    decision_overdue = serializers.BooleanField()
    checks_overdue = serializers.BooleanField()


class ContactOut(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    scope = serializers.ChoiceField(
        choices=["front-door", "emergency-duty", "referrer", "agency-check"], help_text="How much you may see"
    )
    status = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    children = PersonOut(many=True)
    others = PersonOut(many=True)
    submission = SubmissionOut(allow_null=True)
    rag = RagOut(allow_null=True)
    checks = CheckOut(many=True)
    rag_history = RagChangeOut(many=True)
    updates = UpdateOut(many=True)


SUBMISSION_FIELDS = (
    "arrival_method",
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
    "child_voice",
    "lawful_basis",
    "family_informed",
    "family_not_informed_reason",
    "screening_tool",
    "screening_summary",
)


def _name(membership: Membership | None) -> str:
    return membership.user.display_name if membership is not None else ""


def decision_payload(decision: ChildDecision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "version": decision.version,
        "outcome": decision.outcome,
        "rationale": decision.rationale,
        "child_voice_considered": decision.child_voice_considered,
        "equality_considered": decision.equality_considered,
        "next_team": decision.next_team.name if decision.next_team else None,
        "transfer_to": decision.transfer_to,
        "decided_by": _name(decision.decided_by),
        "decided_at": decision.decided_at,
        "within_timescale": decision.within_timescale,
        "is_referral": decision.is_referral,
        "referral_on": decision.referral_on,
    }


def check_payload(check: AgencyCheck, *, answer_visible: bool) -> dict[str, Any]:
    answered = answer_visible and check.status == "answered"
    return {
        "id": check.pk,
        "version": check.version,
        "contact": check.contact_id,
        "agency": check.agency.name,
        "team": check.team.name if check.team else None,
        "area": check.area,
        "question": check.question,
        "status": check.status,
        "requested_at": check.requested_at,
        "due_at": check.due_at,
        "overdue": check.is_overdue(),
        "answer": {
            "information": check.information,
            "information_source": check.information_source,
            "marking": check.marking,
            "source_evaluation": check.source_evaluation,
            "intelligence_assessment": check.intelligence_assessment,
            "handling_code": check.handling_code,
            "handling_conditions": check.handling_conditions,
            "lawful_basis": check.lawful_basis,
            "answered_by": _name(check.answered_by),
            "answered_at": check.answered_at,
        }
        if answered
        else None,
    }


def rag_payload(contact: Contact) -> dict[str, Any]:
    return {
        "version": contact.version,
        "rag": contact.rag,
        "rationale": contact.rag_rationale,
        "rated_at": contact.rag_set_at,
        "checks_due_at": contact.checks_due_at,
        "decision_due_at": contact.decision_due_at,
        "decision_overdue": contact.decision_overdue(),
        "checks_overdue": contact.checks_overdue(),
    }


def _person(view: access.PersonView, decisions: dict[uuid.UUID, ChildDecision]) -> dict[str, Any]:
    e = view.equality
    decision = decisions.get(view.id)
    return {
        "id": view.id,
        "role": view.role,
        "given_name": view.given_name,
        "family_name": view.family_name,
        "known_as": view.known_as,
        "date_of_birth": view.date_of_birth,
        "age": view.age,
        "sex": view.row.sex,
        "address": view.address,
        "school": view.school,
        "gp": view.gp,
        "relationship": view.relationship,
        "about": view.about,
        "person_id": view.person_id,
        "equality": None
        if e is None
        else {
            "first_language": e.first_language,
            "needs_interpreter": e.needs_interpreter,
            "disabilities": list(e.disabilities),
            "ethnicity": e.ethnicity,
            "religion": e.religion,
            "sexual_orientation": e.sexual_orientation,
            "gender_identity": e.gender_identity,
            "care_experienced": e.care_experienced,
            "marking": e.equality_marking,
        },
        "decision": decision_payload(decision) if decision is not None else None,
    }


def contact_payload(record: access.ContactRecord) -> dict[str, Any]:
    contact = record.contact
    decisions = record.decisions
    s = record.submission
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "scope": record.scope,
        "status": contact.status,
        "received_at": contact.received_at,
        "children": [_person(c, decisions) for c in record.children],
        "others": [_person(o, decisions) for o in record.others],
        "submission": None
        if s is None
        else {
            **{name: getattr(s, name) for name in SUBMISSION_FIELDS},
            "indicators": list(s.indicators),
            "possible_exploitation": s.is_possible_exploitation,
        },
        "rag": rag_payload(contact) if record.sees_casework else None,
        "checks": [check_payload(v.check, answer_visible=v.answer_visible) for v in record.checks],
        "rag_history": [
            {
                "rag_from": c.rag_from,
                "rag_to": c.rag_to,
                "rationale": c.rationale,
                "changed_by": _name(c.changed_by),
                "changed_at": c.changed_at,
                "checks_due_at": c.checks_due_at,
            }
            for c in record.rag_history
        ],
        "updates": [
            {"kind": u.kind, "method": u.method, "sent_at": u.sent_at, "message": u.message} for u in record.updates
        ],
    }


class ContactDetailView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="contacts_retrieve",
        summary="A contact, as you may see it (the submitter, the front door, or an agency asked for a check)",
        responses={200: ContactOut},
    )
    def get(self, request: Request, contact_id: uuid.UUID) -> Response:
        record = access.get_contact_for(request._request, contact_id)
        if record.contact.status == "draft":
            raise Problem(404, "Drafts are read on the pages where they are written")
        return Response(ContactOut(contact_payload(record)).data)


# ---------------------------------------------------------------------------------------------------------------------
# Checks, RAG and decisions

VERSION_CONFLICT = OpenApiResponse(
    response=inline_serializer(
        name="VersionConflict",
        fields={
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "errors": serializers.ListField(child=serializers.DictField()),
            "current": serializers.DictField(help_text="The record as it is saved now"),
            "yours": serializers.DictField(help_text="What you sent, not saved"),
        },
    ),
    description="Someone else saved first: both versions, nothing saved (problem details)",
)


def _conflict(current: dict[str, Any] | None, yours: dict[str, Any]) -> Problem:
    return Problem(
        409,
        "Someone else saved this first. Nothing you sent was saved: compare the versions and send again with the "
        "current version if you still want to make the change.",
        current=current,
        yours=yours,
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Model | uuid.UUID) else v) for k, v in data.items()}


class CheckIn(serializers.Serializer):
    agency = serializers.IntegerField(help_text="The agency to ask (its id)")
    team = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Optionally, a team")
    question = serializers.CharField(max_length=10_000)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CheckCreateView(APIView):
    policy = FRONT_DOOR_TEAM

    @extend_schema(
        operation_id="contact_checks_create",
        summary="Ask an agency what it knows about the contact's children",
        parameters=[idempotency.PARAMETER],
        request=CheckIn,
        responses={201: CheckOut},
    )
    def post(self, request: Request, contact_id: uuid.UUID) -> Response:
        membership = _membership(request)
        record = access.get_contact_for(request._request, contact_id, to=access.WORK)
        key = idempotency.key_from(request)
        incoming = CheckIn(data=request.data)

        def create(fingerprint: str) -> AgencyCheck:
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
            agency = Agency.objects.filter(pk=data["agency"], is_active=True).first()
            if agency is None:
                raise Problem(
                    400,
                    "No such agency",
                    errors=[{"field": "agency", "code": "invalid", "message": "No such agency"}],
                )
            team = Team.objects.filter(pk=data["team"], agency=agency).first() if data["team"] else None
            try:
                return actions.request_check(
                    record.contact,
                    agency=agency,
                    team=team,
                    question=data["question"],
                    due_at=data["due_at"],
                    by=membership,
                    idempotency_key=key,
                    fingerprint=fingerprint,
                )
            except ValidationError as error:
                raise _problem_from(error) from None

        check, _ = idempotency.replay_or_create(
            AgencyCheck.objects.filter(requested_by=membership),
            key=key,
            body={"contact": str(contact_id), "request": request.data},
            create=create,
        )
        record.children  # noqa: B018 - the question is about the contact's children: disclosed
        return Response(
            CheckOut(check_payload(check, answer_visible=False)).data,
            status=status.HTTP_201_CREATED,
        )


class CheckAnswerIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="The check's version you read")
    information = serializers.CharField(max_length=10_000)
    information_source = serializers.CharField(max_length=300)
    marking = serializers.ChoiceField(choices=Marking.choices)
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


class CheckAnswerView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="check_answer",
        summary="Answer a check asked of your agency (recorded as a share with its lawful basis)",
        request=CheckAnswerIn,
        responses={200: CheckOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, check_id: uuid.UUID) -> Response:
        check_record = access.get_check_for(request._request, check_id, to="answer")
        incoming = CheckAnswerIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expected = data.pop("version")
        try:
            check = actions.answer_check(check_record.check, expected_version=expected, by=_membership(request), **data)
        except versioning.StaleVersion as stale:
            current = stale.current
            raise _conflict(
                check_payload(current, answer_visible=True) if isinstance(current, AgencyCheck) else None,
                {"version": expected, **data},
            ) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        check_record.contact_record.children  # noqa: B018 - the answer is about the children: disclosed
        return Response(CheckOut(check_payload(check, answer_visible=True)).data)


class RagIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="The contact's version you read (rag.version)")
    rag = serializers.ChoiceField(choices=Rag.choices)
    rationale = serializers.CharField(max_length=10_000)


class RagView(APIView):
    policy = FRONT_DOOR_MANAGER

    @extend_schema(
        operation_id="contact_rag_update",
        summary="RAG-rate a contact with a rationale (starts the RAG clock for agency checks)",
        request=RagIn,
        responses={200: RagOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, contact_id: uuid.UUID) -> Response:
        record = access.get_contact_for(request._request, contact_id, to=access.MANAGE)
        incoming = RagIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            contact = actions.rate_contact(
                record.contact,
                expected_version=data["version"],
                rag=data["rag"],
                rationale=data["rationale"],
                by=_membership(request),
            )
        except versioning.StaleVersion as stale:
            current = stale.current
            raise _conflict(rag_payload(current) if isinstance(current, Contact) else None, dict(data)) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        record.children  # noqa: B018 - the rationale is about the children: disclosed
        return Response(RagOut(rag_payload(contact)).data)


class DecisionIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="0 when you saw no decision for this child")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField(max_length=10_000)
    child_voice_considered = serializers.CharField(max_length=10_000)
    equality_considered = serializers.CharField(max_length=10_000)
    next_team = serializers.IntegerField(required=False, allow_null=True, default=None)
    transfer_to = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    existing_involvement = serializers.UUIDField(required=False, allow_null=True, default=None)


class DecisionView(APIView):
    policy = FRONT_DOOR_MANAGER

    @extend_schema(
        operation_id="child_decision_create",
        summary="The threshold decision for one child on a contact",
        request=DecisionIn,
        responses={201: DecisionOut, 409: VERSION_CONFLICT},
    )
    def post(self, request: Request, contact_id: uuid.UUID, child_id: uuid.UUID) -> Response:
        record = access.get_contact_for(request._request, contact_id, to=access.MANAGE)
        child = record.child(child_id)
        incoming = DecisionIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        team = None
        if data["next_team"] is not None:
            team = Team.objects.filter(pk=data["next_team"]).first()
            if team is None:
                raise Problem(
                    400, "No such team", errors=[{"field": "next_team", "code": "invalid", "message": "No such team"}]
                )
        involvement = None
        if data["existing_involvement"] is not None and child.row.person_id is not None:
            involvement = Involvement.objects.filter(
                pk=data["existing_involvement"], person_id=child.row.person_id
            ).first()
        try:
            decision = actions.decide_for_child(
                child.row,
                expected_version=data["version"],
                outcome=data["outcome"],
                rationale=data["rationale"],
                child_voice_considered=data["child_voice_considered"],
                equality_considered=data["equality_considered"],
                next_team=team,
                transfer_to=data["transfer_to"],
                existing_involvement=involvement,
                by=_membership(request),
            )
        except versioning.StaleVersion as stale:
            current = stale.current
            raise _conflict(
                decision_payload(current) if isinstance(current, ChildDecision) else None, _jsonable(dict(data))
            ) from None
        except ValidationError as error:
            raise _problem_from(error) from None
        record.decisions  # noqa: B018 - the decision is about the child: disclosed
        return Response(DecisionOut(decision_payload(decision)).data, status=status.HTTP_201_CREATED)
