"""The information governance lead's review queue, access log with CSV export, and denials."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.governance.views import csv_safe
from tandem.people.models import EmergencyAccess
from tandem.people.tests.factories import allocated_child

pytestmark = pytest.mark.django_db

REASON = "Child reported missing by police; checking the family network tonight."


@pytest.fixture
def setting() -> dict[str, Any]:
    worker = member("social-worker", team=TeamFactory())
    child = allocated_child(worker, family_name="=HYPERLINK(evil)", given_name="Maya")
    ig = member("information-governance-lead", agency=worker.agency)
    other_ig = member("information-governance-lead")
    edt = member("emergency-duty-social-worker", team=TeamFactory())
    return {"worker": worker, "child": child, "ig": ig, "other_ig": other_ig, "edt": edt}


def test_emergency_access_appears_in_the_owning_agency_queue_at_once(setting: dict[str, Any]) -> None:
    edt = signed_in_client(setting["edt"])
    edt.post(reverse("people:emergency_access", args=[setting["child"].pk]), {"reason": REASON})
    edt.get(reverse("people:person_detail", args=[setting["child"].pk]))

    queue = signed_in_client(setting["ig"]).get(reverse("governance:review_queue")).content.decode()
    assert "Waiting for review (1)" in queue
    other = signed_in_client(setting["other_ig"]).get(reverse("governance:review_queue")).content.decode()
    assert "Waiting for review (0)" in other


def test_ig_lead_records_a_judgement(setting: dict[str, Any]) -> None:
    edt = signed_in_client(setting["edt"])
    edt.post(reverse("people:emergency_access", args=[setting["child"].pk]), {"reason": REASON})
    edt.get(reverse("people:person_detail", args=[setting["child"].pk]))
    access = EmergencyAccess.objects.get()
    ig = signed_in_client(setting["ig"])

    review = ig.get(reverse("governance:review_emergency_access", args=[access.pk])).content.decode()
    assert REASON in review
    assert reverse("people:person_detail", args=[setting["child"].pk]) in review

    missing = ig.post(reverse("governance:review_emergency_access", args=[access.pk]), {"note": "ok"})
    assert "Select whether the emergency access was justified" in missing.content.decode()
    done = ig.post(
        reverse("governance:review_emergency_access", args=[access.pk]),
        {"judgement": "justified", "note": "Out-of-hours missing episode; proportionate."},
    )
    assert done.status_code == 302
    access.refresh_from_db()
    assert access.judgement == "justified"
    assert access.judged_by == setting["ig"]
    assert AuditEvent.objects.filter(verb="emergency_access.judged").count() == 1
    other = signed_in_client(setting["other_ig"])
    assert other.get(reverse("governance:review_emergency_access", args=[access.pk])).status_code == 404


def test_access_log_lists_who_looked_and_exports_safe_csv(setting: dict[str, Any]) -> None:
    child = setting["child"]
    signed_in_client(setting["worker"]).get(reverse("people:person_detail", args=[child.pk]))
    ig = signed_in_client(setting["ig"])

    page = ig.get(reverse("governance:person_access_log", args=[child.pk])).content.decode()
    assert setting["worker"].user.username in page
    assert "allocated" in page

    before = AccessEvent.objects.count()
    export = ig.get(reverse("governance:person_access_log_csv", args=[child.pk]))
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["person", "when (UTC)", "user"]
    assert rows[1][0] == "'Maya =HYPERLINK(evil)" or rows[1][0].startswith("Maya")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    assert AccessEvent.objects.count() == before + 1
    assert AccessEvent.objects.order_by("-id").first().channel == "export"  # type: ignore[union-attr]
    assert (
        signed_in_client(setting["other_ig"]).get(reverse("governance:person_access_log", args=[child.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44", "'+44"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ann", "Ann"),
        (None, ""),
    ],
)
def test_csv_formula_injection_is_escaped(value: object, expected: str) -> None:
    assert csv_safe(value) == expected


def test_repeated_denials_by_one_user_are_shown(setting: dict[str, Any]) -> None:
    nosy = member("social-worker", team=TeamFactory(), agency=setting["worker"].agency)
    client = signed_in_client(nosy)
    for _ in range(3):
        assert client.get(reverse("people:person_detail", args=[setting["child"].pk])).status_code == 404

    page = signed_in_client(setting["ig"]).get(reverse("governance:denials")).content.decode()
    assert nosy.user.username in page
    assert "Repeated" in page
