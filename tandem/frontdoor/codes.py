"""Code lists for the front door: CIN referral sources, exploitation indicators, RAG, decisions, 3×5×2 grading."""

from __future__ import annotations

from django.db import models


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting decision"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed without a decision"


class ReferralSource(models.TextChoices):
    """DfE children in need census referral source codes (5D early help added in 2022)."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and childminders"
    INDIVIDUAL_SELF = "1C", "Individual: the child themself"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_PRIMARY_OTHER = "3D", "Health services: other primary health services"
    HEALTH_AE = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing (local authority housing or housing association)"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care, for example adult social care"
    LA_OTHER_INTERNAL = "5B", "Local authority services: other internal"
    LA_EXTERNAL = "5C", "Local authority services: external, for example another local authority"
    LA_EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency, for example courts, probation, immigration, Cafcass or prison"
    OTHER = "8", "Other, including children’s centres, independent providers and voluntary organisations"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


POLICE_SOURCE = ReferralSource.POLICE

#: A sensible first answer for the source question, from the kind of agency the referrer works for.
SOURCE_FOR_AGENCY_KIND = {
    "police": ReferralSource.POLICE,
    "school": ReferralSource.SCHOOLS,
    "health-provider": ReferralSource.HEALTH_OTHER,
    "integrated-care-board": ReferralSource.HEALTH_OTHER,
    "youth-justice": ReferralSource.OTHER_LEGAL,
    "probation": ReferralSource.OTHER_LEGAL,
    "voluntary-sector": ReferralSource.OTHER,
    "childrens-social-care": ReferralSource.LA_SOCIAL_CARE,
}


class ArrivalMethod(models.TextChoices):
    ONLINE = "online", "Online form in Tandem"
    API = "api", "From another system (API)"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Secure email"
    POLICE_NOTIFICATION = "police-notification", "Police notification (PPN)"
    LETTER = "letter", "Letter or paper form"
    IN_PERSON = "in-person", "In person"


class Indicator(models.TextChoices):
    """Quick exploitation indicators: any one of them flags the contact as possible exploitation."""

    MISSING = "missing", "Missing episodes"
    OUT_OF_AREA = "out-of-area", "Found out of area"
    OLDER_ASSOCIATES = "older-associates", "Older or controlling associates"
    UNEXPLAINED_ITEMS = "unexplained-items", "Unexplained money, phones or gifts"
    EDUCATION = "education", "Exclusion or falling attendance"
    SUBSTANCES = "substances", "Substance misuse"
    WEAPONS = "weapons", "Carrying weapons"
    SEXUAL_HEALTH = "sexual-health", "Sexual health concerns"


class PersonRole(models.TextChoices):
    CHILD = "child", "Child"
    HOUSEHOLD = "household", "Household member"
    OF_CONCERN = "of-concern", "Person of concern"


class CareExperience(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not-known", "Not known"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class CheckArea(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth-justice", "Youth justice"
    PROBATION = "probation", "Probation"
    EARLY_HELP = "early-help", "Early help"
    OTHER = "other", "Other agency"


#: Which area a check to an agency of each kind belongs to.
AREA_FOR_AGENCY_KIND = {
    "police": CheckArea.POLICE,
    "health-provider": CheckArea.HEALTH,
    "integrated-care-board": CheckArea.HEALTH,
    "school": CheckArea.EDUCATION,
    "youth-justice": CheckArea.YOUTH_JUSTICE,
    "probation": CheckArea.PROBATION,
}


class CheckStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SourceEvaluation(models.TextChoices):
    """The 3×5×2 intelligence grading: how reliable the source is."""

    RELIABLE = "1", "1: Reliable"
    UNTESTED = "2", "2: Untested"
    NOT_RELIABLE = "3", "3: Not reliable"


class IntelligenceAssessment(models.TextChoices):
    """The 3×5×2 intelligence grading: how the source knows it."""

    A = "A", "A: Known directly to the source"
    B = "B", "B: Known indirectly to the source but corroborated"
    C = "C", "C: Known indirectly to the source"
    D = "D", "D: Not known"
    E = "E", "E: Suspected to be false"


class HandlingCode(models.TextChoices):
    """The 3×5×2 intelligence grading: whether and how it may be shared."""

    P = "P", "P: Lawful sharing permitted"
    C = "C", "C: Lawful sharing permitted with conditions"


class Outcome(models.TextChoices):
    """Threshold decision for one child."""

    ADVICE = "advice", "Advice and information, or no further action"
    EARLY_HELP = "early-help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    STRATEGY = "strategy", "Strategy discussion (section 47)"
    EXPLOITATION = "exploitation", "Exploitation pathway"
    ALREADY_OPEN = "already-open", "Already open to a team"
    TRANSFER = "transfer", "Transfer to another local authority"


#: Decisions that accept the contact for a statutory response: the contact becomes a referral on that date.
REFERRAL_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY, Outcome.EXPLOITATION})
#: Decisions that hand the child to a team of this local authority (an involvement is opened for it).
TEAM_OUTCOMES = frozenset({Outcome.EARLY_HELP, Outcome.ASSESSMENT, Outcome.STRATEGY, Outcome.EXPLOITATION})
#: The involvement kind opened for each team outcome.
INVOLVEMENT_FOR_OUTCOME: dict[str, str] = {
    Outcome.EARLY_HELP: "early-help",
    Outcome.ASSESSMENT: "assessment",
    Outcome.STRATEGY: "child-protection",
    Outcome.EXPLOITATION: "exploitation",
}


class UpdateKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    OUTCOME = "outcome", "Outcome feedback"


class UpdateMethod(models.TextChoices):
    TANDEM = "tandem", "In Tandem (the referrer has an account)"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Secure email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in-person", "In person"


class ScreeningTool(models.TextChoices):
    NONE = "", "No screening tool"
    PAN_CHESHIRE = "pan-cheshire-screening", "Pan Cheshire Contextual Safeguarding Screening Tool"
    CCE = "cce-screening", "Child criminal exploitation screening tool"
    CSE = "cse-screening", "Child sexual exploitation screening tool"
    OTHER = "other", "Another tool (say which in the summary)"
