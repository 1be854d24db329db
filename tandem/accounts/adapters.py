"""allauth adapters: sign-up closed, GOV.UK-style error messages, and the MFA rules."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils import timezone

#: allauth pages that a user setting up their first authenticator app passes through, straight after signing in.
FIRST_SET_UP_PAGES = frozenset({"mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes"})

#: The messages people see, in GOV.UK style: say what to do, no "please", no full stop.
ACCOUNT_ERRORS = {
    "account_inactive": "Your account has been disabled",
    "enter_current_password": "Enter your current password",
    "incorrect_code": "Enter a correct code",
    "incorrect_password": "Enter your correct password",
    "invalid_login": "Enter a correct username and password",
    "username_password_mismatch": "Enter a correct username and password",
    "email_password_mismatch": "Enter a correct username and password",
    "too_many_login_attempts": "You have tried to sign in too many times. Wait a few minutes and try again",
    "rate_limited": "You have sent too many requests. Wait a few minutes and try again",
    "same_as_current": "Enter a new password that is different from your current one",
}

MFA_ERRORS = {
    "incorrect_code": "Enter a correct code from your authenticator app",
    "cannot_delete_authenticator": "You cannot remove your authenticator app: Tandem needs it to keep information safe",
    "cannot_generate_recovery_codes": "Set up your authenticator app before you make recovery codes",
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ACCOUNT_ERRORS}

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from administrators and seed_demo only."""
        return False

    def add_message(self, *args: Any, **kwargs: Any) -> None:
        """allauth's chatty messages ("You have signed in as…") are not shown; pages say what matters."""

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up a first authenticator app straight after signing in does not ask for the password again.

        Tandem sends every new user to set up the app the moment they sign in; asking for the password they typed
        seconds earlier helps nobody. So within ACCOUNT_REAUTHENTICATION_TIMEOUT of signing in with a password, a
        user may set up their first app and then see the recovery codes it came with. Anything else (removing the
        app, new recovery codes, or any of this later on) still asks.
        """
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        request = context.request
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or not user.is_authenticated or match is None or match.url_name not in FIRST_SET_UP_PAGES:
            return required
        window = account_settings.REAUTHENTICATION_TIMEOUT
        records = get_authentication_records(request, user)
        signed_in_at = max((float(r.get("at", 0)) for r in records if r.get("method") == "password"), default=0.0)
        if time.time() - signed_in_at >= window:
            return required
        existing = list(Authenticator.objects.filter(user_id=user.pk).values_list("type", "created_at"))
        if not existing:
            return False
        set_up_at = (
            max(created for kind, created in existing if kind == Authenticator.Type.TOTP)
            if any(kind == Authenticator.Type.TOTP for kind, _ in existing)
            else None
        )
        return set_up_at is None or (timezone.now() - set_up_at).total_seconds() >= window


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, **MFA_ERRORS}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """MFA is required for every account but demo ones, so the authenticator app cannot be removed."""
        if authenticator.type == Authenticator.Type.TOTP:
            return bool(getattr(authenticator.user, "is_demo_account", False))
        return True

    def get_totp_issuer(self) -> str:
        return "Tandem"

    def get_totp_label(self, user: Any) -> str:
        """The account name shown in the authenticator app: the username (email addresses are not used)."""
        return str(user.get_username())
