"""Builders for synthetic descriptions (fictional people only)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tandem.people.matching import PersonDescription

# Valid synthetic-range NHS numbers (9xx, never issued), checked with nhs_number.is_valid.
NHS_A = "9434765919"
NHS_B = "9434765870"


def person(**overrides: Any) -> PersonDescription:
    """A child at a Leeds-style address; override any field."""
    fields: dict[str, Any] = {
        "given_names": ("Jayden",),
        "family_names": ("Okafor",),
        "date_of_birth": date(2012, 3, 4),
        "dob_precision": "day",
        "sex": "M",
        "postcodes": ("LS6 2AB",),
        "address_lines": ("12 Kirkstall Road",),
        "nhs_number": None,
        "other_identifiers": (),
        "record_id": "r1",
    }
    fields.update(overrides)
    return PersonDescription(**fields)


GIVEN_M = ["Oliver", "Harry", "Noah", "Jack", "Leo", "Muhammad", "Oscar", "Jacob", "Kacper", "Tunde", "Ayaan", "Ethan"]
GIVEN_F = ["Olivia", "Amelia", "Isla", "Ava", "Aisha", "Zuzanna", "Chloe", "Maryam", "Grace", "Freya", "Ruby", "Nia"]
FAMILY = ["Smith", "Jones", "Khan", "Patel", "Nowak", "Okafor", "Brown", "Hussain", "Taylor", "Begum", "Wright",
          "Evans", "Popescu", "Murphy", "Chen", "Mensah", "Walker", "Hughes", "Ahmed", "Green"]  # fmt: skip
STREETS = ["Kirkstall Road", "Oak Avenue", "Church Lane", "Mill Street", "Station Road", "Victoria Grove"]


def population(n: int, seed: int = 0) -> list[PersonDescription]:
    """``n`` distinct people with independent fields (no households)."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        sex = rng.choice("MF")
        given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
        people.append(
            PersonDescription(
                given_names=(f"{given}{'' if rng.random() < 0.7 else rng.choice(['a', 'e', 'o', 'y'])}",),
                family_names=(rng.choice(FAMILY),),
                date_of_birth=date(2000, 1, 1) + timedelta(days=rng.randrange(8000)),
                sex=sex,
                postcodes=(f"LS{rng.randint(1, 29)} {rng.randint(0, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}",),
                address_lines=(f"{rng.randint(1, 200)} {rng.choice(STREETS)}",),
                record_id=f"p{i}",
            )
        )
    return people


def noisy_copy(d: PersonDescription, rng: random.Random, record_id: str) -> PersonDescription:
    """A second record of the same person with the usual slips (each with a fixed chance)."""
    given = d.given_names[0]
    if rng.random() < 0.15 and len(given) > 3:
        i = rng.randrange(1, len(given))
        given = given[:i] + given[i + 1 :]
    dob = d.date_of_birth
    assert dob is not None
    if rng.random() < 0.1:
        dob = dob + timedelta(days=rng.choice((1, -1, 10)))
    postcodes = d.postcodes
    if rng.random() < 0.2:
        postcodes = (f"BD{rng.randint(1, 20)} {rng.randint(0, 9)}XY",)
    return PersonDescription(
        given_names=(given,),
        family_names=d.family_names,
        date_of_birth=dob,
        sex=d.sex,
        postcodes=postcodes,
        address_lines=d.address_lines if postcodes == d.postcodes else (),
        record_id=record_id,
    )
