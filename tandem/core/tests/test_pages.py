"""Service-wide pages: health check, the public statements, error pages in the shell, and the page furniture."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def test_health_check_answers_without_signing_in() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/accessibility", "Accessibility statement for Tandem"), ("/privacy", "Privacy notice")],
)
def test_the_statements_are_public_and_linked_from_every_footer(path: str, heading: str) -> None:
    response = Client().get(path)

    statement = page(response)
    assert response.status_code == 200
    assert statement.h1 == heading
    assert [a["href"] for a in statement.all("footer a")] == ["/accessibility", "/privacy"]
    assert statement.maybe(".tandem-marking") is None


def test_a_missing_page_is_a_gov_uk_404_for_anyone() -> None:
    response = Client().get("/no-such-page")

    assert response.status_code == 404
    assert page(response).h1 == "Page not found"


def test_a_missing_page_for_a_signed_in_user_keeps_the_acting_bar(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").get("/no-such-page")

    assert response.status_code == 404
    assert page(response).text(".tandem-acting-bar").startswith("Acting as Social worker")


@pytest.mark.urls("tandem.core.tests.urls")
def test_a_refusal_is_a_gov_uk_403() -> None:
    response = Client().get("/test-errors/refuse")

    assert response.status_code == 403
    assert page(response).h1 == "You do not have permission to see this page"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("tandem.core.tests.urls")
def test_a_failure_is_a_gov_uk_500() -> None:
    response = Client(raise_request_exception=False).get("/test-errors/fail")

    assert response.status_code == 500
    assert page(response).h1 == "Sorry, there is a problem with Tandem"


def test_pages_use_the_generic_header_and_no_gov_uk_branding() -> None:
    response = Client().get("/accessibility")

    shown = page(response)
    assert shown.text(".govuk-generic-header__homepage-link") == "Tandem"
    assert shown.maybe(".govuk-header__logotype, .govuk-footer__crown, .govuk-footer__copyright-logo") is None
    assert not shown.has_text("Crown copyright")
    assert shown.attr("html", "lang") == "en"


def test_assets_come_from_this_server_and_the_inline_script_carries_the_csp_nonce() -> None:
    response = Client().get("/accessibility")

    shown = page(response)
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    inline = [s for s in shown.all("script") if not s.get("src")]
    assert [s.get("nonce") for s in inline] == [nonce.group(1)]
    external = [str(s["src"]) for s in shown.all("script[src]")] + [
        str(link["href"]) for link in shown.all("link[rel=stylesheet]")
    ]
    assert external
    assert all(src.startswith("/static/") for src in external)
    assert "script-src 'self' 'nonce-" in policy


def test_official_sensitive_marking_shows_only_where_the_page_says_so(client_for: Callable[..., Client]) -> None:
    marked = client_for("social-worker").get("/")
    unmarked = client_for("performance-analyst").get("/")

    assert page(marked).text(".tandem-marking") == "OFFICIAL-SENSITIVE"
    assert page(unmarked).maybe(".tandem-marking") is None
