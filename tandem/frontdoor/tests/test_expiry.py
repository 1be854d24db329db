"""Nothing is lost: a contact page posted after the session expired is kept and given back after signing in again."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.middleware import PRESERVED_KEY
from tandem.accounts.tests.factories import sign_in
from tandem.frontdoor.models import Contact
from tandem.frontdoor.tests.factories import build_area
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def test_a_contact_page_posted_after_expiry_is_given_back_and_saved() -> None:
    area = build_area()
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        sign_in(client, area.dsl.user.username)
        client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()
    url = reverse("frontdoor:draft_step", args=[contact.pk, "concern"])
    typed = {"concern": "Ruby has been missing three times this month.", "evidence": "Police logs.", "opinion": ""}

    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        posted = client.post(url, typed)
    kept = client.session[PRESERVED_KEY]
    with time_machine.travel(start + dt.timedelta(minutes=22), tick=False):
        sign_in(client, area.dsl.user.username)
        restore = client.get(reverse("session_restore"))
        resent = client.post(page(restore).attr("main form", "action"), dict(page(restore).hidden_inputs("main form")))

    assert posted["Location"] == reverse("account_login") + "?next=%2Fsession%2Frestore"
    assert kept["path"] == url
    assert page(restore).h1 == "We kept what you entered"
    assert page(restore).hidden_inputs("main form") == [
        ("concern", "Ruby has been missing three times this month."),
        ("evidence", "Police logs."),
        ("opinion", ""),
    ]
    assert resent["Location"] == reverse("frontdoor:draft_step", args=[contact.pk, "indicators"])
    contact.refresh_from_db()
    assert contact.concern == "Ruby has been missing three times this month."


def test_a_child_posted_after_expiry_keeps_the_date_of_birth_boxes() -> None:
    area = build_area()
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        sign_in(client, area.dsl.user.username)
        client.post(reverse("frontdoor:contact_new"))
    contact = Contact.objects.get()
    url = reverse("frontdoor:draft_person_add", args=[contact.pk, "child"])

    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        client.post(
            url,
            {
                "given_name": "Ruby",
                "family_name": "Lane",
                "date_of_birth-day": "3",
                "date_of_birth-month": "4",
                "date_of_birth-year": "2013",
            },
        )
    with time_machine.travel(start + dt.timedelta(minutes=22), tick=False):
        sign_in(client, area.dsl.user.username)
        restore = page(client.get(reverse("session_restore")))
        client.post(restore.attr("main form", "action"), dict(restore.hidden_inputs("main form")))

    child = contact.people.get()
    assert (child.full_name, child.date_of_birth) == ("Ruby Lane", dt.date(2013, 4, 3))
