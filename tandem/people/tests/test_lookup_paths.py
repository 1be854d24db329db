"""The fast paths of an identity lookup: visibility compiled once per membership and day (and the clock rebound on
every call), index entries read in two statements, and scoring only the candidates that share the most keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.db.models import QuerySet
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.people import access, identity
from tandem.people.codes import Marking
from tandem.people.models import Address, EmergencyAccess, Involvement, Person
from tandem.people.tests.factories import AddressFactory, allocated_child
from tandem.people.tests.helpers import add_person, describe, searching_request

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_visibility_cache() -> Any:
    access._VISIBLE_SQL.clear()
    yield
    access._VISIBLE_SQL.clear()


def test_compiled_visibility_rebinds_the_time_of_day_on_every_call() -> None:
    with time_machine.travel(MORNING, tick=False) as clock:
        front_door = member("front-door-practitioner", team=TeamFactory())
        person = add_person(member("social-worker", team=TeamFactory()))
        EmergencyAccess.objects.create(
            person=person,
            membership=front_door,
            owning_agency=person.owning_agency,
            reason="A test of emergency access ending within the day",
            starts_at=MORNING,
            ends_at=MORNING + dt.timedelta(hours=4),
        )

        assert access.related_among(front_door, [person.pk]) == {person.pk}
        [(key, compiled)] = access._VISIBLE_SQL.items()
        assert compiled is not None
        assert len(compiled[2]) == 5  # the time of day: live discussions (1), shares (2), emergency access (2)
        clock.move_to(MORNING + dt.timedelta(hours=4, minutes=1))

        assert access.related_among(front_door, [person.pk]) == set()
        assert not access.visible_to(front_door).filter(pk=person.pk).exists()
        assert list(access._VISIBLE_SQL) == [key]


def test_a_relationship_source_that_reads_the_clock_itself_is_compiled_every_time(monkeypatch: Any) -> None:
    worker = member("social-worker", team=TeamFactory())
    person = add_person(member("social-worker", team=TeamFactory()))
    Involvement.objects.create(
        person=person, agency=worker.agency, team=None, kind="child-in-need", opened_on=timezone.localdate()
    )

    def clocked(membership: Any, *, at: dt.datetime | None = None) -> QuerySet[Any]:
        return Involvement.objects.filter(agency_id=membership.agency_id, created_at__lte=timezone.now()).values(
            "person_id"
        )

    monkeypatch.setitem(access._SOURCES, "clocked", clocked)

    assert access.related_among(worker, [person.pk]) == {person.pk}
    assert list(access._VISIBLE_SQL.values()) == [None]


def test_index_entries_by_id_show_open_involvements_and_the_latest_partnership_postcode() -> None:
    worker = member("social-worker", team=TeamFactory())
    front_door = member("front-door-practitioner", team=TeamFactory())
    person = add_person(worker, postcode="WY1 1AA")
    Address.objects.filter(person=person).update(from_on=dt.date(2015, 1, 1))
    AddressFactory(person=person, postcode="WY2 2BB", from_on=dt.date(2020, 1, 1))
    AddressFactory(person=person, postcode="WY3 3CC", from_on=dt.date(2023, 1, 1), marking=Marking.RESTRICTED)
    AddressFactory(person=person, postcode="WY4 4DD", from_on=None)
    today = timezone.localdate()
    for name, opened, closed in (
        ("Open", today, None),
        ("Closed", today - dt.timedelta(days=9), today - dt.timedelta(days=1)),
        ("Future", today + dt.timedelta(days=1), None),
        ("Closing today", today - dt.timedelta(days=9), today),
    ):
        agency = Agency.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="police")
        Involvement.objects.create(
            person=person, agency=agency, kind="child-in-need", opened_on=opened, closed_on=closed
        )
    request = searching_request(front_door)

    [by_id] = access.index_entries_by_id(request, [person.pk], purpose="test")
    [from_record] = access.index_entries(request, [Person.objects.get(pk=person.pk)], purpose="test")

    assert by_id == from_record
    assert by_id.agencies_involved == ("Closing today", "Open")
    assert by_id.partial_postcode == "WY2 2"
    assert (by_id.full_name, by_id.date_of_birth, by_id.sex_label) == ("Maya Lockwood", dt.date(2010, 3, 14), "Female")
    assert (by_id.is_related, by_id.may_request_emergency_access) == (False, True)


def test_index_entries_by_id_tell_related_people_apart() -> None:
    worker = member("social-worker", team=TeamFactory())
    mine = allocated_child(worker, given_name="Maya", family_name="Lockwood")
    other = add_person(member("social-worker", team=TeamFactory()))

    entries = access.index_entries_by_id(searching_request(worker), [other.pk, mine.pk], purpose="test")

    assert [(e.id, e.is_related) for e in entries] == [(other.pk, False), (mine.pk, True)]


def test_only_the_candidates_sharing_the_most_keys_are_scored(monkeypatch: Any) -> None:
    worker = member("social-worker", team=TeamFactory())
    front_door = member("front-door-practitioner", team=TeamFactory())
    born_same_day = [
        add_person(worker, given_name=given, family_name=family, postcode=postcode, address_line_1="1 High Street")
        for given, family, postcode in (
            ("Omar", "Haddad", "LS1 1AA"),
            ("Ada", "Price", "M1 1AE"),
            ("Ben", "Ng", "B1 1AA"),
        )
    ]
    person = add_person(worker)
    monkeypatch.setattr(identity, "SCORED_CANDIDATES", 1)
    q = identity.normalise(describe())
    blocks = identity._block_sizes(sorted({identity.key_hash(k) for k in identity.query_keys(q)}), 500)

    everyone = identity._fetch(list(blocks), visibility=None)
    kept = identity._fetch(blocks, visibility=None, keep=1)
    found = identity.find_candidates(describe(), by=searching_request(front_door), purpose="test")

    assert {uuid.UUID(pid) for pid, _ in everyone} == {person.pk, *(p.pk for p in born_same_day)}
    assert [uuid.UUID(pid) for pid, _ in kept] == [person.pk]
    assert [c.person_id for c in found.candidates] == [person.pk]


def test_records_the_caller_may_not_see_never_take_a_scoring_place(monkeypatch: Any) -> None:
    worker = member("social-worker", team=TeamFactory())
    front_door = member("front-door-practitioner", team=TeamFactory())
    add_person(worker, marking=Marking.RESTRICTED)  # shares every key with the description
    visible = add_person(worker, postcode="WY9 1AB")  # moved: shares fewer
    monkeypatch.setattr(identity, "SCORED_CANDIDATES", 1)

    found = identity.find_candidates(describe(), by=searching_request(front_door), purpose="test")

    assert [c.person_id for c in found.candidates] == [visible.pk]


def test_everyone_sharing_an_identifier_is_scored_however_many_candidates(monkeypatch: Any) -> None:
    worker = member("social-worker", team=TeamFactory())
    front_door = member("front-door-practitioner", team=TeamFactory())
    person = add_person(worker)
    recorded_wrongly = add_person(
        worker,
        given_name="Zofia",
        family_name="Quinlan",
        date_of_birth=dt.date(1999, 9, 9),
        postcode="LS1 1AA",
        nhs_number="943 476 5919",
    )
    monkeypatch.setattr(identity, "SCORED_CANDIDATES", 1)

    found = identity.find_candidates(
        describe(nhs_number="9434765919"), by=searching_request(front_door), purpose="test"
    )

    assert [c.person_id for c in found.candidates] == [person.pk, recorded_wrongly.pk]
    assert found.candidates[1].decision == "review"
