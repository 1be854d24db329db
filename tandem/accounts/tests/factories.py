from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.accounts.roles import ROLE_AGENCY_KINDS, AgencyKind

PASSWORD = "a-test-password-1234"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test agency {n}")
    slug = factory.Sequence(lambda n: f"test-agency-{n}")
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Test team {n}")
    slug = factory.Sequence(lambda n: f"test-team-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    is_demo_account = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    team = None
    role = "social-worker"
    starts_on = dt.date(2024, 1, 1)
    ends_on = None


def agency_for_role(role: str, **kwargs: object) -> Agency:
    kind = sorted(ROLE_AGENCY_KINDS[role])[0]
    return cast(Agency, AgencyFactory(kind=kind, **kwargs))


def member(role: str, *, agency: Agency | None = None, team: Team | None = None, **user_kwargs: object) -> Membership:
    """A user with one current membership in `role` (at an agency of the right kind)."""
    agency = agency or (team.agency if team else agency_for_role(role))
    return cast(Membership, MembershipFactory(user=UserFactory(**user_kwargs), agency=agency, team=team, role=role))


def enrol_totp(user: User) -> str:
    """Give `user` an authenticator app; returns the secret so tests can compute real codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def totp_code(secret: str, at: float | None = None) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def enrol_recovery_codes(user: User) -> list[str]:
    """Give `user` recovery codes (as allauth does when the authenticator app is set up); returns them."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes: list[str] = RecoveryCodes.activate(user).get_unused_codes()
    return codes


def sign_in(client: Client, username: str, password: str = PASSWORD, *, secret: str | None = None) -> Any:
    """Sign in through allauth's real pages (and the authenticator app step when `secret` is given)."""
    response = client.post(reverse("account_login"), {"login": username, "password": password})
    if secret is not None:
        assert response.status_code == 302, response.status_code
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    return response
