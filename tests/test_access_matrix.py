"""The permission matrix: every role × every person endpoint × every context, checked against the oracle in
docs/access-policy.toml (read by tests/policy.py, independently of tandem/people/access.py).

For each response: the status is what the oracle expects; an unauthorised response contains no id, name or canary of
the person; an authorised one shows exactly the pieces of information the relationship and markings allow (canary
strings in notes and equality fields); and 0 authorised requests are refused.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.accounts.models import Agency, ApiToken, Membership, Team
from tandem.accounts.roles import ROLE_AGENCY_KINDS, AgencyKind
from tandem.accounts.tests.factories import AgencyFactory, MembershipFactory, TeamFactory, UserFactory
from tandem.people.codes import Marking
from tests import policy

pytestmark = pytest.mark.django_db

CONTEXTS = [
    "allocated",
    "own-team-involved",
    "front-door-involved",
    "other-agency-involved-and-shared",
    "other-agency-not-shared",
    "not-involved",
    "person-index-only",
    "restricted-record",
    "sealed-record",
    "sealed-to-me",
    "break-glass-active",
    "share-expired",
    "own-agency-owns-record",
    "membership-ended-mid-session",
    "mfa-not-verified",
    "anonymous",
]
PERSON_ENDPOINTS = [
    "people:person_detail",
    "api:people_retrieve",
    "people:share_record",
    "people:emergency_access",
    "governance:person_access_log",
    "governance:person_access_log_csv",
    "people:person_search",
    "api:people_search",
]


@dataclass
class World:
    role: str
    membership: Membership
    team: Team
    other_agency: Agency
    other_team: Team
    bystander: Any
    persons: dict[str, Any] = field(default_factory=dict)
    special: dict[str, Membership] = field(default_factory=dict)


def _agency(kind: str, slug: str) -> Agency:
    agency: Agency = AgencyFactory(slug=slug, name=slug.replace("-", " ").title(), kind=kind)
    return agency


def _person(world: World, context: str, *, owner: Agency, marking: str = Marking.PARTNERSHIP) -> Any:
    from tandem.people.models import Address, Note, Person

    tag = uuid.uuid4().hex[:8]
    person = Person.objects.create(
        given_name="Canary",
        family_name=f"Zed{tag}",
        date_of_birth=dt.date(2010, 5, 17),
        owning_agency=owner,
        marking=marking,
        religion=f"RELIGION-{tag}",
    )
    Address.objects.create(person=person, line_1=f"ADDRESS-{tag}", postcode="WY1 1AA", owning_agency=owner)
    me = world.membership
    Note.objects.create(person=person, owning_agency=owner, text=f"PUBLICNOTE-{tag}", marking=Marking.PARTNERSHIP)
    Note.objects.create(person=person, owning_agency=me.agency, text=f"RESTRICTEDOWN-{tag}", marking=Marking.RESTRICTED)
    Note.objects.create(
        person=person, owning_agency=world.other_agency, text=f"RESTRICTEDOTHER-{tag}", marking=Marking.RESTRICTED
    )
    sealed_other = Note.objects.create(
        person=person, owning_agency=owner, text=f"SEALEDOTHER-{tag}", marking=Marking.SEALED
    )
    sealed_other.sealed_to.set([world.bystander])
    sealed_mine = Note.objects.create(
        person=person, owning_agency=owner, text=f"SEALEDMINE-{tag}", marking=Marking.SEALED
    )
    sealed_mine.sealed_to.set([me.user])
    person.tag = tag  # type: ignore[attr-defined]
    return person


def build_world(role: str) -> World:
    from tandem.people.models import Allocation, EmergencyAccess, Involvement, Share

    kind = sorted(ROLE_AGENCY_KINDS[role])[0]
    agency = _agency(kind, f"own-{kind}")
    team = TeamFactory(agency=agency, slug="own-team", name="Own team")
    other_agency = _agency(
        AgencyKind.HEALTH_PROVIDER if kind != AgencyKind.HEALTH_PROVIDER else AgencyKind.POLICE, "other"
    )
    other_team = TeamFactory(agency=other_agency, slug="other-team", name="Other team")
    third = _agency(
        AgencyKind.CHILDRENS_SOCIAL_CARE if kind != AgencyKind.CHILDRENS_SOCIAL_CARE else AgencyKind.PROBATION, "third"
    )
    membership = MembershipFactory(user=UserFactory(), agency=agency, team=team, role=role)
    world = World(role, membership, team, other_agency, other_team, bystander=UserFactory())
    today = timezone.localdate()
    now = timezone.now()
    by = MembershipFactory(user=UserFactory(), agency=third, role="information-governance-lead")

    def person(context: str, **kwargs: Any) -> Any:
        p = _person(world, context, **kwargs)
        world.persons[context] = p
        return p

    p = person("allocated", owner=agency)
    Allocation.objects.create(person=p, worker=membership.user, team=team, starts_on=today)
    p = person("own-team-involved", owner=agency)
    Involvement.objects.create(person=p, agency=agency, team=team, kind="child-in-need", opened_on=today)
    p = person("front-door-involved", owner=agency)
    Involvement.objects.create(person=p, agency=agency, team=team, kind="front-door", opened_on=today)
    p = person("other-agency-involved-and-shared", owner=other_agency)
    Involvement.objects.create(person=p, agency=other_agency, team=other_team, kind="health", opened_on=today)
    Share.objects.create(
        person=p,
        sections=["equality"],
        to_agency=agency,
        reason="Matrix share",
        lawful_basis="dpa-sch1-para18",
        family_informed="no",
        family_not_informed_reason="Would increase risk",
        ends_at=now + dt.timedelta(days=3),
        shared_by=by,
    )
    p = person("other-agency-not-shared", owner=other_agency)
    Involvement.objects.create(person=p, agency=other_agency, team=other_team, kind="health", opened_on=today)
    person("not-involved", owner=third)
    person("person-index-only", owner=third)
    p = person("restricted-record", owner=other_agency, marking=Marking.RESTRICTED)
    Involvement.objects.create(person=p, agency=agency, team=team, kind="child-in-need", opened_on=today)
    p = person("sealed-record", owner=agency, marking=Marking.SEALED)
    p.sealed_to.set([world.bystander])
    Allocation.objects.create(person=p, worker=membership.user, team=team, starts_on=today)
    p = person("sealed-to-me", owner=agency, marking=Marking.SEALED)
    p.sealed_to.set([membership.user])
    Allocation.objects.create(person=p, worker=membership.user, team=team, starts_on=today)
    p = person("break-glass-active", owner=third)
    EmergencyAccess.objects.create(
        person=p,
        membership=membership,
        owning_agency=third,
        reason="Matrix emergency access, child at risk",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=4),
    )
    p = person("share-expired", owner=other_agency)
    Share.objects.create(
        person=p,
        sections=["equality"],
        to_agency=agency,
        reason="Matrix share",
        lawful_basis="consent",
        family_informed="yes",
        starts_at=now - dt.timedelta(days=10),
        ends_at=now - dt.timedelta(days=1),
        shared_by=by,
    )
    person("own-agency-owns-record", owner=agency)
    for context in ("membership-ended-mid-session", "mfa-not-verified", "anonymous"):
        p = person(context, owner=agency)
        extra = MembershipFactory(
            user=UserFactory(is_demo_account=context != "mfa-not-verified"), agency=agency, team=team, role=role
        )
        world.special[context] = extra
        Allocation.objects.create(person=p, worker=extra.user, team=team, starts_on=today)
    return world


# ---------------------------------------------------------------------------------------------------------------------
# The oracle's expectation for one (role, context, endpoint).


def relationships(world: World, context: str) -> set[str]:
    role, agency = world.role, world.membership.agency
    person = world.persons[context]
    found: set[str] = set()
    if context in {"allocated", "sealed-record", "sealed-to-me"}:
        found.add("allocated")
    if context in {"own-team-involved", "restricted-record"}:
        found.add("team")
    if context == "front-door-involved":
        found.add("front-door")
    if context == "other-agency-involved-and-shared":
        found.add("share")
    if context == "break-glass-active":
        found.add("break-glass")
    if person.owning_agency_id == agency.pk:
        found.add("information-governance")
    usable = {r for r in found if policy.relationship_usable(r, role)}
    # The record's own marking: restricted to its owner, sealed to named people.
    if context == "restricted-record" and person.owning_agency_id != agency.pk:
        return set()
    if context == "sealed-record":
        return set()
    return usable


def visible_markers(world: World, context: str) -> set[str]:
    """Canary markers an authorised detail view must show (all others must be absent)."""
    rels = relationships(world, context)
    if not rels:
        return set()
    opens_all = any(policy.sections_opened(r) == "all" for r in rels)
    markers = {"NAME", "ADDRESS"}
    if opens_all:
        markers |= {"PUBLICNOTE", "RESTRICTEDOWN", "SEALEDMINE"}
    person = world.persons[context]
    equality_shared = context == "other-agency-involved-and-shared"
    if (opens_all and person.owning_agency_id == world.membership.agency_id) or equality_shared:
        markers.add("RELIGION")
    if not opens_all and "information-governance" in rels:
        markers = {"NAME", "ADDRESS"}
    return markers


ALL_MARKERS = {"PUBLICNOTE", "RESTRICTEDOWN", "RESTRICTEDOTHER", "SEALEDOTHER", "SEALEDMINE", "RELIGION", "ADDRESS"}


def expected(world: World, context: str, endpoint: str) -> tuple[int, set[str]]:
    """(status, markers that must appear). Markers not listed must not appear."""
    role = world.role
    spec = policy.oracle()["endpoints"][endpoint]
    api = endpoint.startswith("api:")
    if context == "anonymous":
        return (401, set()) if api else (302, set())
    if context == "membership-ended-mid-session":
        return (401, set()) if api else (403, set())
    if context == "mfa-not-verified":
        return (401, set()) if api else (302, set())
    if not policy.role_allowed(spec["roles"], role):
        return 403, set()
    rels = relationships(world, context)
    kind = spec.get("object")
    if kind == "person":
        return (200, visible_markers(world, context)) if rels else (404, set())
    if kind == "person-edit":
        editable = {r for r in rels if policy.oracle()["relationships"][r]["edit"]}
        owned = world.persons[context].owning_agency_id == world.membership.agency_id
        return (200, {"NAME", "RESTRICTEDOWN"}) if editable and owned else (404, set())
    if kind == "person-ig":
        return (200, {"NAME"}) if "information-governance" in rels else (404, set())
    if kind == "emergency-access":
        if rels - {"information-governance"}:
            return 302, set()
        if context in {"restricted-record", "sealed-record"}:
            return 404, set()
        return 200, {"NAME"}
    if kind == "search":
        in_index = policy.role_flags(role)["person_index"] and context not in {"restricted-record", "sealed-record"}
        return 200, ({"NAME"} if (rels or in_index) else set())
    raise AssertionError(kind)


# ---------------------------------------------------------------------------------------------------------------------


def call(world: World, context: str, endpoint: str) -> tuple[int, str]:
    person = world.persons[context]
    membership = world.special.get(context, world.membership)
    api = endpoint.startswith("api:")
    if context == "membership-ended-mid-session":
        Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    if api:
        client = Client()
        headers = {}
        if context != "anonymous":
            secret = ApiToken.new_secret()
            ApiToken.objects.create(
                membership=membership,
                digest=ApiToken.digest_of(secret),
                hint=secret[:8],
                expires_at=timezone.now() + dt.timedelta(days=1),
            )
            headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        if endpoint == "api:people_search":
            body = {"family_name": person.family_name, "purpose": "casework"}
            if policy.role_flags(world.role)["person_index"]:
                body["purpose"] = "identity-resolution"
            response = client.post(reverse(endpoint), json.dumps(body), content_type="application/json", **headers)
        else:
            response = client.get(reverse(endpoint, args=[person.pk]), **headers)
    else:
        client = Client() if context == "anonymous" else signed_in_client(membership)
        if endpoint == "people:person_search":
            response = client.post(
                reverse(endpoint), {"family_name": person.family_name, "purpose": "identity-resolution"}
            )
        else:
            response = client.get(reverse(endpoint, args=[person.pk]))
    if context == "membership-ended-mid-session":
        Membership.objects.filter(pk=membership.pk).update(ends_on=None)
    return response.status_code, response.content.decode(errors="replace")


@pytest.mark.parametrize("role", policy.roles())
def test_permission_matrix(role: str, settings: Any) -> None:
    world = build_world(role)
    failures = []
    checked = 0
    for context in CONTEXTS:
        person = world.persons[context]
        tag = person.tag
        for endpoint in PERSON_ENDPOINTS:
            want_status, want_markers = expected(world, context, endpoint)
            status, body = call(world, context, endpoint)
            checked += 1
            where = f"{role} × {context} × {endpoint}"
            if status != want_status:
                failures.append(f"{where}: status {status}, expected {want_status}")
                continue
            # A search page echoes the name the user typed, so only the record's id shows that it was found.
            searching = endpoint.endswith(("person_search", "people_search"))
            shows_person = str(person.pk) in body or (not searching and person.family_name in body)
            if not want_markers and shows_person:
                failures.append(f"{where}: unauthorised response shows the person")
            if want_markers and status == 200 and not shows_person:
                failures.append(f"{where}: authorised response does not show the person")
            for marker in ALL_MARKERS:
                present = f"{marker}-{tag}" in body
                if status == 200 and endpoint.endswith(("person_detail", "people_retrieve", "share_record")):
                    if present != (marker in want_markers):
                        failures.append(f"{where}: {marker} {'shown' if present else 'missing'}")
                elif present and marker not in {"ADDRESS"}:
                    failures.append(f"{where}: {marker} must not appear")
            if "RESTRICTEDOTHER" in body or "SEALEDOTHER" in body:
                failures.append(f"{where}: restricted or sealed canary leaked")
    assert checked == len(CONTEXTS) * len(PERSON_ENDPOINTS)
    assert not failures, "\n".join(failures)


def test_matrix_size_is_reported() -> None:
    size = len(policy.roles()) * len(CONTEXTS) * len(PERSON_ENDPOINTS)
    print(
        f"permission matrix: {len(policy.roles())} roles × {len(CONTEXTS)} contexts × "
        f"{len(PERSON_ENDPOINTS)} endpoints = {size}"
    )
    assert size == 17 * 16 * 8
