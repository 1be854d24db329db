"""Security events from sign-in, recorded in the audit trail (infrastructure, not domain flow).

Django, allauth and django-axes announce sign-in outcomes through signals; these receivers turn each into a
`security` audit event so that every failure, lockout and sign-in can be accounted for. They are connected in
`AccountsConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.audit import record
from tandem.audit.record import Actor

#: The longest username kept in an event (the same as the User model's field).
_MAX_USERNAME = 150


def normalise_username(value: object) -> str:
    """Usernames sign in case-insensitively, so lockout counts them case-insensitively too."""
    return str(value or "").strip().lower()[:_MAX_USERNAME]


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username being tried, from allauth's credentials or the posted form.

    allauth passes `username=` to `authenticate`, not the form field name, so without this axes records None and
    cannot lock per username (deps.md finding 12).
    """
    credentials = credentials or {}
    value = credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("login") or data.get("username")
    username = normalise_username(value)
    return username or None


def _actor(request: HttpRequest | None, user: Any = None) -> Any:
    if request is not None:
        return request
    if user is not None:
        return Actor(user_id=user.pk, username=user.get_username())
    return Actor.system("sign-in")


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = normalise_username(credentials.get("login") or credentials.get("username"))
    record.security_event(_actor(request), "signin.failed", detail={"username": username})


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # django.contrib.auth.login sets request.user before sending the signal, so the request names the user.
    record.security_event(_actor(request, user), "signin.succeeded")


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or user is None:
        return
    record.security_event(request, "signin.signed_out", detail={"username": user.get_username()})


def on_mfa_failed(
    sender: Any, request: HttpRequest | None, user: Any, reauthentication: bool = False, **kwargs: Any
) -> None:
    verb = "signin.reauthentication_failed" if reauthentication else "signin.mfa_failed"
    record.security_event(_actor(request, user), verb, detail={"username": user.get_username()})


def connect() -> None:
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth import signals as auth_signals

    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="tandem.signin.failed")
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid="tandem.signin.succeeded")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid="tandem.signin.signed_out")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid="tandem.signin.mfa_failed")
