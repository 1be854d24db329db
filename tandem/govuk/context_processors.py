"""What every page needs to draw the shell: the acting role, role switching, session timings, messages, a CSP nonce."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "acting": getattr(request, "acting", None) if authenticated else None,
        "can_switch_role": authenticated and len(getattr(request, "current_memberships", ()) or ()) > 1,
        "idle_timeout_seconds": int(settings.TANDEM_IDLE_TIMEOUT.total_seconds()),
        "idle_warning_seconds": int(settings.TANDEM_IDLE_WARNING.total_seconds()),
        "idle_remaining_seconds": getattr(
            request, "tandem_idle_remaining", int(settings.TANDEM_IDLE_TIMEOUT.total_seconds())
        ),
        # django-csp's nonce is lazy and falsy until read: read it, so the header and the page carry the same one.
        "csp_nonce": str(nonce) if (nonce := getattr(request, "csp_nonce", None)) is not None else "",
        "signed_in": authenticated,
        "messages": get_messages(request) if hasattr(request, "_messages") else (),
        # Set by tandem.accounts.middleware.SessionLifetimeMiddleware, for the sign-in page to explain itself.
        "session_expired": not authenticated and getattr(request, "tandem_session_expired", False),
        "form_kept": not authenticated and getattr(request, "tandem_form_kept", False),
    }
