"""Acting roles: choosing at sign-in, switching from the header, and memberships that end."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import actions
from tandem.accounts.middleware import ACTING_KEY
from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import MembershipFactory, agency_for_role, member, sign_in
from tandem.audit.models import AuditEvent
from tandem.audit.record import Actor
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def _two_roles() -> tuple[Membership, Membership]:
    """Ruth chairs MACE for the partnership and manages a team in children's social care."""
    lead = member("exploitation-lead", username="ruth")
    manager = cast(
        Membership, MembershipFactory(user=lead.user, agency=agency_for_role("team-manager"), role="team-manager")
    )
    return lead, manager


def test_a_user_with_several_roles_chooses_one_at_sign_in() -> None:
    lead, manager = _two_roles()
    client = Client()

    signed_in = sign_in(client, "ruth")
    home = client.get(signed_in["Location"])
    chooser = client.get(home["Location"])

    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:acting_role") + "?next=%2F"
    assert page(chooser).h1 == "Which role are you acting in?"
    buttons = page(chooser).all("main form button[name=membership]")
    assert [(b["value"], b.get_text("", strip=True)) for b in buttons] == [
        (str(lead.pk), lead.label),
        (str(manager.pk), manager.label),
    ]
    assert page(chooser).maybe(".tandem-acting-bar") is None  # no role yet


def test_choosing_a_role_records_it_and_later_events_carry_the_membership() -> None:
    _lead, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")

    chosen = client.post(reverse("accounts:acting_role"), {"membership": manager.pk, "next": "/"})
    home = client.get("/")

    assert chosen["Location"] == "/"
    assert page(home).h1 == "Your children"
    assert page(home).text(".tandem-acting-bar").startswith(f"Acting as Team manager , {manager.agency.name}")
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
    link = page(home).link("Change role")
    chooser = client.get(link)
    switched = client.post(link, {"membership": manager.pk, "next": "/"})
    after = client.get("/")

    assert page(chooser).text(".tandem-role-list__item strong") == "Current role"
    assert "govuk-button--secondary" in page(chooser).one(f"button[value='{lead.pk}']")["class"]
    assert switched["Location"] == "/"
    assert page(after).h1 == "Your children"
    assert page(after).text(".govuk-notification-banner__content") == f"You are now acting as {manager.label}"
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
    assert "Change role" not in page(home).texts("a")


def test_choosing_someone_elses_membership_is_refused() -> None:
    _lead, _ = _two_roles()
    other = member("police-officer", username="liam")
    client = Client()
    sign_in(client, "ruth")

    response = client.post(reverse("accounts:acting_role"), {"membership": other.pk, "next": "/"})

    assert response.status_code == 200
    assert page(response).error_summary() == [("Select one of your roles", "#id_membership")]
    assert client.session.get(ACTING_KEY) is None


def test_choosing_nothing_asks_for_a_role() -> None:
    _two_roles()
    client = Client()
    sign_in(client, "ruth")

    response = client.post(reverse("accounts:acting_role"), {"next": "/"})

    assert page(response).title == "Error: Which role are you acting in? – Tandem"
    assert page(response).error_summary() == [("Select the role you are acting in", "#id_membership")]


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
    assert page(response).h1 == "You do not have a current role in Tandem"
    assert page(response).maybe(".tandem-acting-bar") is None


def test_when_one_of_two_roles_ends_the_user_acts_in_the_other_at_once() -> None:
    lead, manager = _two_roles()
    client = Client()
    sign_in(client, "ruth")
    client.post(reverse("accounts:acting_role"), {"membership": manager.pk, "next": "/"})

    actions.end_membership(manager, on=timezone.localdate() - dt.timedelta(days=1), by=Actor.system("test"))
    home = client.get("/")

    assert home.status_code == 200
    assert page(home).h1 == "Your children"  # exploitation lead's home
    assert client.session[ACTING_KEY] == lead.pk


def test_a_membership_that_has_not_started_grants_nothing() -> None:
    membership = member("social-worker", username="tom")
    Membership.objects.filter(pk=membership.pk).update(starts_on=timezone.localdate() + dt.timedelta(days=1))
    client = Client()
    sign_in(client, "tom")

    assert client.get("/").status_code == 403
