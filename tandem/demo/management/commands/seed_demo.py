"""Build the fictional demo area, deterministically, in small composable steps (tandem.demo.steps.STEPS)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.demo import area, steps
from tandem.demo.guard import refuse_in_production


class Command(BaseCommand):
    help = "Build the fictional local area of Wyvern Vale with synthetic data (never real people). Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed builds the same area")
        parser.add_argument("--people", type=int, default=0, help="how many synthetic people to add to the register")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        refuse_in_production("seed_demo")
        build = steps.Build(
            seed=int(str(options["seed"])), people=int(str(options["people"])), quiet=bool(options["quiet"])
        )
        if build.people < 0:
            raise CommandError("--people must be 0 or more")
        with tqdm(total=len(steps.STEPS), desc="Building Wyvern Vale", unit="step", disable=build.quiet) as bar:
            for label, step in steps.STEPS:
                bar.set_postfix_str(label)
                step(build)
                bar.update()
        for demo in area.DEMO_USERS:
            self.stdout.write(f"DEMO LOGIN role={demo.role} username={demo.username} password={area.DEMO_PASSWORD}")
