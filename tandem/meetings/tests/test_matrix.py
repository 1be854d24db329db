"""The meetings permission matrix: every role × every meetings endpoint × every context, against an oracle that reads
docs/access-policy.toml (roles, endpoint policies, [meeting_scopes] and [meeting_roles]) independently of
tandem/meetings/access.py.

Every context's discussion carries restricted police intelligence (canary strings in the information, its source and
its handling conditions) shared by an officer of one police force. For each response: the status is what the oracle
expects; an authorised view of the discussion shows the child, and the canaries exactly when the viewer works for
that police force; no other response (page, htmx fragment, text export, API body, problem body, the view of today)
ever shows a canary, and a refused one does not show the child. Refused requests change nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.accounts.models import Agency, Membership, Team
from tandem.accounts.roles import ROLE_AGENCY_KINDS, AgencyKind
from tandem.accounts.tests.factories import AgencyFactory, MembershipFactory, TeamFactory, UserFactory
from tandem.api.tests.helpers import bearer
from tandem.audit.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import Section47Enquiry, StrategyDiscussion
from tandem.people.models import Involvement, Person
from tandem.people.tests.factories import PersonFactory
from tests import policy

pytestmark = pytest.mark.django_db

CONTEXTS = [
    "attended",
    "invited",
    "absent",
    "team-involved",
    "enquiry-lead",
    "window-ended",
    "window-ended-enquiry-open",
    "unrelated",
    "membership-ended",
    "anonymous",
]
#: (URL name, how it is called). Writes send an empty body: the oracle expects a validation error (400, or the form
#: page again) when allowed, so the matrix changes nothing except through the two creates, called last.
ENDPOINTS: list[tuple[str, str]] = [
    ("meetings:discussion_detail", "get"),
    ("meetings:discussion_detail", "htmx"),
    ("meetings:discussion_record", "get"),
    ("meetings:discussion_edit", "get"),
    ("meetings:participant_add", "get"),
    ("meetings:attendance", "get"),
    ("meetings:information_add", "get"),
    ("meetings:perpetrator_add", "get"),
    ("meetings:action_add", "get"),
    ("meetings:decision", "get"),
    ("meetings:enquiry_new", "get"),
    ("meetings:distribute", "get"),
    ("meetings:enquiry_detail", "get"),
    ("meetings:child_seen", "get"),
    ("meetings:enquiry_update", "get"),
    ("meetings:today", "get"),
    ("meetings:saved", "get"),
    ("meetings:discussion_new", "get"),
    ("api:strategy_discussions_detail", "get"),
    ("api:strategy_discussions_detail", "patch"),
    ("api:strategy_discussion_participants", "post"),
    ("api:strategy_discussion_attendance", "post"),
    ("api:strategy_discussion_information", "post"),
    ("api:strategy_discussion_decision", "post"),
    ("api:strategy_discussion_distribution", "post"),
    ("api:section_47_enquiries_detail", "get"),
    ("api:section_47_enquiries_detail", "patch"),
    ("api:section_47_enquiry_child_seen", "post"),
    ("api:section_47_enquiries_create", "post"),
    ("api:strategy_discussions_create", "post"),
]
#: Endpoints that show the discussion's information: the canaries appear exactly for the sharing police force.
SHOWS_INFORMATION = {
    ("meetings:discussion_detail", "get"),
    ("meetings:discussion_detail", "htmx"),
    ("meetings:discussion_record", "get"),
    ("api:strategy_discussions_detail", "get"),
}
#: Pages that refuse (404) once the record is distributed, for those who may run the discussion.
CLOSED_WHEN_DISTRIBUTED = {
    "meetings:discussion_edit",
    "meetings:participant_add",
    "meetings:attendance",
    "meetings:action_add",
    "meetings:decision",
}
CANARIES = ("CANARY-INTEL", "CANARY-SOURCE", "CANARY-HANDLING")
ENQUIRY_ENDPOINTS = {
    "meetings:enquiry_detail",
    "meetings:child_seen",
    "meetings:enquiry_update",
    "api:section_47_enquiries_detail",
    "api:section_47_enquiry_child_seen",
}


def oracle() -> dict[str, Any]:
    return policy.oracle()


@dataclass
class World:
    role: str
    membership: Membership
    council: Agency
    police: Agency
    chair: Membership
    officer: Membership
    lead: Membership
    discussions: dict[str, StrategyDiscussion] = field(default_factory=dict)
    children: dict[str, Person] = field(default_factory=dict)
    enquiries: dict[str, Section47Enquiry] = field(default_factory=dict)
    special: dict[str, Membership] = field(default_factory=dict)
    clients: dict[int, Client] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)

    def client(self, membership: Membership) -> Client:
        if membership.pk not in self.clients:
            self.clients[membership.pk] = signed_in_client(membership)
        return self.clients[membership.pk]

    def token(self, membership: Membership) -> str:
        if membership.pk not in self.tokens:
            self.tokens[membership.pk] = bearer(membership)
        return self.tokens[membership.pk]


def _agency(kind: str, slug: str) -> Agency:
    return cast(Agency, AgencyFactory(slug=slug, name=slug.replace("-", " ").title(), kind=kind))


def _member(role: str, agency: Agency, team: Team | None) -> Membership:
    return cast(Membership, MembershipFactory(user=UserFactory(), agency=agency, team=team, role=role))


def build_world(role: str) -> World:
    kind = sorted(ROLE_AGENCY_KINDS[role])[0]
    own = _agency(kind, f"own-{kind}")
    team = TeamFactory(agency=own, slug="own-team", name="Own team")
    council = own if kind == AgencyKind.CHILDRENS_SOCIAL_CARE else _agency(AgencyKind.CHILDRENS_SOCIAL_CARE, "council")
    police = own if kind == AgencyKind.POLICE else _agency(AgencyKind.POLICE, "force")
    council_team = TeamFactory(agency=council, slug="csc", name="Child Protection")
    police_team = team if police == own else TeamFactory(agency=police, slug="ppu", name="Public Protection")
    membership = _member(role, own, team)
    world = World(
        role=role,
        membership=membership,
        council=council,
        police=police,
        chair=_member("team-manager", council, TeamFactory(agency=council, slug="chair", name="Chair team")),
        officer=_member("police-officer", police, police_team),
        lead=_member("social-worker", council, council_team),
    )
    for context in CONTEXTS:
        _context(world, context)
    return world


def _context(world: World, context: str) -> None:
    me = world.membership
    tag = uuid.uuid4().hex[:8]
    child = cast(Person, PersonFactory(given_name="Canary", family_name=f"Zed{tag}", owning_agency=world.council))
    world.children[context] = child
    now = timezone.now()
    discussion = actions.convene_discussion(
        person=child,
        meeting_at=now - dt.timedelta(hours=2),
        mode="meeting",
        reason=f"REASON-{tag}",
        referral_on=timezone.localdate(),
        by=world.chair,
    )
    world.discussions[context] = discussion
    actions.invite(discussion, membership=world.officer, by=world.chair)
    if context in {"attended", "invited", "absent", "window-ended", "window-ended-enquiry-open"}:
        actions.invite(discussion, membership=me, by=world.chair)
    if context in {"membership-ended", "anonymous"}:
        extra = _member(world.role, me.agency, me.team)
        world.special[context] = extra
        if policy.role_flags(world.role)["practitioner"]:
            actions.invite(discussion, membership=extra, by=world.chair)
    if context == "team-involved":
        Involvement.objects.create(
            person=child, agency=me.agency, team=me.team, kind="child-protection", opened_on=timezone.localdate()
        )
    actions.add_information(
        discussion,
        information=f"CANARY-INTEL {tag}: seen with an adult at an address linked to exploitation",
        source=f"CANARY-SOURCE {tag}",
        marking="restricted",
        sanitised_summary=f"SUMMARY-{tag}: police hold information about risks outside the home",
        is_intelligence=True,
        source_evaluation="2",
        intelligence_assessment="B",
        handling_code="C",
        handling_conditions=f"CANARY-HANDLING {tag}",
        lawful_basis="dpa-sch8-para4",
        family_informed="no",
        family_not_informed_reason="Could increase the risk",
        by=world.officer,
    )
    if context != "invited":
        discussion.refresh_from_db()
        present = {
            p.pk for p in discussion.participants.all() if not (context == "absent" and p.membership_id == me.pk)
        }
        actions.record_attendance(discussion, expected_version=discussion.version, attended=present, by=world.chair)
    discussion.refresh_from_db()
    lead = me if context == "enquiry-lead" and world.role in oracle()["meeting_roles"]["lead"] else world.lead
    actions.record_decision(
        discussion,
        expected_version=discussion.version,
        section_47=True,
        investigation="joint",
        decision_rationale=f"DECISION-{tag}",
        immediate_protection="",
        medical_needed=False,
        medical_plan="",
        nrm="considered",
        nrm_note="",
        disruption="",
        enquiry_plan="",
        lead=lead,
        by=world.chair,
    )
    enquiry = Section47Enquiry.objects.get(discussion=discussion)
    world.enquiries[context] = enquiry
    if context.startswith("window-ended"):
        discussion.refresh_from_db()
        actions.distribute_record(discussion, expected_version=discussion.version, by=world.chair)
        StrategyDiscussion.objects.filter(pk=discussion.pk).update(access_ends_at=now - dt.timedelta(minutes=1))
        if context == "window-ended":
            Section47Enquiry.objects.filter(pk=enquiry.pk).update(
                status="concluded",
                child_seen_on=timezone.localdate(),
                seen_alone=True,
                outcome="not-substantiated",
                conference_needed=False,
                conference_reason="No continuing risk",
                concluded_at=now,
            )
    world.discussions[context] = StrategyDiscussion.objects.get(pk=discussion.pk)
    world.enquiries[context] = Section47Enquiry.objects.get(pk=enquiry.pk)


# ---------------------------------------------------------------------------------------------------------------------
# The oracle: facts about the viewer and the context's discussion, from the context's definition and the toml.


def facts(world: World, context: str) -> set[str]:
    role = world.role
    flags = policy.role_flags(role)
    if not flags["practitioner"]:
        return set()  # [meeting_scopes]: every scope is held by practitioners only
    found: set[str] = set()
    if context in {"attended", "invited", "window-ended-enquiry-open"}:
        found.add("participant")  # live: not distributed, or an enquiry it started is open
    own_council = world.membership.agency_id == world.council.pk
    if context == "team-involved" and own_council:
        found |= {"convening-agency", "enquiry-agency"}
    if context == "enquiry-lead" and role in oracle()["meeting_roles"]["lead"]:
        found |= {"lead", "convening-agency", "enquiry-agency"}  # the lead is allocated to the child
    if role in oracle()["meeting_roles"]["run"] and own_council and found & {"participant", "convening-agency"}:
        found.add("run")
    if context in {"attended", "invited", "window-ended-enquiry-open"}:
        found.add("enquiry-participant")
    if context in {"attended", "invited", "team-involved", "enquiry-lead", "window-ended-enquiry-open"} and (
        found & {"participant", "convening-agency", "lead"}
    ):
        found.add("case-relationship")  # panel, team or allocated: may convene for the child
    return found


def expected(world: World, context: str, endpoint: tuple[str, str]) -> int:
    name, how = endpoint
    spec = oracle()["endpoints"][name]
    api = name.startswith("api:")
    if context == "anonymous":
        return 401 if api else 302
    if context == "membership-ended":
        return 401 if api else 403
    if not policy.role_allowed(spec["roles"], world.role):
        return 403
    f = facts(world, context)
    kind = spec["object"]
    distributed = context.startswith("window-ended")
    enquiry_open = context != "window-ended"
    sees_discussion = bool(f & {"participant", "convening-agency"})
    if kind == "today":
        return 200
    if kind == "own-session":
        return 302  # nothing saved in this session: to the home page
    if kind == "convene":
        if name == "api:strategy_discussions_create":
            return 201 if "case-relationship" in f else 404
        return 200 if "case-relationship" in f else 404
    if kind == "discussion":
        if how == "patch":
            return 400 if "run" in f else 404
        return 200 if sees_discussion else 404
    if kind == "discussion-manage":
        if "run" not in f:
            return 404
        if api:
            return 400
        if name == "meetings:enquiry_new":
            return 302  # the enquiry has started: to its page
        if distributed and name in CLOSED_WHEN_DISTRIBUTED:
            return 404
        return 200
    if kind == "discussion-contribute":
        if not (sees_discussion or "run" in f) or distributed:
            return 404
        return 400 if api else 200
    if kind == "enquiry":
        allowed = f & {"lead", "enquiry-agency", "enquiry-participant"}
        if how == "patch":
            editor = f & {"lead", "enquiry-agency"} and world.role in oracle()["meeting_roles"]["run"]
            return 400 if editor else 404
        return 200 if allowed else 404
    if kind == "enquiry-edit":
        if not (f & {"lead", "enquiry-agency"}) or world.role not in oracle()["meeting_roles"]["run"]:
            return 404
        if api:
            return 400
        return 200 if enquiry_open else 404
    raise AssertionError(kind)


# ---------------------------------------------------------------------------------------------------------------------


def call(world: World, context: str, endpoint: tuple[str, str]) -> tuple[int, str]:
    name, how = endpoint
    membership = world.special.get(context, world.membership)
    discussion = world.discussions[context]
    enquiry = world.enquiries[context]
    child = world.children[context]
    api = name.startswith("api:")
    if context == "membership-ended":
        Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    try:
        if name in {"meetings:today", "meetings:saved", "meetings:discussion_new"}:
            url = reverse(name) + (f"?person={child.pk}" if name == "meetings:discussion_new" else "")
        elif name in {"api:strategy_discussions_create", "api:section_47_enquiries_create"}:
            url = reverse(name)
        elif name in ENQUIRY_ENDPOINTS:
            url = reverse(name, args=[enquiry.pk])
        else:
            url = reverse(name, args=[discussion.pk])
        if api:
            client = Client()
            headers: dict[str, str] = {}
            if context != "anonymous":
                headers["HTTP_AUTHORIZATION"] = world.token(membership)
            body: dict[str, Any] = {}
            if name == "api:strategy_discussions_create":
                headers["HTTP_IDEMPOTENCY_KEY"] = f"matrix-{uuid.uuid4()}"
                body = {
                    "person": str(child.pk),
                    "meeting_at": timezone.now().isoformat(),
                    "mode": "calls",
                    "reason": "Matrix",
                    "referral_on": str(timezone.localdate()),
                }
            if name == "api:section_47_enquiries_create":
                headers["HTTP_IDEMPOTENCY_KEY"] = f"matrix-{uuid.uuid4()}"
                body = {"strategy_discussion": str(discussion.pk), "lead": world.lead.pk}
            method = {"get": "get", "patch": "patch", "post": "post"}[how]
            if method == "get":
                response = client.get(url, **headers)
            else:
                response = getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)
        else:
            client = Client() if context == "anonymous" else world.client(membership)
            extra = {"HTTP_HX_REQUEST": "true"} if how == "htmx" else {}
            response = client.get(url, **extra)
    finally:
        if context == "membership-ended":
            Membership.objects.filter(pk=membership.pk).update(ends_on=None)
    return response.status_code, response.content.decode(errors="replace")


@pytest.mark.parametrize("role", policy.roles())
def test_meetings_permission_matrix(role: str) -> None:
    world = build_world(role)
    failures = []
    checked = 0
    for context in CONTEXTS:
        child = world.children[context]
        for endpoint in ENDPOINTS:
            want = expected(world, context, endpoint)
            changes_before = AuditEvent.objects.filter(kind="change").count()
            status, body = call(world, context, endpoint)
            checked += 1
            where = f"{role} × {context} × {endpoint[0]} ({endpoint[1]})"
            if status != want:
                failures.append(f"{where}: status {status}, expected {want}")
                continue
            shows_child = child.family_name in body or str(child.pk) in body
            if status in {401, 403, 404} and shows_child:
                failures.append(f"{where}: a refusal shows the child")
            if status >= 400 and AuditEvent.objects.filter(kind="change").count() != changes_before:
                failures.append(f"{where}: a refused or invalid request changed something")
            own_force = world.membership.agency_id == world.police.pk
            must_show = endpoint in SHOWS_INFORMATION and status == 200 and own_force
            for canary in CANARIES:
                if (canary in body) != must_show:
                    failures.append(f"{where}: {canary} {'missing' if must_show else 'leaked'}")
            if endpoint in SHOWS_INFORMATION and status == 200:
                summary = f"SUMMARY-{child.family_name[3:]}"
                if summary not in body or not (shows_child or endpoint[1] == "htmx"):
                    failures.append(f"{where}: the authorised view does not show the child and the summary")
    assert checked == len(CONTEXTS) * len(ENDPOINTS)
    assert not failures, "\n".join(failures)


def test_matrix_size_is_reported() -> None:
    size = len(policy.roles()) * len(CONTEXTS) * len(ENDPOINTS)
    print(
        f"meetings matrix: {len(policy.roles())} roles × {len(CONTEXTS)} contexts × {len(ENDPOINTS)} endpoints = {size}"
    )
    assert size == 17 * 10 * 30


def test_every_meetings_url_name_is_in_the_matrix() -> None:
    names = {n for n in oracle()["endpoints"] if n.startswith("meetings:") or "strategy" in n or "section_47" in n}
    assert names == {name for name, _ in ENDPOINTS}
