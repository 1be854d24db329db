"""The front-door queue: RAG, clocks and what is overdue; filters, sorting and pages; a constant number of queries per
page with 10,000 open contacts; emergency duty sees Red contacts out of hours only."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.frontdoor.models import AgencyCheck, Contact, ContactPerson
from tandem.frontdoor.tests.factories import Area, asked, build_area, resolved, submitted_contact
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db

THURSDAY_10AM = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
SATURDAY_NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
#: Queries for one queue page, whatever the number of contacts: session, user, memberships (middleware); the count,
#: the page of contacts (with worker and source agency joined, checks counted in subqueries), the children of the
#: page, the source agencies and the workers for the filters; the access event (chain head, event, subjects, head
#: update, savepoints), and on PostgreSQL the audit chain's advisory lock.
QUEUE_PAGE_QUERIES = 16 + (1 if connection.vendor == "postgresql" else 0)


@pytest.fixture
def area() -> Area:
    return build_area()


def _many(area: Area, count: int, *, at: dt.datetime) -> None:
    rng = random.Random(7)
    contacts = []
    for i in range(count):
        received = at - dt.timedelta(minutes=i)
        contacts.append(
            Contact(
                reference=f"FD-T{i:07d}",
                status="submitted",
                front_door_team=area.front_door,
                submitted_by=area.officer,
                referrer_name="Liam Walsh",
                referrer_agency=rng.choice([area.police, area.health, area.school]),
                received_at=received,
                submitted_at=received,
                decision_due_at=received + dt.timedelta(days=1),
                acknowledgement_due_at=received + dt.timedelta(days=1),
                rag=rng.choice(["", "red", "amber", "green"]),
                is_possible_exploitation=rng.random() < 0.3,
                concern="Synthetic concern",
                child_voice="Synthetic voice",
                lawful_basis="dpa-sch1-para18",
                family_informed="yes",
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=2000)
    people = [
        ContactPerson(
            contact=c,
            role="child",
            given_name=f"Child{i}",
            family_name="Synthetic",
            age_years=rng.randint(8, 17),
            age_at_contact=rng.randint(8, 17),
        )
        for i, c in enumerate(contacts)
    ]
    ContactPerson.objects.bulk_create(people, batch_size=2000)
    AgencyCheck.objects.bulk_create(
        [
            AgencyCheck(
                contact=c,
                agency=area.health,
                area="health",
                question="Known?",
                requested_by=area.practitioner,
                requested_at=at - dt.timedelta(hours=3),
                due_at=at - dt.timedelta(hours=1) if i % 2 else at + dt.timedelta(hours=1),
            )
            for i, c in enumerate(contacts[:3000])
        ],
        batch_size=2000,
    )


QUERIES = [
    "",
    "?page=200",
    "?rag=red&sort=rag&page=3",
    "?age=13-15&exploitation=yes&sort=received",
    "?worker=none&state=all",
]


def test_the_queue_takes_a_constant_number_of_queries_with_10000_open_contacts(
    area: Area, django_assert_num_queries: Any
) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        _many(area, 10_000, at=timezone.now())
        client = signed_in_client(area.manager)
        client.get("/")  # the session's first request writes its start time
        responses = []
        for query in QUERIES:
            with django_assert_num_queries(QUEUE_PAGE_QUERIES):
                responses.append(client.get(reverse("frontdoor:queue") + query))

    assert [r.status_code for r in responses] == [200] * len(QUERIES)
    assert [len(page(r).all("tbody tr")) for r in responses] == [25] * len(QUERIES)
    assert page(responses[0]).has_text("10,000 contacts")


def test_the_queue_shows_rag_clocks_and_what_is_overdue(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM - dt.timedelta(days=2), tick=False):
        late = submitted_contact(area.officer)
    with time_machine.travel(THURSDAY_10AM, tick=False):
        fresh = submitted_contact(area.dsl, source="2A", police_reference="", crime_number="", ppn_reference="")
        resolved(fresh, area)
        asked(fresh, area.health, area.practitioner)
        from tandem.frontdoor import actions

        actions.rate_contact(fresh, expected_version=1, rag="red", rationale="Older adult.", by=area.manager)
    with time_machine.travel(THURSDAY_10AM + dt.timedelta(hours=5), tick=False):
        shown = page(signed_in_client(area.practitioner).get(reverse("frontdoor:queue")))

    rows = {row.select_one("a").get_text(): row for row in shown.all("tbody tr")}  # type: ignore[union-attr]
    late_row = " ".join(rows[late.reference].get_text(" ").split())
    fresh_row = " ".join(rows[fresh.reference].get_text(" ").split())
    assert "Overdue" in late_row
    assert "Not rated" in late_row
    assert "Acknowledgement overdue" in late_row
    assert "Red" in fresh_row
    assert "1 waiting, 1 overdue" in fresh_row
    assert "Checks overdue" in fresh_row
    assert "Possible exploitation" in fresh_row


def test_filters_and_sorting(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        kai = submitted_contact(area.officer)
        ruby = submitted_contact(
            area.dsl,
            source="2A",
            police_reference="",
            crime_number="",
            ppn_reference="",
            indicators=[],
            children=[{"given_name": "Ruby", "family_name": "Lane", "age_years": 9}],
        )
    from tandem.frontdoor import actions

    actions.rate_contact(ruby, expected_version=1, rag="green", rationale="Advice only.", by=area.manager)
    actions.take_contact(kai, by=area.practitioner)
    client = signed_in_client(area.practitioner)

    def references(query: str) -> list[str]:
        return [
            a.get_text() for a in page(client.get(reverse("frontdoor:queue") + query)).all("tbody tr td:first-child a")
        ]

    assert references("?exploitation=yes") == [kai.reference]
    assert references("?age=under-13") == [ruby.reference]
    assert references("?rag=green") == [ruby.reference]
    assert references("?rag=unrated") == [kai.reference]
    assert references("?worker=me") == [kai.reference]
    assert references("?worker=none") == [ruby.reference]
    assert references(f"?source_agency={area.school.pk}") == [ruby.reference]
    assert references("?sort=rag") == [ruby.reference, kai.reference]


def test_emergency_duty_sees_red_contacts_only_outside_working_hours(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        red = submitted_contact(area.officer)
        amber = submitted_contact(area.officer)
        from tandem.frontdoor import actions

        actions.rate_contact(red, expected_version=1, rag="red", rationale="Out of area.", by=area.manager)
        actions.rate_contact(amber, expected_version=1, rag="amber", rationale="Known.", by=area.manager)
        in_hours = signed_in_client(area.edt_worker)
        in_hours_queue = page(in_hours.get(reverse("frontdoor:queue")))
        in_hours_detail = in_hours.get(reverse("frontdoor:contact_detail", args=[red.pk]))
    with time_machine.travel(SATURDAY_NOON, tick=False):
        out = signed_in_client(area.edt_worker)
        home = page(out.get("/"))
        queue = page(out.get(reverse("frontdoor:queue")))
        detail = out.get(reverse("frontdoor:contact_detail", args=[red.pk]))
        amber_detail = out.get(reverse("frontdoor:contact_detail", args=[amber.pk]))

    assert in_hours_queue.all("tbody tr") == []
    assert in_hours_detail.status_code == 404
    assert [a.get_text() for a in home.all("tbody td:first-child a")] == [red.reference]
    assert [a.get_text() for a in queue.all("tbody td:first-child a")] == [red.reference]
    assert detail.status_code == 200
    assert page(detail).has_text("You can see this Red contact because it is outside working hours.")
    assert amber_detail.status_code == 404


def test_partner_home_page_lists_the_agencys_open_requests(area: Area) -> None:
    contact = submitted_contact(area.officer)
    resolved(contact, area)
    asked(contact, area.health, area.practitioner)

    nurse_home = page(signed_in_client(area.nurse).get("/"))
    dsl_home = page(signed_in_client(area.dsl).get("/"))

    assert nurse_home.texts("tbody td:first-child") == [f"Answer {contact.reference}"]
    assert nurse_home.texts("tbody td:nth-of-type(2)") == ["Kai Marsh"]
    assert dsl_home.has_text("There are no open requests.")
