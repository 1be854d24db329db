"""The request type views see after Tandem's middleware has run (for type checking)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from tandem.accounts.models import Membership, User
    from tandem.audit.record import RequestAudit


class TandemRequest(HttpRequest):
    acting: Membership | None
    current_memberships: list[Membership]
    tandem_audit: RequestAudit
    htmx: HtmxDetails
    user: User


class ActingRequest(TandemRequest):
    """A request whose view has passed a role policy, so `acting` is set."""

    acting: Membership
