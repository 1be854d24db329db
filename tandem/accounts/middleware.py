"""Session lifetime, the acting membership, and the MFA requirement, applied to every page request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from tandem.accounts.models import Membership

ACTING_KEY = "tandem_acting_membership"
STARTED_KEY = "tandem_session_started"
LAST_SEEN_KEY = "tandem_last_seen"
EXPIRED_USER_KEY = "tandem_expired_user"
PRESERVED_KEY = "tandem_preserved_post"

# Pages a signed-in user may reach before choosing a role or setting up MFA.
ACCOUNT_PAGES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_change_password",
        "account_inactive",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "session_keep_alive",
        "session_restore",
    }
)
MFA_EXEMPT = ACCOUNT_PAGES
ROLE_CHOICE_PAGES = ACCOUNT_PAGES | {"acting_role"}
NEVER_PRESERVED = frozenset({"csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code"})


def _is_api_view(view_func: Any) -> bool:
    return getattr(view_func, "cls", None) is not None


def _url_name(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


class SessionLifetimeMiddleware:
    """Sign out after 15 idle minutes or 10 hours, whichever comes first, keeping any form the user was posting."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/api/", settings.STATIC_URL)):
            return self.get_response(request)
        now = time.time()
        session = request.session
        expired_user: int | None = None
        if request.user.is_authenticated:
            started = session.get(STARTED_KEY)
            last_seen = session.get(LAST_SEEN_KEY)
            if started is None or last_seen is None:
                session[STARTED_KEY] = session[LAST_SEEN_KEY] = now
            elif (
                now - last_seen > settings.TANDEM_IDLE_TIMEOUT.total_seconds()
                or now - started > settings.TANDEM_ABSOLUTE_SESSION.total_seconds()
            ):
                expired_user = request.user.pk
                from tandem.audit import record

                record.security_event(request, "session.expired", detail={"idle_seconds": int(now - last_seen)})
                logout(request)
                request.session[EXPIRED_USER_KEY] = expired_user
            elif now - last_seen > 15:
                session[LAST_SEEN_KEY] = now
        else:
            expired_user = session.get(EXPIRED_USER_KEY)

        if expired_user is not None and not request.user.is_authenticated:
            return self._signed_out(request, expired_user) or self.get_response(request)
        return self.get_response(request)

    def _signed_out(self, request: HttpRequest, expired_user: int) -> HttpResponse | None:
        if request.path.startswith(("/accounts/", "/healthz")):
            return None
        if getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=401)
            response["HX-Redirect"] = reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
            return response
        login = reverse("account_login")
        if request.method == "POST":
            request.session[PRESERVED_KEY] = {
                "path": request.path,
                "user": expired_user,
                "data": [(k, v) for k, values in request.POST.lists() if k not in NEVER_PRESERVED for v in values],
                "saved_at": time.time(),
            }
            return HttpResponseRedirect(login + "?" + urlencode({"next": reverse("session_restore")}))
        return None


class ActingMembershipMiddleware:
    """Set `request.acting`: the membership the user acts in. Memberships past their end date grant nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.acting = None  # type: ignore[attr-defined]
        request.current_memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated and not request.path.startswith(("/api/", settings.STATIC_URL)):
            current = list(
                Membership.objects.current().filter(user=request.user).select_related("agency", "team", "user")
            )
            request.current_memberships = current  # type: ignore[attr-defined]
            chosen = request.session.get(ACTING_KEY)
            acting = next((m for m in current if m.pk == chosen), None)
            if acting is None and len(current) == 1:
                acting = current[0]
                request.session[ACTING_KEY] = acting.pk
            elif acting is None and chosen is not None:
                request.session.pop(ACTING_KEY, None)
            request.acting = acting  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not request.user.is_authenticated or _is_api_view(view_func) or request.acting is not None:  # type: ignore[attr-defined]
            return None
        if not getattr(view_func, "login_required", True) or _url_name(request) in ROLE_CHOICE_PAGES:
            return None
        if request.current_memberships:  # type: ignore[attr-defined]
            chooser = reverse("accounts:acting_role")
            return HttpResponseRedirect(chooser + "?" + urlencode({"next": request.get_full_path()}))
        return render(request, "accounts/no_role.html", status=403)


class RequireMFAMiddleware:
    """Send signed-in users without an authenticator app to set one up. Demo accounts are exempt outside the admin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or _is_api_view(view_func) or not getattr(view_func, "login_required", True):
            return None
        if _url_name(request) in MFA_EXEMPT:
            return None
        is_admin_site = request.resolver_match is not None and request.resolver_match.app_name == "admin"
        if getattr(user, "is_demo_account", False) and not is_admin_site:
            return None
        if has_totp(request):
            return None
        return HttpResponseRedirect(reverse("mfa_activate_totp"))


def has_totp(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    if request.session.get("tandem_mfa_enrolled") == request.user.pk:
        return True
    enrolled = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    if enrolled:
        request.session["tandem_mfa_enrolled"] = request.user.pk
    return enrolled
