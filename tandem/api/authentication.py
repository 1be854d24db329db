"""`Authorization: Bearer <token>`: hashed, expiring, revocable tokens, each acting as one membership."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tandem.accounts.models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        token = token.strip()
        if not token or " " in token:
            raise exceptions.AuthenticationFailed("The Authorization header must be: Bearer <token>")
        record = (
            ApiToken.objects.usable()
            .select_related("membership__user", "membership__agency", "membership__team")
            .filter(digest=ApiToken.digest_of(token))
            .first()
        )
        if record is None:
            raise exceptions.AuthenticationFailed("The token is not valid, has expired or has been revoked")
        membership = record.membership
        if not membership.user.is_active or not membership.is_current():
            raise exceptions.AuthenticationFailed("The token's account or role is no longer current")
        if (
            not membership.user.is_demo_account
            and not Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.TOTP).exists()
        ):
            raise exceptions.AuthenticationFailed("The token's account has not set up multi-factor authentication")
        now = timezone.now()
        if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request._request.acting = membership  # type: ignore[attr-defined]  # the membership the token acts in, for access and audit
        request._request.user = membership.user
        return membership.user, record

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="tandem"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tandem.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A token from `manage.py create_api_token`"}
