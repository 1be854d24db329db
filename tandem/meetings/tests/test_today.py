"""The manager's view of today: what it lists, for whom, what it discloses, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.accounts.tests.factories import MembershipFactory, TeamFactory, UserFactory
from tandem.audit.models import AccessEvent
from tandem.audit.record import RequestAudit
from tandem.frontdoor.tests.factories import CHILD, asked, resolved, submitted_contact
from tandem.govuk.testing import page
from tandem.meetings import actions
from tandem.meetings.tests.factories import (
    World,
    build_world,
    convened,
    decided,
    enquiry_of,
    full_discussion,
    invite_partners,
    strategy_decision,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _add_children(world: World, count: int) -> None:
    """`count` more children, each with a distributed joint discussion whose child is not yet seen, and a second
    discussion convened and not yet distributed; and a contact awaiting a decision with an overdue police check."""
    for n in range(count):
        decision = strategy_decision(world.area, given_name=f"Child{n}", date_of_birth=dt.date(2010, 1, 1 + n))
        other = World(world.area, world.team_manager, decision, decision.child.person)
        discussion = full_discussion(other, meeting_at=timezone.now() - dt.timedelta(days=20))
        discussion.refresh_from_db()
        actions.distribute_record(discussion, expected_version=discussion.version, by=world.manager)
        convened(other, by=world.team_manager)
        contact = submitted_contact(
            world.area.practitioner,
            children=[{**CHILD, "given_name": f"Waiting{n}", "date_of_birth": dt.date(2012, 2, 1 + n)}],
        )
        resolved(contact, world.area)
        check = asked(contact, world.area.police, world.area.practitioner)
        type(check).objects.filter(pk=check.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
        type(contact).objects.filter(pk=contact.pk).update(decision_due_at=timezone.now() - dt.timedelta(hours=1))


def _queries(client: Client, django_assert_num_queries: Any, expected: int) -> Any:
    with django_assert_num_queries(expected):
        response = client.get(reverse("meetings:today"))
    assert response.status_code == 200
    return page(response)


#: Session, user and membership (3); a savepoint; the lists (3, and 2 more for the front door: decisions and checks);
#: the access event (a savepoint, the chain head, the event, its subjects, the new head, the release); the release.
#: PostgreSQL adds the audit chain's advisory lock.
AUDIT_LOCK = 1 if connection.vendor == "postgresql" else 0
TEAM_MANAGER_QUERIES = 14 + AUDIT_LOCK
FRONT_DOOR_MANAGER_QUERIES = 16 + AUDIT_LOCK


def test_team_managers_view_makes_the_same_queries_for_one_child_or_five(
    world: World, django_assert_num_queries: Any
) -> None:
    client = signed_in_client(world.team_manager)
    client.get(reverse("meetings:today"))  # the first request of a session also saves the session
    _add_children(world, 1)
    small = _queries(client, django_assert_num_queries, TEAM_MANAGER_QUERIES)
    _add_children(world, 4)
    large = _queries(client, django_assert_num_queries, TEAM_MANAGER_QUERIES)

    assert len(small.all("#not-seen tbody tr")) == 1
    assert len(large.all("#not-seen tbody tr")) == 5
    assert len(large.all("#records tbody tr")) == 5
    assert len(large.all("#to-convene tbody tr")) == 1  # Kai's decision, which went to this team


def test_front_door_managers_view_makes_the_same_queries_for_one_contact_or_five(
    world: World, django_assert_num_queries: Any
) -> None:
    client = signed_in_client(world.manager)
    client.get(reverse("meetings:today"))  # the first request of a session also saves the session
    _add_children(world, 1)
    small = _queries(client, django_assert_num_queries, FRONT_DOOR_MANAGER_QUERIES)
    _add_children(world, 4)
    large = _queries(client, django_assert_num_queries, FRONT_DOOR_MANAGER_QUERIES)

    assert len(small.all("#decisions tbody tr")) == 1
    assert len(large.all("#decisions tbody tr")) == 5
    assert large.texts("#checks tbody tr td")[:2] == ["Vale Police", "5"]


def test_conference_due_within_five_working_days_shows_with_its_date(world: World) -> None:
    # Meeting on Friday 5 December 2025: 15 working days later is Tuesday 30 December (Christmas and Boxing Day are
    # bank holidays), which is the fifth working day after Friday 19 December.
    discussion = full_discussion(world, meeting_at=dt.datetime(2025, 12, 5, 10, tzinfo=dt.UTC))
    enquiry = enquiry_of(discussion)
    assert enquiry.conference_due_on == dt.date(2025, 12, 30)
    from tandem.meetings import today

    class Request:
        acting = world.team_manager
        tandem_audit = RequestAudit()

    now = dt.datetime(2025, 12, 19, 12, tzinfo=dt.UTC)
    shown = today.today_for(Request(), now=now)

    assert [e.pk for e in shown.conferences] == [enquiry.pk]
    assert shown.horizon == dt.date(2025, 12, 30)


def test_managers_see_only_their_own_teams_children(world: World) -> None:
    full_discussion(world)
    other_team = TeamFactory(agency=world.area.council, slug="other", name="Other Team")
    stranger = MembershipFactory(user=UserFactory(), agency=world.area.council, team=other_team, role="team-manager")

    shown = page(signed_in_client(stranger).get(reverse("meetings:today")))

    assert "Kai" not in shown.text("main")
    assert shown.text("#not-seen") == "None."


def test_every_child_named_is_disclosed_with_the_relationship_that_put_it_there(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    decided(discussion, world)

    signed_in_client(world.team_manager).get(reverse("meetings:today"))

    event = AccessEvent.objects.latest("id")
    assert event.path == "/today"
    assert event.subjects == [{"person": str(world.child.pk), "relationship": "team", "sections": ["index"]}]


def test_only_managers_may_open_today(world: World) -> None:
    response = signed_in_client(world.social_worker).get(reverse("meetings:today"))
    assert response.status_code == 403
