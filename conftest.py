"""Project-wide test fixtures: users in each role, signed-in clients, and page checks on every HTML response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from tandem.accounts.middleware import ACTING_KEY
from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import member
from tandem.govuk import pagecheck

_original_request = Client.request


def _checked_request(self: Client, **request: Any) -> Any:
    response = _original_request(self, **request)
    content_type = response.get("Content-Type", "")
    if (
        getattr(self, "page_checks", True)
        and not str(request.get("PATH_INFO", "")).startswith("/" + settings.ADMIN_URL_PATH)  # Django's own admin UI
        and content_type.startswith("text/html")
        and not getattr(response, "streaming", False)
        and b"<html" in response.content[:500]
    ):
        found = pagecheck.problems(response.content.decode())
        assert not found, f"Page checks failed for {request.get('PATH_INFO')}: {found}"
    return response


@pytest.fixture(autouse=True)
def page_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Client, "request", _checked_request)


@pytest.fixture(autouse=True)
def _locmem_cache(settings: Any) -> None:
    """A fresh in-memory cache for each test: allauth keeps its sign-in rate limits (per address) there, and
    locmem caches outlive a settings change, so without clearing one test's failures would count in the next."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _lazy_static_files(settings: Any) -> None:
    """WhiteNoise scans every static file when a handler starts, which each test Client does (about 0.2 s). With
    autorefresh it finds files on request instead; URLs still come from the manifest storage production uses."""
    settings.WHITENOISE_AUTOREFRESH = True
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tandem.accounts.tests.hashers.FastArgon2PasswordHasher"]


def signed_in_client(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    session[ACTING_KEY] = membership.pk
    session.save()
    return client


@pytest.fixture
def client_for(db: None) -> Callable[..., Client]:
    """`client_for("social-worker")` or `client_for(membership)`: a signed-in client acting in that membership."""

    def make(role_or_membership: str | Membership, **kwargs: Any) -> Client:
        membership = (
            role_or_membership if isinstance(role_or_membership, Membership) else member(role_or_membership, **kwargs)
        )
        return signed_in_client(membership)

    return make


@pytest.fixture
def membership_for(db: None) -> Callable[..., Membership]:
    return member
