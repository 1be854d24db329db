"""The front door's permission matrix: every role × every contact endpoint × every context, against an oracle that
reads docs/access-policy.toml (roles and endpoint policies; the [contact_scopes] table) independently of
tandem/frontdoor/access.py.

Each context's contact carries canary strings in every restricted place: the concern, a child's restricted religion,
a restricted police intelligence answer from another force, another agency's partnership answer, a sealed answer,
the RAG rationale, a decision's rationale and the acknowledgement to the referrer. For each response: the status is
what the oracle expects; the contact's own page and API body show exactly the canaries the viewer's scopes allow; and
no other page, list or API body (including 409 bodies) shows a canary the viewer may not see.

The role policy is checked before any contact is looked up (`@requires` and the API's permission class), so an
endpoint the role may not use at all is requested in one signed-in context (the contact of the role's own team,
where a leak would matter most) rather than in all of them; anonymous requests are role-independent and are made
once for every endpoint.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.models import Agency, Membership, Team
from tandem.accounts.roles import ROLE_AGENCY_KINDS, AgencyKind
from tandem.accounts.tests.factories import AgencyFactory, MembershipFactory, TeamFactory, UserFactory
from tandem.api.tests.helpers import bearer
from tandem.frontdoor import actions
from tandem.frontdoor.models import AgencyCheck, Contact, ContactPerson
from tandem.people.models import Person
from tests import policy

pytestmark = pytest.mark.django_db

THURSDAY_10AM = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
THURSDAY_11AM = dt.datetime(2026, 11, 26, 11, 0, tzinfo=dt.UTC)
SATURDAY_NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)

#: The role-independent context, checked once (test_anonymous_requests_are_refused).
ANONYMOUS = "anonymous"
CONTEXTS = [
    "own-submission",
    "front-door-team",
    "agency-asked",
    "agency-not-asked",
    "red-in-hours",
    "red-out-of-hours",
    "own-draft",
    "colleagues-draft",
    "membership-ended",
]
ENDPOINTS = [
    "frontdoor:contact_detail",
    "frontdoor:contact_submitted",
    "frontdoor:draft_check",
    "frontdoor:draft_step",
    "frontdoor:contact_rag",
    "frontdoor:child_decision",
    "frontdoor:child_resolve",
    "frontdoor:checks_request",
    "frontdoor:contact_update",
    "frontdoor:contact_close",
    "frontdoor:check_answer",
    "frontdoor:contact_take",
    "frontdoor:queue",
    "frontdoor:my_contacts",
    "frontdoor:agency_checks",
    "frontdoor:saved",
    "api:contacts_retrieve",
    "api:contact_rag_update",
    "api:child_decision_create",
    "api:contact_checks_create",
    "api:check_answer",
    "api:contacts_create",
]
#: Endpoints that show no contact (a create; the advice on what this session just saved): requested in one context.
ONCE = {"api:contacts_create", "frontdoor:saved"}
#: Endpoints that show one contact in full: the canaries shown must be exactly those allowed.
DETAIL = {"frontdoor:contact_detail", "api:contacts_retrieve"}
#: Which canaries each scope may see ([contact_scopes] in docs/access-policy.toml, as canaries).
SEES = {
    "front-door": {"NAME", "CONCERN", "RELIGION", "INTEL", "OTHERANSWER", "OWNANSWER", "RAGWHY", "DECISIONWHY", "ACK"},
    "emergency-duty": {"NAME", "CONCERN", "RELIGION", "INTEL", "OTHERANSWER", "OWNANSWER", "RAGWHY", "DECISIONWHY"},
    "referrer": {"NAME", "CONCERN", "RELIGION", "ACK"},
    "agency-check": {"NAME", "OWNANSWER"},
}
CANARIES = {
    "NAME",
    "CONCERN",
    "RELIGION",
    "INTEL",
    "OTHERANSWER",
    "OWNANSWER",
    "SEALED",
    "RAGWHY",
    "DECISIONWHY",
    "ACK",
}


@dataclass
class Facts:
    """What the oracle knows about a context's contact, from how it was built (not from tandem.frontdoor.access)."""

    contact: Contact
    tag: str
    child: ContactPerson  # undecided, on the register
    check: AgencyCheck | None  # the outstanding check the endpoint targets
    submitted_by_me: bool = False
    my_front_door_team: bool = False
    my_agency_asked: bool = False
    red_in_my_local_authority: bool = False
    draft: bool = False
    present: set[str] = field(default_factory=set)


@dataclass
class World:
    role: str
    me: Membership
    colleague: Membership
    ended: Membership
    requester: Membership
    manager: Membership
    police_b: Membership
    nurse_b: Membership
    third: Agency
    other_front_door: Team
    facts: dict[str, Facts] = field(default_factory=dict)


def _agency(kind: str, slug: str) -> Agency:
    return cast(Agency, AgencyFactory(slug=slug, name=slug.replace("-", " ").title(), kind=kind))


def _contact(world: World, context: str, *, by: Membership, team: Team, asked_own: bool, full: bool = True) -> Facts:
    tag = uuid.uuid4().hex[:8]
    a = {"given_name": "Canary", "family_name": f"Name{tag}", "date_of_birth": dt.date(2011, 6, 2)}
    a |= {"religion": f"RELIGION-{tag}", "equality_marking": "restricted"}
    b = {"given_name": "Sibling", "family_name": f"Name{tag}", "date_of_birth": dt.date(2014, 2, 3)}
    contact = actions.create_contact(
        fields={
            "source": "6",
            "concern": f"CONCERN-{tag}",
            "child_voice": "Wants to go home.",
            "lawful_basis": "dpa-sch8-para4",
            "family_informed": "yes",
        },
        people=[("child", a), ("child", b)],
        by=by,
    )
    Contact.objects.filter(pk=contact.pk).update(front_door_team=team)
    contact.refresh_from_db()
    child_a, child_b = contact.people.children()
    present = {"NAME", "CONCERN", "RELIGION"}
    outstanding = None
    if full:
        for row in (child_a, child_b):
            person = Person.objects.create(
                given_name=row.given_name, family_name=row.family_name, owning_agency=team.agency
            )
            actions.link_child(row, person=person, by=world.requester)
        contact = actions.rate_contact(
            contact, expected_version=1, rag="red", rationale=f"RAGWHY-{tag}", by=world.manager
        )
        actions.decide_for_child(
            child_a,
            expected_version=0,
            outcome="advice",
            rationale=f"DECISIONWHY-{tag}",
            child_voice_considered="Heard.",
            equality_considered="Considered.",
            by=world.manager,
        )
        answers = [
            (world.police_b, "restricted", f"INTEL-{tag}"),
            (world.nurse_b, "partnership", f"OTHERANSWER-{tag}"),
            (world.police_b, "sealed", f"SEALED-{tag}"),
        ]
        if asked_own:
            answers.append((world.colleague, "restricted", f"OWNANSWER-{tag}"))
        for answerer, marking, text in answers:
            check = actions.request_check(contact, agency=answerer.agency, question="Known?", by=world.requester)
            graded = {"source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "P"}
            actions.answer_check(
                check,
                expected_version=1,
                information=text,
                information_source="Records",
                marking=marking,
                lawful_basis="dpa-sch1-para18",
                family_informed="yes",
                by=answerer,
                **(graded if check.area == "police" else {}),
            )
        target = world.me.agency if asked_own else world.third
        outstanding = actions.request_check(contact, agency=target, question="Anything?", by=world.requester)
        actions.record_update(
            contact,
            kind="acknowledgement",
            method="email",
            sent_at=THURSDAY_10AM,
            message=f"ACK-{tag}",
            by=world.requester,
        )
        present |= {"INTEL", "OTHERANSWER", "SEALED", "RAGWHY", "DECISIONWHY", "ACK"} | (
            {"OWNANSWER"} if asked_own else set()
        )
        contact.refresh_from_db()
    facts = Facts(contact=contact, tag=tag, child=child_b, check=outstanding, present=present)
    world.facts[context] = facts
    return facts


def _draft(world: World, context: str, by: Membership) -> Facts:
    tag = uuid.uuid4().hex[:8]
    contact = actions.start_contact(by=by)
    actions.save_draft(contact, changes={"concern": f"CONCERN-{tag}"}, by=by)
    child = actions.save_described_person(contact, changes={"given_name": "Canary", "family_name": f"Name{tag}"}, by=by)
    contact.refresh_from_db()
    facts = Facts(contact=contact, tag=tag, child=child, check=None, draft=True, present={"NAME", "CONCERN"})
    world.facts[context] = facts
    return facts


def build_world(role: str) -> World:
    kind = sorted(ROLE_AGENCY_KINDS[role])[0]
    mine = _agency(kind, f"own-{kind}")
    team = TeamFactory(
        agency=mine,
        slug="own-team",
        name="Own team",
        is_front_door=role in {"front-door-practitioner", "front-door-manager"},
        is_emergency_duty=role == "emergency-duty-social-worker",
    )
    council_b = _agency(AgencyKind.CHILDRENS_SOCIAL_CARE, "council-b")
    front_door_b = TeamFactory(agency=council_b, slug="front-door-b", name="Front door B", is_front_door=True)
    police_b = _agency(AgencyKind.POLICE, "police-b")
    health_b = _agency(AgencyKind.HEALTH_PROVIDER, "health-b")
    third = _agency(AgencyKind.PROBATION, "third")

    def member(r: str, agency: Agency, t: Team | None) -> Membership:
        return cast(Membership, MembershipFactory(user=UserFactory(), agency=agency, team=t, role=r))

    world = World(
        role=role,
        me=member(role, mine, team),
        colleague=member(role, mine, team),
        ended=member(role, mine, team),
        requester=member("front-door-practitioner", council_b, front_door_b),
        manager=member("front-door-manager", council_b, front_door_b),
        police_b=member("police-officer", police_b, None),
        nurse_b=member("health-practitioner", health_b, None),
        third=third,
        other_front_door=front_door_b,
    )
    # A front door in my own local authority that is not my team (emergency duty covers it out of hours).
    local_front_door = TeamFactory(agency=mine, slug="local-front-door", name="Local front door", is_front_door=True)
    full = policy.role_flags(role)["practitioner"]  # other roles are refused every contact endpoint
    with time_machine.travel(THURSDAY_10AM, tick=False):
        facts = _contact(world, "own-submission", by=world.me, team=front_door_b, asked_own=False, full=full)
        facts.submitted_by_me = True
        facts = _contact(world, "front-door-team", by=world.police_b, team=team, asked_own=False, full=full)
        facts.my_front_door_team = True
        facts = _contact(world, "agency-asked", by=world.police_b, team=front_door_b, asked_own=True, full=full)
        facts.my_agency_asked = True
        _contact(world, "agency-not-asked", by=world.police_b, team=front_door_b, asked_own=False, full=full)
        facts = _contact(world, "red-in-hours", by=world.police_b, team=local_front_door, asked_own=False, full=full)
        facts.red_in_my_local_authority = True
        world.facts["red-out-of-hours"] = facts
        _draft(world, "own-draft", world.me).submitted_by_me = True
        _draft(world, "colleagues-draft", world.colleague)
        facts = _contact(world, "membership-ended", by=world.ended, team=front_door_b, asked_own=False, full=False)
        world.facts[ANONYMOUS] = world.facts["front-door-team"]
    return world


# ---------------------------------------------------------------------------------------------------------------------
# The oracle


def scopes(world: World, context: str) -> set[str]:
    """Which [contact_scopes] apply, from the contact's facts and the role flags in the oracle."""
    facts = world.facts[context]
    flags = policy.role_flags(world.role)
    found = set()
    if facts.submitted_by_me:
        found.add("referrer")
    if facts.draft:
        return found
    if flags.get("front_door_team") and facts.my_front_door_team:
        found.add("front-door")
    if (
        world.role == "emergency-duty-social-worker"
        and context == "red-out-of-hours"
        and facts.red_in_my_local_authority
    ):
        found.add("emergency-duty")
    if flags["practitioner"] and facts.my_agency_asked:
        found.add("agency-check")
    return found


def expected(world: World, context: str, endpoint: str) -> tuple[int, set[str]]:
    """(status, canaries that may appear). For the detail endpoints the allowed canaries must all appear."""
    api = endpoint.startswith("api:")
    if context == "anonymous":
        return (401, set()) if api else (302, set())
    if context == "membership-ended":
        return (401, set()) if api else (403, set())
    spec = policy.oracle()["endpoints"][endpoint]
    if not policy.role_allowed(spec["roles"], world.role):
        return 403, set()
    facts = world.facts[context]
    found = scopes(world, context)
    allowed = set().union(*(SEES[s] for s in found)) & facts.present if found else set()
    front_door = "front-door" in found
    manager = front_door and world.role == "front-door-manager"
    own_draft = facts.draft and "referrer" in found
    if endpoint == "frontdoor:contact_detail":
        if own_draft:
            return 302, set()
        return (200, allowed) if found and not facts.draft else (404, set())
    if endpoint == "frontdoor:contact_submitted":
        return (200, set()) if "referrer" in found and not facts.draft else (404, set())
    if endpoint in {"frontdoor:draft_check", "frontdoor:draft_step"}:
        return (200, allowed) if own_draft else (404, set())
    if endpoint in {"frontdoor:contact_rag", "frontdoor:contact_close"}:
        return (200, allowed) if manager else (404, set())
    if endpoint == "frontdoor:child_decision":
        return (200, allowed) if manager else (404, set())
    if endpoint in {"frontdoor:child_resolve", "frontdoor:checks_request", "frontdoor:contact_update"}:
        return (200, allowed) if front_door else (404, set())
    if endpoint == "frontdoor:contact_take":
        return (302, set()) if front_door else (404, set())
    if endpoint == "frontdoor:check_answer":
        return (200, allowed) if "agency-check" in found else (404, set())
    if endpoint == "frontdoor:queue":
        listed = front_door or "emergency-duty" in found
        return 200, ({"NAME"} & allowed) if listed else set()
    if endpoint == "frontdoor:my_contacts":
        return 200, ({"NAME"} if "referrer" in found else set())
    if endpoint == "frontdoor:saved":
        return 302, set()  # nothing saved in this session: back to the home page
    if endpoint == "frontdoor:agency_checks":
        return 200, ({"NAME"} if "agency-check" in found else set())
    if endpoint == "api:contacts_retrieve":
        return (200, allowed) if found and not facts.draft else (404, set())
    if endpoint in {"api:contact_rag_update", "api:child_decision_create"}:
        return (409, allowed) if manager else (404, set())
    if endpoint == "api:contact_checks_create":
        return (400, set()) if front_door else (404, set())
    if endpoint == "api:check_answer":
        return (409, allowed) if "agency-check" in found else (404, set())
    if endpoint == "api:contacts_create":
        return 400, set()
    raise AssertionError(endpoint)


# ---------------------------------------------------------------------------------------------------------------------


def _url(endpoint: str, facts: Facts) -> str:
    contact = facts.contact.pk
    args: dict[str, list[Any]] = {
        "frontdoor:draft_step": [contact, "concern"],
        "frontdoor:child_decision": [contact, facts.child.pk],
        "frontdoor:child_resolve": [contact, facts.child.pk],
        "frontdoor:contact_update": [contact, "acknowledgement"],
        "api:child_decision_create": [contact, facts.child.pk],
    }
    if endpoint in {"frontdoor:check_answer", "api:check_answer"}:
        return reverse(endpoint, args=[facts.check.pk if facts.check else uuid.uuid4()])
    if endpoint in ONCE | {"frontdoor:queue", "frontdoor:my_contacts", "frontdoor:agency_checks"}:
        return reverse(endpoint)
    return reverse(endpoint, args=args.get(endpoint, [contact]))


API_BODIES: dict[str, dict[str, Any]] = {
    "api:contact_rag_update": {"version": 999, "rag": "green", "rationale": "Stale"},
    "api:child_decision_create": {
        "version": 999,
        "outcome": "advice",
        "rationale": "Stale",
        "child_voice_considered": "Stale",
        "equality_considered": "Stale",
    },
    "api:contact_checks_create": {"agency": 0, "question": ""},
    "api:check_answer": {
        "version": 999,
        "information": "Stale",
        "information_source": "Stale",
        "marking": "partnership",
        "lawful_basis": "consent",
        "family_informed": "yes",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
    },
    "api:contacts_create": {},
}


_CLIENTS: dict[tuple[int, str, str], Client] = {}
_TOKENS: dict[int, str] = {}


def _client(membership: Membership, *, anonymous: bool, context: str) -> Client:
    """One signed-in client per membership and day (a session left idle from Thursday to Saturday has expired).

    The GOV.UK page checks are left to the page tests: here every response is read for canaries instead."""
    key = (membership.pk, "anonymous" if anonymous else "signed-in", "saturday" if "out-of-hours" in context else "")
    if key not in _CLIENTS:
        client = Client() if anonymous else signed_in_client(membership)
        client.page_checks = False  # type: ignore[attr-defined]
        _CLIENTS[key] = client
    return _CLIENTS[key]


def _token(membership: Membership) -> str:
    if membership.pk not in _TOKENS:
        _TOKENS[membership.pk] = bearer(membership, days=7)
    return _TOKENS[membership.pk]


def call(world: World, context: str, endpoint: str) -> tuple[int, str]:
    facts = world.facts[context]
    membership = world.ended if context == "membership-ended" else world.me
    url = _url(endpoint, facts)
    if endpoint.startswith("api:"):
        headers = {} if context == "anonymous" else {"HTTP_AUTHORIZATION": _token(membership)}
        if endpoint in API_BODIES:
            headers["HTTP_IDEMPOTENCY_KEY"] = uuid.uuid4().hex
            response = Client().post(url, json.dumps(API_BODIES[endpoint]), content_type="application/json", **headers)
        else:
            response = Client().get(url, **headers)
    else:
        client = _client(membership, anonymous=context == "anonymous", context=context)
        response = client.post(url) if endpoint == "frontdoor:contact_take" else client.get(url)
    return response.status_code, response.content.decode(errors="replace")


@pytest.mark.parametrize("role", policy.roles())
def test_permission_matrix(role: str) -> None:
    world = build_world(role)
    Membership.objects.filter(pk=world.ended.pk).update(ends_on=dt.date(2026, 11, 1))
    _CLIENTS.clear()
    _TOKENS.clear()
    failures = []
    checked = 0
    for context in CONTEXTS:
        facts = world.facts[context]
        moment = SATURDAY_NOON if context == "red-out-of-hours" else THURSDAY_11AM
        with time_machine.travel(moment, tick=False):
            for endpoint in ENDPOINTS:
                if endpoint in ONCE:
                    if context != "own-submission":
                        continue
                elif not _role_may_use(role, endpoint) and context not in {"front-door-team", "membership-ended"}:
                    continue
                want_status, allowed = expected(world, context, endpoint)
                status, body = call(world, context, endpoint)
                checked += 1
                where = f"{role} × {context} × {endpoint}"
                if status != want_status:
                    failures.append(f"{where}: status {status}, expected {want_status}")
                    continue
                shown = {
                    c for c in CANARIES if f"{c}-{facts.tag}" in body or (c == "NAME" and f"Name{facts.tag}" in body)
                }
                leaked = shown - allowed
                if leaked:
                    failures.append(f"{where}: must not show {sorted(leaked)}")
                if endpoint in DETAIL and status == 200 and shown != allowed:
                    failures.append(f"{where}: shows {sorted(shown)}, expected {sorted(allowed)}")
    assert checked == planned(role)
    assert not failures, "\n".join(failures)


def _role_may_use(role: str, endpoint: str) -> bool:
    return policy.role_allowed(policy.oracle()["endpoints"][endpoint]["roles"], role)


def planned(role: str) -> int:
    per_context = len(ENDPOINTS) - len(ONCE)
    allowed = sum(1 for e in ENDPOINTS if e not in ONCE and _role_may_use(role, e))
    denied = per_context - allowed
    return allowed * len(CONTEXTS) + denied * 2 + len(ONCE)


def test_anonymous_requests_are_refused_before_anything_is_looked_up() -> None:
    world = build_world("police-officer")
    failures = []
    with time_machine.travel(THURSDAY_11AM, tick=False):
        for endpoint in ENDPOINTS:
            want_status, _ = expected(world, ANONYMOUS, endpoint)
            status, body = call(world, ANONYMOUS, endpoint)
            tag = world.facts[ANONYMOUS].tag
            if status != want_status or tag in body:
                failures.append(f"anonymous × {endpoint}: status {status}, expected {want_status}")
    assert failures == []


def test_matrix_size_is_reported() -> None:
    sizes = {role: planned(role) for role in policy.roles()}
    print(
        f"front-door matrix: {len(sizes)} roles × {len(CONTEXTS)} contexts × {len(ENDPOINTS)} endpoints: "
        f"{sum(sizes.values())} requests, and {len(ENDPOINTS)} anonymous"
    )
    assert len(sizes) == 17
    assert sizes["front-door-manager"] == (len(ENDPOINTS) - len(ONCE)) * len(CONTEXTS) + len(ONCE)
