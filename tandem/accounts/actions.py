"""Writes about accounts: role choice, joiners, movers and leavers. Each is audited inside its transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.middleware import ACTING_KEY
from tandem.accounts.models import Agency, ApiToken, Membership, Team, User
from tandem.audit import record


def choose_acting_role(membership: Membership, *, by: HttpRequest) -> Membership:
    """Act in `membership` from now on in this session; what the user does next is recorded against it.

    The actor is the signed-in request, whose session holds the choice.
    """
    request = by
    if membership.user_id != request.user.pk or not membership.is_current():
        raise ValueError("A user can only act in one of their own current memberships")
    with transaction.atomic():
        previous = getattr(request, "acting", None)
        request.session[ACTING_KEY] = membership.pk
        request.acting = membership  # type: ignore[attr-defined]
        record.change(
            request,
            "account.role_chosen",
            obj=membership,
            detail={"previous": previous.pk if previous is not None else None, "role": membership.role},
        )
    return membership


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


def reset_authenticator(user: User, *, by: object) -> int:
    """A lost phone: remove the user's authenticator app and recovery codes; they set it up at their next sign-in."""
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        removed, _ = Authenticator.objects.filter(user=user).delete()
        ended = end_sessions(user)
        record.change(by, "account.authenticator_reset", obj=user, detail={"removed": removed, "sessions_ended": ended})
    return removed
