"""The people app's role policies (the first gate; `tandem.people.access` decides about each record)."""

from __future__ import annotations

from tandem.accounts.policies import Policy, register
from tandem.people.access import IDENTITY_REVIEWERS

IDENTITY_REVIEW = register(
    Policy(
        name="identity-review",
        roles=frozenset(str(r) for r in IDENTITY_REVIEWERS),
        description="Roles that decide whether two records are the same person: front-door practitioners and "
        "managers, team managers",
    )
)
