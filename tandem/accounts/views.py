"""Choosing the acting role, the lockout page, and keeping a session (and any form posted after expiry) alive."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.accounts import actions
from tandem.accounts.forms import ActingRoleForm
from tandem.accounts.middleware import LAST_SEEN_KEY, PRESERVED_KEY
from tandem.accounts.policies import PUBLIC, Policy, register
from tandem.accounts.security import normalise_username
from tandem.audit import record
from tandem.audit.record import Actor

#: Choosing a role is open to any signed-in user, even before a role is chosen.
CHOOSING_ROLE = register(Policy(name="choosing-role", any_role=True, description="Any signed-in user"))


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _signed_in(view: Any) -> Any:
    """Any signed-in user, whether or not they have chosen a role yet (the middleware handles the rest)."""
    view.tandem_policy = CHOOSING_ROLE
    return view


@_signed_in
def acting_role(request: HttpRequest) -> HttpResponse:
    """Choose the membership to act in: at sign-in for a user with several, and from the header at any time."""
    memberships = list(getattr(request, "current_memberships", []))
    if not memberships:
        return render(request, "accounts/no_role.html", status=403)
    current = request.acting  # type: ignore[attr-defined]
    form = ActingRoleForm(
        request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial={"membership": current.pk} if current is not None else None,
    )
    if form.is_bound and form.is_valid():
        chosen = next(m for m in memberships if m.pk == form.cleaned_data["membership"])
        actions.choose_acting_role(chosen, by=request)
        if current is not None and current.pk != chosen.pk:
            messages.success(request, f"You are now acting as {chosen.label}")
        return HttpResponseRedirect(_safe_next(request))
    return render(
        request, "accounts/acting_role.html", {"form": form, "memberships": memberships, "next": _safe_next(request)}
    )


@_signed_in
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in": this request counts as activity, so the idle clock restarts.

    Any signed-in user, role chosen or not: the warning shows on the role chooser and the MFA set-up pages too.
    """
    request.session[LAST_SEEN_KEY] = time.time()
    return JsonResponse({"signed_in": True, "idle_remaining": int(settings.TANDEM_IDLE_TIMEOUT.total_seconds())})


@_signed_in
def session_restore(request: HttpRequest) -> HttpResponse:
    """Give back a form that was posted after the session expired, for the same user to send again."""
    preserved = request.session.pop(PRESERVED_KEY, None)
    if (
        not preserved
        or preserved.get("user") != request.user.pk
        or time.time() - float(preserved.get("saved_at", 0)) > settings.TANDEM_ABSOLUTE_SESSION.total_seconds()
        or not str(preserved.get("path", "")).startswith("/")
    ):
        return redirect("home")
    return render(request, "accounts/session_restore.html", {"preserved": preserved})


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    """django-axes calls this when a username is locked: a GOV.UK 429 page, and a security event.

    The event is written at once (not with the request's other events) because axes answers after the request's
    audit context has closed.
    """
    credentials = credentials or {}
    username = normalise_username(
        credentials.get("login") or credentials.get("username") or request.POST.get("login", "")
    )
    record.security_event(Actor.of(request), "signin.locked_out", detail={"username": username})
    response = render(request, "429.html", status=429)
    response["Cache-Control"] = "no-store"
    return response


locked_out.tandem_policy = PUBLIC  # type: ignore[attr-defined]
