"""Fast bulk writes for seeding and imports: raw `executemany` on SQLite, `COPY` on PostgreSQL, in the caller's
transaction. Values are prepared once per type (`Prep`), not per field through the ORM."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models

from tandem.people.matching import NORMALISATION_VERSION
from tandem.people.models import Address, MatchEntry, MatchKey, Person, PersonIdentifier, PersonLink


@dataclass(frozen=True)
class Prep:
    """How values are written: Python objects for PostgreSQL's COPY; text for SQLite, as Django stores them there
    (UUIDs as 32 hex digits, naive UTC datetimes, ISO dates)."""

    sqlite: bool

    @classmethod
    def here(cls) -> Prep:
        """For the database in use."""
        return cls(sqlite=connection.vendor == "sqlite")

    def uid(self, value: uuid.UUID) -> Any:
        return value.hex if self.sqlite else value

    def day(self, value: dt.date | None) -> Any:
        return value.isoformat() if self.sqlite and value is not None else value

    def stamp(self, value: dt.datetime) -> Any:
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ") if self.sqlite else value


class Writer:
    """Insert prepared rows into one table with the fastest path the database has (COPY on PostgreSQL, executemany
    on SQLite)."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = [str(model._meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        columns = ", ".join(self.columns)
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                return count
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
            prepared = rows if isinstance(rows, list) else list(rows)
            cursor.executemany(sql, prepared)
            return len(prepared)


def entry_ids(count: int) -> list[int]:
    """Ids for `count` new `MatchEntry` rows, inside the current transaction (SQLite's IMMEDIATE transactions hold
    the write lock, so MAX(id) is safe; PostgreSQL takes them from the sequence)."""
    table = MatchEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",  # noqa: S608
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - name from the model
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


PERSON_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "kind",
    "given_name",
    "middle_names",
    "family_name",
    "known_as",
    "date_of_birth",
    "dob_precision",
    "sex",
    "ethnicity",
    "religion",
    "disabilities",
    "sexual_orientation",
    "gender_identity",
    "first_language",
    "needs_interpreter",
    "equality_marking",
    "owning_agency",
    "marking",
    "source",
)
ADDRESS_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "person",
    "line_1",
    "line_2",
    "town",
    "postcode",
    "postcode_as_supplied",
    "from_on",
    "source",
    "owning_agency",
    "marking",
)
LINK_FIELDS = ("id", "created_at", "updated_at", "person", "other", "kind", "source", "owning_agency", "marking")
IDENTIFIER_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "person",
    "scheme",
    "issuer",
    "value",
    "value_as_supplied",
    "verified",
    "source",
    "owning_agency",
    "marking",
)


def write_index(rows: Sequence[tuple[Any, str, str, list[int]]], prep: Prep) -> None:
    """`MatchEntry` and `MatchKey` rows for people not yet indexed: (person id as prepared, data, keys text, key
    hashes) each."""
    ids = entry_ids(len(rows))
    entries = [
        (entry_id, person_id, data, key_text, NORMALISATION_VERSION)
        for entry_id, (person_id, data, key_text, _) in zip(ids, rows, strict=True)
    ]
    Writer(MatchEntry, ("id", "person", "data", "keys", "version")).write(entries)
    keys = sorted((h, entry_id) for entry_id, (_, _, _, hashes) in zip(ids, rows, strict=True) for h in hashes)
    Writer(MatchKey, ("key", "entry")).write(keys)


def refresh_statistics() -> None:
    """Bring PostgreSQL's planner statistics up to date for the tables the bulk paths fill, after a load.

    The identity lookups are planned from these statistics. A large COPY leaves them describing the empty tables
    until autovacuum's analyse catches up (never, where autovacuum is off, as on the CI server): measured on the
    UK-style set, `link_people` took 996 s for 4,000 rows on stale statistics and 30 s after `ANALYZE`. SQLite
    plans these queries well without statistics, so nothing is done there."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table)
        for m in (Person, Address, PersonIdentifier, PersonLink, MatchEntry, MatchKey)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
