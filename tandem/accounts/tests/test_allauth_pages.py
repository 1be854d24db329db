"""Every allauth page a person can reach renders in Tandem's GOV.UK shell (and passes the page checks)."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.tests.factories import PASSWORD, enrol_recovery_codes, enrol_totp, member, sign_in
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def _in_shell(response: object) -> str:
    """The page's h1, after checking it is the GOV.UK shell with Tandem's header and footer."""
    shown = page(response)
    assert shown.text(".govuk-generic-header a") == "Tandem"
    assert shown.texts("footer a") == ["Accessibility statement", "Privacy notice"]
    return shown.h1


ANONYMOUS_PAGES = [
    ("account_login", (), "Sign in to Tandem"),
    ("account_signup", (), "You cannot create an account here"),
    ("account_reset_password", (), "Ask your administrator"),
    ("account_reset_password_done", (), "Ask your administrator"),
    ("account_reset_password_from_key", ("1", "not-a-key"), "Ask your administrator"),
    ("account_reset_password_from_key_done", (), "Ask your administrator"),
    ("account_inactive", (), "Your account has been disabled"),
    ("account_confirm_email", ("not-a-key",), "Ask your administrator"),
    ("account_email_verification_sent", (), "Ask your administrator"),
]


@pytest.mark.parametrize(("name", "args", "heading"), ANONYMOUS_PAGES)
def test_pages_anyone_can_reach_are_in_the_shell(name: str, args: tuple[str, ...], heading: str) -> None:
    response = Client().get(reverse(name, args=args), follow=True)

    assert response.status_code == 200
    assert _in_shell(response) == heading


SIGNED_IN_PAGES = [
    ("account_logout", "Sign out"),
    ("account_change_password", "Change your password"),
    ("account_set_password", "Change your password"),
    ("account_email", "Ask your administrator"),
    ("account_reauthenticate", "Confirm your password"),
    ("mfa_index", "Sign-in security"),
    ("mfa_activate_totp", "Set up your authenticator app"),
    ("account_login", "Your children"),  # already signed in: home
    ("account_signup", "Your children"),
]


@pytest.mark.parametrize(("name", "heading"), SIGNED_IN_PAGES)
def test_pages_for_a_signed_in_demo_user_are_in_the_shell(name: str, heading: str) -> None:
    member("social-worker", username="tom")
    client = Client()
    sign_in(client, "tom")

    response = client.get(reverse(name), follow=True)

    assert response.status_code == 200
    assert _in_shell(response) == heading


MFA_PAGES = [
    ("mfa_index", "Sign-in security"),
    ("mfa_view_recovery_codes", "Your recovery codes"),  # shown without asking: the app was set up just now
    ("mfa_generate_recovery_codes", "Confirm your password"),
    ("mfa_reauthenticate", "Enter the code from your authenticator app"),
    ("mfa_activate_totp", "Confirm your password"),  # already set up: removing it asks first
    ("mfa_deactivate_totp", "Confirm your password"),
]


@pytest.mark.parametrize(("name", "heading"), MFA_PAGES)
def test_pages_for_a_user_with_an_authenticator_app_are_in_the_shell(name: str, heading: str) -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(membership.user)
    enrol_recovery_codes(membership.user)
    client = Client()
    sign_in(client, "liam", secret=secret)

    response = client.get(reverse(name), follow=True)

    assert response.status_code == 200
    assert _in_shell(response) == heading


def test_after_confirming_the_password_the_recovery_codes_show_and_can_be_renewed() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(membership.user)
    codes = enrol_recovery_codes(membership.user)
    # Set up long ago: only a first set-up straight after signing in shows the codes without asking again.
    Authenticator.objects.filter(user=membership.user).update(created_at=timezone.now() - dt.timedelta(days=30))
    client = Client()
    sign_in(client, "liam", secret=secret)
    asked = client.get(reverse("mfa_view_recovery_codes"), follow=True)
    confirmed = client.post(asked.redirect_chain[-1][0], {"password": PASSWORD})

    shown = client.get(confirmed["Location"])
    generate = client.get(reverse("mfa_generate_recovery_codes"))
    renewed = client.post(reverse("mfa_generate_recovery_codes"), follow=True)

    assert _in_shell(asked) == "Confirm your password"
    assert confirmed["Location"] == reverse("mfa_view_recovery_codes")
    assert _in_shell(shown) == "Your recovery codes"
    assert page(shown).texts("#recovery-codes li") == codes
    assert _in_shell(generate) == "Make new recovery codes"
    assert _in_shell(renewed) == "Your recovery codes"
    assert codes[0] not in renewed.content.decode()


def test_the_mfa_code_step_is_in_the_shell() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    enrol_totp(membership.user)
    client = Client()
    client.post(reverse("account_login"), {"login": "liam", "password": PASSWORD})

    response = client.get(reverse("mfa_authenticate"))

    assert _in_shell(response) == "Enter the code from your authenticator app"


def test_a_demo_user_with_an_app_can_remove_it() -> None:
    membership = member("social-worker", username="tom")
    secret = enrol_totp(membership.user)
    client = Client()
    sign_in(client, "tom", secret=secret)
    asked = client.get(reverse("mfa_deactivate_totp"))
    client.post(asked["Location"], {"password": PASSWORD})

    confirm = client.get(reverse("mfa_deactivate_totp"))
    removed = client.post(reverse("mfa_deactivate_totp"), follow=True)

    assert _in_shell(confirm) == "Remove your authenticator app"
    assert _in_shell(removed) == "Sign-in security"
    assert not Authenticator.objects.filter(user=membership.user).exists()
