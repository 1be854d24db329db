"""The Django admin: a non-default path, the system-administrator role with MFA, no person or case models."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.accounts.tests.factories import PASSWORD, enrol_totp, member, sign_in, totp_code
from tandem.audit.models import AuditEvent
from tandem.govuk.testing import page

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")

#: Everything the admin may ever show. Person, case and audit models must never be added here.
ALLOWED_ADMIN_MODELS = {
    "accounts.agency",
    "accounts.user",
    "account.emailaddress",
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "django_tasks_database.dbtaskresult",
    "mfa.authenticator",
}


def _administrator(*, demo: bool = False) -> tuple[Client, User]:
    membership = member("system-administrator", username="jo", is_demo_account=demo)
    secret = enrol_totp(membership.user)
    client = Client()
    sign_in(client, "jo", secret=secret)
    return client, membership.user


def test_the_admin_is_not_at_the_default_path() -> None:
    assert ADMIN == "/" + settings.ADMIN_URL_PATH
    assert ADMIN != "/admin/"
    assert Client().get("/admin/").status_code == 404


def test_anonymous_visitors_are_sent_to_tandems_sign_in() -> None:
    client = Client()

    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2F" + settings.ADMIN_URL_PATH.replace(
        "/", "%2F"
    )
    assert page(response).h1 == "Sign in to Tandem"


def test_other_roles_are_refused_with_a_403_page() -> None:
    member("social-worker", username="tom")
    client = Client()
    sign_in(client, "tom")

    response = client.get(ADMIN, follow=True)

    assert response.status_code == 403
    assert page(response).h1 == "You do not have permission to see this page"
    assert AuditEvent.objects.filter(verb="role.denied", actor_username="tom").exists()


def test_a_demo_administrator_still_needs_the_authenticator_app() -> None:
    member("system-administrator", username="jo", is_demo_account=True)
    client = Client()
    sign_in(client, "jo")

    home = client.get("/")
    response = client.get(ADMIN)

    assert home.status_code == 200  # demo accounts are exempt from MFA elsewhere
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_app_set_up_mid_session_must_confirm_a_code_before_the_admin() -> None:
    membership = member("system-administrator", username="jo", is_demo_account=True)
    client = Client()
    sign_in(client, "jo")
    secret = enrol_totp(membership.user)

    asked = client.get(ADMIN)
    confirmed = client.post(asked["Location"], {"code": totp_code(secret)})
    response = client.get(ADMIN)

    assert asked["Location"] == reverse("mfa_reauthenticate") + "?next=%2F" + settings.ADMIN_URL_PATH.replace(
        "/", "%2F"
    )
    assert confirmed["Location"] == ADMIN
    assert response.status_code == 200


def test_an_administrator_signed_in_with_the_app_manages_agencies_and_accounts() -> None:
    client, _ = _administrator()

    index = client.get(ADMIN)
    agencies = client.get(reverse("admin:accounts_agency_changelist"))
    users = client.get(reverse("admin:accounts_user_changelist"))

    assert index.status_code == 200
    assert agencies.status_code == 200
    assert users.status_code == 200
    links = {str(a["href"]) for a in page(index).all("#content-main a")}
    assert reverse("admin:accounts_agency_changelist") in links
    assert not any(href.startswith(ADMIN + "audit/") or href.startswith(ADMIN + "people/") for href in links)


def test_the_admin_registers_no_person_case_or_audit_models() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered <= ALLOWED_ADMIN_MODELS, registered - ALLOWED_ADMIN_MODELS


def test_administrators_cannot_make_superusers_or_grant_permissions() -> None:
    client, _ = _administrator()
    other = member("social-worker", username="tom").user

    change = client.get(reverse("admin:accounts_user_change", args=[other.pk]))

    names = {i.get("name") for i in page(change).all("input, select")}
    assert {"is_superuser", "is_staff", "groups", "user_permissions"}.isdisjoint(names)


def test_disabling_an_account_in_the_admin_ends_its_sessions_and_is_audited() -> None:
    client, _ = _administrator()
    other = member("social-worker", username="tom").user
    tom = Client()
    sign_in(tom, "tom")

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_accounts", "_selected_action": [other.pk]},
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.is_active is False
    assert tom.get("/")["Location"].startswith(reverse("account_login"))
    event = AuditEvent.objects.get(verb="account.disabled")
    assert (event.actor_username, event.acting_role, event.object_id) == ("jo", "system-administrator", str(other.pk))


def test_changes_in_the_admin_are_audited() -> None:
    client, _ = _administrator()
    other = member("social-worker", username="tom").user
    change = client.get(reverse("admin:accounts_user_change", args=[other.pk]))
    data: dict[str, object] = {}
    for field in page(change).all("form#user_form input, form#user_form select, form#user_form textarea"):
        name = str(field.get("name") or "")
        if not name or field.get("type") in {"submit", "button"}:
            continue
        if field.name == "select":
            selected = field.select_one("option[selected]")
            data[name] = selected["value"] if selected else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        else:
            data[name] = field.get("value", field.get_text())
    data["job_title"] = "Senior social worker"

    response = client.post(reverse("admin:accounts_user_change", args=[other.pk]), data)

    assert response.status_code == 302, page(response).texts(".errorlist")
    other.refresh_from_db()
    assert other.job_title == "Senior social worker"
    event = AuditEvent.objects.get(verb="admin.user.changed")
    assert (event.actor_username, event.object_id) == ("jo", str(other.pk))


def test_the_password_is_never_shown_in_the_admin() -> None:
    client, _ = _administrator()
    other = member("social-worker", username="tom").user

    change = client.get(reverse("admin:accounts_user_change", args=[other.pk]))

    assert PASSWORD not in change.content.decode()
    assert other.password not in change.content.decode()


def test_resetting_a_lost_authenticator_app_signs_the_user_out_and_they_set_it_up_again() -> None:
    client, _ = _administrator()
    liam = member("police-officer", username="liam", is_demo_account=False)
    secret = enrol_totp(liam.user)
    phone = Client()
    sign_in(phone, "liam", secret=secret)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_authenticator", "_selected_action": [liam.user_id]},
    )
    signed_out = phone.get("/")
    sign_in(phone, "liam")
    after = phone.get("/")

    assert response.status_code == 302
    assert signed_out["Location"].startswith(reverse("account_login"))
    assert after["Location"] == reverse("mfa_activate_totp")
    event = AuditEvent.objects.get(verb="account.authenticator_reset")
    assert (event.actor_username, event.object_id, event.detail["sessions_ended"]) == ("jo", str(liam.user_id), 1)
