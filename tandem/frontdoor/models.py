"""Contacts to the front door, the people they describe, agency checks, RAG ratings and threshold decisions.

Who may see and change any of it is decided only in `tandem.frontdoor.access`; every change goes through
`tandem.frontdoor.actions`. Due times are stored; whether something is overdue is worked out when it is read.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team
from tandem.api.idempotency import IdempotentCreate
from tandem.core.models import TandemModel, VersionedModel
from tandem.frontdoor.codes import (
    ArrivalMethod,
    CareExperience,
    CheckArea,
    CheckStatus,
    ContactStatus,
    HandlingCode,
    IntelligenceAssessment,
    Outcome,
    PersonRole,
    Rag,
    ReferralSource,
    ScreeningTool,
    SourceEvaluation,
    UpdateKind,
    UpdateMethod,
)
from tandem.people.codes import Ethnicity, Marking, Sex
from tandem.people.models import FamilyInformed, Involvement, LawfulBasis, Person

#: Letters and digits that cannot be mistaken for each other when read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"FD-{code[:4]}-{code[4:]}"


class TransitionError(Exception):
    """A contact was asked to move to a status it cannot reach from where it is."""


class ContactQuerySet(models.QuerySet["Contact"]):
    def submitted(self) -> ContactQuerySet:
        return self.exclude(status=ContactStatus.DRAFT)

    def open(self) -> ContactQuerySet:
        return self.filter(status=ContactStatus.SUBMITTED)

    def decision_overdue(self, at: dt.datetime | None = None) -> ContactQuerySet:
        return self.open().filter(decision_due_at__lt=at or timezone.now())


class Contact(VersionedModel, IdempotentCreate):
    """A concern about one or more children reaching the front door. Its version covers the RAG rating."""

    TRANSITIONS: dict[str, frozenset[str]] = {
        ContactStatus.DRAFT: frozenset({ContactStatus.SUBMITTED}),
        ContactStatus.SUBMITTED: frozenset({ContactStatus.DECIDED, ContactStatus.CLOSED}),
        ContactStatus.DECIDED: frozenset(),
        ContactStatus.CLOSED: frozenset(),
    }

    reference = models.CharField(max_length=16, unique=True, default=new_reference)
    status = models.CharField(max_length=10, choices=ContactStatus.choices, default=ContactStatus.DRAFT)
    front_door_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="contacts")
    submitted_by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", help_text="Who filled in the contact"
    )
    on_behalf = models.BooleanField(
        default=False, help_text="Recorded by the front door for a referrer without an account (a phone call)"
    )

    # How and when it arrived.
    arrival_method = models.CharField(max_length=20, choices=ArrivalMethod.choices, default=ArrivalMethod.ONLINE)
    received_at = models.DateTimeField(null=True, blank=True, help_text="Starts the clocks")
    submitted_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)

    # The referrer.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)

    # Police references, when the source is the police.
    police_reference = models.CharField(max_length=60, blank=True)
    crime_number = models.CharField(max_length=60, blank=True)
    ppn_reference = models.CharField(max_length=60, blank=True)

    # The concern, in the referrer's words, with evidence and opinion kept apart.
    concern = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    opinion = models.TextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)
    is_possible_exploitation = models.BooleanField(default=False)
    child_voice = models.TextField(blank=True, help_text="What the child has said, or how they feel")

    # Sharing (golden rule 7): the lawful basis always, and separately whether the family has been told.
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, blank=True)
    family_informed = models.CharField(max_length=10, choices=FamilyInformed.choices, blank=True)
    family_not_informed_reason = models.TextField(blank=True)

    screening_tool = models.CharField(max_length=40, choices=ScreeningTool.choices, blank=True)
    screening_summary = models.TextField(blank=True)

    # Clocks (due times stored; overdue worked out when read).
    decision_due_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_due_at = models.DateTimeField(null=True, blank=True)
    checks_due_at = models.DateTimeField(null=True, blank=True, help_text="The RAG clock for agency checks")

    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_rationale = models.TextField(blank=True)
    rag_set_at = models.DateTimeField(null=True, blank=True)
    rag_set_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="front_door_contacts"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["front_door_team", "status", "decision_due_at"]),
            models.Index(fields=["status", "rag"]),
            models.Index(fields=["submitted_by", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="contact_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(received_at__isnull=False, decision_due_at__isnull=False),
                name="contact_submitted_has_clocks",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    def transition_to(self, status: str) -> None:
        """Move to `status` (checked against TRANSITIONS); the caller saves and records it."""
        if not self.can_become(status):
            raise TransitionError(f"A contact cannot go from {self.status} to {status}")
        self.status = status

    @property
    def is_open(self) -> bool:
        return self.status == ContactStatus.SUBMITTED

    def decision_overdue(self, at: dt.datetime | None = None) -> bool:
        return self.is_open and self.decision_due_at is not None and self.decision_due_at < (at or timezone.now())

    def checks_overdue(self, at: dt.datetime | None = None) -> bool:
        return self.is_open and self.checks_due_at is not None and self.checks_due_at < (at or timezone.now())

    def acknowledgement_overdue(self, at: dt.datetime | None = None) -> bool:
        return (
            self.status != ContactStatus.DRAFT
            and self.acknowledged_at is None
            and self.acknowledgement_due_at is not None
            and self.acknowledgement_due_at < (at or timezone.now())
        )

    @property
    def indicator_labels(self) -> list[str]:
        from tandem.frontdoor.codes import Indicator

        labels = dict(Indicator.choices)
        return [labels.get(code, code) for code in self.indicators]


class ContactPersonQuerySet(models.QuerySet["ContactPerson"]):
    def children(self) -> ContactPersonQuerySet:
        return self.filter(role=PersonRole.CHILD)

    def others(self) -> ContactPersonQuerySet:
        return self.exclude(role=PersonRole.CHILD)


class ContactPerson(TandemModel):
    """A person as the referrer described them: a child, a household member or a person of concern.

    Children are resolved by the front door to a person on the register (`person`), which opens the front-door
    involvement that gives the front-door team its relationship.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=12, choices=PersonRole.choices, default=PersonRole.CHILD)
    position = models.PositiveSmallIntegerField(default=0)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="When the date of birth is unknown")
    age_at_contact = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Worked out when saved")
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_RECORDED)
    address_line_1 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=200, blank=True)
    gp = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=200, blank=True, help_text="For adults: their relationship to the child")
    about = models.TextField(blank=True, help_text="For people of concern: why they are a concern")

    # Equality and diversity needs as the referrer knows them (restricted by default).
    first_language = models.CharField(max_length=60, blank=True)
    needs_interpreter = models.BooleanField(default=False)
    disabilities = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    religion = models.CharField(max_length=100, blank=True)
    sexual_orientation = models.CharField(max_length=100, blank=True)
    gender_identity = models.CharField(max_length=100, blank=True)
    care_experienced = models.CharField(max_length=10, choices=CareExperience.choices, default=CareExperience.NOT_KNOWN)
    equality_marking = models.CharField(
        max_length=12,
        choices=[(Marking.PARTNERSHIP, Marking.PARTNERSHIP.label), (Marking.RESTRICTED, Marking.RESTRICTED.label)],
        default=Marking.RESTRICTED,
    )

    # Identity resolution (children only).
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    front_door_involvement = models.ForeignKey(
        Involvement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["contact", "role"]), models.Index(fields=["person"])]

    def __str__(self) -> str:
        return self.full_name or "Unnamed person"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def is_child(self) -> bool:
        return self.role == PersonRole.CHILD

    def age_on(self, on: dt.date) -> int | None:
        if self.date_of_birth is not None:
            born = self.date_of_birth
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return self.age_years

    def subject_id(self) -> Any:
        """The id an access event records for this person: the register's id once resolved, else this row's."""
        return self.person_id or self.pk


class AgencyCheckQuerySet(models.QuerySet["AgencyCheck"]):
    def outstanding(self) -> AgencyCheckQuerySet:
        return self.filter(status=CheckStatus.REQUESTED)

    def asked_of(self, membership: Membership) -> AgencyCheckQuerySet:
        """Checks this membership's agency (and team, when a check names one) was asked to answer."""
        return self.filter(agency_id=membership.agency_id).filter(Q(team__isnull=True) | Q(team_id=membership.team_id))


class AgencyCheck(VersionedModel, IdempotentCreate):
    """The front door asking an agency what it knows. The answer is recorded as a share (golden rule 7)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="checks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="front_door_checks")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=20, choices=CheckArea.choices)
    question = models.TextField()
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=CheckStatus.choices, default=CheckStatus.REQUESTED)

    information = models.TextField(blank=True)
    information_source = models.CharField(max_length=300, blank=True, help_text="Where the information comes from")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices, blank=True)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, blank=True)
    family_informed = models.CharField(max_length=10, choices=FamilyInformed.choices, blank=True)
    family_not_informed_reason = models.TextField(blank=True)
    answered_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = AgencyCheckQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["agency", "status", "due_at"]), models.Index(fields=["contact", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="check_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False, lawful_basis__gt=""),
                name="check_answer_has_lawful_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} check for {self.contact_id}"

    def is_overdue(self, at: dt.datetime | None = None) -> bool:
        return self.status == CheckStatus.REQUESTED and self.due_at < (at or timezone.now())

    @property
    def grading(self) -> str:
        """The 3×5×2 grading written the usual way, for example "1A P"."""
        if not self.source_evaluation:
            return ""
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling_code}".strip()


class RagChange(TandemModel):
    """Each RAG rating of a contact, with its rationale: the RAG history."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="rag_changes")
    rag_from = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_to = models.CharField(max_length=5, choices=Rag.choices)
    rationale = models.TextField()
    changed_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    checks_due_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.rag_from or 'unrated'} → {self.rag_to}"


class ChildDecision(VersionedModel):
    """The threshold decision for one child on a contact, by a front-door manager, with its rationale."""

    child = models.OneToOneField(ContactPerson, on_delete=models.PROTECT, related_name="decision")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    child_voice_considered = models.TextField()
    equality_considered = models.TextField()
    next_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    transfer_to = models.CharField(max_length=200, blank=True, help_text="The other local authority")
    existing_involvement = models.ForeignKey(
        Involvement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_involvement = models.ForeignKey(Involvement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    within_timescale = models.BooleanField(help_text="Decided within one working day of receipt (the KPI)")
    is_referral = models.BooleanField(default=False)
    referral_on = models.DateField(null=True, blank=True, help_text="The referral date: starts the assessment clock")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_referral=False) | Q(referral_on__isnull=False), name="decision_referral_has_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.child_id}"


class ReferrerUpdate(TandemModel):
    """What the referrer was told, when and how: the acknowledgement, and later the outcome."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=UpdateKind.choices)
    method = models.CharField(max_length=20, choices=UpdateMethod.choices)
    sent_at = models.DateTimeField()
    message = models.TextField(help_text="What the referrer was told")
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.contact_id}"
