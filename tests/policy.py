"""Reading the access-policy oracle (docs/access-policy.toml) for tests. Independent of tandem.people.access."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ORACLE = Path(__file__).resolve().parent.parent / "docs" / "access-policy.toml"


@cache
def oracle() -> dict[str, Any]:
    return tomllib.loads(ORACLE.read_text())


def role_flags(role: str) -> dict[str, bool]:
    flags: dict[str, bool] = oracle()["roles"][role]
    return flags


def roles() -> list[str]:
    return list(oracle()["roles"])


def role_allowed(expression: str, role: str | None) -> bool:
    """Whether `role` passes an endpoint's `roles` expression (None = anonymous)."""
    if expression == "public":
        return True
    if role is None:
        return False
    if expression in {"any", "choosing-role"}:
        return True
    if expression == "administrator":
        return role == "system-administrator"
    if expression == "analyst":
        return role in {"performance-analyst", "partnership-manager", "inspector"}
    return bool(role_flags(role).get(expression, False))


def relationship_usable(relationship: str, role: str) -> bool:
    who = oracle()["relationships"][relationship]["who"]
    return who == "any" or bool(role_flags(role).get(who, False))


def sections_opened(relationship: str) -> str | list[str]:
    sections: str | list[str] = oracle()["relationships"][relationship]["sections"]
    return sections


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    callback: Any


def routes() -> Iterator[Route]:
    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name or ''}" if namespace else (entry.name or "")
                yield Route(prefix + str(entry.pattern), name, entry.callback)

    yield from walk(get_resolver(), "", "")


def family(name: str) -> str | None:
    for prefix, kind in oracle()["prefixes"].items():
        if name.startswith(prefix):
            return str(kind)
    return None
