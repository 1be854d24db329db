"""The meetings app's role policies (the first gate; `tandem.meetings.access` decides about each record)."""

from __future__ import annotations

from tandem.accounts import roles
from tandem.accounts.policies import Policy, register

MANAGER = register(
    Policy(
        name="manager",
        roles=frozenset(str(r) for r in roles.MANAGERS),
        description="Front-door managers and team managers (the view of today, convening strategy discussions)",
    )
)
