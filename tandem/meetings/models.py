"""Strategy discussions (who took part, what each agency shared, the decision, the record's distribution) and the
section 47 enquiries they start.

Who may see and change any of it is decided only in `tandem.meetings.access`; every change goes through
`tandem.meetings.actions`. Due times are stored (`record_due_at`, `conference_due_on`, `assessment_due_on`);
whether something is overdue is worked out when it is read.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team
from tandem.accounts.roles import AgencyKind
from tandem.api.idempotency import IdempotentCreate
from tandem.core.models import TandemModel, VersionedModel
from tandem.frontdoor.codes import HandlingCode, IntelligenceAssessment, SourceEvaluation
from tandem.frontdoor.models import ChildDecision
from tandem.meetings.codes import (
    DiscussionStatus,
    EnquiryOutcome,
    EnquiryStatus,
    InformationMarking,
    Investigation,
    Mode,
    NrmConsideration,
)
from tandem.people.models import FamilyInformed, LawfulBasis, Person, PersonLink


class TransitionError(Exception):
    """A strategy discussion was asked to move to a status it cannot reach from where it is."""


class StrategyDiscussionQuerySet(models.QuerySet["StrategyDiscussion"]):
    def live(self, at: dt.datetime | None = None) -> StrategyDiscussionQuerySet:
        """Discussions whose participants still hold a relationship with the child (see ADR 0008)."""
        at = at or timezone.now()
        return self.filter(
            Q(access_ends_at__isnull=True) | Q(access_ends_at__gt=at) | Q(enquiry__status=EnquiryStatus.OPEN)
        )

    def not_distributed(self) -> StrategyDiscussionQuerySet:
        return self.exclude(status=DiscussionStatus.DISTRIBUTED)

    def record_overdue(self, at: dt.datetime | None = None) -> StrategyDiscussionQuerySet:
        return self.not_distributed().filter(record_due_at__lt=at or timezone.now())


class StrategyDiscussion(VersionedModel, IdempotentCreate):
    """A strategy discussion about one child (`person`), convened by children's social care when significant harm is
    suspected. A child may have several; each lists the others."""

    TRANSITIONS: dict[str, frozenset[str]] = {
        DiscussionStatus.CONVENED: frozenset({DiscussionStatus.HELD}),
        DiscussionStatus.HELD: frozenset({DiscussionStatus.DISTRIBUTED}),
        DiscussionStatus.DISTRIBUTED: frozenset(),
    }

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", help_text="The child")
    decision = models.ForeignKey(
        ChildDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
        help_text="The front door's threshold decision it follows, if any",
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", help_text="The convening agency")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    convened_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    convened_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=DiscussionStatus.choices, default=DiscussionStatus.CONVENED)

    meeting_at = models.DateTimeField(help_text="When the discussion is (or was) held")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.MEETING)
    reason = models.TextField(help_text="Why significant harm is suspected")
    referral_on = models.DateField(help_text="The referral date: starts the 45-working-day assessment clock")

    risks_to_child = models.TextField(blank=True)
    risks_to_others = models.TextField(blank=True, help_text="Risks to other children, in the household or beyond")

    # The decision.
    section_47 = models.BooleanField(null=True, blank=True)
    investigation = models.CharField(max_length=10, choices=Investigation.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    immediate_protection = models.TextField(blank=True, help_text="Immediate action to protect the child")
    medical_needed = models.BooleanField(null=True, blank=True)
    medical_plan = models.TextField(blank=True)
    nrm = models.CharField(max_length=12, choices=NrmConsideration.choices, blank=True)
    nrm_note = models.TextField(blank=True)
    disruption = models.TextField(blank=True, help_text="Disruption of the people or places harming the child")
    enquiry_plan = models.TextField(blank=True, help_text="Who sees the child and when, interviews, criminal enquiries")
    decided_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    # The record and its distribution.
    record_due_at = models.DateTimeField(help_text="One working day after the meeting")
    distributed_at = models.DateTimeField(null=True, blank=True)
    distributed_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    access_ends_at = models.DateTimeField(
        null=True, blank=True, help_text="When participants' relationship with the child ends (set on distribution)"
    )

    objects = StrategyDiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_at"]
        indexes = [
            models.Index(fields=["person", "meeting_at"]),
            models.Index(fields=["status", "record_due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["convened_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="discussion_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(status="convened") | Q(section_47__isnull=False, decided_at__isnull=False),
                name="discussion_held_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="distributed") | Q(distributed_at__isnull=False, access_ends_at__isnull=False),
                name="discussion_distributed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    def transition_to(self, status: str) -> None:
        if not self.can_become(status):
            raise TransitionError(f"A strategy discussion cannot go from {self.status} to {status}")
        self.status = status

    @property
    def is_held(self) -> bool:
        return self.status != DiscussionStatus.CONVENED

    @property
    def is_distributed(self) -> bool:
        return self.status == DiscussionStatus.DISTRIBUTED

    def record_overdue(self, at: dt.datetime | None = None) -> bool:
        return not self.is_distributed and self.record_due_at < (at or timezone.now())

    def distributed_late(self) -> bool:
        return self.distributed_at is not None and self.distributed_at > self.record_due_at


class Participant(TandemModel):
    """Someone invited to a strategy discussion: a Tandem user (their membership) or a named person from an agency
    without an account. `attended` is None until attendance is recorded."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="participants")
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(max_length=200, help_text="The agency or organisation, as shown")
    agency_kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    email = models.EmailField(blank=True, help_text="For people without an account: where the record is sent")
    is_chair = models.BooleanField(default=False)
    invited_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    attended = models.BooleanField(null=True, blank=True)
    record_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_chair", "organisation", "name"]
        indexes = [models.Index(fields=["membership", "discussion"])]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "membership"],
                condition=Q(membership__isnull=False),
                name="participant_once_per_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def has_account(self) -> bool:
        return self.membership_id is not None

    @property
    def attendance_label(self) -> str:
        return {True: "Attended", False: "Did not attend", None: "Invited"}[self.attended]


class SharedInformation(TandemModel):
    """What one agency shared at a discussion, with its source and marking. Restricted information is seen in full
    only by its own agency; everyone else sees `sanitised_summary`. Each is recorded as shares (golden rule 7)."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="information")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", help_text="The agency sharing it")
    on_behalf_of = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A participant without an account, whose information the recorder wrote down",
    )
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    information = models.TextField()
    source = models.CharField(max_length=300, help_text="Where the information comes from")
    marking = models.CharField(max_length=12, choices=InformationMarking.choices)
    sanitised_summary = models.TextField(blank=True, help_text="What partners may see of restricted information")
    is_intelligence = models.BooleanField(default=False, help_text="Police intelligence, graded 3×5×2")
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices, blank=True)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    family_informed = models.CharField(max_length=10, choices=FamilyInformed.choices)
    family_not_informed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(marking="restricted") | ~Q(sanitised_summary=""),
                name="information_restricted_has_summary",
            ),
            models.CheckConstraint(
                condition=Q(is_intelligence=False)
                | (~Q(source_evaluation="") & ~Q(intelligence_assessment="") & ~Q(handling_code="")),
                name="information_intelligence_is_graded",
            ),
        ]

    def __str__(self) -> str:
        return f"Information from {self.agency_id} at {self.discussion_id}"

    @property
    def grading(self) -> str:
        """The 3×5×2 grading written the usual way, for example "1A P"."""
        if not self.source_evaluation:
            return ""
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling_code}".strip()

    @property
    def share_source(self) -> str:
        return f"strategy-information:{self.pk}"


class AllegedPerpetrator(TandemModel):
    """A person on the register the discussion names as an alleged perpetrator, linked to the child as a person of
    concern (`link`)."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="alleged_perpetrators")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    link = models.ForeignKey(PersonLink, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField(help_text="What they are alleged to have done, and how they are connected")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(
        max_length=12, choices=InformationMarking.choices, default=InformationMarking.PARTNERSHIP
    )
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]
        constraints = [models.UniqueConstraint(fields=["discussion", "person"], name="perpetrator_once_per_discussion")]

    def __str__(self) -> str:
        return f"Alleged perpetrator {self.person_id}"


class DiscussionAction(TandemModel):
    """An action agreed at a discussion, with an owner in any agency and a due date."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200)
    owner_organisation = models.CharField(max_length=200)
    due_on = models.DateField()
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "recorded_at"]

    def __str__(self) -> str:
        return f"Action due {self.due_on}"

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.due_on < (on or timezone.localdate())


class Section47EnquiryQuerySet(models.QuerySet["Section47Enquiry"]):
    def open(self) -> Section47EnquiryQuerySet:
        return self.filter(status=EnquiryStatus.OPEN)

    def child_not_seen(self) -> Section47EnquiryQuerySet:
        return self.open().filter(child_seen_on__isnull=True)

    def conference_pending(self) -> Section47EnquiryQuerySet:
        """Enquiries that may still need an initial child protection conference (not ruled out)."""
        return self.exclude(conference_needed=False)


class Section47Enquiry(VersionedModel, IdempotentCreate):
    """A section 47 enquiry started by a strategy discussion, led by a social worker, alone or jointly with the
    police. The conference clock runs from the child's last strategy discussion."""

    discussion = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", help_text="The child")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", help_text="Lead social worker")
    is_joint = models.BooleanField(default=False)
    police_lead_name = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)

    child_seen_on = models.DateField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    child_words = models.TextField(blank=True, help_text="The child's wishes and feelings, in their own words")
    child_seen_recorded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parents_seen = models.TextField(blank=True, help_text="Which parents and carers were seen, and when")
    other_children = models.TextField(blank=True, help_text="Other children in the household")
    outcome = models.CharField(max_length=20, choices=EnquiryOutcome.choices, blank=True)
    conference_needed = models.BooleanField(null=True, blank=True)
    conference_reason = models.TextField(blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    conference_due_on = models.DateField(help_text="15 working days after the child's last strategy discussion")
    assessment_due_on = models.DateField(help_text="45 working days after the referral date")

    objects = Section47EnquiryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "conference_due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["started_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="enquiry_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(child_seen_on__isnull=True) | Q(seen_alone__isnull=False),
                name="enquiry_child_seen_says_whether_alone",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(outcome="") & Q(conference_needed__isnull=False)),
                name="enquiry_concluded_has_outcome",
            ),
        ]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == EnquiryStatus.OPEN

    @property
    def child_seen(self) -> bool:
        return self.child_seen_on is not None

    def conference_overdue(self, on: dt.date | None = None) -> bool:
        return self.conference_needed is not False and self.conference_due_on < (on or timezone.localdate())

    def assessment_overdue(self, on: dt.date | None = None) -> bool:
        return self.is_open and self.assessment_due_on < (on or timezone.localdate())
