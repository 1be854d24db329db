"""Build the fictional demo area, deterministically, in small composable steps."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.demo import area
from tandem.people import seed as people_seed


class Command(BaseCommand):
    help = "Build the fictional local area of Wyvern Vale with synthetic data (never real people). Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed builds the same area")
        parser.add_argument("--people", type=int, default=0, help="how many synthetic people to add to the register")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run when DJANGO_ENV=production: demo data must never reach a live system"
            )
        self.quiet = bool(options["quiet"])
        self.seed = int(str(options["seed"]))
        self.people = int(str(options["people"]))
        if self.people < 0:
            raise CommandError("--people must be 0 or more")
        steps = [
            ("Agencies and teams", self._area),
            ("Demo users", self._users),
            ("People", self._people),
            ("Who works with whom", self._relationships),
        ]
        with tqdm(total=len(steps), desc="Building Wyvern Vale", unit="step", disable=self.quiet) as bar:
            for label, step in steps:
                bar.set_postfix_str(label)
                step()
                bar.update()
        for demo in area.DEMO_USERS:
            self.stdout.write(f"DEMO LOGIN role={demo.role} username={demo.username} password={area.DEMO_PASSWORD}")

    def _area(self) -> None:
        self.agencies = area.build_area()

    def _users(self) -> None:
        area.build_users(self.agencies)

    def _people(self) -> None:
        if not self.people:
            return
        with tqdm(total=self.people, desc="People", unit="person", disable=self.quiet, leave=False) as bar:
            people_seed.seed_people(
                count=self.people, seed=self.seed, owner=self.agencies["wyvern-vale-csc"], progress=bar.update
            )

    def _relationships(self) -> None:
        people_seed.give_demo_roles_people(seed=self.seed)
