"""The steps that build the demo area. `seed_demo` runs STEPS in order; each step is safe to re-run.

To add to the demo (people, contacts, meetings…), write a function taking the `Build` and append it to STEPS with
a label for the progress bar. Steps share what they made through the `Build` (the agencies, for example).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tqdm import tqdm

from tandem.accounts.models import Agency
from tandem.demo import area


@dataclass
class Build:
    """What one run of seed_demo was asked for, and what its steps have made so far."""

    seed: int = 1
    people: int = 0
    quiet: bool = True
    agencies: dict[str, Agency] = field(default_factory=dict)


def agencies_and_teams(build: Build) -> None:
    build.agencies = area.build_area()


def demo_users(build: Build) -> None:
    area.build_users(build.agencies)


def people(build: Build) -> None:
    from tandem.people import seed as people_seed

    if not build.people:
        return
    with tqdm(total=build.people, desc="People", unit="person", disable=build.quiet, leave=False) as bar:

        def progress(done: int) -> None:
            bar.update(done)

        people_seed.seed_people(
            count=build.people, seed=build.seed, owner=build.agencies["wyvern-vale-csc"], progress=progress
        )


def who_works_with_whom(build: Build) -> None:
    from tandem.people import seed as people_seed

    people_seed.give_demo_roles_people(seed=build.seed)


def contacts(build: Build) -> None:
    from tandem.frontdoor import seed as frontdoor_seed

    frontdoor_seed.seed_contacts(seed=build.seed)


def strategy_discussions(build: Build) -> None:
    from tandem.meetings import seed as meetings_seed

    meetings_seed.seed_discussions()


STEPS: list[tuple[str, Callable[[Build], None]]] = [
    ("Agencies and teams", agencies_and_teams),
    ("Demo users", demo_users),
    ("People", people),
    ("Who works with whom", who_works_with_whom),
    ("Contacts to the front door", contacts),
    ("Strategy discussions", strategy_discussions),
]
