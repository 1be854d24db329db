from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.accounts.models import ApiToken, Membership


def bearer(membership: Membership, *, days: int = 1) -> str:
    """An Authorization header value with a fresh token acting as `membership`."""
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        membership=membership,
        digest=ApiToken.digest_of(secret),
        hint=secret[:10],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return f"Bearer {secret}"
