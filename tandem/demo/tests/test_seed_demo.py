"""seed_demo: the fictional area, the DEMO LOGIN lines, re-running safely, and never in production."""

from __future__ import annotations

import io
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.accounts.roles import Role
from tandem.demo import area, steps

pytestmark = pytest.mark.django_db

LINE = re.compile(r"^DEMO LOGIN role=(?P<role>[a-z-]+) username=(?P<username>[a-z.]+) password=(?P<password>\S+)$")


def _seed(**options: object) -> list[str]:
    out = io.StringIO()
    call_command("seed_demo", "--quiet", "--people", "0", stdout=out, **options)
    return out.getvalue().splitlines()


def test_prints_one_demo_login_line_per_demo_user_covering_every_role() -> None:
    lines = _seed()

    logins = [LINE.match(line) for line in lines if line.startswith("DEMO LOGIN")]
    assert all(logins)
    assert len(logins) == len(area.DEMO_USERS) == User.objects.filter(is_demo_account=True).count()
    assert {m["role"] for m in logins if m} == set(Role)
    assert {m["password"] for m in logins if m} == {area.DEMO_PASSWORD}


def test_every_printed_login_signs_in() -> None:
    lines = _seed()

    for line in lines:
        match = LINE.match(line)
        if match:
            response = Client().post("/accounts/login/", {"login": match["username"], "password": match["password"]})
            assert (match["username"], response.status_code) == (match["username"], 302)


def test_running_it_again_changes_nothing_and_prints_the_same_lines() -> None:
    first = _seed()
    counts = (Agency.objects.count(), Team.objects.count(), User.objects.count(), Membership.objects.count())

    second = _seed()

    assert second == first
    assert (Agency.objects.count(), Team.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_running_it_again_restores_demo_accounts_as_documented() -> None:
    _seed()
    tom = User.objects.get(username="tom.hughes")
    tom.set_password("changed-by-someone-1")
    tom.is_active = False
    tom.save()
    Membership.objects.filter(user=tom).update(ends_on="2025-01-01")
    AccessAttempt.objects.create(username="tom.hughes", ip_address="127.0.0.1", user_agent="x", failures_since_start=5)

    _seed()

    tom.refresh_from_db()
    assert tom.is_active
    assert tom.check_password(area.DEMO_PASSWORD)
    assert Membership.objects.current().filter(user=tom).count() == 1
    assert not AccessAttempt.objects.filter(username="tom.hughes").exists()


def test_a_second_run_verifies_the_shared_demo_password_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _seed()
    assert User.objects.filter(is_demo_account=True).values("password").distinct().count() == 1
    calls: list[str] = []
    real = area.check_password

    def counted(raw: str, encoded: str) -> bool:
        calls.append(encoded)
        return real(raw, encoded)

    monkeypatch.setattr(area, "check_password", counted)
    _seed()

    assert len(calls) == 1
    assert User.objects.filter(is_demo_account=True).values("password").distinct().count() == 1


def test_a_demo_user_with_two_roles_chooses_at_sign_in() -> None:
    _seed()
    client = Client()

    client.post("/accounts/login/", {"login": "ruth.campbell", "password": area.DEMO_PASSWORD})
    response = client.get("/")

    assert sorted(Membership.objects.filter(user__username="ruth.campbell").values_list("role", flat=True)) == [
        "exploitation-lead",
        "team-manager",
    ]
    assert response["Location"] == "/account/acting-role?next=%2F"


def test_seeds_only_demo_accounts_and_no_superusers() -> None:
    _seed()

    assert not User.objects.filter(is_demo_account=False).exists()
    assert not User.objects.filter(is_superuser=True).exists()


def test_refuses_to_run_in_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]

    with pytest.raises(CommandError, match="seed_demo refuses to run when DJANGO_ENV=production"):
        _seed()
    with pytest.raises(CommandError, match="make demo refuses to run when DJANGO_ENV=production"):
        call_command("prepare_demo", "--quiet", stdout=io.StringIO())
    assert not Agency.objects.exists()


def test_prepare_demo_migrates_then_seeds() -> None:
    out = io.StringIO()

    call_command("prepare_demo", "--quiet", stdout=out)

    assert out.getvalue().count("DEMO LOGIN role=") == len(area.DEMO_USERS)


def test_seed_demo_is_a_list_of_labelled_steps() -> None:
    assert [label for label, _ in steps.STEPS][:2] == ["Agencies and teams", "Demo users"]
    assert all(callable(step) for _, step in steps.STEPS)


def test_negative_people_is_refused() -> None:
    with pytest.raises(CommandError, match="--people must be 0 or more"):
        call_command("seed_demo", "--quiet", "--people", "-1", stdout=io.StringIO())
