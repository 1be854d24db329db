"""The front door's work on the pages: resolving children, agency checks and answers, RAG, decisions per child,
acknowledgement and feedback, and what the referrer then sees."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import signed_in_client
from tandem.audit.models import AuditEvent
from tandem.frontdoor import actions
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact, ContactPerson, RagChange, ReferrerUpdate
from tandem.frontdoor.tests.factories import (
    CHILD,
    SIBLING,
    Area,
    asked,
    build_area,
    register_child,
    resolved,
    submitted_contact,
)
from tandem.govuk.testing import page
from tandem.people.models import IdentitySearch, Involvement, Note, Person, Share

pytestmark = pytest.mark.django_db

THURSDAY_10AM = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def area() -> Area:
    return build_area()


def test_the_front_door_resolves_a_described_child_to_the_person_on_the_register(area: Area) -> None:
    known = register_child(area.council)
    contact = submitted_contact(area.officer)
    child = contact.people.get()
    client = signed_in_client(area.practitioner)
    url = reverse("frontdoor:child_resolve", args=[contact.pk, child.pk])

    first = client.get(url)
    found = client.post(url, {"action": "search"})
    search = IdentitySearch.objects.get()
    linked = client.post(url, {"action": "choose", "search_id": str(search.pk), "choice": str(known.pk)})

    assert page(first).h1 == "Find Kai Marsh on the register"
    assert page(found).texts(".govuk-radios__label")[0] == "Kai Marsh"
    assert "Likely the same person" in page(found).text(".govuk-radios__hint")
    assert linked["Location"] == reverse("frontdoor:contact_detail", args=[contact.pk])
    child.refresh_from_db()
    assert child.person_id == known.pk
    involvement = Involvement.objects.get(person=known)
    assert (involvement.kind, involvement.team_id, involvement.source) == (
        "front-door",
        area.front_door.pk,
        f"contact:{contact.pk}",
    )
    assert AuditEvent.objects.filter(verb="contact.child_resolved", person_id=known.pk).count() == 1


def test_only_a_candidate_of_the_search_can_be_linked(area: Area) -> None:
    register_child(area.council)
    stranger = register_child(area.council, given_name="Zed", family_name="Other", date_of_birth=dt.date(2001, 1, 1))
    contact = submitted_contact(area.officer)
    child = contact.people.get()
    client = signed_in_client(area.practitioner)
    url = reverse("frontdoor:child_resolve", args=[contact.pk, child.pk])
    client.post(url, {"action": "search"})
    search = IdentitySearch.objects.get()

    response = client.post(url, {"action": "choose", "search_id": str(search.pk), "choice": str(stranger.pk)})

    assert response.status_code == 200
    assert page(response).error_summary() == [("Select the child’s record, or add them as a new person", "#choice")]
    child.refresh_from_db()
    assert child.person_id is None


def test_a_new_person_is_added_only_after_the_search(area: Area) -> None:
    contact = submitted_contact(area.officer, children=[{**SIBLING, "given_name": "Nobody", "family_name": "Known"}])
    child = contact.people.get()
    client = signed_in_client(area.practitioner)
    url = reverse("frontdoor:child_resolve", args=[contact.pk, child.pk])

    without_search = client.post(url, {"action": "choose", "search_id": "", "choice": "new"})
    search_id = page(without_search).attr("input[name=search_id]", "value")
    created = client.post(url, {"action": "choose", "search_id": search_id, "choice": "new"})

    assert page(without_search).error_summary() == [("Search the register again: the search has expired", "#choice")]
    assert created.status_code == 302
    child.refresh_from_db()
    person = Person.objects.get(pk=child.person_id)
    assert (person.full_name, person.owning_agency_id) == ("Nobody Known", area.council.pk)
    assert AuditEvent.objects.get(verb="person.created").detail["after_search"] == search_id


def test_a_warning_shows_when_a_child_already_has_an_open_contact_or_involvement(area: Area) -> None:
    known = register_child(area.council)
    Involvement.objects.create(
        person=known, agency=area.council, team=area.exploitation, kind="exploitation", opened_on=dt.date(2026, 1, 5)
    )
    earlier = submitted_contact(area.dsl, source="2A", police_reference="", crime_number="", ppn_reference="")
    actions.link_child(earlier.people.get(), person=known, by=area.practitioner)
    contact = submitted_contact(area.officer)
    actions.link_child(contact.people.get(), person=known, by=area.practitioner)

    shown = page(signed_in_client(area.practitioner).get(reverse("frontdoor:contact_detail", args=[contact.pk])))

    assert shown.text(".govuk-warning-text__text") == (
        f"Warning Also on another open contact: {earlier.reference}. "
        "Already open: Exploitation pathway, Risk Outside the Home Team"
    )


def test_checks_are_asked_answered_and_shared_with_the_lawful_basis(area: Area) -> None:
    contact = submitted_contact(area.officer)
    [child] = resolved(contact, area)
    client = signed_in_client(area.practitioner)

    response = client.post(
        reverse("frontdoor:checks_request", args=[contact.pk]),
        {"recipients": [f"agency:{area.health.pk}", f"team:{area.early_help.pk}"], "question": "Is Kai known?"},
    )
    checks = {c.agency_id: c for c in AgencyCheck.objects.all()}
    health = checks[area.health.pk]
    nurse = signed_in_client(area.nurse)
    queue = nurse.get(reverse("frontdoor:agency_checks"))
    form = nurse.get(reverse("frontdoor:check_answer", args=[health.pk]))
    answered = nurse.post(
        reverse("frontdoor:check_answer", args=[health.pk]),
        {
            "version": "1",
            "information": "Kai attended A&E twice in October with minor injuries.",
            "information_source": "Hospital records",
            "marking": "restricted",
            "lawful_basis": "dpa-sch1-para18",
            "family_informed": "no",
            "family_not_informed_reason": "Telling the family may increase risk to Kai.",
        },
    )

    assert response["Location"] == reverse("frontdoor:contact_detail", args=[contact.pk])
    assert (health.area, checks[area.council.pk].area, checks[area.council.pk].team_id) == (
        "health",
        "early-help",
        area.early_help.pk,
    )
    assert page(queue).texts("tbody td:first-child") == [f"Answer {contact.reference}"]
    assert page(form).h1 == "Answer the front door’s request"
    assert page(form).has_text("Is Kai known?")
    assert answered["Location"] == reverse("frontdoor:agency_checks")
    health.refresh_from_db()
    assert (health.status, health.version, health.answered_by_id) == ("answered", 2, area.nurse.pk)
    note = Note.objects.get(person_id=child.person_id)
    assert (note.owning_agency_id, note.marking) == (area.health.pk, "restricted")
    share = Share.objects.get(person_id=child.person_id)
    assert (share.to_user_id, share.lawful_basis, share.source, list(share.notes.all())) == (
        area.practitioner.user_id,
        "dpa-sch1-para18",
        f"check:{health.pk}",
        [note],
    )
    assert share.family_not_informed_reason == "Telling the family may increase risk to Kai."
    front_door_view = page(client.get(reverse("frontdoor:contact_detail", args=[contact.pk])))
    assert front_door_view.has_text("Kai attended A&E twice in October with minor injuries.")


def test_police_answers_need_the_3x5x2_grading(area: Area) -> None:
    contact = submitted_contact(area.dsl, source="2A", police_reference="", crime_number="", ppn_reference="")
    resolved(contact, area)
    check = asked(contact, area.police, area.practitioner)
    url = reverse("frontdoor:check_answer", args=[check.pk])
    answer = {
        "version": "1",
        "information": "Intelligence links Kai to an address used for supplying drugs.",
        "information_source": "Police intelligence log 4471",
        "marking": "restricted",
        "lawful_basis": "dpa-sch8-para4",
        "family_informed": "yes",
    }
    client = signed_in_client(area.officer)

    ungraded = client.post(url, answer)
    graded = client.post(
        url, {**answer, "source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "C"}
    )
    with_conditions = client.post(
        url,
        {
            **answer,
            "source_evaluation": "2",
            "intelligence_assessment": "B",
            "handling_code": "C",
            "handling_conditions": "Not to be shared with the family",
        },
    )

    assert [text for text, _ in page(ungraded).error_summary()] == [
        "Select the source evaluation",
        "Select the intelligence assessment",
        "Select the handling code",
    ]
    assert [text for text, _ in page(graded).error_summary()] == ["Enter the conditions for handling code C"]
    assert with_conditions.status_code == 302
    check.refresh_from_db()
    assert (check.grading, check.handling_conditions) == ("2B C", "Not to be shared with the family")


def test_rag_rating_with_rationale_keeps_a_history_and_starts_the_rag_clock(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        contact = submitted_contact(area.officer)
        client = signed_in_client(area.manager)
        url = reverse("frontdoor:contact_rag", args=[contact.pk])
        form = client.get(url)
        client.post(url, {"version": "1", "rag": "amber", "rationale": "Known to police, no immediate danger."})
        client.post(url, {"version": "2", "rag": "red", "rationale": "New intelligence: an older adult."})

    contact.refresh_from_db()
    assert page(form).attr("input[name=version]", "value") == "1"
    assert (contact.rag, contact.version) == ("red", 3)
    assert [(c.rag_from, c.rag_to) for c in RagChange.objects.order_by("changed_at")] == [
        ("", "amber"),
        ("amber", "red"),
    ]
    # Thursday 10:00 + 4 working hours = Thursday 14:00 (London is on GMT in November).
    assert contact.checks_due_at == dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    assert contact.decision_due_at == dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC)


def test_a_stale_rag_save_shows_both_versions_and_keeps_what_was_typed(area: Area) -> None:
    contact = submitted_contact(area.officer)
    other_manager = area.member("front-door-manager", first_name="Grace", last_name="Adeyemi")
    url = reverse("frontdoor:contact_rag", args=[contact.pk])
    signed_in_client(other_manager).post(url, {"version": "1", "rag": "green", "rationale": "Low risk."})

    response = signed_in_client(area.manager).post(
        url, {"version": "1", "rag": "red", "rationale": "Out of area with an adult at 2am."}
    )

    shown = page(response)
    assert response.status_code == 200
    assert shown.text("#conflict-heading") == "Someone else saved this first"
    rows = [shown_text(row) for row in shown.all(".tandem-conflict tbody tr")]
    assert rows[:2] == [
        ["RAG rating", "Green", "Red"],
        ["Why this rating", "Low risk.", "Out of area with an adult at 2am."],
    ]
    assert shown.text("#id_rationale") == "Out of area with an adult at 2am."
    assert shown.attr("input[name=version]", "value") == "2"
    contact.refresh_from_db()
    assert (contact.rag, contact.version) == ("green", 2)


def _decide(area: Area, contact: Contact, child: ContactPerson, outcome: str, team: int | None, version: str = "0"):
    return signed_in_client(area.manager).post(
        reverse("frontdoor:child_decision", args=[contact.pk, child.pk]),
        {
            "version": version,
            "outcome": outcome,
            "next_team": str(team or ""),
            "transfer_to": "",
            "rationale": "Significant harm is suspected from an older adult.",
            "child_voice_considered": "Kai wants to go home; we will see him alone.",
            "equality_considered": "No interpreter needed; autism assessment pending.",
        },
    )


def test_a_decision_per_child_opens_the_next_teams_involvement_and_closes_the_front_door(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        contact = submitted_contact(area.officer, children=[CHILD, SIBLING])
        kai, lily = contact.people.children()
        resolved(contact, area)
        client = signed_in_client(area.manager)

        sibling_view = page(client.get(reverse("frontdoor:child_decision", args=[contact.pk, kai.pk])))
        first = _decide(area, contact, kai, "strategy", area.exploitation.pk)
        contact.refresh_from_db()
        still_open = contact.status
        second = _decide(area, contact, lily, "early-help", area.early_help.pk)

    assert sibling_view.texts(".tandem-sibling h3") == ["Lily Marsh"]
    assert (first.status_code, second.status_code, still_open) == (302, 302, "submitted")
    contact.refresh_from_db()
    assert (contact.status, contact.decided_at) == ("decided", THURSDAY_10AM)
    kai_decision = ChildDecision.objects.get(child=kai)
    assert (kai_decision.outcome, kai_decision.is_referral, kai_decision.referral_on) == (
        "strategy",
        True,
        dt.date(2026, 11, 26),
    )
    assert (kai_decision.decided_by_id, kai_decision.within_timescale) == (area.manager.pk, True)
    assert kai_decision.next_involvement is not None
    assert (kai_decision.next_involvement.team_id, kai_decision.next_involvement.kind) == (
        area.exploitation.pk,
        "child-protection",
    )
    lily_decision = ChildDecision.objects.get(child=lily)
    assert lily_decision.next_involvement is not None
    assert (lily_decision.is_referral, lily_decision.referral_on, lily_decision.next_involvement.kind) == (
        False,
        None,
        "early-help",
    )
    assert [i.closed_on for i in Involvement.objects.filter(kind="front-door")] == [dt.date(2026, 11, 26)] * 2


def test_a_decision_after_the_working_day_misses_the_kpi(area: Area) -> None:
    with time_machine.travel(THURSDAY_10AM, tick=False):
        contact = submitted_contact(area.officer)
    [kai] = resolved(contact, area)
    with time_machine.travel(dt.datetime(2026, 11, 27, 17, 1, tzinfo=dt.UTC), tick=False):
        _decide(area, contact, kai, "assessment", area.assessment.pk)

    decision = ChildDecision.objects.get()
    assert (decision.within_timescale, decision.referral_on) == (False, dt.date(2026, 11, 27))


def test_a_second_decision_for_the_same_child_shows_both_and_saves_nothing(area: Area) -> None:
    contact = submitted_contact(area.officer, children=[CHILD, SIBLING])
    kai, _lily = resolved(contact, area)
    _decide(area, contact, kai, "strategy", area.exploitation.pk)

    late = signed_in_client(area.member("front-door-manager")).post(
        reverse("frontdoor:child_decision", args=[contact.pk, kai.pk]),
        {
            "version": "0",
            "outcome": "advice",
            "rationale": "No further action.",
            "child_voice_considered": "Spoke to Kai.",
            "equality_considered": "None.",
        },
    )

    shown = page(late)
    assert shown.text("#conflict-heading") == "Someone else saved this first"
    assert shown_text(shown.one(".tandem-conflict tbody tr")) == [
        "Decision",
        "Strategy discussion (section 47)",
        "Advice and information, or no further action",
    ]
    assert ChildDecision.objects.get().outcome == "strategy"


@time_machine.travel(dt.datetime(2026, 11, 26, 16, 0, tzinfo=dt.UTC), tick=False)
def test_acknowledgement_and_feedback_are_recorded_and_the_referrer_sees_them(area: Area) -> None:
    contact = submitted_contact(area.officer)
    [kai] = resolved(contact, area)
    client = signed_in_client(area.practitioner)
    ack = client.post(
        reverse("frontdoor:contact_update", args=[contact.pk, "acknowledgement"]),
        {
            "method": "tandem",
            "sent_on-day": "26",
            "sent_on-month": "11",
            "sent_on-year": "2026",
            "sent_time": "10:30am",
            "message": "Thank you: we have received your contact and will decide today.",
        },
    )
    too_soon = client.get(reverse("frontdoor:contact_update", args=[contact.pk, "outcome"]))
    _decide(area, contact, kai, "strategy", area.exploitation.pk)
    feedback = client.post(
        reverse("frontdoor:contact_update", args=[contact.pk, "outcome"]),
        {
            "method": "tandem",
            "sent_on-day": "26",
            "sent_on-month": "11",
            "sent_on-year": "2026",
            "sent_time": "3pm",
            "message": "A strategy discussion will be held for Kai.",
        },
    )

    assert (ack.status_code, too_soon.status_code, feedback.status_code) == (302, 404, 302)
    contact.refresh_from_db()
    assert contact.acknowledged_at == dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC)
    assert [u.kind for u in ReferrerUpdate.objects.order_by("sent_at")] == ["acknowledgement", "outcome"]
    officer = page(signed_in_client(area.officer).get(reverse("frontdoor:contact_detail", args=[contact.pk])))
    assert officer.texts(".govuk-inset-text .govuk-body:not(.govuk-body-s)") == [
        "Thank you: we have received your contact and will decide today.",
        "A strategy discussion will be held for Kai.",
    ]
    assert not officer.has_text("Significant harm is suspected")
    assert not officer.has_text("RAG history")


def shown_text(row: object) -> list[str]:
    from tandem.govuk.pagecheck import squash

    return [squash(cell.get_text(" ")) for cell in row.find_all(["th", "td"])]  # type: ignore[attr-defined]


def test_closing_without_a_decision_ends_the_front_door_involvements(area: Area) -> None:
    contact = submitted_contact(area.officer)
    resolved(contact, area)
    client = signed_in_client(area.manager)
    url = reverse("frontdoor:contact_close", args=[contact.pk])

    closed = client.post(url, {"version": "1", "reason": "A duplicate of an earlier contact."})
    again = client.post(url, {"version": "1", "reason": "A duplicate."})

    assert closed.status_code == 302
    assert again.status_code == 404
    contact.refresh_from_db()
    assert (contact.status, contact.closed_reason, contact.version) == (
        "closed",
        "A duplicate of an earlier contact.",
        2,
    )
    assert [i.closed_on is not None for i in Involvement.objects.filter(kind="front-door")] == [True]
    assert AuditEvent.objects.filter(verb="contact.closed").count() == 1
