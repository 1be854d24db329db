"""What `make demo` runs before serving: refuse in production, migrate, then build the area (seed_demo).

One command rather than three, so the demo starts Django once (a second `make demo` serves within seconds).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from tandem.demo.guard import refuse_in_production


class Command(BaseCommand):
    help = "Refuse in production, migrate the default database, then run seed_demo with the same options."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--people", type=int, default=0)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        refuse_in_production("make demo")
        call_command("migrate", interactive=False, verbosity=0)
        call_command(
            "seed_demo", seed=options["seed"], people=options["people"], quiet=options["quiet"], stdout=self.stdout
        )
