"""The resolver walk: every URL pattern declares a policy matching the oracle; the public ones are the few we mean."""

from __future__ import annotations

from django.core.management import call_command

from tandem.accounts.policies import ALL_POLICIES, policy_of
from tandem.core.management.commands.access_policy_doc import DOC, render
from tests import policy

PUBLIC_NAMES = {"healthz", "accessibility_statement", "privacy_notice", "api:schema"}


def test_every_pattern_declares_a_policy_that_matches_the_oracle() -> None:
    problems = []
    endpoints = policy.oracle()["endpoints"]
    allauth_public = set(policy.oracle()["allauth_public"]["names"])
    seen = set()
    for route in policy.routes():
        kind = policy.family(route.name)
        view = f"{route.callback.__module__}.{getattr(route.callback, '__name__', route.callback)}"
        if kind == "allauth":
            login_required = getattr(route.callback, "login_required", True)
            if (route.name in allauth_public) == login_required:
                problems.append(f"{route.pattern} ({view}): allauth page public={not login_required}, oracle disagrees")
            continue
        if kind == "admin":
            continue
        declared = policy_of(route.callback)
        if declared is None:
            problems.append(f"{route.pattern} ({view}) declares no policy")
            continue
        if not route.name:
            problems.append(f"{route.pattern} ({view}) has no URL name")
            continue
        seen.add(route.name)
        expected = endpoints.get(route.name)
        if expected is None:
            problems.append(f"{route.name} ({view}) is missing from docs/access-policy.toml")
            continue
        if expected["policy"] != declared.name:
            problems.append(f"{route.name} ({view}) declares {declared.name!r}, oracle says {expected['policy']!r}")
        for role in policy.roles():
            if declared.allows(role) != policy.role_allowed(expected["roles"], role):
                problems.append(f"{route.name}: policy {declared.name!r} and oracle disagree about {role}")
        if declared.public != (route.name in PUBLIC_NAMES):
            problems.append(f"{route.name} is public={declared.public}; the public allow-list says otherwise")
    stale = set(endpoints) - seen
    if stale:
        problems.append(f"docs/access-policy.toml lists URL names that no longer exist: {sorted(stale)}")
    assert problems == []


def test_admin_patterns_are_all_in_the_admin_family() -> None:
    """Admin views handle their own permission (staff acting as system administrator, with MFA: see the accounts
    tests); the walk classifies them by their namespace."""
    admin_routes = [r for r in policy.routes() if r.pattern.startswith("manage-tandem")]
    assert admin_routes
    assert {policy.family(r.name) for r in admin_routes} == {"admin"}


def test_public_patterns_are_only_sign_in_pages_health_schema_and_statements() -> None:
    public = set()
    for route in policy.routes():
        declared = policy_of(route.callback)
        if (declared is not None and declared.public) or (
            policy.family(route.name) == "allauth" and not getattr(route.callback, "login_required", True)
        ):
            public.add(route.name)
    assert public == PUBLIC_NAMES | set(policy.oracle()["allauth_public"]["names"])


def test_every_declared_policy_is_registered_by_name() -> None:
    for route in policy.routes():
        declared = policy_of(route.callback)
        if declared is not None:
            assert ALL_POLICIES[declared.name] == declared


def test_access_policy_document_is_generated_from_the_oracle() -> None:
    assert DOC.read_text() == render()
    call_command("access_policy_doc", "--check")  # and the command CI documents agrees


def test_no_personal_identifiers_in_url_patterns() -> None:
    """URLs carry opaque UUIDs only: no names, dates of birth or NHS numbers; searches are POST."""
    for route in policy.routes():
        lowered = route.pattern.lower()
        for word in ("name", "dob", "birth", "nhs", "postcode"):
            assert word not in lowered.replace("url_name", ""), route.pattern
