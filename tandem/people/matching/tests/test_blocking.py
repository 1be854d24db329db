from datetime import date

from tandem.people.matching import InMemoryIndex, blocking_keys, query_keys, record_keys
from tandem.people.matching.tests.factories import NHS_A, person


def test_record_keys_of_a_typical_child() -> None:
    d = person(given_names=("Bill",), family_names=("Okafor",), nhs_number=NHS_A)
    assert record_keys(d) == frozenset(
        {
            f"n:{NHS_A}",
            "d:20120304",
            "d:20120304:M",
            "fy:O216:2012:b",
            "gy:W450:2012:o",  # Bill is blocked as William
            "nm:O216|W450",
            "ny:O216|W450:2012",
            "p:LS6 2AB",
            "ps:LS6 2:O216",
        }
    )
    assert blocking_keys(d) == record_keys(d)


def test_query_keys_probe_the_swapped_date() -> None:
    d = person(date_of_birth=date(2012, 3, 4))
    assert query_keys(d) - record_keys(d) == {"d:20120403:M"}
    assert record_keys(d) - query_keys(d) == {"d:20120304"}
    unknown_sex = person(sex=None)
    assert {k for k in record_keys(unknown_sex) if k.startswith("d:")} == {"d:20120304", "d:20120304:M", "d:20120304:F"}
    thirteenth = person(date_of_birth=date(2012, 3, 13))  # no swapped date to probe
    assert record_keys(thirteenth) - query_keys(thirteenth) == {"d:20120313"}
    assert query_keys(thirteenth) - record_keys(thirteenth) == set()


def test_estimated_year_covers_the_years_either_side() -> None:
    keys = record_keys(person(date_of_birth=date(2012, 1, 1), dob_precision="year"))
    assert {k for k in keys if k.startswith("fy:")} == {"fy:O216:2011:j", "fy:O216:2012:j", "fy:O216:2013:j"}
    assert not any(k.startswith("d:") for k in keys)


def test_swapped_names_share_the_name_key() -> None:
    straight = record_keys(person())
    swapped = query_keys(person(given_names=("Okafor",), family_names=("Jayden",)))
    assert {k for k in straight if k.startswith("nm:")} & swapped == {"nm:J350|O216"}


def test_identifier_keys() -> None:
    keys = record_keys(person(other_identifiers=(("upn", "a123-456"),)))
    assert "i:upn:A123456" in keys


def test_index_finds_a_noisy_description_and_skips_oversized_blocks() -> None:
    index = InMemoryIndex(block_cap=3)
    index.add("target", person(record_id="target"))
    for i in range(4):  # four other people born the same day: the date block exceeds the cap
        index.add(f"other{i}", person(given_names=(f"Other{i}x",), family_names=("Zed",), postcodes=("M1 1AA",)))
    query = person(given_names=("Jaden",), postcodes=(), address_lines=())
    assert index.block_size("d:20120304:M") == 5
    assert index.block_size("d:20120304") == 5
    assert index.candidates(query) == {"target"}
