"""Session lifetime: idle and absolute timeouts, leavers signed out at once, and forms kept across expiry."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import actions
from tandem.accounts.middleware import PRESERVED_KEY
from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import PASSWORD, MembershipFactory, agency_for_role, member, sign_in
from tandem.audit.models import AuditEvent
from tandem.audit.record import Actor
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
ROLE_PAGE = reverse("accounts:acting_role")


def _signed_in(username: str = "tom", role: str = "social-worker") -> Client:
    member(role, username=username)
    client = Client()
    sign_in(client, username)
    return client


def test_disabling_an_account_ends_all_its_sessions_at_once() -> None:
    membership = member("social-worker", username="tom")
    office, phone = Client(), Client()
    sign_in(office, "tom")
    sign_in(phone, "tom")
    bystander = _signed_in("ana")

    ended = actions.disable_user(membership.user, by=Actor.system("test"))

    assert ended == 2
    assert office.get("/")["Location"].startswith(LOGIN)
    assert phone.get("/")["Location"].startswith(LOGIN)
    assert bystander.get("/").status_code == 200
    event = AuditEvent.objects.get(verb="account.disabled")
    assert event.detail == {"sessions_ended": 2, "api_tokens_revoked": 0}


def test_a_disabled_account_cannot_sign_in() -> None:
    membership = member("social-worker", username="tom")
    actions.disable_user(membership.user, by=Actor.system("test"))
    client = Client()

    response = sign_in(client, "tom")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert client.get("/")["Location"].startswith(LOGIN)


def test_idle_for_15_minutes_signs_out_but_14_does_not() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
        client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=14, seconds=59), tick=False):
        active = client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=29, seconds=59), tick=False):
        still_active = client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        expired = client.get("/")
        login_page = client.get(expired["Location"])

    assert active.status_code == 200
    assert still_active.status_code == 200
    assert expired.status_code == 302
    assert expired["Location"] == LOGIN + "?next=/"
    assert page(login_page).has_text("You were signed out because you did nothing for a while")
    event = AuditEvent.objects.get(verb="session.expired")
    assert (event.actor_username, event.detail["reason"]) == ("tom", "idle")


def test_ten_hours_is_the_most_a_session_lasts_however_busy() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
    for minutes in range(10, 600, 10):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=1), tick=False):
        expired = client.get("/")

    assert expired.status_code == 302
    assert AuditEvent.objects.get(verb="session.expired").detail["reason"] == "absolute"


def test_stay_signed_in_restarts_the_idle_clock() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
        home = client.get("/")
    with time_machine.travel(start + dt.timedelta(minutes=13), tick=False):
        kept = client.post(reverse("session_keep_alive"))
    with time_machine.travel(start + dt.timedelta(minutes=27), tick=False):
        later = client.get("/")

    session = page(home).one("[data-tandem-session]")
    assert (session["data-idle-timeout"], session["data-idle-warning"], session["data-idle-remaining"]) == (
        "900",
        "780",
        "900",
    )
    assert kept.json() == {"signed_in": True, "idle_remaining": 900}
    assert later.status_code == 200


def test_stay_signed_in_after_expiry_says_so_and_keeps_nothing() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 401
    assert response.json() == {"signed_in": False}
    assert PRESERVED_KEY not in client.session


def _expire_while_posting(client: Client, start: dt.datetime, data: dict[str, str]) -> object:
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        return client.post(ROLE_PAGE, data)


def test_a_form_posted_after_expiry_is_kept_and_given_back_after_signing_in_again() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
        client.get("/")  # sets the CSRF cookie, as a real page load would
    client_csrf = client.cookies["csrftoken"].value
    client.handler.enforce_csrf_checks = True

    posted = _expire_while_posting(
        client,
        start,
        {"csrfmiddlewaretoken": client_csrf, "next": "/", "membership": "42", "password": "never-kept"},
    )
    with time_machine.travel(start + dt.timedelta(minutes=21), tick=False):
        login_page = client.get(posted["Location"])  # type: ignore[index]
        credentials = {"login": "tom", "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
        signed_in = client.post(posted["Location"], credentials)  # type: ignore[index]
        restore = client.get(signed_in["Location"])

    assert posted["Location"] == LOGIN + "?next=%2Fsession%2Frestore"  # type: ignore[index]
    assert page(login_page).has_text("Sign in again and we will give back what you entered")
    assert signed_in["Location"] == reverse("session_restore")
    assert page(restore).h1 == "We kept what you entered"
    assert page(restore).attr("main form", "action") == ROLE_PAGE
    assert page(restore).hidden_inputs("main form") == [("next", "/"), ("membership", "42")]


def test_a_kept_form_is_given_back_to_the_same_user_only() -> None:
    start = timezone.now()
    member("social-worker", username="ana")
    with time_machine.travel(start, tick=False):
        client = _signed_in("tom")
    _expire_while_posting(client, start, {"next": "/", "membership": "42"})
    assert PRESERVED_KEY in client.session

    with time_machine.travel(start + dt.timedelta(minutes=21), tick=False):
        sign_in(client, "ana")
        restore = client.get(reverse("session_restore"))

    assert restore.status_code == 302
    assert restore["Location"] == "/"
    assert PRESERVED_KEY not in client.session


def test_a_kept_form_is_given_back_once() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in("tom")
    _expire_while_posting(client, start, {"next": "/", "membership": "42"})
    with time_machine.travel(start + dt.timedelta(minutes=21), tick=False):
        sign_in(client, "tom")
        first = client.get(reverse("session_restore"))
        second = client.get(reverse("session_restore"))

    assert first.status_code == 200
    assert second["Location"] == "/"


def test_a_post_without_a_valid_csrf_token_is_not_kept() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
    client.handler.enforce_csrf_checks = True

    response = _expire_while_posting(client, start, {"csrfmiddlewaretoken": "forged", "membership": "42"})

    assert response.status_code == 403  # type: ignore[attr-defined]
    assert PRESERVED_KEY not in client.session


def test_htmx_requests_after_expiry_are_told_where_to_sign_in() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _signed_in()
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        response = client.get("/", headers={"HX-Request": "true"})

    assert response.status_code == 401
    assert response["HX-Redirect"] == LOGIN + "?next=%2F"


def test_stay_signed_in_works_before_a_role_is_chosen() -> None:
    """The warning also shows on the role chooser and the MFA set-up pages, where no role is acting yet."""
    member("social-worker", username="sam", is_demo_account=False)
    client = Client()
    sign_in(client, "sam")

    response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(verb="role.denied").exists()


def test_a_user_with_several_roles_chooses_one_before_a_kept_form_is_sent_on() -> None:
    start = timezone.now()
    lead = member("exploitation-lead", username="ruth")
    manager = cast(
        Membership, MembershipFactory(user=lead.user, agency=agency_for_role("team-manager"), role="team-manager")
    )
    client = Client()
    with time_machine.travel(start, tick=False):
        sign_in(client, "ruth")
        client.post(ROLE_PAGE, {"membership": lead.pk, "next": "/"})
    posted = _expire_while_posting(client, start, {"next": "/", "membership": str(manager.pk)})

    with time_machine.travel(start + dt.timedelta(minutes=21), tick=False):
        signed_in = client.post(posted["Location"], {"login": "ruth", "password": PASSWORD})  # type: ignore[index]
        restore = client.get(signed_in["Location"])
        chosen = client.post(restore["Location"], {"membership": lead.pk, "next": reverse("session_restore")})
        kept = client.get(chosen["Location"])

    assert restore["Location"] == ROLE_PAGE + "?next=%2Fsession%2Frestore"
    assert page(kept).h1 == "We kept what you entered"
    assert page(kept).hidden_inputs("main form") == [("next", "/"), ("membership", str(manager.pk))]
