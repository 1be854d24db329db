"""Writes about accounts: role choice, joiners, movers and leavers. Each is audited inside its transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import Agency, ApiToken, Membership, Team, User
from tandem.audit import record


def record_role_chosen(request: HttpRequest, *, chosen: Membership, previous: Membership | None) -> None:
    record.change(
        request,
        "account.role_chosen",
        obj=chosen,
        detail={"membership": chosen.pk, "previous": previous.pk if previous else None, "role": chosen.role},
    )


def add_membership(
    user: User,
    *,
    agency: Agency,
    role: str,
    team: Team | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    by: object,
) -> Membership:
    with transaction.atomic():
        membership = Membership(
            user=user, agency=agency, team=team, role=role, starts_on=starts_on or timezone.localdate(), ends_on=ends_on
        )
        membership.full_clean()
        membership.save()
        record.change(
            by, "membership.added", obj=membership, detail={"user": user.pk, "role": role, "agency": agency.pk}
        )
    return membership


def end_membership(membership: Membership, *, on: dt.date, by: object) -> Membership:
    """A mover or leaver: the membership grants nothing after `on` (from the next request on)."""
    with transaction.atomic():
        membership.ends_on = on
        membership.full_clean()
        membership.save(update_fields=["ends_on"])
        record.change(by, "membership.ended", obj=membership, detail={"ends_on": on.isoformat()})
    return membership


def end_sessions(user: User) -> int:
    """Delete every live session belonging to `user`; returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def disable_user(user: User, *, by: object) -> int:
    """A leaver: the account cannot sign in, and all its sessions end at once."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        revoked = ApiToken.objects.filter(membership__user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record.change(by, "account.disabled", obj=user, detail={"sessions_ended": ended, "api_tokens_revoked": revoked})
    return ended
