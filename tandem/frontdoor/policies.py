"""The front door's role policies (the first gate; `tandem.frontdoor.access` decides about each contact)."""

from __future__ import annotations

from tandem.accounts.policies import Policy, register
from tandem.accounts.roles import Role

FRONT_DOOR_TEAM = register(
    Policy(
        name="front-door-team",
        roles=frozenset({Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER}),
        description="Front-door practitioners and managers",
    )
)
FRONT_DOOR_MANAGER = register(
    Policy(
        name="front-door-manager",
        roles=frozenset({Role.FRONT_DOOR_MANAGER}),
        description="Front-door managers (RAG ratings and threshold decisions)",
    )
)
