"""The contact pages end to end in the test client: drafts saved at every page, check your answers, confirmation;
then the front door's work (resolve, checks, answers, RAG, decisions, feedback) and what each role sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.audit.models import AuditEvent
from tandem.frontdoor.models import Contact, ContactPerson
from tandem.frontdoor.tests.factories import (
    Area,
    build_area,
)
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026, 10:00 in London: within working hours.
THURSDAY = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def area() -> Area:
    return build_area()


def _follow(client: Client, response: Any) -> Any:
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_a_police_officer_tells_the_front_door_about_a_child_page_by_page(area: Area) -> None:
    client = signed_in_client(area.officer)

    start = client.get(reverse("frontdoor:contact_new"))
    assert page(start).h1 == "Tell the front door about a child"
    response = client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()
    assert contact.status == "draft"
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "referrer"])

    referrer = client.get(response["Location"])
    assert page(referrer).h1 == "Who the contact is from"
    assert page(referrer).attr("#id_referrer_name", "value") == "Liam Walsh"
    response = client.post(
        response["Location"],
        {
            "referrer_name": "Liam Walsh",
            "referrer_role": "Detective constable",
            "referrer_organisation": "Vale Police",
            "referrer_phone": "01632 960001",
            "referrer_email": "",
        },
    )
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "source"])
    source = client.get(response["Location"])
    assert page(source).h1 == "Where does the contact come from?"
    assert page(source).one("input[value='6']").has_attr("checked")
    response = client.post(response["Location"], {"source": "6"})
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "police"])
    response = client.post(response["Location"], {"police_reference": "WV-1", "crime_number": "", "ppn_reference": ""})
    assert response["Location"] == reverse("frontdoor:draft_children", args=[contact.pk])

    children = client.get(response["Location"])
    assert page(children).h1 == "Children this contact is about"
    response = client.post(reverse("frontdoor:draft_children", args=[contact.pk]), {"add_another": "yes"})
    assert response["Location"] == reverse("frontdoor:draft_person_add", args=[contact.pk, "child"])
    response = client.post(
        response["Location"],
        {
            "given_name": "Kai",
            "family_name": "Marsh",
            "date_of_birth-day": "2",
            "date_of_birth-month": "6",
            "date_of_birth-year": "2011",
            "sex": "1",
            "address_line_1": "4 Canal Row",
            "town": "Wyvern Vale",
            "postcode": "wv3 4ab",
            "school": "Riverside Academy",
            "gp": "",
        },
    )
    child = ContactPerson.objects.get()
    assert (child.full_name, child.postcode, child.date_of_birth) == ("Kai Marsh", "WV3 4AB", dt.date(2011, 6, 2))
    assert response["Location"] == reverse("frontdoor:draft_person_needs", args=[contact.pk, child.pk])
    response = client.post(
        response["Location"],
        {"first_language": "English", "needs_interpreter": "no", "ethnicity": "WBRI", "religion": "RELIGION-CANARY"},
    )
    assert response["Location"] == reverse("frontdoor:draft_children", args=[contact.pk])
    response = client.post(response["Location"], {"add_another": "no"})
    assert response["Location"] == reverse("frontdoor:draft_others", args=[contact.pk])
    response = client.post(response["Location"], {"add_another": "no"})
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "concern"])
    response = client.post(
        response["Location"],
        {"concern": "Kai was found out of area with an adult.", "evidence": "Two phones.", "opinion": "CCE."},
    )
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "indicators"])
    response = client.post(response["Location"], {"indicators": ["out-of-area", "older-associates"]})
    response = client.post(response["Location"], {"child_voice": "He said he wanted to go home."})
    response = client.post(
        response["Location"],
        {"lawful_basis": "dpa-sch8-para4", "family_informed": "no", "family_not_informed_reason": "Risk to Kai."},
    )
    response = client.post(response["Location"], {"screening_tool": ""})
    assert response["Location"] == reverse("frontdoor:draft_check", args=[contact.pk])

    check = client.get(response["Location"])
    assert page(check).h1 == "Check your answers before sending the contact"
    assert page(check).has_text("Kai Marsh")
    assert page(check).has_text("Found out of area, Older or controlling associates")
    response = client.post(reverse("frontdoor:draft_check", args=[contact.pk]))
    sent = client.get(response["Location"])

    contact.refresh_from_db()
    assert page(sent).h1 == "Contact sent"
    assert page(sent).has_text(contact.reference)
    assert contact.status == "submitted"
    assert contact.is_possible_exploitation is True
    assert contact.decision_due_at is not None
    assert contact.received_at is not None
    assert contact.decision_due_at > contact.received_at
    assert AuditEvent.objects.filter(verb="contact.submitted").count() == 1
    assert AuditEvent.objects.filter(verb="contact.draft_saved").count() == 8


def test_every_page_saves_the_draft_so_leaving_loses_nothing(area: Area) -> None:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()

    client.post(
        reverse("frontdoor:draft_step", args=[contact.pk, "concern"]),
        {"concern": "Ruby has not been in school for two weeks.", "evidence": "", "opinion": ""},
    )
    again = signed_in_client(area.dsl).get(reverse("frontdoor:draft_step", args=[contact.pk, "concern"]))

    assert page(again).text("#id_concern") == "Ruby has not been in school for two weeks."
    listed = page(signed_in_client(area.dsl).get(reverse("frontdoor:my_contacts")))
    assert listed.texts("tbody tr td:nth-of-type(3)") == ["Draft"]


def test_check_your_answers_lists_what_is_missing_and_sends_nothing(area: Area) -> None:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()

    response = client.post(reverse("frontdoor:draft_check", args=[contact.pk]))

    assert response.status_code == 200
    assert [text for text, _ in page(response).error_summary()] == [
        "Add at least one child",
        "Enter the concern",
        "Enter what the child has said or how they feel, or why that is not known",
        "Select the lawful basis for sharing",
    ]
    assert page(response).title.startswith("Error: ")
    contact.refresh_from_db()
    assert contact.status == "draft"


def test_a_draft_is_seen_by_its_author_only(area: Area) -> None:
    client = signed_in_client(area.officer)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()

    for other in (area.practitioner, area.manager, area.member("police-officer")):
        response = signed_in_client(other).get(reverse("frontdoor:draft_step", args=[contact.pk, "concern"]))
        assert response.status_code == 404


def test_language_advice_is_shown_after_saving_never_blocking(area: Area) -> None:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()
    client.post(
        reverse("frontdoor:draft_person_add", args=[contact.pk, "child"]),
        {"given_name": "Ruby", "family_name": "Lane", "age_years": "12"},
    )

    response = client.post(
        reverse("frontdoor:draft_step", args=[contact.pk, "concern"]),
        {"concern": "Ruby is putting herself at risk and says the sex was consensual.", "evidence": "", "opinion": ""},
    )
    shown = client.get(response["Location"])
    refreshed = client.get(response["Location"])

    saved = page(shown)
    assert response["Location"] == reverse("frontdoor:saved")
    assert saved.h1 == "Saved: check your wording"
    assert page(refreshed).h1 == "Saved: check your wording"  # a refresh shows it again and posts nothing
    assert saved.has_text("(advice for a child aged 12)")
    assert saved.texts(".tandem-language-advice__list li p strong") == ["‘putting herself at risk’", "‘consensual’"]
    assert "Consider ‘was raped’" in saved.text(".tandem-language-advice__list li:nth-of-type(2)")
    assert saved.link("Continue") == reverse("frontdoor:draft_step", args=[contact.pk, "indicators"])
    contact.refresh_from_db()
    assert contact.concern == "Ruby is putting herself at risk and says the sex was consensual."


def _draft_for_child_aged(area: Area, age: int) -> tuple[Client, Contact]:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()
    client.post(
        reverse("frontdoor:draft_person_add", args=[contact.pk, "child"]),
        {"given_name": "Ruby", "family_name": "Lane", "age_years": str(age)},
    )
    return client, contact


@pytest.mark.parametrize(
    ("age", "text", "flagged"),
    [
        (13, "Ruby talks about her 16-year-old boyfriend.", ["‘16-year-old boyfriend’"]),
        (15, "Ruby talks about her boyfriend aged 17.", []),
        (17, "Ruby talks about her 24-year-old boyfriend.", ["‘24-year-old boyfriend’"]),
        (17, "Ruby says it was consensual.", ["‘consensual’"]),
        (12, "Ruby says it was consensual.", ["‘consensual’"]),
    ],
)
def test_language_advice_depends_on_the_childs_age(area: Area, age: int, text: str, flagged: list[str]) -> None:
    client, contact = _draft_for_child_aged(area, age)

    response = client.post(reverse("frontdoor:draft_step", args=[contact.pk, "voice"]), {"child_voice": text})

    if not flagged:
        assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "sharing"])
    else:
        assert response["Location"] == reverse("frontdoor:saved")
        shown = page(client.get(response["Location"]))
        assert shown.texts(".tandem-language-advice__list li p strong") == flagged
        assert shown.has_text(f"(advice for a child aged {age})")
    contact.refresh_from_db()
    assert contact.child_voice == text


def test_consent_advice_differs_for_a_child_of_12_and_of_17(area: Area) -> None:
    young, young_contact = _draft_for_child_aged(area, 12)
    said = {"child_voice": "Ruby says it was consensual."}
    under_13 = young.post(reverse("frontdoor:draft_step", args=[young_contact.pk, "voice"]), said, follow=True)
    Contact.objects.all().delete()
    older, older_contact = _draft_for_child_aged(area, 17)
    seventeen = older.post(reverse("frontdoor:draft_step", args=[older_contact.pk, "voice"]), said, follow=True)

    assert "Consider ‘was raped’" in page(under_13).text(".tandem-language-advice__list")
    assert "Consider ‘was raped’" not in page(seventeen).text(".tandem-language-advice__list")


def test_text_without_concerning_wording_goes_straight_on(area: Area) -> None:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()

    response = client.post(
        reverse("frontdoor:draft_step", args=[contact.pk, "voice"]), {"child_voice": "Ruby said she feels scared."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "sharing"])


def test_several_signs_of_exploitation_can_be_chosen(area: Area) -> None:
    client = signed_in_client(area.dsl)
    client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()

    shown = page(client.get(reverse("frontdoor:draft_step", args=[contact.pk, "indicators"])))

    assert len(shown.all("input[type=checkbox][name=indicators]")) == 8
    assert shown.all("input[type=radio]") == []
