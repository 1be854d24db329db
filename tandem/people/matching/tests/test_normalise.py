from datetime import date

import pytest

from tandem.people.matching import NORMALISATION_VERSION, Normalised, PersonDescription, normalise, normalised
from tandem.people.matching.normalise import fold, name_tokens, normalise_address, normalise_postcode, postcode_parts
from tandem.people.matching.tests.factories import person


def test_fold_removes_accents_and_spells_out_special_letters() -> None:
    assert fold("Zoë Łukasz Strauß Ørsted") == "zoe lukasz strauss orsted"


def test_name_tokens_drop_apostrophes_and_split_separators() -> None:
    assert name_tokens("O'Brien") == ["obrien"]
    assert name_tokens(" Smith-Jones ") == ["smith", "jones"]
    assert name_tokens("Al-Hassan, Jr.") == ["al", "hassan", "jr"]


def test_multi_part_names_give_whole_form_then_parts() -> None:
    n = normalise(person(given_names=("Mary-Jane", "Tilly"), family_names=("Al-Hassan",)))
    assert n.given == ("maryjane", "tilly", "mary", "jane")
    assert n.given_count == 2
    assert n.family == ("alhassan", "hassan")  # the particle "al" is not a family on its own


def test_titles_and_bracketed_aliases() -> None:
    n = normalise(person(given_names=("Miss Chantelle (Tilly)",)))
    assert n.given == ("chantelle", "tilly")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ls62ab", "LS6 2AB"),
        (" LS6  2AB ", "LS6 2AB"),
        ("LS6 2A8", "LS6 2AB"),  # 8 for B in the inward letters
        ("LS6 ZAB", "LS6 2AB"),  # Z for 2 in the inward digit
        ("0L1 1AA", "OL1 1AA"),  # 0 for O in the area
        ("LS6", "LS6"),
        ("4223", "4223"),
        ("", ""),
    ],
)
def test_postcodes_are_canonical(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected


def test_postcode_parts() -> None:
    assert postcode_parts("LS6 2AB") == ("LS6 2AB", "LS6 2", "LS6", "LS")
    assert postcode_parts("M1 1AA") == ("M1 1AA", "M1 1", "M1", "M")
    assert postcode_parts("LS6") == ("", "", "LS6", "LS")
    assert postcode_parts("4223") == ("4223", "", "", "")


def test_address_numbers_and_words() -> None:
    assert normalise_address("Flat 3, 12a High St") == (frozenset({"3", "12a"}), "high street")
    assert normalise_address("12 A Kirkstall Rd.") == (frozenset({"12a"}), "kirkstall road")


def test_dates_by_precision() -> None:
    assert normalise(person(date_of_birth=date(2012, 3, 4))).dob == 20120304
    month = normalise(person(date_of_birth=date(2012, 3, 4), dob_precision="month"))
    assert (month.dob, month.dob_precision) == (20120300, "m")
    year = normalise(person(date_of_birth=date(2012, 3, 4), dob_precision="year"))
    assert (year.dob, year.dob_precision) == (20120000, "y")
    unknown = normalise(person(dob_precision="unknown"))
    assert (unknown.dob, unknown.dob_precision) == (0, "")


def test_invalid_values_are_treated_as_missing() -> None:
    n = normalise(person(sex="X", nhs_number="12345", other_identifiers=(("", "1"), ("upn", " "))))
    assert (n.sex, n.nhs, n.identifiers) == ("", "", ())


def test_dict_round_trip_is_exact() -> None:
    d = person(
        given_names=("Mary-Jane",),
        family_names=("Smith", "Okafor"),
        postcodes=("LS6 2AB", "BD7 1AA"),
        address_lines=("Flat 3, 12a High St",),
        nhs_number="9434765919",
        other_identifiers=(("upn", "A123"),),
    )
    data = normalised(d)
    assert data["v"] == NORMALISATION_VERSION
    assert Normalised.from_dict(data) == normalise(d)


def test_normalise_passes_a_normalised_value_through() -> None:
    n = normalise(person())
    assert normalise(n) is n


def test_empty_description_normalises_to_nothing() -> None:
    n = normalise(PersonDescription())
    assert (n.given, n.family, n.dob, n.postcodes, n.addresses, n.nhs) == ((), (), 0, (), (), "")
