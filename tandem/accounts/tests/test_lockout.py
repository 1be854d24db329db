"""django-axes: five failures for a username in 15 minutes lock it for 15 minutes, shown as a GOV.UK 429 page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.tests.factories import PASSWORD, member
from tandem.audit.models import AuditEvent
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def _fail(client: Client, username: str, times: int) -> list[int]:
    return [
        client.post(reverse("account_login"), {"login": username, "password": f"wrong-{n}"}).status_code
        for n in range(times)
    ]


def test_fifth_failure_locks_the_username_and_the_right_password_is_then_refused() -> None:
    member("social-worker", username="tom")
    client = Client()

    statuses = _fail(client, "tom", 5)
    locked = client.post(reverse("account_login"), {"login": "tom", "password": PASSWORD})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert page(locked).title == "Your account is locked for 15 minutes – Tandem"
    assert page(locked).text(".govuk-generic-header") == "Tandem"
    assert client.get("/").status_code == 302  # not signed in


def test_axes_records_the_username_not_none_and_counts_it_case_insensitively() -> None:
    member("social-worker", username="tom")

    _fail(Client(), "Tom", 2)
    _fail(Client(), " TOM ", 2)

    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("tom", 4)]


def test_every_failure_and_the_lockout_are_security_events() -> None:
    member("social-worker", username="tom")
    client = Client()

    _fail(client, "tom", 5)
    client.post(reverse("account_login"), {"login": "tom", "password": PASSWORD})

    events = list(AuditEvent.objects.filter(kind="security").order_by("id").values_list("verb", "detail"))
    failed, locked = ("signin.failed", {"username": "tom"}), ("signin.locked_out", {"username": "tom"})
    assert events == [failed, failed, failed, failed, failed, locked, failed, locked]


def test_lockout_is_per_username_so_others_in_the_same_office_can_still_sign_in() -> None:
    member("social-worker", username="tom")
    member("social-worker", username="ana")
    client = Client()
    _fail(client, "tom", 5)

    response = client.post(reverse("account_login"), {"login": "ana", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_lock_lifts_after_15_minutes() -> None:
    member("social-worker", username="tom")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(Client(), "tom", 5)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        still_locked = Client().post(reverse("account_login"), {"login": "tom", "password": PASSWORD})
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        unlocked = Client().post(reverse("account_login"), {"login": "tom", "password": PASSWORD})

    assert still_locked.status_code == 429
    assert unlocked.status_code == 302


def test_four_failures_then_success_resets_the_count() -> None:
    member("social-worker", username="tom")
    _fail(Client(), "tom", 4)

    ok = Client().post(reverse("account_login"), {"login": "tom", "password": PASSWORD})
    statuses = _fail(Client(), "tom", 4)

    assert ok.status_code == 302
    assert statuses == [200, 200, 200, 200]
