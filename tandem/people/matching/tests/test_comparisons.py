from datetime import date

import pytest

from tandem.people.matching import comparisons as cmp
from tandem.people.matching import normalise
from tandem.people.matching.tests.factories import person


def _given(a: str, b: str, **kw: object) -> str:
    return cmp.compare_given(normalise(person(given_names=(a,), **kw)), normalise(person(given_names=(b,))))


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Jayden", "JAYDEN", "exact"),
        ("Zoë", "Zoe", "exact"),
        ("Bill", "William", "variant"),
        ("Mohammed", "Muhammad", "variant"),
        ("Aisha", "Ayesha", "variant"),
        ("Oluwaseun", "Seun", "variant"),
        ("Abdulrahman", "Abdur-Rahman", "variant"),
        ("Jaydn", "Jayden", "variant"),
        ("Jaiydan", "Jayden", "phonetic"),
        ("Christophe", "Christopher", "variant"),
        ("Gorge", "George", "typo"),
        ("J", "Jayden", "initial"),
        ("Stefen", "Stephen", "phonetic"),
        ("Tunde", "Jayden", "different"),
        ("Ella", "Emma", "different"),
    ],
)
def test_given_name_levels(a: str, b: str, level: str) -> None:
    assert _given(a, b) == level


def test_given_name_phonetic_level_for_unknown_names() -> None:
    assert _given("Kwabina", "Kwabyna") == "typo"
    assert _given("Phaedra", "Faydra") == "different"  # first letters differ: not treated as a slip or a sound
    assert _given("Caitlinn", "Caytlen") == "phonetic"


def test_given_name_matches_middle_or_known_as_name() -> None:
    a = normalise(person(given_names=("Oliver", "Tilly")))
    b = normalise(person(given_names=("Matilda",)))
    assert cmp.compare_given(a, b) == "other_name"


def test_given_and_family_names_swapped() -> None:
    a = normalise(person(given_names=("Okafor",), family_names=("Jayden",)))
    b = normalise(person())
    assert cmp.compare_given(a, b) == "swapped"
    assert cmp.compare_family(a, b) == "swapped"


def test_missing_given_name_is_missing() -> None:
    assert cmp.compare_given(normalise(person(given_names=())), normalise(person())) == cmp.MISSING


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("Okafor",), ("OKAFOR",), "exact"),
        (("Kowalska",), ("Kowalski",), "variant"),
        (("Hussein",), ("Hussain",), "variant"),
        (("Smith-Jones",), ("Jones",), "partial"),
        (("Brown", "Okafor"), ("Okafor",), "partial"),
        (("Okafro",), ("Okafor",), "typo"),
        (("Thompsen",), ("Thomson",), "typo"),
        (("Nguyen",), ("Smith",), "different"),
    ],
)
def test_family_name_levels(a: tuple[str, ...], b: tuple[str, ...], level: str) -> None:
    assert cmp.compare_family(normalise(person(family_names=a)), normalise(person(family_names=b))) == level


@pytest.mark.parametrize(
    ("a", "pa", "b", "pb", "level"),
    [
        (date(2012, 3, 4), "day", date(2012, 3, 4), "day", "exact"),
        (date(2012, 3, 4), "day", date(2012, 4, 3), "day", "swapped"),
        (date(2012, 3, 4), "day", date(2012, 3, 7), "day", "typo"),
        (date(2012, 3, 4), "day", date(2013, 3, 4), "day", "typo"),
        (date(2012, 3, 14), "day", date(2012, 3, 41 - 30), "day", "typo"),
        (date(2012, 3, 4), "day", date(2012, 9, 27), "day", "within_year"),
        (date(2012, 3, 4), "day", date(2010, 6, 30), "day", "different"),
        (date(2012, 3, 4), "day", date(2013, 1, 1), "year", "estimated"),
        (date(2012, 3, 4), "day", date(2014, 1, 1), "year", "within_year"),
        (date(2012, 3, 4), "day", date(2012, 3, 1), "month", "estimated"),
        (date(2012, 3, 4), "day", date(2016, 3, 1), "month", "different"),
        (date(2012, 3, 4), "day", date(2012, 3, 4), "unknown", cmp.MISSING),
    ],
)
def test_date_of_birth_levels(a: date, pa: str, b: date, pb: str, level: str) -> None:
    x = normalise(person(date_of_birth=a, dob_precision=pa))
    y = normalise(person(date_of_birth=b, dob_precision=pb))
    assert cmp.compare_dob(x, y) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ((("LS6 2AB",), ("12 Kirkstall Road",)), (("ls62ab",), ("12 Kirkstall Rd",)), "address"),
        ((("LS6 2AB",), ("12 Kirkstall Road",)), (("LS6 2AD",), ("12, Kirkstall Road",)), "address"),
        ((("LS6 2AB",), ()), (("LS6 2AB",), ("12 Kirkstall Road",)), "postcode"),
        ((("LS6 2AB",), ("12 Kirkstall Road",)), (("LS6 2AB",), ("40 Kirkstall Road",)), "postcode_other_house"),
        ((("LS6 2AB",), ("12 Kirkstall Road",)), (("M1 1AA",), ("12 Kirkstall Road",)), "line"),
        ((("LS6 2AB",), ()), (("LS6 2XY",), ()), "sector"),
        ((("LS6 2AB",), ()), (("LS6 4XY",), ()), "district"),
        ((("LS6 2AB",), ()), (("LS16 4XY",), ()), "area"),
        ((("LS6 2AB",), ()), (("M1 1AA",), ()), "different"),
        ((("LS6 2AB",), ()), ((), ()), cmp.MISSING),
    ],
)
def test_address_levels(
    a: tuple[tuple[str, ...], tuple[str, ...]], b: tuple[tuple[str, ...], tuple[str, ...]], level: str
) -> None:
    x = normalise(person(postcodes=a[0], address_lines=a[1]))
    y = normalise(person(postcodes=b[0], address_lines=b[1]))
    assert cmp.compare_address(x, y) == level


def test_previous_postcode_counts() -> None:
    x = normalise(person(postcodes=("BD7 1AA", "LS6 2AB"), address_lines=()))
    y = normalise(person(postcodes=("LS6 2AB",), address_lines=()))
    assert cmp.compare_address(x, y) == "postcode"


def test_sex_levels() -> None:
    assert cmp.compare_sex(normalise(person(sex="M")), normalise(person(sex="m"))) == "agree"
    assert cmp.compare_sex(normalise(person(sex="M")), normalise(person(sex="F"))) == "different"
    assert cmp.compare_sex(normalise(person(sex=None)), normalise(person(sex="F"))) == cmp.MISSING


def test_nhs_levels() -> None:
    a = normalise(person(nhs_number="943 476 5919"))
    assert cmp.compare_nhs(a, normalise(person(nhs_number="9434765919"))) == "agree"
    assert cmp.compare_nhs(a, normalise(person(nhs_number="9434765870"))) == "different"
    assert cmp.compare_nhs(a, normalise(person())) == cmp.MISSING


def test_identifier_levels_per_scheme() -> None:
    a = normalise(person(other_identifiers=(("upn", "A123456789012"), ("police", "WY/123/45"))))
    b = normalise(person(other_identifiers=(("UPN", "a123456789012"), ("police", "WY/123/46"), ("ulN", "9"))))
    c = normalise(person(other_identifiers=(("police", "MET-998877"),)))
    assert cmp.compare_identifiers(a, b) == [("police", "near"), ("upn", "agree")]
    assert cmp.compare_identifiers(a, c) == [("police", "different")]
    assert cmp.compare_identifiers(a, normalise(person())) == []


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("Jayden", "Jayden", True),
        ("Bill", "William", True),
        ("J", "Jayden", True),
        ("Alexand", "Alexander", True),
        ("Jaydne", "Jayden", True),
        ("Mi", "Mia", True),
        ("Jayden", "Oliver", False),
        ("Ella", "Emma", False),  # two real names, one letter apart: twins are named like this
        ("Jayden", "Hayden", False),  # rhyming names: different first letter and sound
        ("Kayla", "Layla", False),
        ("Anna", "Hannah", False),
    ],
)
def test_given_names_compatible_rule(a: str, b: str, compatible: bool) -> None:
    x = normalise(person(given_names=(a,)))
    y = normalise(person(given_names=(b,)))
    assert cmp.given_names_compatible(x, y) is compatible
    assert cmp.given_names_compatible(y, x) is compatible


def test_given_names_compatible_needs_the_same_sex_for_a_slip() -> None:
    x = normalise(person(given_names=("Jaydne",), sex="F"))
    y = normalise(person(given_names=("Jayden",), sex="M"))
    assert cmp.given_names_compatible(x, y) is False


def test_given_names_compatible_through_a_middle_name_only_from_the_main_name() -> None:
    twin_a = normalise(person(given_names=("Oliver", "John")))
    twin_b = normalise(person(given_names=("Harry", "John")))
    known_as = normalise(person(given_names=("John",)))
    assert cmp.given_names_compatible(twin_a, twin_b) is False
    assert cmp.given_names_compatible(twin_a, known_as) is True
