"""The pages: search with live candidates (and its no-JavaScript fallback), adding a person only after a search, the
person page's identity sections, adding identifiers with specific messages, and the person-matches API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.api.tests.helpers import bearer
from tandem.people import actions
from tandem.people.models import IdentitySearch, Involvement, Person, PersonIdentifier
from tandem.people.tests.factories import allocated_child
from tandem.people.tests.helpers import add_person

pytestmark = pytest.mark.django_db

SEARCH = {
    "given_name": "Maya",
    "family_name": "Lockwood",
    "date_of_birth-day": "14",
    "date_of_birth-month": "3",
    "date_of_birth-year": "2010",
    "postcode": "WY7 2QX",
    "purpose": "identity-resolution",
}


@pytest.fixture
def worker() -> Any:
    return member("social-worker", team=TeamFactory())


@pytest.fixture
def front_door() -> Any:
    return member("front-door-practitioner", team=TeamFactory())


def test_the_search_form_asks_for_candidates_as_you_type(front_door: Any) -> None:
    page = BeautifulSoup(signed_in_client(front_door).get(reverse("people:person_search")).content, "html.parser")

    form = page.select_one("form[hx-post]")
    assert form is not None
    assert form["action"] == reverse("people:person_search")  # without JavaScript the form posts here
    assert form["hx-post"] == reverse("people:person_candidates")
    assert form["hx-trigger"] == "input delay:700ms, change delay:700ms"  # one search per pause, not per key
    assert form["hx-sync"] == "this:replace"
    assert page.select_one("#candidates[aria-live=polite]") is not None


def test_without_javascript_the_search_page_shows_candidates_with_explanations(worker: Any, front_door: Any) -> None:
    person = add_person(worker)

    response = signed_in_client(front_door).post(reverse("people:person_search"), SEARCH)

    body = response.content.decode()
    assert "1 person found" in body
    assert "Likely the same person" in body
    assert "Why this person" in body
    assert "date of birth" in body
    assert reverse("people:emergency_access", args=[person.pk]) in body
    page = BeautifulSoup(body, "html.parser")
    add = page.select_one(f"form[action='{reverse('people:person_new')}']")
    assert add is not None
    search_id = add.select_one("input[name=search_id]")["value"]  # type: ignore[index]
    assert IdentitySearch.objects.filter(pk=search_id, membership=front_door).exists()


def test_a_person_is_added_only_after_a_search(front_door: Any) -> None:
    client = signed_in_client(front_door)
    refused = client.post(reverse("people:person_new"), {"search_id": "6f1c5a9e-0000-4000-8000-000000000000"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("people:person_search")

    results = BeautifulSoup(client.post(reverse("people:person_search"), SEARCH).content, "html.parser")
    carried = {i["name"]: i["value"] for i in results.select(f"form[action='{reverse('people:person_new')}'] input")}
    start = client.post(reverse("people:person_new"), carried)
    assert start.status_code == 200
    form = BeautifulSoup(start.content, "html.parser")
    assert form.select_one("input[name=given_name]")["value"] == "Maya"  # type: ignore[index]

    saved = client.post(
        reverse("people:person_new"),
        {
            "step": "save",
            "search_id": carried["search_id"],
            "kind": "child",
            "given_name": "Maya",
            "family_name": "Lockwood",
            "date_of_birth-day": "14",
            "date_of_birth-month": "3",
            "date_of_birth-year": "2010",
            "dob_precision": "day",
            "sex": "2",
            "address_line_1": "12 Mill Lane",
            "postcode": "wy72qx",
            "nhs_number": "943 476 5919",
            "marking": "partnership",
        },
    )

    person = Person.objects.get()
    assert saved["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.addresses.get().postcode == "WY7 2QX"
    assert person.identifiers.get().value == "9434765919"
    assert Involvement.objects.get().team_id == front_door.team_id


def test_an_invalid_identifier_is_refused_with_a_specific_message(front_door: Any) -> None:
    client = signed_in_client(front_door)
    results = BeautifulSoup(client.post(reverse("people:person_search"), SEARCH).content, "html.parser")
    search_id = results.select_one("input[name=search_id]")["value"]  # type: ignore[index]

    response = client.post(
        reverse("people:person_new"),
        {
            "step": "save",
            "search_id": search_id,
            "kind": "child",
            "given_name": "Maya",
            "family_name": "Lockwood",
            "sex": "2",
            "nhs_number": "9434765918",
            "upn": "H801200001002",
            "postcode": "AB12 34C",
            "marking": "partnership",
        },
    )

    body = response.content.decode()
    assert "Error: Add a new person to the register – Tandem" in body
    assert "Enter a valid NHS number: the check digit does not match" in body
    assert "Enter a valid unique pupil number: the check letter does not match" in body
    assert "Enter a real UK postcode, like WY3 4AB" in body
    assert "9434765918" in body  # what was typed is kept
    assert Person.objects.count() == 0


def test_the_person_page_shows_names_identifiers_and_address_history(worker: Any) -> None:
    person = allocated_child(worker, given_name="Maya", family_name="Lockwood")
    client = signed_in_client(worker)
    client.post(
        reverse("people:identifier_add", args=[person.pk]),
        {"scheme": "nhs", "value": "9434765918", "marking": "partnership"},
    )
    assert not PersonIdentifier.objects.exists()
    refused = client.post(
        reverse("people:identifier_add", args=[person.pk]),
        {"scheme": "nhs", "value": "9434765918", "marking": "partnership"},
    )
    assert "Enter a valid NHS number: the check digit does not match" in refused.content.decode()
    client.post(
        reverse("people:identifier_add", args=[person.pk]),
        {"scheme": "nhs", "value": "943 476 5919", "marking": "partnership"},
    )
    client.post(
        reverse("people:alias_add", args=[person.pk]),
        {"kind": "known-as", "given_name": "Tilly", "marking": "partnership"},
    )
    client.post(
        reverse("people:address_add", args=[person.pk]),
        {"line_1": "4 Brook Street", "postcode": "wy9 1ab", "marking": "partnership"},
    )
    client.post(
        reverse("people:phone_add", args=[person.pk]),
        {"number": "07700 900 982", "kind": "mobile", "marking": "restricted"},
    )

    body = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()

    assert "943 476 5919" in body
    assert "Tilly" in body
    assert "Known as" in body
    assert "WY9 1AB" in body
    assert "07700 900 982" in body
    assert reverse("people:identifier_add", args=[person.pk]) in body


def test_person_matches_api_under_the_index_tier(worker: Any, front_door: Any) -> None:
    mine = allocated_child(worker, given_name="Maya", family_name="Lockwood", date_of_birth=dt.date(2010, 3, 14))
    actions.add_address(mine, line_1="12 Mill Lane", postcode="WY7 2QX", by=worker)
    other = add_person(
        member("social-worker", team=TeamFactory()), given_name="Mya", date_of_birth=dt.date(2010, 3, 14)
    )
    body = json.dumps(
        {
            "given_names": ["Maya"],
            "family_names": ["Lockwood"],
            "date_of_birth": "2010-03-14",
            "postcodes": ["WY7 2QX"],
            "purpose": "identity-resolution",
        }
    )

    wide = Client().post(
        reverse("api:person_matches"), body, content_type="application/json", HTTP_AUTHORIZATION=bearer(front_door)
    )
    narrow = Client().post(
        reverse("api:person_matches"), body, content_type="application/json", HTTP_AUTHORIZATION=bearer(worker)
    )

    assert wide.status_code == 200
    found = {c["person"]["id"]: c for c in wide.json()["candidates"]}
    assert set(found) == {str(mine.pk), str(other.pk)}
    top = wide.json()["candidates"][0]
    assert top["person"]["id"] == str(mine.pk)
    assert (top["decision"], top["decision_label"]) == ("match", "Likely the same person")
    assert top["explanation"]
    assert top["evidence"][0]["text"]
    assert set(top["person"]) == {
        "id", "full_name", "date_of_birth", "dob_precision", "sex", "partial_postcode", "agencies_involved",
        "is_related", "may_request_emergency_access",
    }  # fmt: skip
    assert [c["person"]["id"] for c in narrow.json()["candidates"]] == [str(mine.pk)]
    assert narrow.json()["index_tier"] is False


def test_person_matches_api_refuses_an_invalid_nhs_number(front_door: Any) -> None:
    body = json.dumps({"family_names": ["Lockwood"], "nhs_number": "9434765918", "purpose": "casework"})
    response = Client().post(
        reverse("api:person_matches"), body, content_type="application/json", HTTP_AUTHORIZATION=bearer(front_door)
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "nhs_number",
            "code": "invalid",
            "message": "Enter a valid NHS number: the check digit does not match",
        }
    ]


def test_the_review_queue_page(worker: Any) -> None:
    add_person(worker)
    add_person(worker, postcode="WY9 1AB", address_line_1="4 Brook Street")
    client = signed_in_client(member("front-door-manager", team=TeamFactory()))

    body = client.get(reverse("people:review_queue")).content.decode()

    assert "1 pair waiting" in body
    assert "Lockwood" not in body  # the list names nobody; the comparison page is disclosed
