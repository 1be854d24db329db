"""The roles people act in, the kinds of agency they work for, and the groups of roles that policies refer to."""

from __future__ import annotations

from django.db import models


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Local authority children’s social care"
    POLICE = "police", "Police force"
    HEALTH_PROVIDER = "health-provider", "Health provider"
    INTEGRATED_CARE_BOARD = "integrated-care-board", "Integrated care board"
    YOUTH_JUSTICE = "youth-justice", "Youth justice service"
    PROBATION = "probation", "Probation service"
    SCHOOL = "school", "School or college"
    VOLUNTARY_SECTOR = "voluntary-sector", "Voluntary sector organisation"
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    INSPECTORATE = "inspectorate", "Inspectorate"


class Role(models.TextChoices):
    FRONT_DOOR_PRACTITIONER = "front-door-practitioner", "Front-door practitioner"
    FRONT_DOOR_MANAGER = "front-door-manager", "Front-door manager"
    EMERGENCY_DUTY_SOCIAL_WORKER = "emergency-duty-social-worker", "Emergency duty social worker"
    SOCIAL_WORKER = "social-worker", "Social worker"
    TEAM_MANAGER = "team-manager", "Team manager"
    POLICE_OFFICER = "police-officer", "Police officer"
    HEALTH_PRACTITIONER = "health-practitioner", "Health practitioner"
    DESIGNATED_SAFEGUARDING_LEAD = "designated-safeguarding-lead", "Designated safeguarding lead"
    YOUTH_JUSTICE_OFFICER = "youth-justice-officer", "Youth justice officer"
    PROBATION_OFFICER = "probation-officer", "Probation officer"
    VOLUNTARY_SECTOR_WORKER = "voluntary-sector-worker", "Voluntary sector worker"
    EXPLOITATION_LEAD = "exploitation-lead", "Exploitation lead (MACE chair)"
    PARTNERSHIP_MANAGER = "partnership-manager", "Partnership manager"
    PERFORMANCE_ANALYST = "performance-analyst", "Performance analyst"
    INSPECTOR = "inspector", "Inspector"
    INFORMATION_GOVERNANCE_LEAD = "information-governance-lead", "Information governance lead"
    SYSTEM_ADMINISTRATOR = "system-administrator", "System administrator"


R = Role

#: Which kinds of agency each role belongs to.
ROLE_AGENCY_KINDS: dict[str, frozenset[str]] = {
    R.FRONT_DOOR_PRACTITIONER: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.FRONT_DOOR_MANAGER: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.EMERGENCY_DUTY_SOCIAL_WORKER: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.SOCIAL_WORKER: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.TEAM_MANAGER: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.POLICE_OFFICER: frozenset({AgencyKind.POLICE}),
    R.HEALTH_PRACTITIONER: frozenset({AgencyKind.HEALTH_PROVIDER, AgencyKind.INTEGRATED_CARE_BOARD}),
    R.DESIGNATED_SAFEGUARDING_LEAD: frozenset({AgencyKind.SCHOOL}),
    R.YOUTH_JUSTICE_OFFICER: frozenset({AgencyKind.YOUTH_JUSTICE}),
    R.PROBATION_OFFICER: frozenset({AgencyKind.PROBATION}),
    R.VOLUNTARY_SECTOR_WORKER: frozenset({AgencyKind.VOLUNTARY_SECTOR}),
    R.EXPLOITATION_LEAD: frozenset({AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.PARTNERSHIP}),
    R.PARTNERSHIP_MANAGER: frozenset({AgencyKind.PARTNERSHIP}),
    R.PERFORMANCE_ANALYST: frozenset({AgencyKind.PARTNERSHIP, AgencyKind.CHILDRENS_SOCIAL_CARE}),
    R.INSPECTOR: frozenset({AgencyKind.INSPECTORATE}),
    R.INFORMATION_GOVERNANCE_LEAD: frozenset(set(AgencyKind) - {AgencyKind.INSPECTORATE}),
    R.SYSTEM_ADMINISTRATOR: frozenset({AgencyKind.PARTNERSHIP, AgencyKind.CHILDRENS_SOCIAL_CARE}),
}

#: Roles with a front-door duty: they may search the whole person index (minimal demographics only).
FRONT_DOOR_DUTY = frozenset({R.FRONT_DOOR_PRACTITIONER, R.FRONT_DOOR_MANAGER, R.EMERGENCY_DUTY_SOCIAL_WORKER})

#: Roles that may request emergency (break-glass) access.
BREAK_GLASS = frozenset(
    {
        R.FRONT_DOOR_PRACTITIONER,
        R.FRONT_DOOR_MANAGER,
        R.EMERGENCY_DUTY_SOCIAL_WORKER,
        R.SOCIAL_WORKER,
        R.TEAM_MANAGER,
        R.POLICE_OFFICER,
        R.EXPLOITATION_LEAD,
    }
)

#: Practitioners: roles that may hold a relationship with a person and so see case content.
PRACTITIONERS = frozenset(
    {
        R.FRONT_DOOR_PRACTITIONER,
        R.FRONT_DOOR_MANAGER,
        R.EMERGENCY_DUTY_SOCIAL_WORKER,
        R.SOCIAL_WORKER,
        R.TEAM_MANAGER,
        R.POLICE_OFFICER,
        R.HEALTH_PRACTITIONER,
        R.DESIGNATED_SAFEGUARDING_LEAD,
        R.YOUTH_JUSTICE_OFFICER,
        R.PROBATION_OFFICER,
        R.VOLUNTARY_SECTOR_WORKER,
        R.EXPLOITATION_LEAD,
    }
)

#: Partner-agency practitioners: their home page is their agency's open requests.
PARTNER_PRACTITIONERS = frozenset(
    {
        R.POLICE_OFFICER,
        R.HEALTH_PRACTITIONER,
        R.DESIGNATED_SAFEGUARDING_LEAD,
        R.YOUTH_JUSTICE_OFFICER,
        R.PROBATION_OFFICER,
        R.VOLUNTARY_SECTOR_WORKER,
    }
)

#: Managers who can make threshold decisions and see their teams' work.
MANAGERS = frozenset({R.FRONT_DOOR_MANAGER, R.TEAM_MANAGER})

ALL_ROLES = frozenset(Role)
