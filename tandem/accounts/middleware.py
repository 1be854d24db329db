"""Session lifetime, the MFA requirement and the acting membership, applied to every page request.

Order in settings.MIDDLEWARE: `SessionLifetimeMiddleware` straight after authentication (an expired session is
signed out before anything else looks at the user), then `RequireMFAMiddleware` before
`ActingMembershipMiddleware`, so that a user without an authenticator app sets one up before choosing a role.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse

from tandem.accounts.models import Membership
from tandem.accounts.roles import Role

ACTING_KEY = "tandem_acting_membership"
STARTED_KEY = "tandem_session_started"
LAST_SEEN_KEY = "tandem_last_seen"
EXPIRED_USER_KEY = "tandem_expired_user"
PRESERVED_KEY = "tandem_preserved_post"
MFA_ENROLLED_KEY = "tandem_mfa_enrolled"

# Pages a signed-in user may reach before setting up MFA: signing out, and setting up the authenticator app
# (allauth asks for the password again first).
MFA_EXEMPT = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "session_keep_alive",
        "session_restore",
    }
)
# Pages a signed-in user may reach before choosing a role: the above, and their own sign-in security. Not the
# kept-form page: the form is sent on in a role, so a user with several chooses first.
ROLE_CHOICE_PAGES = (MFA_EXEMPT - {"session_restore"}) | {
    "accounts:acting_role",
    "account_change_password",
    "mfa_deactivate_totp",
}
# Fields never kept when a form is posted after the session expired.
NEVER_PRESERVED = frozenset({"csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code"})


def _is_api_view(view_func: Any) -> bool:
    return getattr(view_func, "cls", None) is not None


def _url_name(request: HttpRequest) -> str:
    """The resolved URL's full name, with its namespace ("accounts:acting_role")."""
    match = request.resolver_match
    return str(match.view_name) if match is not None and match.url_name else ""


def _is_admin_site(request: HttpRequest) -> bool:
    return request.resolver_match is not None and request.resolver_match.app_name == "admin"


def _bypasses_pages(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", settings.STATIC_URL))


def login_url(next_url: str) -> str:
    return reverse("account_login") + "?" + urlencode({"next": next_url})


class SessionLifetimeMiddleware:
    """Sign out after 15 idle minutes or 10 hours, whichever comes first, keeping any form the user was posting.

    The times are settings (TANDEM_IDLE_TIMEOUT, TANDEM_ABSOLUTE_SESSION). Each request by a signed-in user
    counts as activity; the timeout warning's "Stay signed in" posts to `session_keep_alive`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _bypasses_pages(request):
            return self.get_response(request)
        now = time.time()
        session = request.session
        if request.user.is_authenticated:
            started = session.get(STARTED_KEY)
            last_seen = session.get(LAST_SEEN_KEY)
            idle = settings.TANDEM_IDLE_TIMEOUT.total_seconds()
            if started is None or last_seen is None:
                session[STARTED_KEY] = session[LAST_SEEN_KEY] = now
            elif now - last_seen > idle or now - started > settings.TANDEM_ABSOLUTE_SESSION.total_seconds():
                self._expire(request, reason="idle" if now - last_seen > idle else "absolute", now=now)
            elif now - last_seen > min(15.0, idle / 10):
                # Writing the session on every request would be wasteful; a few seconds' slack is harmless.
                session[LAST_SEEN_KEY] = now
            if request.user.is_authenticated:
                # The page's timeout warning counts down from what the server will actually allow.
                request.tandem_idle_remaining = max(0, int(idle - (now - session[LAST_SEEN_KEY])))  # type: ignore[attr-defined]
        if not request.user.is_authenticated and session.get(EXPIRED_USER_KEY) is not None:
            response = self._signed_out(request, session[EXPIRED_USER_KEY])
            if response is not None:
                return response
            request.tandem_session_expired = True  # type: ignore[attr-defined]
            request.tandem_form_kept = PRESERVED_KEY in session  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.user.is_authenticated and STARTED_KEY not in request.session:
            # Signed in during this request: both clocks start now.
            request.session[STARTED_KEY] = request.session[LAST_SEEN_KEY] = now
        return response

    def _expire(self, request: HttpRequest, *, reason: str, now: float) -> None:
        from tandem.audit import record

        user_id = request.user.pk
        record.security_event(
            request,
            "session.expired",
            detail={
                "reason": reason,
                "idle_seconds": int(now - request.session[LAST_SEEN_KEY]),
                "session_seconds": int(now - request.session[STARTED_KEY]),
            },
        )
        logout(request)
        request.session[EXPIRED_USER_KEY] = user_id

    def _signed_out(self, request: HttpRequest, expired_user: int) -> HttpResponse | None:
        """What a request made after the session expired gets, when the usual redirect to sign in is not enough."""
        if request.path == reverse("session_keep_alive"):
            return JsonResponse({"signed_in": False}, status=401)
        if request.path.startswith(("/accounts/", "/healthz")):
            return None
        if getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=401)
            response["HX-Redirect"] = login_url(request.get_full_path())
            return response
        if request.method == "POST":
            if not self._csrf_ok(request):
                return None  # CsrfViewMiddleware refuses it as usual
            request.session[PRESERVED_KEY] = {
                "path": request.path,
                "user": expired_user,
                "data": [(k, v) for k, values in request.POST.lists() if k not in NEVER_PRESERVED for v in values],
                "saved_at": time.time(),
            }
            return HttpResponseRedirect(login_url(reverse("session_restore")))
        return None

    @staticmethod
    def _csrf_ok(request: HttpRequest) -> bool:
        """Keep a form only if it was a genuine post from this browser (the CSRF check has not run yet)."""
        checker = CsrfViewMiddleware(lambda r: HttpResponse())
        checker.process_request(request)
        refused = checker.process_view(request, lambda r: HttpResponse(), (), {})
        return refused is None


class RequireMFAMiddleware:
    """Send signed-in users without an authenticator app to set one up. Demo accounts are exempt outside the admin.

    The Django admin asks more: the session itself must have been confirmed with the authenticator app (at sign-in
    or by confirming it again), for every account including demo ones.
    """

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
        acting = getattr(request, "acting", None)
        if _is_admin_site(request) and acting is not None and acting.role == Role.SYSTEM_ADMINISTRATOR:
            if not has_totp(request):
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            if not session_used_mfa(request):
                return HttpResponseRedirect(
                    reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
                )
            return None
        if getattr(user, "is_demo_account", False) or has_totp(request):
            return None
        return HttpResponseRedirect(reverse("mfa_activate_totp"))


def has_totp(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    if request.session.get(MFA_ENROLLED_KEY) == request.user.pk:
        return True
    enrolled = Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.TOTP).exists()
    if enrolled:
        request.session[MFA_ENROLLED_KEY] = request.user.pk
    return enrolled


def session_used_mfa(request: HttpRequest) -> bool:
    """Whether this session was confirmed with the authenticator app or a recovery code."""
    from allauth.account.authentication import get_authentication_records

    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


class ActingMembershipMiddleware:
    """Set `request.acting`: the membership the user acts in. Memberships past their end date grant nothing.

    A user with one current membership acts in it; a user with several chooses (at sign-in, and from the header);
    a user with none sees the "no current role" page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.acting = None  # type: ignore[attr-defined]
        request.current_memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated and not _bypasses_pages(request):
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
