"""Normalisation: turn a PersonDescription into the forms the comparisons and blocking keys use.

Everything expensive (accent folding, phonetic codes, postcode parsing, address tokenising) happens once per
description here, so scoring a query against hundreds of stored candidates only compares precomputed strings.
``normalised(d)`` gives a JSON-able dict to store next to a register record; ``Normalised.from_dict`` rebuilds it
without repeating the work.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

import jellyfish

from tandem.people.matching.description import PersonDescription

NORMALISATION_VERSION = 2  # 2: date-of-birth keys with sex, name-and-year keys with the other initial

_SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th",
     "ı": "i", "œ": "oe", "Œ": "oe", "ð": "d"}
)  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/\\,.;:&+|]+")
_NOT_LETTER = re.compile(r"[^a-z ]+")
_BRACKETED = re.compile(r"[(\[{\"“”]([^)\]}\"“”]*)[)\]}\"“”]")
_AKA = re.compile(r"\b(?:aka|a\.k\.a\.?|known as|k/a|nee|née|formerly|also)\b", re.IGNORECASE)

TITLES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "master", "mstr", "prof", "rev", "sir", "dame", "lady"})
# Particles that do not identify a family on their own: "Al-Hassan" shares nothing with "Al-Amin".
PARTICLES = frozenset(
    {"al", "el", "ul", "de", "da", "di", "du", "dos", "das", "del", "della", "van", "von", "der", "den", "ter", "la",
     "le", "bin", "ibn", "bint", "binti", "ben", "abu", "st", "saint", "mac", "mc", "o", "y", "e", "and"}
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: accents removed, ligatures and special letters spelt out."""
    text = text.translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_tokens(text: str) -> list[str]:
    """Letters-only lower-case tokens of a name; apostrophes vanish (O'Brien → obrien), separators split."""
    folded = fold(text).replace("'", "").replace("’", "").replace("`", "")
    folded = _SEPARATORS.sub(" ", folded)
    folded = _NOT_LETTER.sub("", folded)
    return [t for t in folded.split() if t]


def _split_aliases(values: tuple[str, ...]) -> list[str]:
    """Pull bracketed or "known as" aliases out of each value: "Chantelle (Tilly)" → ["Chantelle", "Tilly"]."""
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        bracketed = _BRACKETED.findall(value)
        rest = _BRACKETED.sub(" ", value)
        out.extend(part for part in _AKA.split(rest) if part.strip())
        out.extend(b for b in bracketed if b.strip())
    return out


def _name_forms(values: tuple[str, ...], *, drop_particles: bool) -> tuple[tuple[str, ...], int]:
    """Full forms (tokens joined) first, in order, then the individual meaningful parts of multi-part names
    ("Mary Jane" and "Mary-Jane" both give "maryjane", then "mary" and "jane"); and how many full forms there are."""
    fulls: list[str] = []
    parts: list[str] = []
    for value in _split_aliases(values):
        tokens = [t for t in name_tokens(value) if t not in TITLES]
        if not tokens:
            continue
        fulls.append("".join(tokens))
        if len(tokens) > 1:
            parts.extend(t for t in tokens if len(t) > 1 and not (drop_particles and t in PARTICLES))
    ordered = list(dict.fromkeys(fulls))
    count = len(ordered)
    ordered.extend(p for p in dict.fromkeys(parts) if p not in ordered)
    return tuple(ordered), count


# --- postcodes -------------------------------------------------------------------------------------------------

_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_UK_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_TO_DIGIT = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "Z": "2"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "2": "Z", "8": "B"})


def normalise_postcode(raw: str) -> str:
    """Canonical "OUT IN" form of a UK postcode, repairing O/0 and I/1 slips; the bare outward code if that is all
    there is; otherwise the upper-cased alphanumerics as an opaque code (non-UK postcodes still compare exactly)."""
    compact = re.sub(r"[^A-Za-z0-9]", "", fold(raw)).upper()
    if not compact:
        return ""
    if _UK_POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    if 5 <= len(compact) <= 7:
        outward, inward = compact[:-3], compact[-3:]
        inward = inward[0].translate(_TO_DIGIT) + inward[1:].translate(_TO_LETTER)
        outward = outward[0].translate(_TO_LETTER) + outward[1:]
        if len(outward) > 1 and not outward[1].isdigit():
            outward = outward[:2] + outward[2:3].translate(_TO_DIGIT) + outward[3:]
        else:
            outward = outward[:1] + outward[1:2].translate(_TO_DIGIT) + outward[2:]
        if _UK_POSTCODE.match(outward + inward):
            return f"{outward} {inward}"
    if _UK_OUTWARD.match(compact):
        return compact
    return compact


@lru_cache(maxsize=200_000)
def postcode_parts(unit: str) -> tuple[str, str, str, str]:
    """(unit, sector, district, area) of a normalised postcode; blanks where a part is unknown.

    "LS6 2AB" → ("LS6 2AB", "LS6 2", "LS6", "LS"); "LS6" → ("", "", "LS6", "LS"); an opaque code → (code, "", "", "").
    """
    if " " in unit:
        outward, inward = unit.split(" ", 1)
        area = outward[:2] if outward[1:2].isalpha() else outward[:1]
        return unit, f"{outward} {inward[:1]}", outward, area
    if _UK_OUTWARD.match(unit):
        area = unit[:2] if unit[1:2].isalpha() else unit[:1]
        return "", "", unit, area
    return unit, "", "", ""


# --- addresses -------------------------------------------------------------------------------------------------

_ADDRESS_WORDS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close",
    "cres": "crescent", "cr": "crescent", "dr": "drive", "drv": "drive", "ct": "court", "crt": "court",
    "gdns": "gardens", "gdn": "garden", "pl": "place", "sq": "square", "ter": "terrace", "terr": "terrace",
    "tce": "terrace", "pde": "parade", "pk": "park", "gr": "grove", "gro": "grove", "wy": "way", "hse": "house",
    "ho": "house", "cott": "cottage", "cotts": "cottages", "mt": "mount", "hts": "heights", "est": "estate",
    "apt": "flat", "apartment": "flat", "no": "", "number": "", "the": "", "of": "", "and": "", "flat": "",
    "unit": "", "rm": "", "room": "", "n": "north", "s": "south", "e": "east", "w": "west", "nth": "north",
    "sth": "south", "upr": "upper", "lwr": "lower", "gt": "great", "lt": "little", "bldgs": "buildings",
    "blvd": "boulevard", "cv": "cove", "mws": "mews", "wk": "walk", "cir": "circle", "ctr": "centre",
    "center": "centre", "cnr": "corner", "hwy": "highway", "pkwy": "parkway", "rdwy": "roadway",
}  # fmt: skip
_NUMBER = re.compile(r"^\d+[a-z]?$")


def normalise_address(raw: str) -> tuple[frozenset[str], str]:
    """(house and flat numbers, the remaining words joined) of one address line: "Flat 3, 12a High St" →
    ({"3", "12a"}, "high street")."""
    folded = fold(raw).replace("'", "").replace("’", "")
    folded = re.sub(r"(\d)\s*-\s*(\d)", r"\1 \2", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    folded = re.sub(r"(\d+)\s+([a-z])\b", r"\1\2", folded)  # 12 a → 12a
    numbers: set[str] = set()
    words: list[str] = []
    for token in folded.split():
        if _NUMBER.match(token):
            numbers.add(token.lstrip("0") or "0")
            continue
        if any(c.isdigit() for c in token):
            numbers.add(token)
            continue
        word = _ADDRESS_WORDS.get(token, token)
        if word:
            words.append(word)
    return frozenset(numbers), " ".join(words)


# --- identifiers -----------------------------------------------------------------------------------------------


def normalise_identifier(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", fold(value)).upper()


# --- the normalised record -------------------------------------------------------------------------------------

_PRECISION_CODES = {"day": "d", "month": "m", "year": "y"}


def _phonetic(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(jellyfish.soundex(n) for n in names), tuple(jellyfish.metaphone(n) for n in names)


class Normalised(NamedTuple):
    """Comparison-ready forms of one PersonDescription (immutable; a named tuple so it is cheap to rebuild).

    ``given``: normalised given names, the main one first (other given names, aliases, then parts of hyphenated
    names); ``given_sx``/``given_mp``: their Soundex and Metaphone codes. ``family`` likewise (current first).
    ``dob``: ``yyyymmdd`` as an int (0 when unknown); ``dob_precision``: "d", "m", "y" or "" (unknown).
    ``postcodes``: canonical units ("LS6 2AB"), current first, and ``postcode_parts`` their (unit, sector,
    district, area). ``addresses``: (house numbers, words) per line.
    """

    given: tuple[str, ...]
    given_sx: tuple[str, ...]
    given_mp: tuple[str, ...]
    family: tuple[str, ...]
    family_sx: tuple[str, ...]
    family_mp: tuple[str, ...]
    dob: int
    dob_precision: str
    sex: str
    postcodes: tuple[str, ...]
    postcode_parts: tuple[tuple[str, str, str, str], ...]
    addresses: tuple[tuple[frozenset[str], str], ...]
    nhs: str
    identifiers: tuple[tuple[str, str], ...]
    given_count: int = 0  # how many leading entries of ``given`` are whole given names (the rest are parts)
    record_id: str | None = None

    @property
    def main_given(self) -> str:
        return self.given[0] if self.given else ""

    @property
    def main_family(self) -> str:
        return self.family[0] if self.family else ""

    @property
    def dob_year(self) -> int:
        return self.dob // 10000

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict; ``Normalised.from_dict(n.as_dict()) == n``."""
        return {
            "v": NORMALISATION_VERSION,
            "g": list(self.given),
            "gs": list(self.given_sx),
            "gm": list(self.given_mp),
            "gc": self.given_count,
            "f": list(self.family),
            "fs": list(self.family_sx),
            "fm": list(self.family_mp),
            "d": self.dob,
            "dp": self.dob_precision,
            "s": self.sex,
            "p": list(self.postcodes),
            "a": [[sorted(numbers), words] for numbers, words in self.addresses],
            "n": self.nhs,
            "i": [list(pair) for pair in self.identifiers],
            "id": self.record_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Normalised:
        """Rebuild from ``as_dict`` output (for example a JSON column): no re-normalisation, a few microseconds."""
        postcodes = tuple(data["p"])
        addresses = data["a"]
        identifiers = data["i"]
        return cls(
            tuple(data["g"]),
            tuple(data["gs"]),
            tuple(data["gm"]),
            tuple(data["f"]),
            tuple(data["fs"]),
            tuple(data["fm"]),
            data["d"],
            data["dp"],
            data["s"],
            postcodes,
            tuple(postcode_parts(p) for p in postcodes) if postcodes else (),
            tuple((frozenset(numbers), words) for numbers, words in addresses) if addresses else (),
            data["n"],
            tuple((scheme, value) for scheme, value in identifiers) if identifiers else (),
            data["gc"],
            data["id"],
        )


def _clean_sex(sex: object) -> str:
    if not isinstance(sex, str):
        return ""
    s = sex.strip().upper()[:1]
    return s if s in ("M", "F") else ""


def _clean_nhs(nhs: object) -> str:
    if not isinstance(nhs, str):
        return ""
    digits = re.sub(r"\D", "", nhs)
    return digits if len(digits) == 10 else ""


def _as_tuple(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    try:
        return tuple(v for v in values if isinstance(v, str))  # type: ignore[attr-defined]
    except TypeError:
        return ()


def normalise(d: PersonDescription | Normalised) -> Normalised:
    """Normalise a description (a Normalised passes through unchanged). Never raises on odd input: unusable
    values are treated as missing."""
    if isinstance(d, Normalised):
        return d
    given, given_count = _name_forms(_as_tuple(d.given_names), drop_particles=False)
    family, _ = _name_forms(_as_tuple(d.family_names), drop_particles=True)
    given_sx, given_mp = _phonetic(given)
    family_sx, family_mp = _phonetic(family)

    dob_value = 0
    precision = ""
    if isinstance(d.date_of_birth, date) and d.dob_precision in _PRECISION_CODES:
        dob = d.date_of_birth
        precision = _PRECISION_CODES[d.dob_precision]
        dob_value = (
            dob.year * 10000 + (dob.month if precision != "y" else 0) * 100 + (dob.day if precision == "d" else 0)
        )

    postcodes: list[str] = []
    for raw in _as_tuple(d.postcodes):
        unit = normalise_postcode(raw)
        if unit and unit not in postcodes:
            postcodes.append(unit)
    addresses = []
    for raw in _as_tuple(d.address_lines):
        numbers, words = normalise_address(raw)
        if numbers or words:
            addresses.append((numbers, words))

    identifiers: list[tuple[str, str]] = []
    for pair in d.other_identifiers or ():
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            continue
        scheme, value = pair
        if not (isinstance(scheme, str) and isinstance(value, str)):
            continue
        scheme_n, value_n = scheme.strip().lower(), normalise_identifier(value)
        if scheme_n and value_n and (scheme_n, value_n) not in identifiers:
            identifiers.append((scheme_n, value_n))

    return Normalised(
        given=given,
        given_sx=given_sx,
        given_mp=given_mp,
        family=family,
        family_sx=family_sx,
        family_mp=family_mp,
        dob=dob_value,
        dob_precision=precision,
        sex=_clean_sex(d.sex),
        postcodes=tuple(postcodes),
        postcode_parts=tuple(postcode_parts(p) for p in postcodes),
        addresses=tuple(addresses),
        nhs=_clean_nhs(d.nhs_number),
        identifiers=tuple(sorted(identifiers)),
        given_count=min(given_count, len(given)),
        record_id=d.record_id if isinstance(d.record_id, str) else None,
    )


def normalised(d: PersonDescription) -> dict[str, Any]:
    """The normalised forms of ``d`` as a JSON-able dict, for storage next to a register record."""
    return normalise(d).as_dict()
