"""Every disclosing response writes exactly one access event before the body is sent; if it cannot, nothing shows."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.audit import chain, record
from tandem.audit.models import AccessEvent, AccessEventSubject, AuditEvent
from tandem.people.tests.factories import allocated_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> Any:
    return member("social-worker", team=TeamFactory())


def test_person_page_writes_one_access_event_listing_what_it_showed(worker: Any) -> None:
    child = allocated_child(worker, family_name="Ashdown")
    client = signed_in_client(worker)

    response = client.get(reverse("people:person_detail", args=[child.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    [event] = AccessEvent.objects.all()
    assert event.actor_user_id == worker.user_id
    assert event.membership_id == worker.pk
    assert event.acting_role == "social-worker"
    assert event.agency_id == worker.agency_id
    assert event.channel == "page"
    assert event.status == 200
    assert event.is_break_glass is False
    assert event.subjects == [
        {"person": str(child.pk), "relationship": "allocated", "sections": ["equality", "identity", "involvements"]}
    ]
    assert list(AccessEventSubject.objects.values_list("person_id", "relationship")) == [(child.pk, "allocated")]


def test_pages_without_personal_data_write_no_access_event(worker: Any) -> None:
    client = signed_in_client(worker)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("people:person_search")).status_code == 200
    assert AccessEvent.objects.count() == 0


def test_refused_record_writes_a_security_event_not_a_disclosure(worker: Any) -> None:
    stranger = allocated_child(member("social-worker", team=TeamFactory()))
    client = signed_in_client(worker)

    response = client.get(reverse("people:person_detail", args=[stranger.pk]))

    assert response.status_code == 404
    assert stranger.family_name not in response.content.decode()
    assert AccessEvent.objects.count() == 0
    [denial] = AuditEvent.objects.filter(verb="access.denied")
    assert denial.kind == "security"
    assert denial.person_id == stranger.pk
    assert denial.actor_user_id == worker.user_id


def test_search_results_are_one_event_with_the_purpose(worker: Any) -> None:
    front_door = member("front-door-practitioner", team=TeamFactory())
    children = [allocated_child(worker, family_name="Brightwater", given_name=name) for name in ("Ada", "Ben", "Cy")]
    client = signed_in_client(front_door)

    response = client.post(
        reverse("people:person_search"), {"family_name": "Brightwater", "purpose": "identity-resolution"}
    )

    assert response.status_code == 200
    [event] = AccessEvent.objects.all()
    assert event.purpose == "Finding out whether we already know a child in a new contact"
    assert sorted(s["person"] for s in event.subjects) == sorted(str(c.pk) for c in children)
    assert {s["relationship"] for s in event.subjects} == {"person-index"}
    assert {tuple(s["sections"]) for s in event.subjects} == {("index",)}


def test_api_read_writes_one_access_event(worker: Any) -> None:
    from tandem.api.tests.helpers import bearer

    child = allocated_child(worker)
    response = Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=bearer(worker))

    assert response.status_code == 200
    assert response.json()["identity"]["family_name"] == child.family_name
    [event] = AccessEvent.objects.all()
    assert event.channel == "api"
    assert event.subjects[0]["person"] == str(child.pk)


def test_audit_write_failure_gives_a_500_with_nothing_disclosed(worker: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    child = allocated_child(worker, family_name="Featherstonehaugh")
    client = signed_in_client(worker)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(record, "access_event", broken)
    response = client.get(reverse("people:person_detail", args=[child.pk]))

    assert response.status_code == 500
    body = response.content.decode()
    assert "Featherstonehaugh" not in body
    assert str(child.pk) not in body
    assert "Sorry, there is a problem with Tandem" in body
    assert AccessEvent.objects.count() == 0


def test_api_audit_write_failure_is_a_problem_500(worker: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tandem.api.tests.helpers import bearer

    child = allocated_child(worker, family_name="Featherstonehaugh")
    monkeypatch.setattr(record, "access_event", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("down")))

    response = Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=bearer(worker))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "Featherstonehaugh" not in response.content.decode()
    assert json.loads(response.content)["status"] == 500


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_concurrent_reads_each_write_one_event_and_the_chain_verifies() -> None:
    """8 clients reading at once on PostgreSQL: audit rows equal successful reads, and verify_audit passes."""
    worker = member("social-worker", team=TeamFactory())
    children = [allocated_child(worker) for _ in range(4)]
    reads_per_client = 6
    ok: list[int] = []
    errors: list[BaseException] = []

    def read(index: int) -> None:
        try:
            client = signed_in_client(worker)
            for i in range(reads_per_client):
                child = children[(index + i) % len(children)]
                if client.get(reverse("people:person_detail", args=[child.pk])).status_code == 200:
                    ok.append(1)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(ok) == 8 * reads_per_client
    assert AccessEvent.objects.count() == len(ok)
    count, failure = chain.verify()
    assert failure is None
    assert count == AccessEvent.objects.count() + AuditEvent.objects.count()
    call_command("verify_audit")
