"""Acting roles: choosing at sign-in, switching from the header, and memberships that end."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import actions
from tandem.accounts.middleware import ACTING_KEY
from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import MembershipFactory, agency_for_role, member, sign_in
from tandem.audit.models import AuditEvent
from tandem.audit.record import Actor

pytestmark = pytest.mark.django_db


def _soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")  # type: ignore[attr-defined]


def _two_roles() -> tuple[Membership, Membership]:
    """Ruth chairs MACE for the partnership and manages a team in children's social care."""
    lead = member("exploitation-lead", username="ruth")
    manager = MembershipFactory(user=lead.user, agency=agency_for_role("team-manager"), role="team-manager")
    return lead, manager


def test_a_user_with_several_roles_chooses_one_at_sign_in() -> None:
    lead, manager = _two_roles()
    client = Client()

    signed_in = sign_in(client, "ruth")
    home = client.get(signed_in["Location"])
    chooser = client.get(home["Location"])

    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:acting_role") + "?next=%2F"
    soup = _soup(chooser)
    assert soup.h1.get_text(strip=True) == "Which role are you acting in?"
    assert [label.get_text(strip=True) for label in soup.select(".govuk-radios__label")] == [lead.label, manager.label]
    assert soup.select_one(".tandem-acting-bar") is None  # no role yet


def test_choosing_a_role_records_it_and_later_events_carry_the_membership() -> None:
    _lead, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")

    chosen = client.post(reverse("accounts:acting_role"), {"membership": manager.pk, "next": "/"})
    home = client.get("/")

    assert chosen["Location"] == "/"
    assert _soup(home).h1.get_text(strip=True) == "Your children"
    bar = _soup(home).select_one(".tandem-acting-bar").get_text(" ", strip=True)
    assert bar.startswith(f"Acting as Team manager , {manager.agency.name}")
    event = AuditEvent.objects.get(verb="account.role_chosen")
    assert (event.membership_id, event.acting_role, event.agency_id, event.actor_username) == (
        manager.pk,
        "team-manager",
        manager.agency_id,
        "ruth",
    )
    assert event.detail == {"previous": None, "role": "team-manager"}


def test_switching_role_from_the_header() -> None:
    lead, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")
    client.post(reverse("accounts:acting_role"), {"membership": lead.pk, "next": "/"})

    home = client.get("/")
    link = _soup(home).find("a", string="Change role")
    page = client.get(link["href"])
    switched = client.post(link["href"], {"membership": manager.pk, "next": "/"})
    after = client.get("/")

    assert _soup(page).select_one(f"input[value='{lead.pk}']").has_attr("checked")
    assert switched["Location"] == "/"
    soup = _soup(after)
    assert soup.h1.get_text(strip=True) == "Your children"
    assert soup.select_one(".govuk-notification-banner__content").get_text(strip=True) == (
        f"You are now acting as {manager.label}"
    )
    events = AuditEvent.objects.filter(verb="account.role_chosen").order_by("id")
    assert [(e.acting_role, e.detail["previous"]) for e in events] == [
        ("exploitation-lead", None),
        ("team-manager", lead.pk),
    ]


def test_a_user_with_one_role_acts_in_it_without_choosing_and_has_no_change_role_link() -> None:
    member("police-officer", username="liam")
    client = Client()
    sign_in(client, "liam")

    home = client.get("/")

    assert home.status_code == 200
    assert _soup(home).find("a", string="Change role") is None


def test_choosing_someone_elses_membership_is_refused() -> None:
    _lead, _ = _two_roles()
    other = member("police-officer", username="liam")
    client = Client()
    sign_in(client, "ruth")

    response = client.post(reverse("accounts:acting_role"), {"membership": other.pk, "next": "/"})

    assert response.status_code == 200
    assert [a.get_text(strip=True) for a in _soup(response).select(".govuk-error-summary__list a")] == [
        "Select one of your roles"
    ]
    assert client.session.get(ACTING_KEY) is None


def test_choosing_nothing_asks_for_a_role() -> None:
    _two_roles()
    client = Client()
    sign_in(client, "ruth")

    response = client.post(reverse("accounts:acting_role"), {"next": "/"})

    assert _soup(response).title.get_text(strip=True) == "Error: Which role are you acting in? – Tandem"
    assert [(a.get_text(strip=True), a["href"]) for a in _soup(response).select(".govuk-error-summary__list a")] == [
        ("Select the role you are acting in", "#id_membership")
    ]


def test_the_next_address_must_be_on_this_site() -> None:
    _, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")

    response = client.post(reverse("accounts:acting_role"), {"membership": manager.pk, "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_a_membership_that_ended_yesterday_grants_nothing_from_the_next_request() -> None:
    membership = member("social-worker", username="tom")
    client = Client()
    sign_in(client, "tom")
    assert client.get("/").status_code == 200

    actions.end_membership(membership, on=timezone.localdate() - dt.timedelta(days=1), by=Actor.system("test"))
    response = client.get("/")

    assert response.status_code == 403
    soup = _soup(response)
    assert soup.h1.get_text(strip=True) == "You do not have a current role in Tandem"
    assert soup.select_one(".tandem-acting-bar") is None


def test_when_one_of_two_roles_ends_the_user_acts_in_the_other_at_once() -> None:
    lead, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")
    client.post(reverse("accounts:acting_role"), {"membership": manager.pk, "next": "/"})

    actions.end_membership(manager, on=timezone.localdate() - dt.timedelta(days=1), by=Actor.system("test"))
    home = client.get("/")

    assert home.status_code == 200
    assert _soup(home).h1.get_text(strip=True) == "Your children"  # exploitation lead's home
    assert client.session[ACTING_KEY] == lead.pk


def test_a_membership_that_has_not_started_grants_nothing() -> None:
    membership = member("social-worker", username="tom")
    Membership.objects.filter(pk=membership.pk).update(starts_on=timezone.localdate() + dt.timedelta(days=1))
    client = Client()
    sign_in(client, "tom")

    assert client.get("/").status_code == 403
