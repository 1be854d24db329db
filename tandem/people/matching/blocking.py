"""Blocking keys: short strings that two descriptions of the same person very probably share.

A register record stores ``record_keys(d)``; a query looks up ``query_keys(d)``, which adds probes for the usual
slips (day and month swapped, an estimated year of birth). Every key mixes two pieces of evidence or is rare on its
own, so blocks stay small at 1,000,000 people; a lookup should still skip any key whose block holds more than
``RECOMMENDED_BLOCK_CAP`` records (for example a shared 1 January date of birth or a hostel's postcode): the other
keys of the same query still find the person.

Keys (all lower-risk of collision by prefix):

* ``n:<nhs>``, ``i:<scheme>:<value>``: identifiers.
* ``d:<yyyymmdd>:<sex>``: exact date of birth and sex, both sexes when it is not recorded (queries also probe the
  day/month-swapped date). Records also store the plain ``d:<yyyymmdd>`` for exact date-of-birth lookups;
  queries do not probe it.
* ``fy:<soundex family>:<year>:<first initial>``, ``gy:<code given>:<year>:<family initial>``: one name with the
  year of birth and the other name's initial (an estimated year covers the year either side).
* ``p:<postcode unit>``, ``ps:<postcode sector>:<soundex family>``: the address, tolerant of a postcode slip in the
  last two letters.
* ``nm:<code>|<code>``: given and family name, order-free (so a swapped given/family name still meets), where a
  code is the Soundex of the name's nickname-table canonical form; ``ny:<code>|<code>:<year>`` the same with the
  year of birth, which stays small for the most common names.
"""

from __future__ import annotations

from datetime import date

import jellyfish

from tandem.people.matching.description import PersonDescription
from tandem.people.matching.nicknames import canonical_forms
from tandem.people.matching.normalise import Normalised, normalise, postcode_parts

RECOMMENDED_BLOCK_CAP = 500
"""Skip a query key whose block holds more records than this (the other keys still find the person)."""

_MAX_GIVEN = 2
_MAX_FAMILY = 3
_MAX_POSTCODES = 2


def name_codes(name: str) -> tuple[str, ...]:
    """Blocking codes of one normalised name: Soundex of each canonical form in the nickname table ("bill" →
    "william" → W450), else of the name itself."""
    return tuple(sorted({jellyfish.soundex(form) for form in canonical_forms(name)}))


def _years(n: Normalised) -> tuple[int, ...]:
    if not n.dob:
        return ()
    year = n.dob_year
    return (year - 1, year, year + 1) if n.dob_precision == "y" else (year,)


def _keys(n: Normalised, *, query: bool) -> frozenset[str]:
    keys: set[str] = set()
    if n.nhs:
        keys.add(f"n:{n.nhs}")
    for scheme, value in n.identifiers:
        keys.add(f"i:{scheme}:{value}")

    if n.dob and n.dob_precision == "d":
        # The date of birth with the sex (both sexes when it is not recorded): halves the largest blocks.
        sexes = (n.sex,) if n.sex else ("M", "F")
        dates = [n.dob]
        if query:
            year, month, day = n.dob // 10000, n.dob // 100 % 100, n.dob % 100
            if day <= 12 and day != month:
                try:
                    swapped = date(year, day, month)
                except ValueError:
                    pass
                else:
                    dates.append(swapped.year * 10000 + swapped.month * 100 + swapped.day)
        for when in dates:
            for sex in sexes:
                keys.add(f"d:{when:08d}:{sex}")
        if not query:
            keys.add(f"d:{n.dob:08d}")  # stored for exact date-of-birth lookups; queries probe the date with the sex

    # An estimated year (precision "y") stands for the year either side too, on records and on queries.
    years = _years(n)

    family_full = n.family[: max(1, min(_MAX_FAMILY, len(n.family)))] if n.family else ()
    family_sx = [jellyfish.soundex(f) for f in family_full]
    given_full = n.given[: max(1, min(_MAX_GIVEN, n.given_count or 1))] if n.given else ()
    given_codes = sorted({code for g in given_full if len(g) > 1 for code in name_codes(g)})
    family_codes = sorted({code for f in family_full for code in name_codes(f)})

    # A name with the year of birth and the other name's initial: tolerant of a slip anywhere but the first letter
    # of the other name, and small enough at 1,000,000 people (Smith born in 2012 is thousands of people).
    given_initials = sorted({g[0] for g in given_full if g}) or ["_"]
    family_initials = sorted({f[0] for f in family_full if f}) or ["_"]
    for year in years:
        for sx in family_sx:
            for initial in given_initials:
                keys.add(f"fy:{sx}:{year}:{initial}")
        for code in given_codes:
            for initial in family_initials:
                keys.add(f"gy:{code}:{year}:{initial}")

    for unit in n.postcodes[:_MAX_POSTCODES]:
        full_unit, sector, _, _ = postcode_parts(unit)
        if full_unit:
            keys.add(f"p:{full_unit}")
        if sector:
            for sx in family_sx[:2]:
                keys.add(f"ps:{sector}:{sx}")

    for gc in given_codes:
        for fc in family_codes:
            pair = f"{gc}|{fc}" if gc <= fc else f"{fc}|{gc}"
            keys.add(f"nm:{pair}")
            for year in years:
                keys.add(f"ny:{pair}:{year}")
    return frozenset(keys)


def record_keys(d: PersonDescription | Normalised) -> frozenset[str]:
    """Blocking keys to store for a register record."""
    return _keys(normalise(d), query=False)


def query_keys(d: PersonDescription | Normalised) -> frozenset[str]:
    """Blocking keys to look up for a query: the record keys plus probes for a swapped day and month."""
    return _keys(normalise(d), query=True)


def blocking_keys(d: PersonDescription | Normalised) -> frozenset[str]:
    """The keys of a register record (``record_keys``)."""
    return record_keys(d)
