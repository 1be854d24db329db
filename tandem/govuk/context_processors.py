"""What every page needs to draw the shell: the acting role, role switching, session timings and a CSP nonce."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "acting": getattr(request, "acting", None) if authenticated else None,
        "can_switch_role": authenticated and len(getattr(request, "current_memberships", ()) or ()) > 1,
        "idle_timeout_seconds": int(settings.TANDEM_IDLE_TIMEOUT.total_seconds()),
        "idle_warning_seconds": int(settings.TANDEM_IDLE_WARNING.total_seconds()),
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "signed_in": authenticated,
    }
