"""Choosing the acting role, the lockout page, and keeping a session (and any form posted after expiry) alive."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.accounts import actions
from tandem.accounts.forms import ActingRoleForm
from tandem.accounts.middleware import ACTING_KEY, PRESERVED_KEY
from tandem.accounts.policies import PUBLIC, SIGNED_IN, Policy, register, requires
from tandem.audit import record

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
    memberships = list(getattr(request, "current_memberships", []))
    if not memberships:
        return render(request, "accounts/no_role.html", status=403)
    form = ActingRoleForm(request.POST or None, memberships=memberships)
    if request.acting is not None and not form.is_bound:  # type: ignore[attr-defined]
        form.initial["membership"] = request.acting.pk  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        chosen = next(m for m in memberships if m.pk == form.cleaned_data["membership"])
        previous = request.acting  # type: ignore[attr-defined]
        request.session[ACTING_KEY] = chosen.pk
        request.acting = chosen  # type: ignore[attr-defined]
        actions.record_role_chosen(request, chosen=chosen, previous=previous)
        if previous is not None and previous.pk != chosen.pk:
            messages.success(request, f"You are now acting as {chosen.label}")
        return HttpResponseRedirect(_safe_next(request))
    return render(request, "accounts/acting_role.html", {"form": form, "next": _safe_next(request)})


@requires(SIGNED_IN)
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """Touching the session is enough: SessionLifetimeMiddleware has already recorded this request."""
    return JsonResponse({"signed_in": True})


@_signed_in
def session_restore(request: HttpRequest) -> HttpResponse:
    """Give back a form that was posted after the session expired, for the same user to send again."""
    preserved = request.session.pop(PRESERVED_KEY, None)
    if not preserved or preserved.get("user") != request.user.pk:
        return redirect("home")
    return render(request, "accounts/session_restore.html", {"preserved": preserved})


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when a username is locked: a GOV.UK 429 page, and a security event."""
    username = (credentials or {}).get("login") or (credentials or {}).get("username") or request.POST.get("login", "")
    record.security_event(request, "signin.locked_out", detail={"username": str(username)[:150]})
    return render(request, "429.html", status=429)


locked_out.tandem_policy = PUBLIC  # type: ignore[attr-defined]
