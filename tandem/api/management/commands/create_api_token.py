from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import ApiToken, Membership, User
from tandem.audit import record
from tandem.audit.record import Actor


class Command(BaseCommand):
    help = "Make an API token for USERNAME. The token is printed alone on the last line; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=30, help="days until the token expires (default 30)")
        parser.add_argument("--role", help="the role slug the token acts in, when the user has several")

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        days = int(str(options["days"]))
        if days < 1 or days > 366:
            raise CommandError("--days must be between 1 and 366")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user called {username}")
        memberships = Membership.objects.current().filter(user=user)
        if options.get("role"):
            memberships = memberships.filter(role=options["role"])
        choices = list(memberships.select_related("agency", "user"))
        if not choices:
            raise CommandError(
                f"{username} has no current role{' ' + str(options['role']) if options.get('role') else ''}"
            )
        if len(choices) > 1:
            raise CommandError(
                f"{username} has several roles: choose one with --role ({', '.join(m.role for m in choices)})"
            )
        membership = choices[0]
        secret = ApiToken.new_secret()
        with transaction.atomic():
            token = ApiToken.objects.create(
                membership=membership,
                digest=ApiToken.digest_of(secret),
                hint=secret[:10],
                expires_at=timezone.now() + dt.timedelta(days=days),
            )
            record.change(
                Actor.system("create_api_token"),
                "api_token.created",
                obj=token,
                detail={"user": user.pk, "membership": membership.pk, "days": days},
            )
        expires = f"{token.expires_at:%Y-%m-%d %H:%M} UTC"
        self.stdout.write(f"Token for {username} acting as {membership.get_role_display()}, expires {expires}")
        self.stdout.write(secret)
