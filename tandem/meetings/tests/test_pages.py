"""The strategy discussion pages, from the front door's decision to the child seen, as each person sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.govuk.testing import page
from tandem.meetings.models import Participant, Section47Enquiry, StrategyDiscussion
from tandem.meetings.tests.factories import (
    INTELLIGENCE,
    SOURCE,
    SUMMARY,
    World,
    at,
    build_world,
    convened,
    enquiry_of,
    full_discussion,
    invite_partners,
    police_intelligence,
)
from tandem.people.models import Note, PersonLink, Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_manager_convenes_from_the_decision_listed_on_today(world: World) -> None:
    client = signed_in_client(world.manager)
    today = page(client.get(reverse("meetings:today")))
    assert today.h1 == "Today"
    assert "Kai Marsh" in today.text("#to-convene")
    url = reverse("meetings:discussion_new") + f"?decision={world.decision.pk}"
    assert today.attr("#to-convene a", "href") == url

    form = page(client.get(url))
    assert form.h1 == "Convene a strategy discussion"
    response = client.post(
        url,
        {
            **_date("meeting_on", dt.date(2026, 12, 22)),
            "meeting_time": "2:30pm",
            "mode": "meeting",
            "reason": "Found with an adult at 2am",
        },
    )

    discussion = StrategyDiscussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:discussion_detail", args=[discussion.pk])
    assert discussion.meeting_at == at(2026, 12, 22, 14, 30)
    assert discussion.record_due_at == at(2026, 12, 23, 17, 0)
    assert discussion.referral_on == world.decision.referral_on
    assert list(Participant.objects.values_list("name", "is_chair")) == [("David Osei", True)]
    detail = page(client.get(response["Location"]))
    assert detail.h1 == "Strategy discussion on 22 December 2026"
    assert detail.text(".tandem-missing-agencies") == (
        "! Warning Children’s social care, police and health must all take part. Not invited yet: Police, Health."
    )
    assert "Kai Marsh" not in page(client.get(reverse("meetings:today"))).text("#to-convene")


def test_convening_refuses_a_manager_without_the_decision(world: World) -> None:
    stranger = world.area.member("front-door-practitioner")
    stranger.role = "front-door-manager"
    stranger.team = None
    stranger.save()
    url = reverse("meetings:discussion_new") + f"?decision={world.decision.pk}"

    response = signed_in_client(stranger).get(url)

    assert response.status_code == 404
    assert "Kai" not in response.content.decode()
    assert AuditEvent.objects.filter(verb="decision.access_denied").count() == 1


def test_police_intelligence_is_seen_in_full_by_police_and_as_the_summary_by_health(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    police_intelligence(discussion, world)
    url = reverse("meetings:discussion_detail", args=[discussion.pk])

    police = signed_in_client(world.officer).get(url).content.decode()
    health = signed_in_client(world.nurse).get(url).content.decode()
    chair = signed_in_client(world.manager).get(url).content.decode()

    assert INTELLIGENCE in police
    assert SOURCE in police
    assert "graded 1B C" in police
    for body in (health, chair):
        assert "CANARY" not in body
        assert SUMMARY in body
        assert "Restricted to Vale Police: you see the sanitised summary" in body


def test_information_is_a_note_on_the_child_and_a_share_with_each_other_agency(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)

    item = police_intelligence(discussion, world)

    note = Note.objects.get()
    assert note.owning_agency == world.area.police
    assert note.marking == "restricted"
    assert INTELLIGENCE in note.text
    shares = Share.objects.filter(source=f"strategy-information:{item.pk}").order_by("to_user__last_name")
    assert [(s.to_user_id, s.lawful_basis, list(s.notes.all())) for s in shares] == [
        (world.manager.user_id, "dpa-sch8-para4", []),
        (world.nurse.user_id, "dpa-sch8-para4", []),
    ]
    assert all(s.family_informed == "no" and s.family_not_informed_reason for s in shares)


def test_health_opening_the_child_record_never_sees_the_restricted_note(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    police_intelligence(discussion, world)

    response = signed_in_client(world.nurse).get(reverse("people:person_detail", args=[world.child.pk]))

    assert response.status_code == 200
    assert "CANARY" not in response.content.decode()
    event = AccessEvent.objects.latest("id")
    assert event.subjects[0]["relationship"] == "panel"


def test_decision_starts_a_joint_enquiry_and_distribution_sends_the_record(world: World) -> None:
    discussion = full_discussion(world)
    client = signed_in_client(world.manager)
    enquiry = enquiry_of(discussion)
    assert enquiry.is_joint is True
    assert enquiry.lead == world.social_worker

    confirm = page(client.get(reverse("meetings:distribute", args=[discussion.pk])))
    assert confirm.h1 == "Distribute the record"
    response = client.post(reverse("meetings:distribute", args=[discussion.pk]), {"version": discussion.version})

    assert response.status_code == 302
    discussion.refresh_from_db()
    assert discussion.status == "distributed"
    assert Participant.objects.filter(record_sent_at__isnull=False).count() == 3
    detail = page(client.get(reverse("meetings:discussion_detail", args=[discussion.pk])))
    assert "Record distributed" in detail.text("main")


def test_social_worker_records_the_child_seen_alone_and_gets_advice_on_the_words(world: World) -> None:
    discussion = full_discussion(world)
    enquiry = enquiry_of(discussion)
    client = signed_in_client(world.social_worker)
    url = reverse("meetings:child_seen", args=[enquiry.pk])
    seen_on = timezone.localdate()

    response = client.post(
        url,
        {
            **_date("seen_on", seen_on),
            "seen_alone": "yes",
            "child_words": "He is my boyfriend and I had sex with him because I wanted to.",
            "version": enquiry.version,
        },
    )

    assert (response.status_code, response["Location"]) == (302, reverse("meetings:saved"))
    advice = page(client.get(response["Location"]))
    again = client.get(response["Location"])  # refreshing shows the advice again and sends nothing
    assert advice.h1 == "Saved: check your wording"
    assert again.status_code == 200
    assert AccessEvent.objects.latest("id").subjects[0]["sections"] == ["section-47"]
    assert "advice for a child aged 15" in advice.text("main")
    assert "‘had sex with’" in advice.text("main")
    enquiry.refresh_from_db()
    assert (enquiry.child_seen_on, enquiry.seen_alone) == (seen_on, True)
    assert enquiry.child_words == "He is my boyfriend and I had sex with him because I wanted to."


def test_a_stale_child_seen_shows_both_versions_and_keeps_what_was_typed(world: World) -> None:
    discussion = full_discussion(world)
    enquiry = enquiry_of(discussion)
    client = signed_in_client(world.social_worker)
    url = reverse("meetings:child_seen", args=[enquiry.pk])
    data = {**_date("seen_on", timezone.localdate()), "seen_alone": "no", "child_words": "I just want to go home."}
    client.post(url, {**data, "version": enquiry.version})

    response = client.post(url, {**data, "child_words": "I am scared of Dean.", "version": enquiry.version})

    shown = page(response)
    assert response.status_code == 200
    assert shown.text("#conflict-heading") == "Someone else saved this first"
    assert shown.texts(".tandem-conflict__saved")[2] == "I just want to go home."
    assert shown.texts(".tandem-conflict__yours")[2] == "I am scared of Dean."
    assert shown.one("textarea[name=child_words]").text == "I am scared of Dean."
    assert Section47Enquiry.objects.get().child_words == "I just want to go home."


def test_naming_an_alleged_perpetrator_searches_then_adds_a_person_of_concern(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    client = signed_in_client(world.officer)
    url = reverse("meetings:perpetrator_add", args=[discussion.pk])
    search = {"given_name": "Dean", "family_name": "Kerr", "step": "search"}

    searched = page(client.post(url, search))
    search_id = searched.attr("input[name=search_id]", "value")
    response = client.post(
        url,
        {
            **search,
            "step": "choose",
            "search_id": search_id,
            "choice": "new",
            "concern": "Drives Kai to addresses out of town",
            "marking": "partnership",
        },
    )

    assert response.status_code == 302
    link = PersonLink.objects.get()
    assert (link.person_id, link.other.full_name, link.kind) == (world.child.pk, "Dean Kerr", "person-of-concern")
    health = signed_in_client(world.nurse).get(reverse("meetings:discussion_detail", args=[discussion.pk]))
    assert "Dean Kerr" in health.content.decode()


def test_htmx_fragment_and_export_keep_the_summary_for_health(world: World) -> None:
    discussion = convened(world)
    invite_partners(discussion, world)
    police_intelligence(discussion, world)
    client = signed_in_client(world.nurse)

    fragment = client.get(reverse("meetings:discussion_detail", args=[discussion.pk]), HTTP_HX_REQUEST="true")
    export = client.get(reverse("meetings:discussion_record", args=[discussion.pk]))

    assert fragment.content.decode().lstrip().startswith('<div id="information">')
    assert export["Content-Disposition"] == f'attachment; filename="strategy-discussion-{discussion.pk}.txt"'
    for body in (fragment.content.decode(), export.content.decode()):
        assert SUMMARY in body
        assert "CANARY" not in body
    assert AccessEvent.objects.latest("id").channel == "export"


def test_home_page_links_managers_to_today(world: World) -> None:
    home: Any = page(signed_in_client(world.team_manager).get("/"))
    assert home.attr(".tandem-today-summary a", "href") == reverse("meetings:today")
    assert "/today" not in signed_in_client(world.social_worker).get("/").content.decode()


def test_attendance_is_a_set_of_checkboxes_and_everyone_not_ticked_did_not_attend(world: World) -> None:
    discussion = convened(world)
    police, health = invite_partners(discussion, world)
    client = signed_in_client(world.manager)
    url = reverse("meetings:attendance", args=[discussion.pk])

    form = page(client.get(url))
    response = client.post(
        url, {"attended": [str(police.pk), str(discussion.participants.get(is_chair=True).pk)], "version": 1}
    )

    assert [(box["type"], "checked" in box.attrs) for box in form.all("input[name=attended]")] == [
        ("checkbox", True),
        ("checkbox", False),
        ("checkbox", False),
    ]
    assert response.status_code == 302
    assert dict(Participant.objects.values_list("name", "attended")) == {
        "David Osei": True,
        "Hannah Price": False,
        "Liam Walsh": True,
    }
    detail = page(client.get(reverse("meetings:discussion_detail", args=[discussion.pk])))
    assert detail.text(".tandem-missing-agencies").endswith("Not at the discussion: Health.")
    assert health.pk not in set(discussion.participants.filter(attended=True).values_list("pk", flat=True))
