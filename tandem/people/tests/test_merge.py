"""Merging and unmerging: non-destructive, exactly reversible (hypothesis), owners and markings kept, access carried
to the surviving record, what was added after the merge listed and assigned; the review queue's decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import signed_in_client
from tandem.accounts.tests.factories import AgencyFactory, TeamFactory, member
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.people import access, actions, identity, merging
from tandem.people.codes import Marking
from tandem.people.models import (
    Address,
    Involvement,
    MatchEntry,
    MatchReview,
    Merge,
    Note,
    Person,
    PersonIdentifier,
    PersonLink,
    PersonName,
    PhoneNumber,
    Share,
)
from tandem.people.tests.factories import allocated_child, involve
from tandem.people.tests.helpers import add_person, describe, searching_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> Any:
    return member("social-worker", team=TeamFactory())


def state(person: Person) -> dict[str, Any]:
    """Everything a merge must not change and an unmerge must restore (the snapshot's own view, compared exactly)."""
    return merging.snapshot(person)


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë’-", min_size=1, max_size=12).map(str.title)
MARKINGS = st.sampled_from([Marking.PARTNERSHIP, Marking.RESTRICTED, Marking.SEALED])
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31))


@st.composite
def identity_data(draw: Any) -> dict[str, Any]:
    return {
        "given": draw(NAMES),
        "family": draw(NAMES),
        "dob": draw(st.none() | DATES),
        "marking": draw(MARKINGS),
        "aliases": draw(
            st.lists(st.tuples(st.sampled_from(["alias", "previous", "known-as"]), NAMES, MARKINGS), max_size=2)
        ),
        "addresses": draw(
            st.lists(st.tuples(st.sampled_from(["WY3 4AB", "LS6 2AB", "WY9 1AB"]), DATES, MARKINGS), max_size=2)
        ),
        "nhs": draw(st.booleans()),
        "upn": draw(st.booleans()),
        "phone": draw(st.booleans()),
    }


def build(data: dict[str, Any], owner: Any, by: Any) -> Person:
    person = Person.objects.create(
        given_name=data["given"],
        family_name=data["family"],
        date_of_birth=data["dob"],
        owning_agency=owner,
        marking=data["marking"],
    )
    if data["marking"] == Marking.SEALED:
        person.sealed_to.add(by.user)
    for kind, name, marking in data["aliases"]:
        PersonName.objects.create(person=person, kind=kind, given_name=name, owning_agency=owner, marking=marking)
    for postcode, start, marking in data["addresses"]:
        Address.objects.create(
            person=person, line_1="1 Mill Lane", postcode=postcode, from_on=start, owning_agency=owner, marking=marking
        )
    if data["nhs"]:
        PersonIdentifier.objects.create(person=person, scheme="nhs", value="9434765919", owning_agency=owner)
    if data["upn"]:
        PersonIdentifier.objects.create(
            person=person, scheme="upn", value="H801200001001", owning_agency=owner, marking=Marking.RESTRICTED
        )
    if data["phone"]:
        PhoneNumber.objects.create(person=person, number="07700900982", owning_agency=owner)
    identity.reindex(person)
    return person


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=identity_data(), second=identity_data(), linked=st.booleans())
def test_merge_then_unmerge_restores_both_records_exactly(first: Any, second: Any, linked: bool) -> None:
    manager = member("team-manager", team=TeamFactory())
    other_agency = AgencyFactory()
    survivor = build(first, manager.agency, manager)
    merged = build(second, other_agency, manager)
    if linked:
        PersonLink.objects.create(person=merged, other=survivor, kind="sibling", owning_agency=other_agency)
    before = (state(survivor), state(merged))

    merge = actions.merge_people(survivor, merged, by=manager, reason="Same NHS number confirmed")

    assert Person.objects.get(pk=merged.pk).superseded_by_id == survivor.pk
    assert not MatchEntry.objects.filter(person=merged).exists()
    assert identity.describe(Person.objects.get(pk=survivor.pk)).family_names[0] == first["family"]
    actions.unmerge(merge, by=manager, reason="Different dates of birth on the birth certificates")

    assert (state(survivor), state(merged)) == before
    assert MatchEntry.objects.filter(person__in=[survivor, merged]).count() == 2
    assert Merge.objects.get(pk=merge.pk).to_assign == []


def test_a_merge_moves_nothing_and_keeps_each_owner_and_marking(worker: Any) -> None:
    police = member("police-officer", team=TeamFactory())
    ours = add_person(worker)
    theirs = add_person(police, marking=Marking.RESTRICTED, nhs_number="9434765919")
    Note.objects.create(
        person=theirs, owning_agency=police.agency, text="Police intelligence", marking=Marking.RESTRICTED
    )
    manager = member("team-manager", team=worker.team, agency=worker.agency)

    actions.merge_people(ours, theirs, by=manager)

    assert Note.objects.get().person_id == theirs.pk
    nhs = PersonIdentifier.objects.get(scheme="nhs")
    assert (nhs.person_id, nhs.owning_agency_id, nhs.marking) == (theirs.pk, police.agency_id, Marking.RESTRICTED)
    assert Person.objects.get(pk=theirs.pk).marking == Marking.RESTRICTED
    assert identity.describe(Person.objects.get(pk=ours.pk)).nhs_number == "9434765919"
    assert {e.verb for e in AuditEvent.objects.filter(verb__startswith="person.merged")} == {
        "person.merged",
        "person.merged_into",
    }


def test_the_surviving_record_shows_what_merged_records_hold_each_filtered_by_its_marking(worker: Any) -> None:
    police = member("police-officer", team=TeamFactory())
    ours = allocated_child(worker, given_name="Maya", family_name="Lockwood")
    theirs = add_person(police, nhs_number="9434765919")
    Note.objects.create(
        person=theirs, owning_agency=police.agency, text="SHARED-POLICE-NOTE", marking=Marking.PARTNERSHIP
    )
    Note.objects.create(
        person=theirs, owning_agency=police.agency, text="RESTRICTED-POLICE", marking=Marking.RESTRICTED
    )
    actions.merge_people(ours, theirs, by=member("team-manager", team=worker.team, agency=worker.agency))

    body = signed_in_client(worker).get(reverse("people:person_detail", args=[ours.pk])).content.decode()

    assert "SHARED-POLICE-NOTE" in body
    assert "RESTRICTED-POLICE" not in body
    assert "943 476 5919" in body or "9434765919" in body
    assert "From a merged record" in body


@pytest.mark.parametrize("relationship", ["allocated", "team", "share"])
def test_access_through_a_merged_record_carries_over_to_the_survivor(relationship: str) -> None:
    """Matrix-style: a relationship held with the merged record opens the surviving record (and only it)."""
    owner = member("social-worker", team=TeamFactory())
    viewer = member("social-worker", team=TeamFactory())
    survivor = add_person(owner)
    merged = add_person(owner, given_name="Mya")
    stranger = add_person(owner, given_name="Zara", family_name="Quinn")
    if relationship == "allocated":
        allocated = allocated_child(viewer)
        merged = allocated
    elif relationship == "team":
        involve(merged, viewer)
    else:
        Share.objects.create(
            person=merged,
            sections=["notes"],
            to_agency=viewer.agency,
            reason="Needed for a strategy discussion",
            lawful_basis="dpa-sch1-para18",
            family_informed="yes",
            ends_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
            shared_by=owner,
        )
    assert not access.visible_to(viewer).filter(pk=survivor.pk).exists()

    actions.merge_people(survivor, merged, by=member("team-manager", team=owner.team, agency=owner.agency))

    assert set(access.visible_to(viewer).values_list("pk", flat=True)) == {survivor.pk}
    assert stranger.pk not in set(access.visible_to(viewer).values_list("pk", flat=True))
    client = signed_in_client(viewer)
    assert client.get(reverse("people:person_detail", args=[survivor.pk])).status_code == 200
    assert client.get(reverse("people:person_detail", args=[stranger.pk])).status_code == 404


def test_what_was_added_after_the_merge_is_listed_and_assigned_after_unmerging(worker: Any) -> None:
    manager = member("front-door-manager", team=TeamFactory())
    survivor = add_person(worker)
    merged = add_person(worker, given_name="Mya")
    merge = actions.merge_people(survivor, merged, by=manager)
    note = Note.objects.create(person=survivor, owning_agency=worker.agency, text="Added while merged")
    address = actions.add_address(survivor, line_1="4 Brook Street", postcode="WY9 1AB", by=worker)
    client = signed_in_client(manager)

    page = client.get(reverse("people:merge_separate", args=[merge.pk])).content.decode()
    assert "Added while merged" in page or "Note" in page
    response = client.post(
        reverse("people:merge_separate", args=[merge.pk]), {"reason": "Different birth certificates"}
    )
    assert response["Location"] == reverse("people:merge_assign", args=[merge.pk])
    merge.refresh_from_db()
    assert sorted(merge.to_assign) == sorted(
        [["people.note:person", str(note.pk)], ["people.address:person", str(address.pk)]]
    )

    for _ in range(2):
        page = client.get(reverse("people:merge_assign", args=[merge.pk])).content.decode()
        label = "people.address:person" if "Address" in page.split("Added on")[1][:200] else "people.note:person"
        item = str(address.pk) if label == "people.address:person" else str(note.pk)
        client.post(
            reverse("people:merge_assign", args=[merge.pk]), {"label": label, "item": item, "to": str(merged.pk)}
        )

    assert Note.objects.get(pk=note.pk).person_id == merged.pk
    assert Address.objects.get(pk=address.pk).person_id == merged.pk
    assert Merge.objects.get().to_assign == []
    assert (
        "Nothing is waiting to be assigned"
        in client.get(reverse("people:merge_assign", args=[merge.pk])).content.decode()
    )


def _pair(worker: Any) -> tuple[Person, Person, MatchReview]:
    a = add_person(worker)
    b = add_person(worker, postcode="WY9 1AB", address_line_1="4 Brook Street")
    return a, b, MatchReview.objects.get()


def test_review_decision_same_person_merges_non_destructively(worker: Any) -> None:
    a, b, review = _pair(worker)
    manager = member("front-door-manager", team=TeamFactory())
    client = signed_in_client(manager)

    page = client.get(reverse("people:review_pair", args=[review.pk]))
    assert page.status_code == 200
    assert "Are these the same person?" in page.content.decode()
    [event] = AccessEvent.objects.all()
    assert {s["relationship"] for s in event.subjects} == {"identity-review"}
    assert {tuple(s["sections"]) for s in event.subjects} == {("identity",)}

    response = client.post(
        reverse("people:review_pair", args=[review.pk]), {"decision": "same", "survivor": str(a.pk), "note": ""}
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=b.pk).superseded_by_id == a.pk
    assert MatchReview.objects.get().status == "same"
    assert Merge.objects.get().review_id == review.pk


def test_review_decision_different_people_is_recorded_as_a_labelled_pair(worker: Any) -> None:
    a, b, review = _pair(worker)
    client = signed_in_client(member("front-door-practitioner", team=TeamFactory()))

    refused = client.post(reverse("people:review_pair", args=[review.pk]), {"decision": "different", "note": ""})
    assert "Enter how you know these are different people" in refused.content.decode()
    client.post(
        reverse("people:review_pair", args=[review.pk]), {"decision": "different", "note": "Twins: GP confirmed"}
    )

    review.refresh_from_db()
    assert review.status == "different"
    assert set(review.labelled_pair or {}) == {"a", "b"}
    assert Person.objects.current().count() == 2
    assert (
        actions.queue_for_review(a, b, probability=0.9, decision="review", explanation="", origin="dedupe", by=a)
        is None
    )


def test_review_decision_not_sure_keeps_the_pair_in_the_queue(worker: Any) -> None:
    _, _, review = _pair(worker)
    manager = member("front-door-manager", team=TeamFactory())

    actions.decide_review(review, decision="unsure", by=manager)

    assert MatchReview.objects.get().status == "unsure"
    assert access.review_queue(manager).count() == 1  # it stays in the queue
    actions.decide_review(review, decision="different", note="Different schools and GPs", by=manager)
    assert access.review_queue(manager).count() == 0


def test_who_may_see_the_review_queue(worker: Any) -> None:
    _, _, review = _pair(worker)
    stranger_manager = member("team-manager", team=TeamFactory())
    own_manager = member("team-manager", team=worker.team, agency=worker.agency)
    involve(Person.objects.get(pk=review.person_a_id), own_manager)
    involve(Person.objects.get(pk=review.person_b_id), own_manager)

    assert access.review_queue(member("front-door-practitioner", team=TeamFactory())).count() == 1
    assert access.review_queue(own_manager).count() == 1
    assert access.review_queue(stranger_manager).count() == 0
    assert signed_in_client(stranger_manager).get(reverse("people:review_pair", args=[review.pk])).status_code == 404
    assert signed_in_client(member("social-worker")).get(reverse("people:review_queue")).status_code == 403


def test_a_merged_record_is_found_through_the_survivor(worker: Any) -> None:
    survivor = add_person(worker, given_name="Maya", family_name="Lockwood")
    merged = add_person(worker, given_name="Tilly", family_name="Brannigan", date_of_birth=dt.date(2010, 3, 14))
    actions.merge_people(survivor, merged, by=member("front-door-manager", team=TeamFactory()))

    found = identity.find_candidates(
        describe(given_names=("Tilly",), family_names=("Brannigan",)),
        by=searching_request(member("front-door-practitioner", team=TeamFactory())),
        purpose="test",
    )

    assert [c.person_id for c in found.candidates] == [survivor.pk]
    assert Involvement.objects.count() == 0
