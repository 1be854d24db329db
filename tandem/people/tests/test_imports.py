"""import_people and link_people: the load summary's rules, re-runs, history instead of overwrites, and linking that
writes one row per input row, in order, and never writes to the register."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tandem.audit.models import AccessEvent, AuditEvent
from tandem.people import identity, imports
from tandem.people.models import (
    Address,
    IdentitySearch,
    MatchEntry,
    MatchKey,
    Person,
    PersonIdentifier,
    PersonName,
)

pytestmark = pytest.mark.django_db

HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address_line", "nhs_number"]
MAYA = ["R1", "Maya", "Lockwood", "2010-03-14", "F", "WY7 2QX", "12 Mill Lane", "9434765919"]
OMAR = ["R2", "Omar", "Haddad", "2009-11-02", "M", "wy3 4ab", "3 Canal Side", ""]


def write(tmp_path: Path, rows: list[list[str]], name: str = "people.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def load(path: Path, source: str = "ccs") -> str:
    out = io.StringIO()
    call_command("import_people", str(path), "--source", source, "--quiet", stdout=out)
    identity.model_changed()
    return out.getvalue()


def test_loads_people_with_their_record_id_address_and_nhs_number(tmp_path: Path) -> None:
    output = load(write(tmp_path, [MAYA, OMAR]))

    assert output.splitlines() == [
        "Rows read: 2. Loaded: 2 (2 new people, 0 with new history, 0 unchanged). Refused: 0."
    ]
    maya = Person.objects.get(given_name="Maya")
    assert (maya.family_name, str(maya.date_of_birth), maya.sex, maya.source) == (
        "Lockwood",
        "2010-03-14",
        "2",
        "import:ccs",
    )
    assert sorted(maya.identifiers.values_list("scheme", "issuer", "value")) == [
        ("nhs", "", "9434765919"),
        ("source", "ccs", "R1"),
    ]
    omar = Person.objects.get(given_name="Omar")
    address = omar.addresses.get()
    assert (address.postcode, address.postcode_as_supplied, address.line_1) == ("WY3 4AB", "wy3 4ab", "3 Canal Side")
    assert MatchEntry.objects.count() == 2
    [event] = AuditEvent.objects.filter(verb="people.imported")
    assert event.actor_username == "system:import_people:ccs"
    assert event.detail["created"] == 2


def test_rerunning_the_same_file_loads_nothing_twice(tmp_path: Path) -> None:
    path = write(tmp_path, [MAYA, OMAR])
    load(path)
    counts = (
        Person.objects.count(),
        Address.objects.count(),
        PersonIdentifier.objects.count(),
        MatchKey.objects.count(),
    )

    output = load(path)

    assert (
        output.splitlines()[0] == "Rows read: 2. Loaded: 2 (0 new people, 0 with new history, 2 unchanged). Refused: 0."
    )
    assert (
        Person.objects.count(),
        Address.objects.count(),
        PersonIdentifier.objects.count(),
        MatchKey.objects.count(),
    ) == counts


def test_a_changed_row_becomes_history_never_an_overwrite(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA]))
    moved = ["R1", "Maya", "Lockwood-Price", "2010-03-14", "F", "WY9 1AB", "4 Brook Street", "9434765919"]

    output = load(write(tmp_path, [moved], "second.csv"))

    assert "0 new people, 1 with new history, 0 unchanged" in output
    maya = Person.objects.get()
    assert maya.family_name == "Lockwood"  # not overwritten
    assert list(PersonName.objects.values_list("kind", "given_name", "family_name", "source")) == [
        ("alias", "Maya", "Lockwood-Price", "import:ccs")
    ]
    old, new = sorted(maya.addresses.all(), key=lambda a: a.created_at)
    assert (old.postcode, old.to_on is not None) == ("WY7 2QX", True)
    assert (new.postcode, new.to_on, new.line_1) == ("WY9 1AB", None, "4 Brook Street")
    described = identity.describe(maya)
    assert described.family_names == ("Lockwood", "Lockwood-Price")
    assert set(described.postcodes) == {"WY7 2QX", "WY9 1AB"}


def test_a_record_id_reused_for_different_data_refuses_the_row(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA]))
    someone_else = ["R1", "Jade", "Price", "1988-01-01", "F", "WY1 1AA", "1 High Street", ""]

    output = load(write(tmp_path, [someone_else], "second.csv"))

    assert output.splitlines() == [
        "Rows read: 1. Loaded: 0 (0 new people, 0 with new history, 0 unchanged). Refused: 1.",
        "row 2 (record id R1), record_id: ccs already used this id for another person (a different date of birth) "
        "[row refused]",
    ]
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        (["R9", "", "  ", "2010-01-01", "", "", "", ""], "given_name", "no usable name (neither name has a letter)"),
        (
            ["R9", "Ada", "Lane", "14/03/2010", "", "", "", ""],
            "date_of_birth",
            "“14/03/2010” is not a date (use YYYY-MM-DD)",
        ),
        (["R9", "Ada", "Lane", "2099-01-01", "", "", "", ""], "date_of_birth", "2099-01-01 is in the future"),
        (["", "Ada", "Lane", "2010-01-01", "", "", "", ""], "record_id", "no record id"),
    ],
)
def test_refused_rows_are_named_by_row_field_and_reason_and_never_stop_the_load(
    tmp_path: Path, row: list[str], field: str, reason: str
) -> None:
    output = load(write(tmp_path, [MAYA, row, OMAR]))

    lines = output.splitlines()
    assert lines[0] == "Rows read: 3. Loaded: 2 (2 new people, 0 with new history, 0 unchanged). Refused: 1."
    rid = f" (record id {row[0]})" if row[0] else ""
    assert lines[1:] == [f"row 3{rid}, {field}: {reason} [row refused]"]


def test_a_bad_checksum_refuses_the_identifier_not_the_person(tmp_path: Path) -> None:
    output = load(write(tmp_path, [["R5", "Ada", "Lane", "2010-01-01", "F", "WY1 1AA", "1 High St", "9434765918"]]))

    assert output.splitlines()[1] == (
        "row 2 (record id R5), nhs_number: Enter a valid NHS number: the check digit does not match [field left out]"
    )
    ada = Person.objects.get()
    assert list(ada.identifiers.values_list("scheme", flat=True)) == ["source"]


def test_a_number_failing_only_the_range_rules_is_kept_unverified_and_still_matched(tmp_path: Path) -> None:
    output = load(write(tmp_path, [["R5", "Ada", "Lane", "2010-01-01", "F", "", "", "1234567881"]]))

    assert "nhs_number: The NHS number is not in a range the NHS issues: kept as unverified [field left out]" in output
    nhs = PersonIdentifier.objects.get(scheme="nhs")
    assert (nhs.value, nhs.verified) == ("1234567881", False)
    assert identity.describe(nhs.person).nhs_number == "1234567881"


def test_an_invalid_postcode_is_kept_as_supplied_for_matching(tmp_path: Path) -> None:
    output = load(write(tmp_path, [["R5", "Ada", "Lane", "2010-01-01", "F", "WY1 1CI", "1 High St", ""]]))

    assert "postcode: “WY1 1CI” is not a valid UK postcode: kept as supplied [field left out]" in output
    address = Address.objects.get()
    assert (address.postcode, address.postcode_as_supplied) == ("", "WY1 1CI")
    assert identity.describe(address.person).postcodes == ("WY1 1CI",)


def test_estimated_and_month_dates() -> None:
    assert imports.parse_date("2011") == (imports.dt.date(2011, 7, 1), "year")
    assert imports.parse_date("2011-03") == (imports.dt.date(2011, 3, 1), "month")
    assert imports.parse_date("") == (None, "unknown")


def _link(tmp_path: Path, rows: list[list[str]], source: str = "ccs") -> list[dict[str, str]]:
    out = tmp_path / "links.csv"
    call_command(
        "link_people",
        str(write(tmp_path, rows, "queries.csv")),
        "--source",
        source,
        "--out",
        str(out),
        "--quiet",
        stderr=io.StringIO(),
    )
    with out.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_link_writes_one_row_per_input_row_in_order(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA, OMAR]))
    queries = [
        ["Q1", "Omar", "Haddad", "2009-11-02", "M", "WY3 4AB", "3 Canal Side", ""],
        ["Q2", "Nobody", "Atall", "1970-01-01", "", "", "", ""],
        ["Q3", "Maya", "Lockwood", "not a date", "F", "", "", ""],
        ["Q4", "Maya", "Lockwood", "2010-03-14", "F", "WY7 2QX", "", "9434765919"],
        ["Q5", "Mya", "Lockwod", "2010-03-14", "F", "", "", ""],
    ]

    links = _link(tmp_path, queries)

    assert [row["record_id"] for row in links] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert list(links[0]) == ["record_id", "matched_record_id", "match_probability", "decision"]
    assert (links[0]["matched_record_id"], links[0]["decision"]) == ("R2", "match")
    assert (links[1]["matched_record_id"], links[1]["decision"]) == ("", "no match")
    assert (links[2]["matched_record_id"], links[2]["decision"]) == ("", "no match")
    assert (links[3]["matched_record_id"], links[3]["decision"]) == ("R1", "match")
    assert links[4]["matched_record_id"] == "R1"
    assert links[4]["decision"] in ("review", "no match")
    assert 0.0 <= float(links[4]["match_probability"]) <= 1.0


def test_link_only_considers_people_holding_the_sources_ids(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA]), source="ccs")
    load(write(tmp_path, [OMAR], "health.csv"), source="health")

    links = _link(tmp_path, [["Q1", "Omar", "Haddad", "2009-11-02", "M", "WY3 4AB", "3 Canal Side", ""]], source="ccs")

    assert (links[0]["matched_record_id"], links[0]["decision"]) == ("", "no match")


def test_link_never_writes_to_the_register(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA, OMAR]))
    tables = (Person, Address, PersonIdentifier, PersonName, MatchEntry, MatchKey, IdentitySearch)
    before = [m.objects.count() for m in tables]

    _link(tmp_path, [["Q1", "Omar", "Haddad", "2009-11-02", "M", "WY3 4AB", "", ""]])

    assert [m.objects.count() for m in tables] == before
    [event] = AccessEvent.objects.filter(channel="command")
    assert event.actor_username == "system:link_people:ccs"
    assert [s["person"] for s in event.subjects] == [str(Person.objects.get(given_name="Omar").pk)]


def test_import_can_queue_possible_matches_across_sources(tmp_path: Path) -> None:
    load(write(tmp_path, [MAYA]), source="ccs")
    out = io.StringIO()
    path = write(tmp_path, [["H7", "Maya", "Lockwood", "2010-03-14", "F", "WY7 2QX", "12 Mill Lane", ""]], "h.csv")

    call_command("import_people", str(path), "--source", "health", "--review-matches", "--quiet", stdout=out)

    assert "Pairs queued for review: 1." in out.getvalue()
    from tandem.people.models import MatchReview

    review: Any = MatchReview.objects.get()
    assert review.origin == "import"
    assert review.status == "open"
    assert Person.objects.current().count() == 2  # nothing merged


def test_a_load_leaves_postgresql_planner_statistics_describing_the_loaded_tables(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL keeps planner statistics; SQLite plans these lookups without them")
    load(write(tmp_path, [MAYA, OMAR]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('people_matchentry', 'people_person')"
            " ORDER BY relname"
        )
        assert cursor.fetchall() == [("people_matchentry", 2.0), ("people_person", 2.0)]
