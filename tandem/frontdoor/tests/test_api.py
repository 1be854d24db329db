"""The front door's API: Idempotency-Key on creates (replays, reuse, concurrency), 409 with both versions on stale
updates, problem details, and the same access and audit as the pages."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tandem.api.tests.helpers import bearer
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact
from tandem.frontdoor.tests.factories import Area, asked, build_area, resolved, submitted_contact

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"

BODY: dict[str, Any] = {
    "source": "6",
    "police_reference": "WV-2611-0042",
    "children": [
        {
            "given_name": "Kai",
            "family_name": "Marsh",
            "date_of_birth": "2011-06-02",
            "sex": "1",
            "postcode": "wv3 4ab",
            "school": "Riverside Academy",
            "religion": "RELIGION-CANARY",
        }
    ],
    "others": [{"role": "of-concern", "given_name": "Dean", "family_name": "Cole", "age_years": 24}],
    "concern": "Kai was found in a flat in another town at 2am with an adult aged 24.",
    "indicators": ["out-of-area", "older-associates"],
    "child_voice": "Kai said he wanted to go home.",
    "lawful_basis": "dpa-sch8-para4",
    "family_informed": "no",
    "family_not_informed_reason": "The adult may be linked to the family.",
}


@pytest.fixture
def area() -> Area:
    return build_area()


def post(client: Client, url: str, body: Any, *, auth: str, key: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": auth}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def problem(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    return body


def test_a_contact_is_created_with_an_idempotency_key(area: Area) -> None:
    response = post(Client(), reverse("api:contacts_create"), BODY, auth=bearer(area.officer), key="k-1")

    contact = Contact.objects.get()
    assert contact.received_at is not None
    assert contact.decision_due_at is not None
    assert contact.acknowledgement_due_at is not None
    assert response.status_code == 201
    assert response.json() == {
        "id": str(contact.pk),
        "reference": contact.reference,
        "received_at": contact.received_at.isoformat().replace("+00:00", "Z"),
        "decision_due_at": contact.decision_due_at.isoformat().replace("+00:00", "Z"),
        "acknowledgement_due_at": contact.acknowledgement_due_at.isoformat().replace("+00:00", "Z"),
        "url": reverse("api:contacts_retrieve", args=[contact.pk]),
    }
    assert (contact.status, contact.arrival_method, contact.source, contact.is_possible_exploitation) == (
        "submitted",
        "api",
        "6",
        True,
    )
    assert (contact.referrer_name, contact.referrer_agency_id) == ("Liam Walsh", area.police.pk)
    assert [(p.role, p.full_name, p.postcode) for p in contact.people.all()] == [
        ("child", "Kai Marsh", "WV3 4AB"),
        ("of-concern", "Dean Cole", ""),
    ]


def test_twenty_identical_requests_make_one_contact_and_the_same_response(area: Area) -> None:
    client = Client()
    auth = bearer(area.officer)

    responses = [post(client, reverse("api:contacts_create"), BODY, auth=auth, key="same-key") for _ in range(20)]

    assert Contact.objects.count() == 1
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1
    assert AuditEvent.objects.filter(verb="contact.submitted").count() == 1


def test_the_same_key_with_another_body_is_refused(area: Area) -> None:
    client = Client()
    auth = bearer(area.officer)
    post(client, reverse("api:contacts_create"), BODY, auth=auth, key="k-2")

    response = post(client, reverse("api:contacts_create"), {**BODY, "concern": "Another"}, auth=auth, key="k-2")

    assert response.status_code == 422
    assert problem(response)["errors"] == [
        {"field": "Idempotency-Key", "code": "reused", "message": "The Idempotency-Key was used with another body"}
    ]
    assert Contact.objects.count() == 1


def test_a_missing_key_is_a_400_problem_after_authentication(area: Area) -> None:
    client = Client()

    anonymous = post(client, reverse("api:contacts_create"), BODY, auth="")
    keyless = post(client, reverse("api:contacts_create"), BODY, auth=bearer(area.officer))
    not_allowed = post(client, reverse("api:contacts_create"), BODY, auth=bearer(area.probation_officer), key="x")

    assert anonymous.status_code == 401
    assert keyless.status_code == 400
    assert problem(keyless)["errors"][0]["field"] == "Idempotency-Key"
    assert not_allowed.status_code == 201  # probation officers are practitioners: any agency may send a contact
    assert Contact.objects.count() == 1


def test_keys_belong_to_their_owner(area: Area) -> None:
    client = Client()

    post(client, reverse("api:contacts_create"), BODY, auth=bearer(area.officer), key="shared")
    other = post(client, reverse("api:contacts_create"), BODY, auth=bearer(area.dsl), key="shared")

    assert other.status_code == 201
    assert Contact.objects.count() == 2


def test_an_invalid_contact_is_a_400_problem_naming_the_fields(area: Area) -> None:
    body = {**BODY, "children": [], "family_not_informed_reason": ""}

    response = post(Client(), reverse("api:contacts_create"), body, auth=bearer(area.officer), key="bad")

    assert response.status_code == 400
    assert sorted(e["field"] for e in problem(response)["errors"]) == ["children"]
    assert Contact.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="true concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_make_one_contact(area: Area) -> None:
    auth = bearer(area.officer)
    barrier = threading.Barrier(8)
    statuses: list[int] = []
    bodies: list[bytes] = []

    def send() -> None:
        try:
            barrier.wait()
            response = post(Client(), reverse("api:contacts_create"), BODY, auth=auth, key="race")
            statuses.append(response.status_code)
            bodies.append(response.content)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Contact.objects.count() == 1
    assert statuses == [201] * 8
    assert len(set(bodies)) == 1


def test_get_a_contact_shows_what_the_scope_allows_and_is_audited(area: Area) -> None:
    contact = submitted_contact(area.officer)
    [kai] = resolved(contact, area)
    check = asked(contact, area.health, area.practitioner)
    client = Client()

    front_door = client.get(
        reverse("api:contacts_retrieve", args=[contact.pk]), HTTP_AUTHORIZATION=bearer(area.manager)
    )
    nurse = client.get(reverse("api:contacts_retrieve", args=[contact.pk]), HTTP_AUTHORIZATION=bearer(area.nurse))
    stranger = client.get(reverse("api:contacts_retrieve", args=[contact.pk]), HTTP_AUTHORIZATION=bearer(area.dsl))

    body = front_door.json()
    assert (body["scope"], body["children"][0]["person_id"], body["rag"]["version"]) == (
        "front-door",
        str(kai.person_id),
        1,
    )
    assert body["submission"]["concern"].startswith("Kai was found")
    seen = nurse.json()
    assert (seen["scope"], seen["submission"], seen["rag"], seen["children"][0]["person_id"]) == (
        "agency-check",
        None,
        None,
        None,
    )
    assert [c["id"] for c in seen["checks"]] == [str(check.pk)]
    assert stranger.status_code == 404
    assert problem(stranger)["title"] == "Not found"
    event = AccessEvent.objects.filter(channel="api", membership_id=area.nurse.pk).get()
    assert event.subjects == [{"person": str(kai.person_id), "relationship": "agency-check", "sections": ["contact"]}]


def test_a_check_is_asked_and_answered_through_the_api(area: Area) -> None:
    contact = submitted_contact(area.officer)
    resolved(contact, area)
    client = Client()
    url = reverse("api:contact_checks_create", args=[contact.pk])
    ask = {"agency": area.health.pk, "question": "Is Kai known to health?"}

    first = post(client, url, ask, auth=bearer(area.practitioner), key="ask-1")
    again = post(client, url, ask, auth=bearer(area.practitioner), key="ask-1")
    check_id = first.json()["id"]
    answer = {
        "version": 1,
        "information": "Two A&E visits.",
        "information_source": "Hospital records",
        "marking": "partnership",
        "lawful_basis": "dpa-sch1-para18",
        "family_informed": "yes",
    }
    answered = post(client, reverse("api:check_answer", args=[check_id]), answer, auth=bearer(area.nurse))
    stale = post(client, reverse("api:check_answer", args=[check_id]), answer, auth=bearer(area.nurse))

    assert (first.status_code, again.status_code, again.content) == (201, 201, first.content)
    assert AgencyCheck.objects.count() == 1
    assert answered.status_code == 200
    assert answered.json()["answer"]["information"] == "Two A&E visits."
    assert stale.status_code == 404  # answered: no longer open to answer


def test_a_stale_rag_update_is_a_409_with_both_versions(area: Area) -> None:
    contact = submitted_contact(area.officer)
    url = reverse("api:contact_rag_update", args=[contact.pk])
    client = Client()
    auth = bearer(area.manager)

    first = post(client, url, {"version": 1, "rag": "amber", "rationale": "Known to police."}, auth=auth)
    stale = post(client, url, {"version": 1, "rag": "red", "rationale": "Out of area at 2am."}, auth=auth)

    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert stale.status_code == 409
    body = problem(stale)
    assert (body["current"]["rag"], body["current"]["version"], body["current"]["rationale"]) == (
        "amber",
        2,
        "Known to police.",
    )
    assert body["yours"] == {"version": 1, "rag": "red", "rationale": "Out of area at 2am."}
    contact.refresh_from_db()
    assert (contact.rag, contact.version) == ("amber", 2)


def test_a_decision_through_the_api_and_a_second_one_is_a_409(area: Area) -> None:
    contact = submitted_contact(area.officer)
    [kai] = resolved(contact, area)
    url = reverse("api:child_decision_create", args=[contact.pk, kai.pk])
    decision = {
        "version": 0,
        "outcome": "exploitation",
        "rationale": "Criminal exploitation is suspected.",
        "child_voice_considered": "Kai wants to go home.",
        "equality_considered": "No additional needs known.",
        "next_team": area.exploitation.pk,
    }
    client = Client()

    made = post(client, url, decision, auth=bearer(area.manager), key=None)
    again = post(client, url, {**decision, "outcome": "advice"}, auth=bearer(area.manager))
    practitioner = post(client, url, decision, auth=bearer(area.practitioner))

    assert made.status_code == 201
    assert (made.json()["is_referral"], made.json()["referral_on"]) == (
        True,
        str(ChildDecision.objects.get().referral_on),
    )
    assert again.status_code == 409
    assert problem(again)["current"]["outcome"] == "exploitation"
    assert practitioner.status_code == 403
    assert ChildDecision.objects.count() == 1


def test_every_endpoint_is_in_the_schema_with_the_idempotency_header() -> None:
    schema = Client().get(reverse("api:schema") + "?format=json").json()

    create = schema["paths"]["/api/v1/contacts"]["post"]
    assert [p["name"] for p in create["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
    assert set(create["responses"]) >= {"201", "400", "401", "403", "422"}
    assert "409" in schema["paths"]["/api/v1/contacts/{contact_id}/rag"]["post"]["responses"]
    assert {
        "/api/v1/contacts/{contact_id}",
        "/api/v1/contacts/{contact_id}/checks",
        "/api/v1/contacts/{contact_id}/children/{child_id}/decision",
        "/api/v1/checks/{check_id}/answer",
    } <= set(schema["paths"])


def test_drafts_are_not_read_through_the_api(area: Area) -> None:
    from tandem.frontdoor import actions

    draft = actions.start_contact(by=area.officer)

    response = Client().get(reverse("api:contacts_retrieve", args=[draft.pk]), HTTP_AUTHORIZATION=bearer(area.officer))

    assert response.status_code == 404
