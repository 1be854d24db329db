"""The service navigation under the header: the places the acting role may go, each shown only if its page's
declared policy lets the role in (so the menu can never offer a page that would refuse)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

from tandem.accounts.policies import policy_of

#: (URL name, label) in menu order.
ITEMS: list[tuple[str, str]] = [
    ("home", "Home"),
    ("frontdoor:queue", "Front door queue"),
    ("meetings:today", "Today"),
    ("frontdoor:contact_new", "Tell us about a child"),
    ("frontdoor:my_contacts", "Your contacts"),
    ("people:person_search", "Find a person"),
    ("people:review_queue", "Possible duplicates"),
    ("governance:review_queue", "Emergency access"),
    ("governance:find_person", "Who looked at a record"),
    ("governance:denials", "Refused attempts"),
    ("admin:index", "Administration"),
]


def _allowed(url_name: str, role: str) -> str | None:
    try:
        href = reverse(url_name)
    except NoReverseMatch:
        return None
    if url_name.startswith("admin:"):
        return href if role == "system-administrator" else None
    policy = policy_of(resolve(href).func)
    return href if policy is not None and policy.allows(role) else None


def items(request: HttpRequest) -> dict[str, Any]:
    acting = getattr(request, "acting", None)
    if acting is None:
        return {"nav_items": []}
    nav = []
    for url_name, label in ITEMS:
        href = _allowed(url_name, acting.role)
        if href is None:
            continue
        active = request.path == href if href == "/" else request.path.startswith(href)
        nav.append({"href": href, "text": label, "active": active})
    return {"nav_items": nav if len(nav) > 1 else []}
