"""The fictional local area of Wyvern Vale: its agencies, teams and one demo user per role.

Everything here is made up. Re-running is safe: agencies, teams and users are matched on their slugs and usernames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.accounts.roles import AgencyKind, Role
from tandem.audit import record
from tandem.audit.record import Actor

DEMO_PASSWORD = "tandem-demo-2026"  # noqa: S105 - documented in the README; demo accounts only, refused in production
DEMO_START = "2024-04-01"

K = AgencyKind
AGENCIES: list[tuple[str, str, str, list[tuple[str, str, dict[str, bool]]]]] = [
    (
        "wyvern-vale-csc",
        "Wyvern Vale Council children’s social care",
        K.CHILDRENS_SOCIAL_CARE,
        [
            ("front-door", "Integrated Front Door", {"is_front_door": True}),
            ("emergency-duty", "Emergency Duty Team", {"is_emergency_duty": True}),
            ("assessment", "Assessment and Child in Need Team", {}),
            ("child-protection", "Child Protection Team", {}),
            ("exploitation", "Risk Outside the Home Team", {}),
            ("early-help", "Early Help", {}),
        ],
    ),
    (
        "wyvern-vale-police",
        "Wyvern Vale Police",
        K.POLICE,
        [("public-protection", "Public Protection Unit", {}), ("missing", "Missing from Home Team", {})],
    ),
    (
        "wyvern-vale-nhs",
        "Wyvern Vale NHS Foundation Trust",
        K.HEALTH_PROVIDER,
        [("safeguarding", "Safeguarding Children Team", {}), ("school-nursing", "School Nursing", {})],
    ),
    (
        "wyvern-vale-icb",
        "Wyvern Vale Integrated Care Board",
        K.INTEGRATED_CARE_BOARD,
        [("designated-nurses", "Designated Professionals", {})],
    ),
    ("wyvern-vale-yjs", "Wyvern Vale Youth Justice Service", K.YOUTH_JUSTICE, [("yjs", "Youth Justice Team", {})]),
    (
        "probation-wyvern-vale",
        "Probation Service – Wyvern Vale",
        K.PROBATION,
        [("offender-management", "Offender Management", {})],
    ),
    ("riverside-academy", "Riverside Academy", K.SCHOOL, [("pastoral", "Pastoral Team", {})]),
    ("hillcrest-high", "Hillcrest High School", K.SCHOOL, [("pastoral", "Pastoral Team", {})]),
    (
        "safe-steps",
        "Safe Steps (return home interviews)",
        K.VOLUNTARY_SECTOR,
        [("rhi", "Return Home Interview Service", {})],
    ),
    (
        "wyvern-vale-partnership",
        "Wyvern Vale Safeguarding Children Partnership",
        K.PARTNERSHIP,
        [("business-unit", "Partnership Business Unit", {})],
    ),
    ("joint-inspection", "Joint inspection team (fictional)", K.INSPECTORATE, [("inspectors", "Inspection team", {})]),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: str
    team: str | None
    job_title: str
    #: Further memberships (role, agency slug, team slug): the user chooses which to act in at sign-in.
    also: tuple[tuple[str, str, str | None], ...] = ()


R = Role
DEMO_USERS: list[DemoUser] = [
    DemoUser(
        "amira.khan",
        "Amira",
        "Khan",
        R.FRONT_DOOR_PRACTITIONER,
        "wyvern-vale-csc",
        "front-door",
        "Social worker, Integrated Front Door",
    ),
    DemoUser(
        "david.osei", "David", "Osei", R.FRONT_DOOR_MANAGER, "wyvern-vale-csc", "front-door", "Front door team manager"
    ),
    DemoUser(
        "nia.roberts",
        "Nia",
        "Roberts",
        R.EMERGENCY_DUTY_SOCIAL_WORKER,
        "wyvern-vale-csc",
        "emergency-duty",
        "Emergency duty social worker",
    ),
    DemoUser(
        "tom.hughes",
        "Tom",
        "Hughes",
        R.SOCIAL_WORKER,
        "wyvern-vale-csc",
        "exploitation",
        "Social worker, Risk Outside the Home",
    ),
    DemoUser(
        "grace.adeyemi",
        "Grace",
        "Adeyemi",
        R.TEAM_MANAGER,
        "wyvern-vale-csc",
        "exploitation",
        "Team manager, Risk Outside the Home",
    ),
    DemoUser(
        "pc.liam.walsh",
        "Liam",
        "Walsh",
        R.POLICE_OFFICER,
        "wyvern-vale-police",
        "public-protection",
        "Detective constable",
    ),
    DemoUser(
        "hannah.price",
        "Hannah",
        "Price",
        R.HEALTH_PRACTITIONER,
        "wyvern-vale-nhs",
        "safeguarding",
        "Named nurse for safeguarding",
    ),
    DemoUser(
        "mark.bennett",
        "Mark",
        "Bennett",
        R.DESIGNATED_SAFEGUARDING_LEAD,
        "riverside-academy",
        "pastoral",
        "Designated safeguarding lead",
    ),
    DemoUser("priya.shah", "Priya", "Shah", R.YOUTH_JUSTICE_OFFICER, "wyvern-vale-yjs", "yjs", "Youth justice officer"),
    DemoUser(
        "owen.davies",
        "Owen",
        "Davies",
        R.PROBATION_OFFICER,
        "probation-wyvern-vale",
        "offender-management",
        "Probation officer",
    ),
    DemoUser(
        "ella.morgan", "Ella", "Morgan", R.VOLUNTARY_SECTOR_WORKER, "safe-steps", "rhi", "Return home interview worker"
    ),
    DemoUser(
        "ruth.campbell",
        "Ruth",
        "Campbell",
        R.EXPLOITATION_LEAD,
        "wyvern-vale-csc",
        "exploitation",
        "Exploitation lead and MACE chair",
        also=((R.TEAM_MANAGER, "wyvern-vale-csc", "child-protection"),),
    ),
    DemoUser(
        "james.clarke",
        "James",
        "Clarke",
        R.PARTNERSHIP_MANAGER,
        "wyvern-vale-partnership",
        "business-unit",
        "Partnership manager",
    ),
    DemoUser(
        "sofia.rossi",
        "Sofia",
        "Rossi",
        R.PERFORMANCE_ANALYST,
        "wyvern-vale-partnership",
        "business-unit",
        "Performance analyst",
    ),
    DemoUser("helen.ward", "Helen", "Ward", R.INSPECTOR, "joint-inspection", "inspectors", "Inspector"),
    DemoUser(
        "kwame.mensah",
        "Kwame",
        "Mensah",
        R.INFORMATION_GOVERNANCE_LEAD,
        "wyvern-vale-csc",
        None,
        "Information governance lead, children’s services",
    ),
    DemoUser(
        "admin.jo.baker",
        "Jo",
        "Baker",
        R.SYSTEM_ADMINISTRATOR,
        "wyvern-vale-partnership",
        "business-unit",
        "Tandem system administrator",
    ),
    DemoUser(
        "carys.lloyd",
        "Carys",
        "Lloyd",
        R.INFORMATION_GOVERNANCE_LEAD,
        "wyvern-vale-police",
        None,
        "Information governance lead, police",
    ),
    DemoUser(
        "rob.fielding",
        "Rob",
        "Fielding",
        R.INFORMATION_GOVERNANCE_LEAD,
        "wyvern-vale-nhs",
        None,
        "Information governance lead, health",
    ),
]


def build_area() -> dict[str, Agency]:
    """Create (or find) the agencies and teams. Returns agencies by slug."""
    agencies: dict[str, Agency] = {}
    with transaction.atomic():
        for slug, name, kind, teams in AGENCIES:
            agency, created = Agency.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})
            agencies[slug] = agency
            for team_slug, team_name, flags in teams:
                Team.objects.get_or_create(agency=agency, slug=team_slug, defaults={"name": team_name, **flags})
            if created:
                record.change(Actor.system("seed_demo"), "agency.created", obj=agency, detail={"slug": slug})
    return agencies


def build_users(agencies: dict[str, Agency]) -> list[DemoUser]:
    """Create (or restore) the demo users and their current memberships.

    Re-running puts each demo account back as documented: the printed password works, the account is active and
    not locked out, and each membership exists and is current. Nothing else about the area changes.
    """
    from axes.models import AccessAttempt

    actor = Actor.system("seed_demo")
    # Every demo account gets the same stored hash of the (published) demo password, so a re-run verifies it once,
    # not once per account: argon2 is deliberately slow, and 20 verifications cost ~9 s of a second `make demo`.
    verified: dict[str, bool] = {}
    demo_hash = ""
    with transaction.atomic():
        for demo in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=demo.username,
                defaults={
                    "first_name": demo.first_name,
                    "last_name": demo.last_name,
                    "email": f"{demo.username}@example.invalid",
                    "job_title": demo.job_title,
                    "is_demo_account": True,
                },
            )
            if created:
                record.change(actor, "account.created", obj=user, detail={"role": demo.role})
            restored = []
            if not user.is_demo_account:
                raise ValueError(f"{demo.username} exists and is not a demo account; seed_demo will not touch it")
            if not user.is_active:
                user.is_active = True
                restored.append("is_active")
            if user.password not in verified:
                verified[user.password] = not created and check_password(DEMO_PASSWORD, user.password)
            works = verified[user.password]
            if works and not demo_hash:
                demo_hash = user.password
            elif not works or user.password != demo_hash:
                demo_hash = demo_hash or make_password(DEMO_PASSWORD)
                user.password = demo_hash
                verified[demo_hash] = True
                if not works:
                    restored.append("password")
                else:  # the same password, stored as the shared hash: nothing to restore or audit
                    user.save(update_fields=["password"])
            if restored:
                user.save(update_fields=restored)
                if not created:
                    record.change(actor, "account.restored", obj=user, detail={"fields": sorted(restored)})
            for role, agency_slug, team_slug in ((demo.role, demo.agency, demo.team), *demo.also):
                _ensure_membership(user, role, agencies[agency_slug], team_slug, actor)
        AccessAttempt.objects.filter(username__in=[d.username for d in DEMO_USERS]).delete()
    return DEMO_USERS


def _ensure_membership(user: User, role: str, agency: Agency, team_slug: str | None, actor: Actor) -> None:
    team = Team.objects.get(agency=agency, slug=team_slug) if team_slug else None
    existing = Membership.objects.filter(user=user, role=role, agency=agency, team=team).first()
    if existing is None:
        membership = Membership.objects.create(user=user, agency=agency, team=team, role=role, starts_on=DEMO_START)
        record.change(actor, "membership.added", obj=membership, detail={"user": user.pk, "role": role})
    elif not existing.is_current():
        existing.starts_on, existing.ends_on = dt.date.fromisoformat(DEMO_START), None
        existing.save(update_fields=["starts_on", "ends_on"])
        record.change(actor, "membership.restored", obj=existing, detail={"user": user.pk, "role": role})
