"""Foundation journeys in a real browser: signing in with the authenticator app, choosing and switching roles,
lockout, the session-timeout warning, and the same sign-in journey by keyboard only. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import cast

import pytest
from django.conf import settings
from playwright.sync_api import ConsoleMessage, expect

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import (
    PASSWORD,
    MembershipFactory,
    agency_for_role,
    enrol_totp,
    member,
    totp_code,
)
from tests.browser.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ruth(*, demo: bool = False) -> tuple[Membership, Membership, str]:
    """Ruth chairs MACE and manages a team: two roles, a real authenticator app, not a demo account."""
    lead = member("exploitation-lead", username="ruth", is_demo_account=demo)
    manager = cast(
        Membership, MembershipFactory(user=lead.user, agency=agency_for_role("team-manager"), role="team-manager")
    )
    return lead, manager, enrol_totp(lead.user)


def _fresh_code(secret: str) -> str:
    """A code with a few seconds left in its 30-second window, so it is still good when the form arrives."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(secret)


def test_sign_in_with_the_authenticator_app_then_choose_and_switch_role(site: Site) -> None:
    lead, manager, secret = _ruth()
    page = site.page

    site.goto("/")
    expect(page.locator("h1")).to_have_text("Sign in to Tandem")
    page.get_by_label("Username").fill("ruth")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Enter the code from your authenticator app").fill(_fresh_code(secret))
    with site.navigation():
        page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Which role are you acting in?")
    with site.navigation():
        page.get_by_role("button", name=lead.get_role_display()).click()

    expect(page.locator("h1")).to_have_text("Your children")
    expect(page.locator(".tandem-acting-bar")).to_contain_text("Acting as Exploitation lead (MACE chair)")
    expect(page.locator(".tandem-marking")).to_have_text("OFFICIAL-SENSITIVE")
    with site.navigation():
        page.get_by_role("link", name="Change role").click()

    expect(page.locator(".tandem-role-list")).to_contain_text("Current role")
    with site.navigation():
        page.get_by_role("button", name=manager.get_role_display()).click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"You are now acting as {manager.label}")
    expect(page.locator(".tandem-acting-bar")).to_contain_text("Acting as Team manager")

    with site.navigation():
        page.get_by_role("link", name="Sign-in security").click()
    expect(page.locator("h1")).to_have_text("Sign-in security")

    site.goto("/no-such-page")
    expect(page.locator("h1")).to_have_text("Page not found")

    site.goto("/" + settings.ADMIN_URL_PATH)
    expect(page.locator("h1")).to_have_text("You do not have permission to see this page")

    site.goto("/")
    with site.navigation():
        page.locator(".tandem-acting-bar").get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in to Tandem")


def test_the_same_journey_by_keyboard_only(site: Site) -> None:
    """Tab, Enter and Space only (and typing into fields): no clicks."""
    lead, manager, secret = _ruth()
    page = site.page
    keys = page.keyboard

    site.goto("/accounts/login/")
    site.tab_to("#id_login")
    keys.type("ruth")
    site.tab_to("#id_password")
    keys.type(PASSWORD)
    with site.navigation():
        keys.press("Enter")

    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    site.tab_to("#id_code")
    keys.type(_fresh_code(secret))
    site.tab_to("button.govuk-button")
    with site.navigation():
        keys.press("Enter")

    expect(page.locator("h1")).to_have_text("Which role are you acting in?")
    site.tab_to(f"button[value='{lead.pk}']")
    with site.navigation():
        keys.press("Space")
    expect(page.locator(".tandem-acting-bar")).to_contain_text("Acting as Exploitation lead (MACE chair)")

    site.tab_to(".tandem-acting-bar a[href*='acting-role']")
    with site.navigation():
        keys.press("Enter")
    expect(page.locator("h1")).to_have_text("Which role are you acting in?")
    site.tab_to(f"button[value='{manager.pk}']")
    with site.navigation():
        keys.press("Enter")

    expect(page.locator(".tandem-acting-bar")).to_contain_text("Acting as Team manager")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"You are now acting as {manager.label}")

    site.tab_to(".tandem-acting-bar button")
    with site.navigation():
        keys.press("Enter")
    expect(page.locator("h1")).to_have_text("Sign in to Tandem")


def test_locked_out_after_five_failures_even_with_the_right_password(site: Site) -> None:
    member("social-worker", username="tom")
    page = site.page
    site.goto("/accounts/login/")

    for attempt in range(5):
        page.get_by_label("Username").fill("tom")
        page.get_by_label("Password", exact=True).fill(f"wrong-{attempt}")
        with site.navigation():
            page.get_by_role("button", name="Sign in").click()
        if attempt < 4:
            expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
            expect(page).to_have_title("Error: Sign in to Tandem – Tandem")

    expect(page.locator("h1")).to_have_text("Your account is locked for 15 minutes")
    site.goto("/accounts/login/")
    page.get_by_label("Username").fill("tom")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your account is locked for 15 minutes")


def test_the_timeout_warning_appears_and_stay_signed_in_keeps_the_session(site: Site, settings: object) -> None:
    settings.TANDEM_IDLE_TIMEOUT = dt.timedelta(seconds=6)  # type: ignore[attr-defined]
    settings.TANDEM_IDLE_WARNING = dt.timedelta(seconds=2)  # type: ignore[attr-defined]
    member("social-worker", username="tom")
    page = site.page
    site.goto("/accounts/login/")
    page.get_by_label("Username").fill("tom")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your children")

    dialog = page.locator("#tandem-timeout-dialog")
    expect(dialog).to_be_visible(timeout=6_000)
    expect(dialog.locator("h2")).to_have_text("You’re about to be signed out")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    site.check(again=True)  # axe with the dialog open
    page.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    page.wait_for_timeout(4_500)  # past the moment the first session would have ended
    with site.navigation():
        page.reload()
    expect(page.locator("h1")).to_have_text("Your children")

    expect(dialog).to_be_visible(timeout=6_000)
    expect(dialog.locator("h2")).to_have_text("You have been signed out", timeout=8_000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    with site.navigation():
        page.reload()
    expect(page.locator("h1")).to_have_text("Sign in to Tandem")


def test_set_up_the_authenticator_app_at_first_sign_in(site: Site) -> None:
    member("police-officer", username="liam", is_demo_account=False)
    page = site.page
    site.goto("/accounts/login/")
    page.get_by_label("Username").fill("liam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code to add Tandem to your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    site.check(again=True)  # with the details open
    page.get_by_label("Code from your authenticator app").fill(_fresh_code(secret))
    with site.navigation():
        page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    with site.navigation():
        page.get_by_role("link", name="Continue to Tandem").click()
    expect(page.locator("h1")).to_have_text("Your agency’s open requests")


def test_account_pages_and_statements_pass_axe(site: Site) -> None:
    member("social-worker", username="tom")
    page = site.page
    for path, heading in [
        ("/accessibility", "Accessibility statement for Tandem"),
        ("/privacy", "Privacy notice"),
        ("/accounts/signup/", "You cannot create an account here"),
        ("/accounts/password/reset/", "Ask your administrator"),
        ("/accounts/inactive/", "Your account has been disabled"),
    ]:
        site.goto(path)
        expect(page.locator("h1")).to_have_text(heading)
    site.goto("/accounts/login/")
    page.get_by_label("Username").fill("tom")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()
    for path, heading in [
        ("/accounts/2fa/", "Sign-in security"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/reauthenticate/", "Confirm your password"),
        ("/accounts/2fa/totp/activate/", "Set up your authenticator app"),
        ("/accounts/logout/", "Sign out"),
    ]:
        site.goto(path)
        expect(page.locator("h1")).to_have_text(heading)

    site.goto("/accounts/password/change/")
    with site.navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page).to_have_title("Error: Change your password – Tandem")
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def test_gov_uk_scripts_run_under_the_content_security_policy(new_site: Callable[..., Site]) -> None:
    """Without bypassing the CSP: the template's inline script has the nonce, and GOV.UK Frontend starts."""
    strict = new_site(bypass_csp=False)
    errors: list[str] = []
    strict.page.on("console", lambda message: errors.append(message.text) if _is_error(message) else None)

    strict.page.goto(strict.url("/accounts/login/"))

    expect(strict.page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    expect(strict.page.get_by_role("button", name="Show password")).to_be_visible()
    assert errors == []
    strict.check()  # axe too (injected around the policy, so after the console is read)


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"


def test_pages_for_changing_sign_in_security_pass_axe(site: Site) -> None:
    """A demo account with an authenticator app: confirming a code, new recovery codes, removing the app."""
    membership = member("social-worker", username="tom")
    secret = enrol_totp(membership.user)
    page = site.page
    site.goto("/accounts/login/")
    page.get_by_label("Username").fill("tom")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(_fresh_code(secret))
    with site.navigation():
        page.get_by_role("button", name="Continue").click()

    site.goto("/accounts/2fa/recovery-codes/generate/")
    expect(page.locator("h1")).to_have_text("Confirm your password")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Make new recovery codes")
    with site.navigation():
        page.get_by_role("button", name="Make new codes").click()
    expect(page.locator("h1")).to_have_text("Your recovery codes")

    site.goto("/accounts/2fa/reauthenticate/")
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    with site.navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Error: Enter the code from your authenticator app – Tandem")

    site.goto("/accounts/2fa/totp/deactivate/")
    expect(page.locator("h1")).to_have_text("Remove your authenticator app")
    with site.navigation():
        page.get_by_role("button", name="Remove authenticator app").click()
    expect(page.locator("h1")).to_have_text("Sign-in security")
