"""Identifiers, postcodes and phone numbers: checking and normalising what people type or files supply.

One set of rules for forms, the API and file imports:

* NHS number: 10 digits whose check digit (modulus 11) matches. A number that passes the checksum but fails the
  `nhs-number` package's range rules (a Scottish CHI number that is not a date, a range the NHS never issues) is kept
  and marked unverified. `python-stdnum` checks only the checksum, so it is not used for NHS numbers (deps.md 10).
* Unique pupil number: `stdnum.gb.upn` (check letter, known local authority number).
* Postcode: django-localflavor's GB postcode rules, normalised to "WY3 4AB".
* Police, local authority and other ids: letters, digits and a few separators; normalised to upper-case
  alphanumerics for comparison. Further schemes come from `TANDEM_EXTRA_IDENTIFIER_SCHEMES`.

Each check raises `InvalidValue` with the message a form shows ("Enter a valid NHS number: the check digit does not
match"); an import records the same message against the row and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nhs_number
from django.conf import settings
from django.core.exceptions import ValidationError
from localflavor.gb.forms import GBPostcodeField
from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn

NHS = "nhs"
UPN = "upn"
POLICE = "police"
LOCAL_AUTHORITY = "la-person"
SOURCE = "source"

BUILT_IN_SCHEMES: dict[str, str] = {
    NHS: "NHS number",
    UPN: "Unique pupil number",
    POLICE: "Police identifier",
    LOCAL_AUTHORITY: "Local authority person id",
    SOURCE: "Record id in an imported file",
}
#: Schemes whose values are only unique within their issuer (compared for matching only with the same issuer).
PER_ISSUER = frozenset({LOCAL_AUTHORITY, SOURCE})
_GENERIC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /\-.]{0,58}[A-Za-z0-9]$|^[A-Za-z0-9]$")


class InvalidValue(ValueError):
    """A value that cannot be accepted; `str(error)` is the message for the user."""


@dataclass(frozen=True)
class Checked:
    scheme: str
    value: str  # normalised
    as_supplied: str
    verified: bool = True
    note: str = ""


def schemes() -> dict[str, str]:
    """Every identifier scheme: the built-in ones and `TANDEM_EXTRA_IDENTIFIER_SCHEMES` (slug → label)."""
    extra = getattr(settings, "TANDEM_EXTRA_IDENTIFIER_SCHEMES", {}) or {}
    return {**BUILT_IN_SCHEMES, **{str(k): str(v) for k, v in extra.items() if k not in BUILT_IN_SCHEMES}}


def scheme_label(scheme: str) -> str:
    return schemes().get(scheme, scheme)


def _digits(raw: str) -> str:
    return re.sub(r"[\s\-]", "", raw)


def nhs_checksum_ok(digits: str) -> bool:
    return len(digits) == 10 and digits.isdigit() and nhs_number.calculate_checksum(digits[:9]) == int(digits[9])


def nhs_range_ok(digits: str) -> bool:
    """The nhs-number package's rules beyond the checksum: CHI numbers are dates; unissued ranges are refused."""
    return (
        nhs_number.is_valid(digits)
        and not nhs_number.REGION_UNALLOCATED.contains_number(digits)
        and not nhs_number.REGION_RESERVED.contains_number(digits)
    )


def check_nhs_number(raw: str) -> Checked:
    supplied = raw.strip()
    digits = _digits(supplied)
    if not digits.isdigit() or len(digits) != 10:
        raise InvalidValue("Enter a valid NHS number: it must be 10 digits")
    if not nhs_checksum_ok(digits):
        raise InvalidValue("Enter a valid NHS number: the check digit does not match")
    if nhs_range_ok(digits):
        return Checked(NHS, digits, supplied)
    return Checked(
        NHS,
        digits,
        supplied,
        verified=False,
        note="The NHS number is not in a range the NHS issues: kept as unverified",
    )


def check_upn(raw: str) -> Checked:
    supplied = raw.strip()
    compact = re.sub(r"\s", "", supplied).upper()
    try:
        value = upn.validate(compact)
    except stdnum_errors.InvalidLength:
        raise InvalidValue("Enter a valid unique pupil number: it must be 13 characters") from None
    except stdnum_errors.InvalidChecksum:
        raise InvalidValue("Enter a valid unique pupil number: the check letter does not match") from None
    except stdnum_errors.InvalidComponent:
        raise InvalidValue(
            "Enter a valid unique pupil number: the local authority number in it is not one in use"
        ) from None
    except stdnum_errors.ValidationError:
        raise InvalidValue(
            "Enter a valid unique pupil number: a letter, then 11 digits, then a digit or letter"
        ) from None
    return Checked(UPN, value, supplied)


def check_generic(scheme: str, raw: str) -> Checked:
    supplied = raw.strip()
    if not _GENERIC.match(supplied):
        label = scheme_label(scheme)
        article = "an" if label[:1].lower() in "aeiou" else "a"
        raise InvalidValue(
            f"Enter {article} {label[:1].lower() + label[1:]} using letters, numbers, spaces, hyphens, full stops "
            "or slashes (at most 60 characters)"
        )
    return Checked(scheme, re.sub(r"[^A-Za-z0-9]", "", supplied).upper(), supplied)


def check_identifier(scheme: str, raw: str) -> Checked:
    """Check and normalise one identifier of a known scheme."""
    if scheme not in schemes():
        raise InvalidValue("Select the kind of identifier")
    if not raw.strip():
        raise InvalidValue(f"Enter the {scheme_label(scheme)[:1].lower() + scheme_label(scheme)[1:]}")
    if scheme == NHS:
        return check_nhs_number(raw)
    if scheme == UPN:
        return check_upn(raw)
    return check_generic(scheme, raw)


def matching_scheme(scheme: str, issuer: str) -> str:
    """The scheme name the matching engine compares on: per-issuer schemes include the issuer, so two local
    authorities' ids (or two files' record ids) never count as disagreeing."""
    if scheme in PER_ISSUER:
        return f"{scheme}:{issuer.strip().lower()}"
    return scheme


_POSTCODE = GBPostcodeField()


def check_postcode(raw: str) -> str:
    """A valid UK postcode, normalised ("wy34ab" → "WY3 4AB")."""
    try:
        return str(_POSTCODE.clean(raw.strip()))
    except ValidationError:
        raise InvalidValue("Enter a real UK postcode, like WY3 4AB") from None


def postcode_or_blank(raw: str) -> str:
    try:
        return check_postcode(raw) if raw.strip() else ""
    except InvalidValue:
        return ""


_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-]{7,25}$")


def check_phone(raw: str) -> str:
    """Digits of a phone number; UK numbers as 0xxxxxxxxxx (10 or 11 digits), others with a leading +."""
    supplied = raw.strip()
    if not _PHONE_CHARS.match(supplied):
        raise InvalidValue("Enter a phone number, like 07700 900 982 or +44 808 157 0192")
    digits = re.sub(r"\D", "", supplied)
    if supplied.startswith("+44") or supplied.startswith("0044"):
        digits = "0" + digits[2:] if supplied.startswith("+44") else "0" + digits[4:]
    elif supplied.startswith("+"):
        if not 8 <= len(digits) <= 15:
            raise InvalidValue("Enter a phone number, like 07700 900 982 or +44 808 157 0192")
        return "+" + digits
    if not (digits.startswith("0") and len(digits) in (10, 11)):
        raise InvalidValue("Enter a UK phone number with its area code, like 01632 960 001")
    return digits
