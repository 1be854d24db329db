"""Demo mode never runs against a live system."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production(what: str) -> None:
    if settings.PRODUCTION:
        raise CommandError(
            f"{what} refuses to run when DJANGO_ENV=production: demo data and demo accounts must never reach "
            "a live system"
        )
