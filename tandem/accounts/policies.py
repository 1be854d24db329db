"""Who may use each page and API endpoint. Every URL pattern's view declares one of these; a test walks the resolver.

A policy here is only the first gate (the acting role). Whether the user may see a particular person or record is
decided by each app's `access` functions, which also write the access event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tandem.accounts import roles
from tandem.accounts.roles import Role

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class Policy:
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    public: bool = False
    any_role: bool = False  # any signed-in user acting in a current membership
    description: str = ""

    def allows(self, role: str | None) -> bool:
        if self.public:
            return True
        if role is None:
            return False
        return self.any_role or role in self.roles


def _policy(name: str, members: Iterable[str], description: str) -> Policy:
    return Policy(name=name, roles=frozenset(str(r) for r in members), description=description)


PUBLIC = Policy(name="public", public=True, description="No sign-in: sign-in pages, health check, static files, schema")
SIGNED_IN = Policy(name="signed-in", any_role=True, description="Anyone signed in and acting in a current role")
FRONT_DOOR_DUTY = _policy("front-door-duty", roles.FRONT_DOOR_DUTY, "Roles with a front-door duty")
PRACTITIONER = _policy("practitioner", roles.PRACTITIONERS, "Roles that may hold a relationship with a person")
BREAK_GLASS = _policy("break-glass", roles.BREAK_GLASS, "Roles that may request emergency access")
IG_LEAD = _policy("ig-lead", {Role.INFORMATION_GOVERNANCE_LEAD}, "Information governance leads")
ADMINISTRATOR = _policy("administrator", {Role.SYSTEM_ADMINISTRATOR}, "System administrators")
ANALYST = _policy(
    "analyst",
    {Role.PERFORMANCE_ANALYST, Role.PARTNERSHIP_MANAGER, Role.INSPECTOR},
    "Roles that see aggregate figures only",
)

ALL_POLICIES: dict[str, Policy] = {
    p.name: p for p in (PUBLIC, SIGNED_IN, FRONT_DOOR_DUTY, PRACTITIONER, BREAK_GLASS, IG_LEAD, ADMINISTRATOR, ANALYST)
}


def register(policy: Policy) -> Policy:
    """Apps declare further policies through here so the resolver walk can find them by name."""
    existing = ALL_POLICIES.get(policy.name)
    if existing is not None and existing != policy:
        raise ValueError(f"Two different policies are called {policy.name!r}")
    ALL_POLICIES[policy.name] = policy
    return policy


def acting_role(request: HttpRequest) -> str | None:
    acting = getattr(request, "acting", None)
    return acting.role if acting is not None else None


def requires(policy: Policy) -> Callable[[V], V]:
    """Declare and enforce a page's policy. Public policies also opt out of LoginRequiredMiddleware."""

    def decorate(view: V) -> V:
        if policy.public:
            wrapped = login_not_required(view)
            wrapped.tandem_policy = policy  # type: ignore[attr-defined]
            return wrapped

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policy.allows(acting_role(request)):
                from tandem.audit import record

                record.security_event(request, "role.denied", detail={"policy": policy.name, "path": request.path})
                raise PermissionDenied
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        guarded.tandem_policy = policy  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public(view: V) -> V:
    return requires(PUBLIC)(view)


def policy_of(callback: Any) -> Policy | None:
    """The declared policy of a resolved URL callback: function views, DRF views and class-based views."""
    for candidate in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        if candidate is not None:
            declared = getattr(candidate, "tandem_policy", None) or getattr(candidate, "policy", None)
            if isinstance(declared, Policy):
                return declared
    return None
