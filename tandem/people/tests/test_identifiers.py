"""Checking identifiers, postcodes and phone numbers: one set of rules and messages for forms, the API and files."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tandem.people import identifiers
from tandem.people.identifiers import InvalidValue

# 943 476 5919 is the NHS's own example of a valid number.
VALID_NHS = "9434765919"


def test_a_valid_nhs_number_is_normalised_and_verified() -> None:
    checked = identifiers.check_nhs_number(" 943 476 5919 ")
    assert (checked.value, checked.as_supplied, checked.verified) == (VALID_NHS, "943 476 5919", True)


def test_an_nhs_number_with_a_wrong_check_digit_is_refused_with_the_reason() -> None:
    with pytest.raises(InvalidValue) as refused:
        identifiers.check_nhs_number("9434765918")
    assert str(refused.value) == "Enter a valid NHS number: the check digit does not match"


@pytest.mark.parametrize("raw", ["943476591", "94347659190", "94347A5919", ""])
def test_an_nhs_number_that_is_not_ten_digits_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValue, match=r"^Enter a valid NHS number: it must be 10 digits$"):
        identifiers.check_nhs_number(raw)


def test_a_number_that_passes_the_checksum_but_not_the_range_rules_is_kept_unverified() -> None:
    # 1234567881 passes modulus 11, but as a Scottish CHI number its first six digits (12 34 56) are not a date.
    checked = identifiers.check_nhs_number("1234567881")
    assert checked.value == "1234567881"
    assert checked.verified is False
    assert checked.note == "The NHS number is not in a range the NHS issues: kept as unverified"


def test_numbers_from_the_never_issued_range_are_unverified_but_synthetic_test_numbers_are_accepted() -> None:
    assert identifiers.check_nhs_number("5000000005").verified is False  # "not to be issued"
    assert identifiers.check_nhs_number("9990000026").verified is True  # the synthetic test range


def test_a_valid_upn() -> None:
    assert identifiers.check_upn("h801200001001").value == "H801200001001"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("H801200001002", "Enter a valid unique pupil number: the check letter does not match"),
        ("H80120000100", "Enter a valid unique pupil number: it must be 13 characters"),
        ("A999200001001", "Enter a valid unique pupil number: the local authority number in it is not one in use"),
        ("X80120000A001", "Enter a valid unique pupil number: a letter, then 11 digits, then a digit or letter"),
    ],
)
def test_an_invalid_upn_is_refused_with_the_reason(raw: str, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        identifiers.check_upn(raw)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("sw1a1aa", "SW1A 1AA"), ("wy3 4ab", "WY3 4AB"), (" LS6  2AB ", "LS6 2AB"), ("GIR 0AA", "GIR 0AA")],
)
def test_postcodes_are_validated_and_normalised(raw: str, normalised: str) -> None:
    assert identifiers.check_postcode(raw) == normalised


@pytest.mark.parametrize("raw", ["AB12 34C", "WY3", "12345", "LS6 2CI"])
def test_an_invalid_postcode_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValue, match=r"^Enter a real UK postcode, like WY3 4AB$"):
        identifiers.check_postcode(raw)
    assert identifiers.postcode_or_blank(raw) == ""


@pytest.mark.parametrize(
    ("raw", "digits"),
    [("07700 900 982", "07700900982"), ("+44 808 157 0192", "08081570192"), ("+33 1 23 45 67 89", "+33123456789")],
)
def test_phone_numbers(raw: str, digits: str) -> None:
    assert identifiers.check_phone(raw) == digits


def test_a_uk_phone_number_needs_its_area_code() -> None:
    with pytest.raises(InvalidValue, match="area code"):
        identifiers.check_phone("960 001")


def test_police_and_local_authority_ids_are_normalised_for_comparison_but_kept_as_supplied() -> None:
    checked = identifiers.check_identifier("police", "12/345678a")
    assert (checked.value, checked.as_supplied) == ("12345678A", "12/345678a")
    with pytest.raises(InvalidValue, match=r"^Enter a police identifier using letters"):
        identifiers.check_identifier("police", "12*34")


def test_local_authority_ids_are_compared_only_with_the_same_issuer() -> None:
    assert identifiers.matching_scheme("la-person", "Wyvern Vale") == "la-person:wyvern vale"
    assert identifiers.matching_scheme("upn", "anyone") == "upn"


@override_settings(TANDEM_EXTRA_IDENTIFIER_SCHEMES={"housing": "Housing tenancy number"})
def test_extra_schemes_come_from_the_settings() -> None:
    assert identifiers.schemes()["housing"] == "Housing tenancy number"
    assert identifiers.check_identifier("housing", "HT-0042").value == "HT0042"
    with pytest.raises(InvalidValue, match=r"^Select the kind of identifier$"):
        identifiers.check_identifier("passport", "123")
