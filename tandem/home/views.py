"""The home page: each role starts where its work is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.accounts import roles
from tandem.accounts.policies import SIGNED_IN, requires
from tandem.accounts.roles import Role
from tandem.frontdoor import home as frontdoor_home
from tandem.home import lists
from tandem.meetings import home as meetings_home

#: Home pages that list children or requests about them, and so carry the protective marking.
PERSONAL_DATA_HOMES = frozenset({"front-door", "children", "partner", "ig"})


def home_kind(role: str) -> str:
    """Front door → the queue; social workers and managers → their children; partner agencies → their open
    requests; IG lead → the review queue; analysts and inspectors → aggregates; administrator → configuration."""
    if role in roles.FRONT_DOOR_DUTY:
        return "front-door"
    if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.EXPLOITATION_LEAD}:
        return "children"
    if role in roles.PARTNER_PRACTITIONERS:
        return "partner"
    if role == Role.INFORMATION_GOVERNANCE_LEAD:
        return "ig"
    if role in {Role.PERFORMANCE_ANALYST, Role.PARTNERSHIP_MANAGER, Role.INSPECTOR}:
        return "aggregates"
    if role == Role.SYSTEM_ADMINISTRATOR:
        return "configuration"
    raise ValueError(f"No home page for the role {role!r}")


@requires(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    acting = request.acting  # type: ignore[attr-defined]
    kind = home_kind(acting.role)
    context = {"kind": kind, "official_sensitive": kind in PERSONAL_DATA_HOMES}
    context.update(frontdoor_home.context_for(request, kind))
    context.update(meetings_home.context_for(request, kind))
    context.update(lists.context_for(request, kind))
    return render(request, f"home/{kind}.html", context)
