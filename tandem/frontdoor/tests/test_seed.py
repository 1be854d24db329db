"""seed_demo's contacts: each demo role finds front-door work, and running it again adds nothing."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.models import Membership
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", "--quiet", "--people", "0", stdout=io.StringIO())


def _as(username: str, role: str) -> Client:
    return signed_in_client(Membership.objects.get(user__username=username, role=role))


@time_machine.travel("2026-11-26 11:00 +00:00", tick=False)
def test_each_demo_role_sees_front_door_work_and_re_running_adds_nothing() -> None:
    _seed()
    counts = (Contact.objects.count(), AgencyCheck.objects.count(), ChildDecision.objects.count())
    _seed()

    assert (Contact.objects.count(), AgencyCheck.objects.count(), ChildDecision.objects.count()) == counts == (5, 2, 2)
    queue = page(_as("amira.khan", "front-door-practitioner").get(reverse("frontdoor:queue")))
    assert len(queue.all("tbody tr")) == 3
    assert queue.has_text("Possible exploitation")
    officer = page(_as("pc.liam.walsh", "police-officer").get("/"))
    assert officer.texts("tbody td:nth-of-type(2)") == ["Ruby Lane"]
    nurse = page(_as("hannah.price", "health-practitioner").get(reverse("frontdoor:my_contacts")))
    assert nurse.texts("tbody td:nth-of-type(4)") == ["26 November 2026 at 11am"]
    assert nurse.texts("tbody td:nth-of-type(5)") == ["26 November 2026 at 11am"]
    decided = Contact.objects.get(status="decided")
    seen = page(_as("hannah.price", "health-practitioner").get(reverse("frontdoor:contact_detail", args=[decided.pk])))
    assert seen.has_text("A strategy discussion is being held for Mia today.")
    assert [d.is_referral for d in ChildDecision.objects.order_by("child__position")] == [True, False]


@time_machine.travel("2026-11-28 12:00 +00:00", tick=False)
def test_emergency_duty_sees_the_red_contact_out_of_hours() -> None:
    _seed()

    home = page(_as("nia.roberts", "emergency-duty-social-worker").get("/"))

    references = [a.get_text() for a in home.all("tbody td:first-child a")]
    assert sorted(references) == sorted(
        Contact.objects.filter(rag="red", status="submitted").values_list("reference", flat=True)
    )
    assert len(references) == 1
