"""Agencies, their teams, the people who use Tandem and the memberships (agency, team, role, dates) they act in."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.roles import ROLE_AGENCY_KINDS, AgencyKind, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60)
    is_front_door = models.BooleanField(default=False, help_text="The multi-agency front door (MASH or iCART)")
    is_emergency_duty = models.BooleanField(default=False, help_text="The out-of-hours emergency duty team")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="team_unique_slug_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class User(AbstractUser):
    """Someone who uses Tandem. Accounts come from administrators and `seed_demo`; there is no self sign-up."""

    is_demo_account = models.BooleanField(
        default=False, help_text="Made by seed_demo with a documented password; exempt from the MFA requirement"
    )
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def with_role(self, *roles: str) -> MembershipQuerySet:
        return self.filter(role__in=roles)


class Membership(models.Model):
    """A user's place in an agency: the agency, optionally a team, the role, and the dates it runs (inclusive)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day this membership grants anything")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "agency__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.agency}"

    def clean(self) -> None:
        if self.team is not None and self.agency_id and self.team.agency_id != self.agency_id:
            raise ValidationError({"team": "The team must belong to the agency"})
        if self.agency_id and self.role and self.agency.kind not in ROLE_AGENCY_KINDS[self.role]:
            role, kind = self.get_role_display().lower(), self.agency.get_kind_display().lower()
            raise ValidationError({"role": f"A {role} cannot work for a {kind}"})

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on) and self.user.is_active

    @property
    def label(self) -> str:
        team = f" – {self.team.name}" if self.team is not None else ""
        return f"{self.get_role_display()}, {self.agency.name}{team}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the token is shown once, when it is made."""

    PREFIX = "tdm_"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.hint}… for {self.membership}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
