"""Signing in: passwords, sign-up closed, the authenticator app (MFA) and recovery codes."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tandem.accounts.tests.factories import (
    PASSWORD,
    enrol_recovery_codes,
    enrol_totp,
    member,
    sign_in,
    totp_code,
)
from tandem.audit.models import AuditEvent
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db


def test_demo_account_signs_in_with_password_and_lands_on_home() -> None:
    membership = member("social-worker", username="tom")
    client = Client()

    response = sign_in(client, "tom")

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert page(home).h1 == "Your children"
    event = AuditEvent.objects.get(verb="signin.succeeded")
    assert (event.kind, event.actor_user_id, event.actor_username) == ("security", membership.user_id, "tom")


def test_sign_in_page_is_the_gov_uk_shell_with_username_and_password() -> None:
    response = Client().get(reverse("account_login"))

    signin = page(response)
    assert response.status_code == 200
    assert signin.title == "Sign in to Tandem – Tandem"
    assert signin.text(".govuk-generic-header") == "Tandem"
    assert signin.maybe(".govuk-header__logotype") is None  # no crown
    assert signin.texts("label.govuk-label") == ["Username", "Password"]
    assert signin.maybe("input[name=remember]") is None


def test_wrong_password_shows_a_gov_uk_error_summary_linked_to_the_username_and_keeps_it() -> None:
    member("social-worker", username="tom")

    response = Client().post(reverse("account_login"), {"login": "tom", "password": "not-the-password"})

    signin = page(response)
    assert response.status_code == 200
    assert signin.title == "Error: Sign in to Tandem – Tandem"
    assert signin.error_summary() == [("Enter a correct username and password", "#id_login")]
    assert signin.attr("#id_login", "value") == "tom"
    assert signin.text("#id_login-error") == "Error: Enter a correct username and password"
    assert signin.one("#id_password").get("value") is None  # a password is never sent back


def test_empty_sign_in_form_asks_for_each_field() -> None:
    response = Client().post(reverse("account_login"), {"login": "", "password": ""})

    assert page(response).error_summary() == [
        ("Enter your username", "#id_login"),
        ("Enter your password", "#id_password"),
    ]


def test_each_failed_sign_in_is_a_security_event_naming_the_username() -> None:
    member("social-worker", username="tom")
    client = Client()

    client.post(reverse("account_login"), {"login": "Tom", "password": "wrong-1"})
    client.post(reverse("account_login"), {"login": "nobody", "password": "wrong-2"})

    events = AuditEvent.objects.filter(verb="signin.failed").order_by("id")
    assert [(e.kind, e.detail) for e in events] == [
        ("security", {"username": "tom"}),
        ("security", {"username": "nobody"}),
    ]


def test_sign_up_is_closed() -> None:
    client = Client()

    closed = client.get(reverse("account_signup"))
    posted = client.post(
        reverse("account_signup"), {"username": "intruder", "password1": "x-long-password-1", "password2": "x"}
    )

    assert closed.status_code == 200
    assert page(closed).h1 == "You cannot create an account here"
    assert page(closed).maybe("input[name=password1]") is None
    assert posted.status_code == 200
    assert page(posted).h1 == "You cannot create an account here"
    from tandem.accounts.models import User

    assert not User.objects.filter(username="intruder").exists()


def test_non_demo_account_without_an_authenticator_app_is_sent_to_set_one_up() -> None:
    member("social-worker", username="sam", is_demo_account=False)
    client = Client()

    signed_in = sign_in(client, "sam")
    home = client.get("/")
    setup = client.get(home["Location"])

    assert signed_in["Location"] == "/"
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    assert setup.status_code == 200
    assert page(setup).h1 == "Set up your authenticator app"


def test_setting_up_the_authenticator_app_with_a_real_code_gives_recovery_codes_and_then_home() -> None:
    membership = member("social-worker", username="sam", is_demo_account=False)
    client = Client()
    sign_in(client, "sam")
    setup = client.get(reverse("mfa_activate_totp"))
    secret = page(setup).text("#authenticator-secret")

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    codes = client.get(done["Location"])
    home = client.get("/")

    assert page(wrong).error_summary() == [("Enter a correct code from your authenticator app", "#id_code")]
    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert len(page(codes).all("#recovery-codes li")) == 10
    assert Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.TOTP).count() == 1
    assert home.status_code == 200


def test_sign_in_with_a_real_code_from_the_authenticator_app() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(membership.user)
    client = Client()

    password_step = client.post(reverse("account_login"), {"login": "liam", "password": PASSWORD})
    before_code = client.get("/")
    code_page = client.get(reverse("mfa_authenticate"))
    code_step = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    home = client.get("/")

    assert password_step["Location"] == reverse("mfa_authenticate")
    assert before_code.status_code == 302  # not signed in until the code is given
    assert before_code["Location"].startswith(reverse("account_login"))
    assert page(code_page).h1 == "Enter the code from your authenticator app"
    assert code_step["Location"] == "/"
    assert home.status_code == 200
    assert page(home).h1 == "Your agency’s open requests"


def test_wrong_authenticator_code_is_refused_and_recorded() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(membership.user)
    client = Client()
    client.post(reverse("account_login"), {"login": "liam", "password": PASSWORD})
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    refused = page(response)
    assert response.status_code == 200
    assert refused.title == "Error: Enter the code from your authenticator app – Tandem"
    assert refused.error_summary() == [("Enter a correct code from your authenticator app", "#id_code")]
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="signin.mfa_failed", detail={"username": "liam"}).count() == 1


def test_a_recovery_code_signs_in_once_only() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    enrol_totp(membership.user)
    codes = enrol_recovery_codes(membership.user)
    first = Client()
    second = Client()

    sign_in(first, "liam")
    used = first.post(reverse("mfa_authenticate"), {"code": codes[0]})
    sign_in(second, "liam")
    reused = second.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert used["Location"] == "/"
    assert first.get("/").status_code == 200
    assert reused.status_code == 200
    assert second.get("/").status_code == 302


def test_demo_account_cannot_be_forced_past_the_code_step_of_a_non_demo_account() -> None:
    """The MFA step is allauth's: a session that gave only the password is not signed in at all."""
    membership = member("police-officer", username="liam", is_demo_account=False)
    enrol_totp(membership.user)
    client = Client()
    client.post(reverse("account_login"), {"login": "liam", "password": PASSWORD})

    assert client.get(reverse("accounts:acting_role")).status_code == 302
    assert client.get(reverse("mfa_index")).status_code == 302


def test_non_demo_user_cannot_remove_their_authenticator_app() -> None:
    membership = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(membership.user)
    client = Client()
    sign_in(client, "liam", secret=secret)

    asked = client.get(reverse("mfa_deactivate_totp"))
    client.post(asked["Location"], {"password": PASSWORD})
    refused = client.get(reverse("mfa_deactivate_totp"))
    client.post(reverse("mfa_deactivate_totp"))
    index = client.get(reverse("mfa_index"))

    assert page(refused).error_summary() == [
        ("You cannot remove your authenticator app: Tandem needs it to keep information safe", "")
    ]
    assert page(index).texts(".govuk-summary-list__actions a") == [
        "Make recovery codes",
        "Change password",
    ]
    assert Authenticator.objects.filter(user=membership.user, type=Authenticator.Type.TOTP).exists()


def test_signing_out_is_a_post_and_is_recorded() -> None:
    member("social-worker", username="tom")
    client = Client()
    sign_in(client, "tom")

    confirm = client.get(reverse("account_logout"))
    out = client.post(reverse("account_logout"))

    assert page(confirm).h1 == "Sign out"
    assert out.status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="signin.signed_out", detail={"username": "tom"}).count() == 1
