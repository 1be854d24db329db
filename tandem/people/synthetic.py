"""Synthetic UK-style people for the demo and tests: names with realistic skew, households, fictional postcodes.

Never real people. Names come from Faker's per-locale name lists (en_GB most often, then the other communities a
UK local area has) plus a short hand-written list of transliterated South Asian, Arabic and Somali names, drawn with
Zipf-like weights so some names are common (as Smith and Mohammed are). Postcodes use the fictional area "WY"
(Wyvern Vale), which is not a real UK postcode area.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

# (Faker locale, share of households). Each locale gives given names by sex and family names.
LOCALES: list[tuple[str, float]] = [
    ("en_GB", 0.58),
    ("en_IE", 0.07),
    ("south_asian", 0.09),
    ("en_IN", 0.04),
    ("yo_NG", 0.03),
    ("tw_GH", 0.02),
    ("ro_RO", 0.03),
    ("sk_SK", 0.03),
    ("it_IT", 0.02),
    ("pt_PT", 0.02),
    ("es_ES", 0.02),
    ("de_DE", 0.02),
    ("fr_FR", 0.01),
    ("somali", 0.02),
]

SOUTH_ASIAN = {
    "male": "Mohammed Muhammad Ahmed Ali Hassan Hussain Ibrahim Omar Yusuf Bilal Hamza Zain Ayaan Rayyan Imran Tariq "
    "Adil Arif Kamran Shahid Faisal Usman Zakariya Haris Amir Saif Rizwan Nasir Junaid Aryan Rohan Arjun Vikram Sanjay",
    "female": "Aisha Ayesha Fatima Zainab Maryam Hafsa Amina Khadija Safiya Sana Noor Hira Iqra Anaya Aleena Zara "
    "Yasmin Nadia Samina Shabana Rubina Farzana Nasreen Parveen Sadia Mehreen Priya Anjali Simran Kiran Jasmin",
    "family": "Khan Ahmed Ali Hussain Begum Rahman Shah Iqbal Akhtar Mahmood Malik Butt Chaudhry Hussein Uddin Miah "
    "Islam Rashid Aziz Bibi Saddique Nawaz Raja Qureshi Sheikh Mirza Patel Singh Kaur Sharma Kumar Gill Sandhu",
}
SOMALI = {
    "male": "Abdi Abdullahi Mohamed Mohamud Ahmed Hassan Ali Omar Yusuf Ismail Abdirahman Abdikarim Mustafe Liban",
    "female": "Hodan Fadumo Amina Sahra Ayan Hibo Nimco Ifrah Ubah Hamdi Asha Farhiya Sagal Ladan",
    "family": "Abdi Warsame Farah Jama Osman Hassan Ali Mohamed Ahmed Yusuf Omar Ismail Nur Dahir Egal Aden Duale",
}
CUSTOM = {"south_asian": SOUTH_ASIAN, "somali": SOMALI}

STREETS = [
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Victoria Road",
    "Park Avenue",
    "Queens Road",
    "Kingsway",
    "Orchard Close",
    "Riverside Drive",
    "Meadow View",
    "Wyvern Road",
    "Vale Street",
    "Canal Side",
    "Foundry Lane",
    "Chapel Row",
    "Cedar Grove",
    "Beech Avenue",
    "Oakfield Road",
    "Hawthorn Way",
    "Willow Court",
    "Brook Street",
    "Market Street",
    "High Street",
    "School Lane",
]
TOWNS = ["Wyvern Vale", "Ashbrook", "Coldharbour", "Eastmere", "Northwick", "Saltbridge", "Thornley"]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in inward codes


@dataclass(frozen=True)
class NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


@cache
def name_pool(locale: str) -> NamePool:
    if locale in CUSTOM:
        data = CUSTOM[locale]
        return NamePool(tuple(data["male"].split()), tuple(data["female"].split()), tuple(data["family"].split()))
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider

    def names(attr: str) -> tuple[str, ...]:
        value = getattr(provider, attr, ())
        items = list(value.keys()) if isinstance(value, dict) else list(value)
        return tuple(n.replace("'", "’") for n in items if n and n.isprintable())

    return NamePool(names("first_names_male"), names("first_names_female"), names("last_names"))


@cache
def _zipf_weights(n: int) -> tuple[float, ...]:
    return tuple(1.0 / (rank + 1) ** 0.9 for rank in range(n))


@cache
def _zipf_cumulative(n: int) -> tuple[float, ...]:
    """Cumulative Zipf weights, computed once per list length (`random.choices` would redo it on every call)."""
    return tuple(itertools.accumulate(_zipf_weights(n)))


def pick(rng: random.Random, items: tuple[str, ...]) -> str:
    """A Zipf-weighted choice; the same draws as `rng.choices(items, weights=_zipf_weights(len(items)))`."""
    return rng.choices(items, cum_weights=_zipf_cumulative(len(items)))[0]


@dataclass
class SyntheticPerson:
    id: uuid.UUID
    given_name: str
    family_name: str
    sex: str  # CIN code: "1" male, "2" female
    date_of_birth: dt.date
    is_child: bool
    household: int
    twin_of: uuid.UUID | None = None


@dataclass
class SyntheticHousehold:
    index: int
    line_1: str
    town: str
    postcode: str
    adults: list[SyntheticPerson] = field(default_factory=list)
    children: list[SyntheticPerson] = field(default_factory=list)

    @property
    def members(self) -> list[SyntheticPerson]:
        return self.adults + self.children


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def postcode(rng: random.Random) -> str:
    district = rng.randint(1, 20)
    sector = rng.randint(0, 9)
    unit = rng.choice(UNIT_LETTERS) + rng.choice(UNIT_LETTERS)
    return f"WY{district} {sector}{unit}"


def _dob(rng: random.Random, *, child: bool, today: dt.date) -> dt.date:
    age_days = rng.randint(0, 17 * 365 + 300) if child else rng.randint(19 * 365, 60 * 365)
    return today - dt.timedelta(days=age_days)


def households(seed: int, count_people: int, *, today: dt.date | None = None) -> list[SyntheticHousehold]:
    """Deterministic households until `count_people` people exist. About 1.5% of children are twins."""
    return list(iter_households(seed, count_people, today=today))


def iter_households(seed: int, count_people: int, *, today: dt.date | None = None) -> Iterator[SyntheticHousehold]:
    """`households`, one at a time (a million people need not be held in memory)."""
    rng = random.Random(seed)
    today = today or dt.date(2026, 11, 1)
    locales = [loc for loc, _ in LOCALES]
    shares = tuple(itertools.accumulate(share for _, share in LOCALES))
    made = 0
    index = 0
    while made < count_people:
        pool = name_pool(rng.choices(locales, cum_weights=shares)[0])
        family = pick(rng, pool.family)
        household = SyntheticHousehold(
            index=index,
            line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
            town=rng.choice(TOWNS),
            postcode=postcode(rng),
        )
        for n_adult in range(rng.choice((1, 2, 2))):
            sex = "2" if n_adult == 0 and rng.random() < 0.8 else rng.choice("12")
            given = pick(rng, pool.female if sex == "2" else pool.male)
            adult_family = family if n_adult == 0 or rng.random() < 0.7 else pick(rng, pool.family)
            household.adults.append(
                SyntheticPerson(_uuid(rng), given, adult_family, sex, _dob(rng, child=False, today=today), False, index)
            )
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            sex = rng.choice("12")
            given = pick(rng, pool.female if sex == "2" else pool.male)
            child = SyntheticPerson(_uuid(rng), given, family, sex, _dob(rng, child=True, today=today), True, index)
            household.children.append(child)
            if rng.random() < 0.015:
                twin_sex = rng.choice("12")
                twin_given = given
                while twin_given == given:
                    twin_given = pick(rng, pool.female if twin_sex == "2" else pool.male)
                household.children.append(
                    SyntheticPerson(
                        _uuid(rng), twin_given, family, twin_sex, child.date_of_birth, True, index, twin_of=child.id
                    )
                )
        made += len(household.members)
        yield household
        index += 1
