"""Break-glass from a search result, shares with their lawful basis, and what each lets people see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.people.codes import Marking
from tandem.people.models import EmergencyAccess, Share
from tandem.people.tests.factories import AddressFactory, NoteFactory, allocated_child

pytestmark = pytest.mark.django_db

REASON = "Police report the child missing overnight; I need the address history now."


@pytest.fixture
def child() -> Any:
    owner = member("social-worker", team=TeamFactory())
    person = allocated_child(owner, family_name="Lockwood", given_name="Maya")
    AddressFactory(person=person, postcode="WY7 2QX")
    NoteFactory(person=person, text="Restricted health note", marking=Marking.RESTRICTED)
    return person


def test_front_door_finds_an_unrelated_child_and_is_offered_emergency_access(child: Any) -> None:
    front_door = member("front-door-practitioner", team=TeamFactory())
    client = signed_in_client(front_door)

    response = client.post(reverse("people:person_search"), {"family_name": "lockwood", "purpose": "emergency-duty"})

    body = response.content.decode()
    assert "Maya Lockwood" in body
    assert "WY7 2" in body
    assert "WY7 2QX" not in body
    assert "You do not have access to this record" in body
    assert reverse("people:emergency_access", args=[child.pk]) in body
    assert client.get(reverse("people:person_detail", args=[child.pk])).status_code == 404


def test_emergency_access_needs_a_reason_of_twenty_characters(child: Any) -> None:
    client = signed_in_client(member("front-door-practitioner", team=TeamFactory()))
    url = reverse("people:emergency_access", args=[child.pk])

    response = client.post(url, {"reason": "urgent"})

    assert response.status_code == 200
    assert "The reason must be at least 20 characters" in response.content.decode()
    assert "urgent" in response.content.decode()
    assert EmergencyAccess.objects.count() == 0


def test_emergency_access_opens_the_record_for_four_hours_flagged(child: Any) -> None:
    front_door = member("front-door-practitioner", team=TeamFactory())
    client = signed_in_client(front_door)
    start = timezone.now()

    response = client.post(reverse("people:emergency_access", args=[child.pk]), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[child.pk])
    access = EmergencyAccess.objects.get()
    assert access.membership == front_door
    assert access.owning_agency_id == child.owning_agency_id
    assert access.reason == REASON
    assert access.judgement == ""
    assert dt.timedelta(hours=4) - (access.ends_at - start) < dt.timedelta(seconds=5)
    [started] = AuditEvent.objects.filter(verb="emergency_access.started")
    assert started.person_id == child.pk

    page = client.get(reverse("people:person_detail", args=[child.pk]))
    assert page.status_code == 200
    assert "You are using emergency access until" in page.content.decode()
    assert "Restricted health note" not in page.content.decode()
    event = AccessEvent.objects.filter(is_break_glass=True).get()
    assert event.subjects[0]["relationship"] == "break-glass"

    with time_machine.travel(start + dt.timedelta(hours=4, minutes=1)):
        later = signed_in_client(front_door)  # a fresh session: the old one has timed out
        assert later.get(reverse("people:person_detail", args=[child.pk])).status_code == 404


def test_emergency_access_hours_are_configurable_up_to_24(child: Any, settings: Any) -> None:
    settings.TANDEM_BREAK_GLASS_HOURS = 24
    client = signed_in_client(member("emergency-duty-social-worker", team=TeamFactory()))
    client.post(reverse("people:emergency_access", args=[child.pk]), {"reason": REASON})
    access = EmergencyAccess.objects.get()
    assert access.ends_at - access.starts_at == dt.timedelta(hours=24)


@pytest.mark.parametrize(
    "role",
    [
        "performance-analyst",
        "system-administrator",
        "inspector",
        "designated-safeguarding-lead",
        "voluntary-sector-worker",
    ],
)
def test_roles_that_may_never_break_glass(child: Any, role: str) -> None:
    client = signed_in_client(member(role))
    response = client.post(reverse("people:emergency_access", args=[child.pk]), {"reason": REASON})
    assert response.status_code == 403
    assert EmergencyAccess.objects.count() == 0


def test_social_worker_without_the_index_sees_only_that_an_exact_match_exists(child: Any) -> None:
    stranger = member("social-worker", team=TeamFactory())
    client = signed_in_client(stranger)

    response = client.post(
        reverse("people:person_search"),
        {
            "family_name": "Lockwood",
            "given_name": "Maya",
            "date_of_birth-day": "14",
            "date_of_birth-month": "3",
            "date_of_birth-year": "2010",
            "purpose": "casework",
        },
    )

    body = response.content.decode()
    assert "0 people found" in body
    assert "1 record matches these exact details, but you do not have access." in body
    assert reverse("people:emergency_access", args=[child.pk]) in body
    assert "WY7" not in BeautifulSoup(body, "html.parser").get_text()  # not in the page (tokens are random)
    [event] = AccessEvent.objects.all()
    assert event.subjects == [{"person": str(child.pk), "relationship": "person-index", "sections": ["existence"]}]


def test_a_share_opens_only_what_it_names_until_it_ends(child: Any) -> None:
    owner_worker = child.allocations.get().worker.memberships.get()
    police = member("police-officer", team=TeamFactory())
    restricted: Any = NoteFactory(
        person=child, owning_agency=owner_worker.agency, text="Own restricted note", marking=Marking.RESTRICTED
    )
    NoteFactory(
        person=child, owning_agency=owner_worker.agency, text="Another restricted note", marking=Marking.RESTRICTED
    )
    client = signed_in_client(owner_worker)

    response = client.post(
        reverse("people:share_record", args=[child.pk]),
        {
            "to_agency": police.agency_id,
            "sections": ["equality"],
            "notes": [str(restricted.pk)],
            "reason": "The officer is visiting tonight and needs an interpreter arranged.",
            "lawful_basis": "dpa-sch1-para18",
            "family_informed": "no",
            "family_not_informed_reason": "Telling the family could alert the people exploiting her.",
            "days": "2",
        },
    )

    assert response.status_code == 302
    share = Share.objects.get()
    assert share.sections == ["equality"]
    assert list(share.notes.all()) == [restricted]
    assert share.lawful_basis == "dpa-sch1-para18"
    assert share.family_informed == "no"
    assert share.family_not_informed_reason == "Telling the family could alert the people exploiting her."
    assert AuditEvent.objects.filter(verb="share.recorded").count() == 1

    officer = signed_in_client(police)
    page = officer.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert "Maya Lockwood" in page
    assert "Own restricted note" in page
    assert "Another restricted note" not in page
    assert "Equality and diversity" in page
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        later = signed_in_client(police)  # a fresh session: the old one has timed out
        assert later.get(reverse("people:person_detail", args=[child.pk])).status_code == 404


def test_a_share_needs_a_reason_when_the_family_is_not_told(child: Any) -> None:
    owner_worker = child.allocations.get().worker.memberships.get()
    police = member("police-officer", team=TeamFactory())
    client = signed_in_client(owner_worker)

    response = client.post(
        reverse("people:share_record", args=[child.pk]),
        {
            "to_agency": police.agency_id,
            "sections": ["equality"],
            "reason": "Visit tonight",
            "lawful_basis": "consent",
            "family_informed": "not-yet",
            "days": "2",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter why the family has not been told" in body
    assert "Visit tonight" in body
    assert Share.objects.count() == 0
