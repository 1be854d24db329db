"""Code lists for strategy discussions and section 47 enquiries."""

from __future__ import annotations

from django.db import models

from tandem.accounts.roles import AgencyKind


class Mode(models.TextChoices):
    MEETING = "meeting", "Meeting (in person or online)"
    CALLS = "calls", "Phone calls"


class DiscussionStatus(models.TextChoices):
    CONVENED = "convened", "Convened"
    HELD = "held", "Decision recorded"
    DISTRIBUTED = "distributed", "Record distributed"


class Investigation(models.TextChoices):
    SINGLE = "single", "Single-agency enquiry by children’s social care"
    JOINT = "joint", "Joint investigation with the police"


class NrmConsideration(models.TextChoices):
    REFER = "refer", "Refer to the National Referral Mechanism"
    CONSIDERED = "considered", "Considered: not needed now"
    NOT_RELEVANT = "not-relevant", "Not relevant to this concern"


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONCLUDED = "concluded", "Concluded"


class EnquiryOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Concerns substantiated"
    NOT_SUBSTANTIATED = "not-substantiated", "Concerns not substantiated"


class InformationMarking(models.TextChoices):
    """Who may see a piece of information shared at a strategy discussion."""

    PARTNERSHIP = "partnership", "Everyone at the discussion"
    RESTRICTED = "restricted", "Restricted to my agency: partners see only the sanitised summary"


#: The three statutory partners a strategy discussion needs at least (Working Together 2023).
CORE_AGENCIES: dict[str, frozenset[str]] = {
    "Children’s social care": frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    "Police": frozenset({AgencyKind.POLICE}),
    "Health": frozenset({AgencyKind.HEALTH_PROVIDER, AgencyKind.INTEGRATED_CARE_BOARD}),
}


def missing_core_agencies(kinds: set[str]) -> list[str]:
    """Which of children’s social care, police and health are not among `kinds` (agency kinds)."""
    return [name for name, wanted in CORE_AGENCIES.items() if not kinds & wanted]
