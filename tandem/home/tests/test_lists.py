"""Home-page lists: a worker's and team's children (disclosed), the IG count, suppressed partnership counts, and a
menu that offers only pages the role may open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.audit.models import AccessEvent
from tandem.people.models import EmergencyAccess, Involvement, Person
from tandem.people.tests.factories import PersonFactory, allocated_child

pytestmark = pytest.mark.django_db


def test_social_worker_sees_allocated_then_team_children_and_the_view_is_audited() -> None:
    worker = member("social-worker", team=TeamFactory())
    mine = allocated_child(worker, given_name="Zoe", family_name="Allardyce")
    team_child: Person = PersonFactory(given_name="Amir", family_name="Baxter", owning_agency=worker.agency)
    Involvement.objects.create(
        person=team_child, agency=worker.agency, team=worker.team, kind="child-in-need", opened_on=timezone.localdate()
    )
    stranger = allocated_child(member("social-worker", team=TeamFactory()), family_name="Stranger")

    body = signed_in_client(worker).get(reverse("home")).content.decode()

    assert body.index("Zoe Allardyce") < body.index("Amir Baxter")
    assert "Allocated to you" in body
    assert "Your team: Child in need" in body
    assert "Stranger" not in body
    [event] = AccessEvent.objects.all()
    assert {(s["person"], s["relationship"]) for s in event.subjects} == {
        (str(mine.pk), "allocated"),
        (str(team_child.pk), "team"),
    }
    assert "OFFICIAL-SENSITIVE" in body
    assert str(stranger.pk) not in body


def test_children_home_runs_a_constant_number_of_queries(django_assert_max_num_queries: Any) -> None:
    worker = member("social-worker", team=TeamFactory())
    client = signed_in_client(worker)
    for _ in range(3):
        allocated_child(worker)
    client.get(reverse("home"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("home"))
    for _ in range(20):
        allocated_child(worker)
    with django_assert_max_num_queries(30) as many:
        client.get(reverse("home"))
    assert len(many.captured_queries) - len(few.captured_queries) <= 2  # the access event's subject rows batch


def test_ig_home_counts_emergency_access_waiting_for_its_agency() -> None:
    worker = member("social-worker", team=TeamFactory())
    child = allocated_child(worker)
    ig = member("information-governance-lead", agency=worker.agency)
    edt = member("emergency-duty-social-worker", team=TeamFactory())
    now = timezone.now()
    EmergencyAccess.objects.create(
        person=child,
        membership=edt,
        owning_agency=worker.agency,
        reason="x" * 25,
        starts_at=now,
        ends_at=now + timedelta(hours=4),
    )
    body = signed_in_client(ig).get(reverse("home")).content.decode()
    assert "1 use of emergency access is waiting for your review." in body


def test_partnership_counts_suppress_small_numbers() -> None:
    worker = member("social-worker", team=TeamFactory())
    for _ in range(3):
        allocated_child(worker)
    body = signed_in_client(member("performance-analyst")).get(reverse("home")).content.decode()
    assert "Children on the register" in body
    assert "fewer than 5" in body
    assert AccessEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("front-door-practitioner", ["Front door queue", "Find a person"], ["Administration", "Emergency access"]),
        ("health-practitioner", ["Tell us about a child", "Find a person"], ["Front door queue", "Today"]),
        ("information-governance-lead", ["Emergency access", "Who looked at a record"], ["Find a person"]),
        ("performance-analyst", [], ["Find a person", "Front door queue"]),
    ],
)
def test_menu_offers_only_pages_the_role_may_open(role: str, present: list[str], absent: list[str]) -> None:
    body = (
        signed_in_client(member(role, team=TeamFactory()) if role != "performance-analyst" else member(role))
        .get(reverse("home"))
        .content.decode()
    )
    nav = body[body.find('<nav aria-label="Menu"') : body.find("</nav>", body.find('<nav aria-label="Menu"'))]
    for label in present:
        assert label in nav
    for label in absent:
        assert label not in nav
