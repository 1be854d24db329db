"""The home page by role: each role starts where its work is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tandem.accounts.roles import Role
from tandem.govuk.testing import page
from tandem.home.views import home_kind

pytestmark = pytest.mark.django_db

HOMES = {
    Role.FRONT_DOOR_PRACTITIONER: ("Front door", True),
    Role.FRONT_DOOR_MANAGER: ("Front door", True),
    Role.EMERGENCY_DUTY_SOCIAL_WORKER: ("Front door", True),
    Role.SOCIAL_WORKER: ("Your children", True),
    Role.TEAM_MANAGER: ("Your children", True),
    Role.EXPLOITATION_LEAD: ("Your children", True),
    Role.POLICE_OFFICER: ("Your agency’s open requests", True),
    Role.HEALTH_PRACTITIONER: ("Your agency’s open requests", True),
    Role.DESIGNATED_SAFEGUARDING_LEAD: ("Your agency’s open requests", True),
    Role.YOUTH_JUSTICE_OFFICER: ("Your agency’s open requests", True),
    Role.PROBATION_OFFICER: ("Your agency’s open requests", True),
    Role.VOLUNTARY_SECTOR_WORKER: ("Your agency’s open requests", True),
    Role.INFORMATION_GOVERNANCE_LEAD: ("Emergency access to review", True),
    Role.PERFORMANCE_ANALYST: ("Figures for the partnership", False),
    Role.PARTNERSHIP_MANAGER: ("Figures for the partnership", False),
    Role.INSPECTOR: ("Figures for the partnership", False),
    Role.SYSTEM_ADMINISTRATOR: ("Configuration", False),
}


def test_every_role_has_a_home_page() -> None:
    assert set(HOMES) == set(Role)
    for role in Role:
        assert home_kind(role)


@pytest.mark.parametrize(("role", "expected"), list(HOMES.items()), ids=[str(r) for r in HOMES])
def test_home_page_by_role(client_for: Callable[..., Client], role: str, expected: tuple[str, bool]) -> None:
    heading, marked = expected

    response = client_for(role).get("/")

    home = page(response)
    assert response.status_code == 200
    assert home.h1 == heading
    assert home.texts(".tandem-marking") == (["OFFICIAL-SENSITIVE"] if marked else [])
    assert home.text(".tandem-acting-bar").startswith(f"Acting as {Role(role).label} ,")


def test_anonymous_visitors_are_asked_to_sign_in() -> None:
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_an_unknown_role_has_no_home() -> None:
    with pytest.raises(ValueError, match="No home page"):
        home_kind("astronaut")
