"""seed_demo's strategy discussions: the demo team manager's view of today has content; re-running adds nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.models import Membership
from tandem.govuk.testing import page
from tandem.meetings.models import Section47Enquiry, SharedInformation, StrategyDiscussion
from tandem.meetings.seed import working_days_before

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", "--quiet", "--people", "0", stdout=io.StringIO())


def _as(username: str, role: str) -> Client:
    return signed_in_client(Membership.objects.get(user__username=username, role=role))


@time_machine.travel("2026-11-26 15:00 +00:00", tick=False)
def test_the_demo_team_manager_has_work_today_and_re_running_adds_nothing() -> None:
    _seed()
    counts = (StrategyDiscussion.objects.count(), Section47Enquiry.objects.count(), SharedInformation.objects.count())
    _seed()

    assert counts == (
        StrategyDiscussion.objects.count(),
        Section47Enquiry.objects.count(),
        SharedInformation.objects.count(),
    )
    assert counts == (3, 2, 2)
    today = page(_as("grace.adeyemi", "team-manager").get(reverse("meetings:today")))
    assert today.texts("#records tbody td:first-child") == ["Mia Hart"]
    assert today.texts("#not-seen tbody td:first-child") == ["Mia Hart"]
    assert today.texts("#conferences tbody td:first-child") == ["Jayden Cole"]
    assert today.texts("#conferences tbody td:last-child") == ["2 December 2026"]


@time_machine.travel("2026-11-26 15:00 +00:00", tick=False)
def test_health_sees_the_demo_intelligence_only_as_its_summary() -> None:
    _seed()
    mia = StrategyDiscussion.objects.get(decision__isnull=False)

    seen = _as("hannah.price", "health-practitioner").get(reverse("meetings:discussion_detail", args=[mia.pk]))
    police = _as("pc.liam.walsh", "police-officer").get(reverse("meetings:discussion_detail", args=[mia.pk]))

    assert "Carl Dunne" not in seen.content.decode()
    assert "associated with other children at risk" in seen.content.decode()
    assert "Carl Dunne" in police.content.decode()


def test_working_days_before_skips_weekends_and_bank_holidays() -> None:
    assert working_days_before(dt.date(2026, 12, 29), 2) == dt.date(2026, 12, 23)
    assert working_days_before(dt.date(2026, 11, 26), 11) == dt.date(2026, 11, 11)
