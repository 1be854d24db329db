from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from administrators and seed_demo only."""
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url: str = super().get_login_redirect_url(request)
        return url

    def add_message(self, *args: Any, **kwargs: Any) -> None:
        """allauth's chatty messages ("You have signed in as…") are not shown; pages say what matters."""


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """MFA is required for every account but demo ones, so the authenticator app cannot be removed."""
        if authenticator.type == Authenticator.Type.TOTP:
            return bool(getattr(authenticator.user, "is_demo_account", False))
        return True

    def get_totp_issuer(self) -> str:
        return "Tandem"
