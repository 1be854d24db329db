"""Loading people from a file (`manage.py import_people`) and linking a file to the register (`link_people`).

File columns: ``record_id, given_name, family_name, date_of_birth, sex, postcode, address_line, nhs_number``.
Dates are ISO (``2011-03-27``); a year alone (``2011``) is an estimated date and ``2011-03`` a month; blank: not known.
``sex`` is ``M``, ``F`` or blank. Each ``record_id`` is kept as the identifier issued by the source (scheme
``source``, issuer = the source's name), so re-running a file finds the people it loaded.

Load rules (a bad row never stops a load; row numbers are as a spreadsheet shows them, the header being row 1):

* A row is **refused** only when it has no record id, no usable name (no letters in either name), a date of birth that
  cannot be read (or is in the future), or a record id the source already used for **different data** — a different
  person: another date of birth, no name in common, another sex, or another valid NHS number.
* Otherwise a known record id is a **changed row** when something is new; it becomes history, never an overwrite: a new
  name is kept as an alias, a new address as a new address period (the source's previous one ends the day before), a
  new NHS number as another identifier. A row with nothing new is **unchanged**: re-running a file loads nothing twice.
* A field can be refused without the row: an NHS number whose check digit does not match is left out (the person loads
  without it) and the summary names the row, field and reason; one that passes the check digit but not the
  `nhs-number` range rules is kept, marked unverified; a postcode that is not a valid UK postcode is kept as supplied
  (for matching), not as the address's postcode. The raw value as supplied is always kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.audit import record
from tandem.audit.record import Actor
from tandem.people import bulk, identifiers, identity
from tandem.people.codes import Ethnicity, Marking, Sex
from tandem.people.matching import NO_MATCH, MatchModel, Normalised, PersonDescription, normalise
from tandem.people.models import Address, NameKind, Person, PersonIdentifier, PersonKind, PersonName

COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address_line", "nhs_number")
SEX = {"M": Sex.MALE, "F": Sex.FEMALE}
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_LETTER = re.compile(r"[^\W\d_]")


class RowRefused(ValueError):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


@dataclass(frozen=True)
class Note:
    """One line of the summary: a refused row, or a field left out of a loaded row."""

    row: int
    record_id: str
    field: str
    reason: str
    refused_row: bool

    def __str__(self) -> str:
        what = "row refused" if self.refused_row else "field left out"
        rid = f" (record id {self.record_id})" if self.record_id else ""
        return f"row {self.row}{rid}, {self.field}: {self.reason} [{what}]"


@dataclass
class Summary:
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    queued_for_review: int = 0
    notes: list[Note] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.changed + self.unchanged


@dataclass(frozen=True)
class Row:
    """A file row, parsed."""

    number: int
    record_id: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    dob_precision: str
    sex: str  # "M", "F" or ""
    postcode: str  # normalised when valid, else ""
    postcode_as_supplied: str
    address_line: str
    nhs: identifiers.Checked | None

    def description(self) -> PersonDescription:
        return PersonDescription(
            given_names=(self.given_name,) if self.given_name else (),
            family_names=(self.family_name,) if self.family_name else (),
            date_of_birth=self.date_of_birth,
            dob_precision=self.dob_precision if self.date_of_birth else "unknown",
            sex=self.sex or None,
            postcodes=(self.postcode or self.postcode_as_supplied,) if self.postcode_as_supplied else (),
            address_lines=(self.address_line,) if self.address_line else (),
            nhs_number=self.nhs.value if self.nhs else None,
        )


def parse_date(text: str, *, today: dt.date | None = None) -> tuple[dt.date | None, str]:
    """(date, precision) from ISO ``2011-03-27``, ``2011-03`` (month) or ``2011`` (an estimate); raises
    ``RowRefused`` for anything else."""
    value = text.strip()
    if not value:
        return None, "unknown"
    try:
        if _YEAR.match(value):
            born, precision = dt.date(int(value), 7, 1), "year"
        elif match := _MONTH.match(value):
            born, precision = dt.date(int(match[1]), int(match[2]), 1), "month"
        else:
            born, precision = dt.date.fromisoformat(value), "day"
    except ValueError:
        raise RowRefused("date_of_birth", f"“{value}” is not a date (use YYYY-MM-DD)") from None
    if born > (today or timezone.localdate()) and precision == "day":
        raise RowRefused("date_of_birth", f"{value} is in the future")
    if born.year < 1890:
        raise RowRefused("date_of_birth", f"{value} is before 1890")
    return born, precision


def parse_row(number: int, raw: dict[str, str], notes: list[Note]) -> Row:
    """A row as loaded (raises ``RowRefused``); fields left out are added to ``notes``."""

    def get(name: str) -> str:
        return " ".join((raw.get(name) or "").split())

    record_id = get("record_id")
    if not record_id:
        raise RowRefused("record_id", "no record id")
    given, family = get("given_name"), get("family_name")
    if not _LETTER.search(given) and not _LETTER.search(family):
        raise RowRefused("given_name", "no usable name (neither name has a letter)")
    born, precision = parse_date(get("date_of_birth"))
    sex = get("sex").upper()[:1]
    postcode_raw = get("postcode")
    postcode = identifiers.postcode_or_blank(postcode_raw)
    if postcode_raw and not postcode:
        notes.append(
            Note(number, record_id, "postcode", f"“{postcode_raw}” is not a valid UK postcode: kept as supplied", False)
        )
    nhs: identifiers.Checked | None = None
    nhs_raw = get("nhs_number")
    if nhs_raw:
        try:
            nhs = identifiers.check_nhs_number(nhs_raw)
        except identifiers.InvalidValue as error:
            notes.append(Note(number, record_id, "nhs_number", str(error), False))
        else:
            if not nhs.verified:
                notes.append(Note(number, record_id, "nhs_number", nhs.note, False))
    return Row(
        number=number,
        record_id=record_id,
        given_name=given if _LETTER.search(given) else "",
        family_name=family if _LETTER.search(family) else "",
        date_of_birth=born,
        dob_precision=precision,
        sex=sex if sex in SEX else "",
        postcode=postcode,
        postcode_as_supplied=postcode_raw,
        address_line=get("address_line"),
        nhs=nhs,
    )


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, row) for each data row; columns by header name."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("record_id", "given_name", "family_name") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"The file has no {', '.join(missing)} column")
        yield from enumerate(reader, start=2)


# ---------------------------------------------------------------------------------------------------------------------
# Loading


def _conflict(row: Row, stored: Normalised, stored_sex: str) -> str:
    """Why a row cannot be the person a known record id names ("" when it can)."""
    n = normalise(row.description())
    if n.nhs and stored.nhs and n.nhs != stored.nhs:
        return "a different NHS number"
    if n.dob and stored.dob and n.dob_precision == "d" and stored.dob_precision == "d" and n.dob != stored.dob:
        return "a different date of birth"
    names = set(n.given[: n.given_count or 1]) | set(n.family[:1])
    if names and not names & (set(stored.given) | set(stored.family)):
        return "no name in common"
    if row.sex and stored_sex in ("M", "F") and row.sex != stored_sex:
        return "a different sex"
    return ""


def _history(row: Row, person: Person, stored: Normalised, *, source: str, owner: Agency) -> list[str]:
    """Record what is new in a changed row as history. Returns what was added."""
    n = normalise(row.description())
    added: list[str] = []
    new_given = bool(n.given) and n.main_given not in stored.given
    new_family = bool(n.family) and n.main_family not in stored.family
    if new_given or new_family:
        PersonName.objects.create(
            person=person,
            kind=NameKind.ALIAS,
            given_name=row.given_name,
            family_name=row.family_name,
            from_on=timezone.localdate(),
            source=source,
            owning_agency=owner,
        )
        added.append("name")
    new_postcode = bool(n.postcodes) and n.postcodes[0] not in stored.postcodes
    new_line = bool(n.addresses) and n.addresses[0] not in stored.addresses
    if new_postcode or new_line:
        today = timezone.localdate()
        Address.objects.filter(person=person, source=source, to_on__isnull=True).exclude(from_on=today).update(
            to_on=today - dt.timedelta(days=1)
        )
        Address.objects.create(
            person=person,
            line_1=row.address_line,
            postcode=row.postcode,
            postcode_as_supplied=row.postcode_as_supplied,
            from_on=today,
            source=source,
            owning_agency=owner,
        )
        added.append("address")
    if row.nhs and not stored.nhs:
        _nhs_identifier(person, row, source=source, owner=owner).save()
        added.append("nhs_number")
    return added


def _nhs_identifier(person: Person, row: Row, *, source: str, owner: Agency) -> PersonIdentifier:
    assert row.nhs is not None  # noqa: S101 - callers check it
    return PersonIdentifier(
        person=person,
        scheme=identifiers.NHS,
        value=row.nhs.value,
        value_as_supplied=row.nhs.as_supplied,
        verified=row.nhs.verified,
        source=source,
        owning_agency=owner,
    )


def _new_people(rows: list[Row], *, source_name: str, source: str, owner: Agency) -> list[tuple[uuid.UUID, Row]]:
    """Insert new people with their address, record id and NHS number (raw bulk writes, in the caller's
    transaction)."""
    today = timezone.localdate()
    prep = bulk.Prep.here()
    stamp = prep.stamp(timezone.now())
    people: list[tuple[Any, ...]] = []
    addresses: list[tuple[Any, ...]] = []
    ids: list[tuple[Any, ...]] = []
    made: list[tuple[uuid.UUID, Row]] = []
    for row in rows:
        person_id = uuid.uuid4()
        pid = prep.uid(person_id)
        adult = row.date_of_birth is not None and (today - row.date_of_birth).days >= 18 * 365.25
        people.append(
            (
                pid, stamp, stamp, 1, PersonKind.ADULT if adult else PersonKind.CHILD, row.given_name, "",
                row.family_name, "", prep.day(row.date_of_birth), row.dob_precision if row.date_of_birth else "unknown",
                SEX.get(row.sex, Sex.NOT_RECORDED), Ethnicity.NOBT, "", "[]", "", "", "", False, Marking.RESTRICTED,
                owner.pk, Marking.PARTNERSHIP, source,
            )
        )  # fmt: skip
        if row.address_line or row.postcode_as_supplied:
            addresses.append(
                (
                    prep.uid(uuid.uuid4()), stamp, stamp, pid, row.address_line, "", "", row.postcode,
                    row.postcode_as_supplied, None, source, owner.pk, Marking.PARTNERSHIP,
                )
            )  # fmt: skip
        ids.append(
            (
                prep.uid(uuid.uuid4()), stamp, stamp, pid, identifiers.SOURCE, source_name, row.record_id,
                row.record_id, True, source, owner.pk, Marking.PARTNERSHIP,
            )
        )  # fmt: skip
        if row.nhs:
            ids.append(
                (
                    prep.uid(uuid.uuid4()), stamp, stamp, pid, identifiers.NHS, "", row.nhs.value, row.nhs.as_supplied,
                    row.nhs.verified, source, owner.pk, Marking.PARTNERSHIP,
                )
            )  # fmt: skip
        made.append((person_id, row))
    bulk.Writer(Person, bulk.PERSON_FIELDS).write(people)
    bulk.Writer(Address, bulk.ADDRESS_FIELDS).write(addresses)
    bulk.Writer(PersonIdentifier, bulk.IDENTIFIER_FIELDS).write(ids)
    return made


def _index_description(row: Row, source_name: str) -> PersonDescription:
    d = row.description()
    return PersonDescription(
        given_names=d.given_names,
        family_names=d.family_names,
        date_of_birth=d.date_of_birth,
        dob_precision=d.dob_precision,
        sex=d.sex,
        postcodes=d.postcodes,
        address_lines=d.address_lines,
        nhs_number=d.nhs_number,
        other_identifiers=((identifiers.matching_scheme(identifiers.SOURCE, source_name), row.record_id),),
    )


def import_people(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    source_name: str,
    owner: Agency,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    review_matches: bool = False,
) -> Summary:
    """Load rows (see the module's rules). Each batch is one transaction and one audit event, acting as the
    system. With `review_matches`, each new person is looked up on the rest of the register and pairs the engine
    decides "match" or "review" go to the review queue (nothing is merged)."""
    summary = Summary()
    actor = Actor.system(f"import_people:{source_name}")
    source = f"import:{source_name}"
    iterator = iter(rows)
    while True:
        chunk = [item for _, item in zip(range(batch_size), iterator, strict=False)]
        if not chunk:
            bulk.refresh_statistics()
            return summary
        _load_batch(chunk, summary, source_name=source_name, source=source, owner=owner, actor=actor)
        if review_matches:
            summary.queued_for_review += _queue_matches(chunk, source_name=source_name, actor=actor)
        if progress:
            progress(len(chunk))


def _load_batch(
    chunk: list[tuple[int, dict[str, str]]],
    summary: Summary,
    *,
    source_name: str,
    source: str,
    owner: Agency,
    actor: Actor,
) -> None:
    parsed: list[Row] = []
    for number, raw in chunk:
        summary.rows += 1
        try:
            parsed.append(parse_row(number, raw, summary.notes))
        except RowRefused as refusal:
            summary.refused += 1
            rid = " ".join((raw.get("record_id") or "").split())
            summary.notes.append(Note(number, rid, refusal.field, refusal.reason, True))
    counts = {"created": 0, "changed": 0, "unchanged": 0, "refused": 0}
    with transaction.atomic():
        known = dict(
            PersonIdentifier.objects.filter(
                scheme=identifiers.SOURCE, issuer=source_name, value__in=[r.record_id for r in parsed]
            ).values_list("value", "person_id")
        )
        stored_people = {p.pk: p for p in Person.objects.filter(pk__in=set(known.values()))}
        stored = {pid: normalise(d) for pid, d in identity.describe_many(list(stored_people.values()))}
        fresh: dict[str, Row] = {}
        changed_people: set[uuid.UUID] = set()
        for row in parsed:
            if row.record_id in fresh:
                # The same id twice in one file: the later row is compared with the earlier one.
                earlier = fresh[row.record_id]
                reason = _conflict(row, normalise(earlier.description()), earlier.sex)
                if reason:
                    _refuse(summary, counts, row, reason, source_name)
                else:
                    summary.unchanged += 1
                    counts["unchanged"] += 1
                continue
            person_id = known.get(row.record_id)
            if person_id is None:
                fresh[row.record_id] = row
                continue
            person = stored_people[person_id]
            current = stored[person_id]
            reason = _conflict(row, current, identity.SEX_CODES.get(person.sex, ""))
            if reason:
                _refuse(summary, counts, row, reason, source_name)
                continue
            added = _history(row, person, current, source=source, owner=owner)
            if added:
                summary.changed += 1
                counts["changed"] += 1
                changed_people.add(person_id)
                stored[person_id] = normalise(identity.describe(person))
            else:
                summary.unchanged += 1
                counts["unchanged"] += 1
        made = _new_people(list(fresh.values()), source_name=source_name, source=source, owner=owner)
        identity.index_people((pid, _index_description(row, source_name)) for pid, row in made)
        for person_id in changed_people:
            identity.reindex(stored_people[person_id])
        summary.created += len(made)
        counts["created"] = len(made)
        record.change(
            actor,
            "people.imported",
            detail={"source": source_name, "rows": len(chunk), **counts, "first_row": chunk[0][0]},
        )


def _refuse(summary: Summary, counts: dict[str, int], row: Row, reason: str, source_name: str) -> None:
    summary.refused += 1
    counts["refused"] += 1
    summary.notes.append(
        Note(row.number, row.record_id, "record_id", f"{source_name} already used this id for {_person(reason)}", True)
    )


def _person(reason: str) -> str:
    return f"another person ({reason})"


def _queue_matches(chunk: list[tuple[int, dict[str, str]]], *, source_name: str, actor: Actor) -> int:
    """Look each new person of the batch up on the rest of the register; queue "match" and "review" pairs."""
    from tandem.people import actions

    queued = 0
    ids = [" ".join((raw.get("record_id") or "").split()) for _, raw in chunk]
    people = dict(
        PersonIdentifier.objects.filter(scheme=identifiers.SOURCE, issuer=source_name, value__in=ids).values_list(
            "person_id", "value"
        )
    )
    persons = Person.objects.in_bulk(list(people))
    for person_id, description in identity.describe_many(list(persons.values())):
        for ranked in identity.rank(description, limit=3):
            if ranked.person_id == person_id or ranked.score.decision == NO_MATCH:
                continue
            review = actions.queue_for_review(
                persons[person_id],
                Person.objects.get(pk=ranked.person_id),
                probability=ranked.score.probability,
                match_weight=ranked.score.match_weight,
                decision=ranked.score.decision,
                explanation=identity.model().explain(ranked.score),
                guards=ranked.score.guards,
                origin="import",
                source=f"import:{source_name} record {people[person_id]}",
                by=actor,
            )
            queued += review is not None
    return queued


# ---------------------------------------------------------------------------------------------------------------------
# Linking a file to the register (read-only)


@dataclass(frozen=True)
class LinkRow:
    record_id: str
    matched_record_id: str
    match_probability: float
    decision: str


def link_model(source_name: str) -> MatchModel:
    """The model for linking to one source's people: the installed parameters (an estimate, or the shipped
    default) with the prior of looking a description up among that source's people."""
    size = PersonIdentifier.objects.filter(scheme=identifiers.SOURCE, issuer=source_name).count()
    return identity.base_model().with_prior(register_size=max(size, 1))


def link_rows(
    rows: Iterable[tuple[int, dict[str, str]]], *, source_name: str, match_model: MatchModel | None = None
) -> Iterator[tuple[LinkRow, uuid.UUID | None]]:
    """One result per input row, in order; an unreadable row is "no match". Reads only (no search is recorded)."""
    chosen = match_model or link_model(source_name)
    for number, raw in rows:
        rid = " ".join((raw.get("record_id") or "").split())
        try:
            row = parse_row(number, raw, [])
        except RowRefused:
            yield LinkRow(rid, "", 0.0, NO_MATCH), None
            continue
        ranked = identity.rank(row.description(), restrict_to_issuer=source_name, limit=5, match_model=chosen)
        if not ranked:
            yield LinkRow(rid, "", 0.0, NO_MATCH), None
            continue
        best = ranked[0]
        yield LinkRow(rid, "", best.score.probability, best.score.decision), best.person_id


def source_ids(person_ids: Iterable[uuid.UUID], source_name: str) -> dict[uuid.UUID, str]:
    return dict(
        PersonIdentifier.objects.filter(
            scheme=identifiers.SOURCE, issuer=source_name, person_id__in=list(person_ids)
        ).values_list("person_id", "value")
    )


def write_links(results: Iterable[LinkRow], out: Any) -> None:
    writer = csv.writer(out)
    writer.writerow(["record_id", "matched_record_id", "match_probability", "decision"])
    for r in results:
        writer.writerow([r.record_id, r.matched_record_id, f"{r.match_probability:.6f}", r.decision])
