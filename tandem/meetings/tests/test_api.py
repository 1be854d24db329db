"""The meetings API: idempotent creates, version conflicts (409), markings, problem details, and the whole flow."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import MembershipFactory, TeamFactory, UserFactory
from tandem.api.tests.helpers import bearer
from tandem.audit.models import AccessEvent
from tandem.meetings.models import Section47Enquiry, StrategyDiscussion
from tandem.meetings.tests.factories import (
    INTELLIGENCE,
    SUMMARY,
    World,
    build_world,
    convened,
    enquiry_of,
    full_discussion,
    invite_partners,
    police_intelligence,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def world() -> World:
    return build_world()


def call(membership: Membership, method: str, url: str, body: Any = None, **headers: str) -> Any:
    client = Client()
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": bearer(membership), **headers}
    if body is not None:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(url, **kwargs)


def convene_body(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "front_door_decision": str(world.decision.pk),
        "meeting_at": "2026-12-22T14:30:00Z",
        "mode": "calls",
        "reason": "Found with an adult at 2am",
        **overrides,
    }


def test_convening_is_idempotent(world: World) -> None:
    url = reverse("api:strategy_discussions_create")
    body = convene_body(world)

    first = call(world.manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = call(world.manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    changed = call(world.manager, "post", url, {**body, "mode": "meeting"}, HTTP_IDEMPOTENCY_KEY="k-1")
    missing = call(world.manager, "post", url, body)

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert StrategyDiscussion.objects.count() == 1
    discussion = StrategyDiscussion.objects.get()
    assert first.json()["id"] == str(discussion.pk)
    assert discussion.record_due_at == dt.datetime(2026, 12, 23, 17, tzinfo=dt.UTC)
    assert (changed.status_code, changed["Content-Type"]) == (422, PROBLEM)
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (400, "Idempotency-Key")


def test_convening_directly_needs_a_child_the_manager_works_with(world: World) -> None:
    url = reverse("api:strategy_discussions_create")
    body = {**convene_body(world), "front_door_decision": None, "person": str(world.child.pk)}

    other_team = TeamFactory(agency=world.area.council, slug="other", name="Other Team")
    other_manager = MembershipFactory(
        user=UserFactory(), agency=world.area.council, team=other_team, role="team-manager"
    )
    stranger = call(other_manager, "post", url, {**body, "referral_on": "2026-12-01"}, HTTP_IDEMPOTENCY_KEY="a")
    teams = call(world.team_manager, "post", url, {**body, "referral_on": "2026-12-01"}, HTTP_IDEMPOTENCY_KEY="b")
    no_date = call(world.team_manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="c")

    assert (stranger.status_code, stranger["Content-Type"]) == (404, PROBLEM)
    assert teams.status_code == 201
    assert StrategyDiscussion.objects.get().referral_on == dt.date(2026, 12, 1)
    assert no_date.status_code == 400
    assert no_date.json()["detail"] == "Enter the referral date"


def test_restricted_intelligence_reaches_health_only_as_the_summary(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    police_intelligence(discussion, world)
    url = reverse("api:strategy_discussions_detail", args=[discussion.pk])

    police = call(world.officer, "get", url)
    health = call(world.nurse, "get", url)

    [seen] = police.json()["information"]
    assert (seen["full"], seen["information"], seen["grading"]) == (True, INTELLIGENCE, "1B C")
    [summary] = health.json()["information"]
    assert summary == {
        **summary,
        "full": False,
        "information": "",
        "information_source": "",
        "grading": "",
        "handling_conditions": "",
        "family_not_informed_reason": "",
        "sanitised_summary": SUMMARY,
    }
    assert "CANARY" not in health.content.decode()
    event = AccessEvent.objects.latest("id")
    assert (event.channel, event.subjects[0]["sections"]) == ("api", ["strategy-discussion"])


def test_a_stale_update_is_refused_with_both_versions(world: World) -> None:
    discussion = convened(world)
    url = reverse("api:strategy_discussions_detail", args=[discussion.pk])
    saved = call(world.manager, "patch", url, {"version": 1, "risks_to_child": "Exploitation by older males"})

    stale = call(world.team_manager, "patch", url, {"version": 1, "risks_to_child": "Going missing"})

    assert (saved.status_code, saved.json()["version"]) == (200, 2)
    assert (stale.status_code, stale["Content-Type"]) == (409, PROBLEM)
    body = stale.json()
    assert body["current"]["risks_to_child"] == "Exploitation by older males"
    assert body["current"]["version"] == 2
    assert body["yours"] == {"version": 1, "risks_to_child": "Going missing"}
    assert StrategyDiscussion.objects.get().risks_to_child == "Exploitation by older males"


def test_the_whole_discussion_over_the_api(world: World) -> None:
    discussion = convened(world)
    base = reverse("api:strategy_discussions_detail", args=[discussion.pk])

    officer = call(world.manager, "post", base + "/participants", {"membership": world.officer.pk})
    named = call(
        world.manager,
        "post",
        base + "/participants",
        {"name": "Dr Rhys Owen", "organisation": "Canal Street Surgery", "agency_kind": "health-provider"},
    )
    assert (officer.status_code, named.status_code) == (201, 201)
    assert call(world.manager, "get", base).json()["missing_agencies"] == []
    shared = call(
        world.officer,
        "post",
        base + "/information",
        {
            "information": "Kai was stopped in a car with Dean Kerr on 3 December.",
            "information_source": "Stop record",
            "marking": "partnership",
            "lawful_basis": "dpa-sch8-para4",
            "family_informed": "yes",
        },
    )
    assert (shared.status_code, shared.json()["full"]) == (201, True)
    attendance = call(
        world.manager,
        "post",
        base + "/attendance",
        {"version": 1, "attended": [p["id"] for p in call(world.manager, "get", base).json()["participants"]]},
    )
    assert attendance.json()["version"] == 2
    decided = call(
        world.manager,
        "post",
        base + "/decision",
        {
            "version": 2,
            "section_47": True,
            "investigation": "joint",
            "decision_rationale": "Significant harm is suspected.",
            "medical_needed": False,
            "nrm": "refer",
            "lead": world.social_worker.pk,
        },
    )
    assert decided.status_code == 200
    assert decided.json()["decision"]["investigation"] == "joint"
    enquiry_id = decided.json()["enquiry"]
    distributed = call(world.manager, "post", base + "/distribution", {"version": 3})
    assert (distributed.status_code, distributed.json()["status"]) == (200, "distributed")
    assert distributed.json()["participants"][0]["record_sent_at"] is not None
    again = call(world.manager, "post", base + "/distribution", {"version": 4})
    assert (again.status_code, again.json()["detail"]) == (400, "The record has already been distributed")

    enquiry = call(world.social_worker, "get", reverse("api:section_47_enquiries_detail", args=[enquiry_id]))
    assert enquiry.json()["is_joint"] is True
    assert enquiry.json()["child_seen_on"] is None


def test_starting_an_enquiry_is_idempotent(world: World) -> None:
    discussion = convened(world)
    discussion.refresh_from_db()
    base = reverse("api:strategy_discussions_detail", args=[discussion.pk])
    call(
        world.manager,
        "post",
        base + "/decision",
        {
            "version": discussion.version,
            "section_47": True,
            "investigation": "single",
            "decision_rationale": "Significant harm is suspected.",
            "medical_needed": False,
            "nrm": "considered",
        },
    )
    url = reverse("api:section_47_enquiries_create")
    body = {"strategy_discussion": str(discussion.pk), "lead": world.social_worker.pk}

    first = call(world.manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="start-1")
    again = call(world.manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="start-1")
    other_key = call(world.manager, "post", url, body, HTTP_IDEMPOTENCY_KEY="start-2")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Section47Enquiry.objects.count() == 1
    assert (other_key.status_code, other_key.json()["detail"]) == (
        400,
        "A section 47 enquiry has already started from this discussion",
    )


def test_child_seen_over_the_api_gives_advice_on_the_childs_words(world: World) -> None:
    enquiry = enquiry_of(full_discussion(world))
    url = reverse("api:section_47_enquiry_child_seen", args=[enquiry.pk])
    body = {
        "version": enquiry.version,
        "seen_on": str(timezone.localdate()),
        "seen_alone": True,
        "child_words": "My 24-year-old boyfriend looks after me. I had sex with him because I wanted to.",
    }

    response = call(world.social_worker, "post", url, body)
    stale = call(world.social_worker, "post", url, {**body, "child_words": "I want to go home"})

    assert response.status_code == 200
    assert (response.json()["seen_alone"], response.json()["child_words"]) == (True, body["child_words"])
    advice = response.json()["advice"]
    assert [(f["phrase"], f["category"]) for f in advice] == [
        ("24-year-old boyfriend", "relationship"),
        ("had sex with", "consent"),
    ]
    assert advice[1]["suggestion"].startswith("Consider ‘was sexually abused by’")
    assert (stale.status_code, stale.json()["current"]["child_words"]) == (409, body["child_words"])


def test_health_may_not_record_the_enquiry_or_run_the_discussion(world: World) -> None:
    discussion = full_discussion(world)
    enquiry = enquiry_of(discussion)

    seen = call(
        world.nurse,
        "post",
        reverse("api:section_47_enquiry_child_seen", args=[enquiry.pk]),
        {"version": 1, "seen_on": "2026-01-01", "seen_alone": True, "child_words": "Hello"},
    )
    run = call(
        world.nurse,
        "post",
        reverse("api:strategy_discussion_distribution", args=[discussion.pk]),
        {"version": discussion.version},
    )

    assert (seen.status_code, seen["Content-Type"]) == (404, PROBLEM)
    assert run.status_code == 404
    assert Section47Enquiry.objects.get().child_seen_on is None


def test_only_practitioners_can_be_invited_with_their_account(world: World) -> None:
    discussion = convened(world)
    inspector: Membership = MembershipFactory(user=UserFactory(), agency=world.area.council, role="performance-analyst")
    url = reverse("api:strategy_discussion_participants", args=[discussion.pk])

    response = call(world.manager, "post", url, {"membership": inspector.pk})

    assert (response.status_code, response.json()["detail"]) == (400, "No such current practitioner membership")
    assert discussion.participants.count() == 1
