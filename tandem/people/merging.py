"""Snapshots for non-destructive merges, and what was attached to a record after a merge.

A merge moves nothing: the merged record is marked `superseded_by` the survivor and both are kept. The snapshot taken
at merge time holds each record's own row, its names, addresses, identifiers, phone numbers and relationships (both
directions), exactly (every column, timestamps included), so an unmerge can put both records back as they were.
Anything attached to the survivor after the merge (a note, an involvement, a new address, a contact in another app)
is listed for a practitioner to assign to one of the two records.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from tandem.people.models import Address, Merge, Person, PersonIdentifier, PersonLink, PersonName, PhoneNumber

#: The person's own identity data, restored exactly by an unmerge: (model, foreign key to the person).
OWN_ROWS: tuple[tuple[type[models.Model], str], ...] = (
    (PersonName, "person"),
    (Address, "person"),
    (PersonIdentifier, "person"),
    (PhoneNumber, "person"),
    (PersonLink, "person"),
    (PersonLink, "other"),
)
#: Models that refer to people but are not "attached" to them (derived data and the merge machinery itself).
NOT_ATTACHED = {"people.matchentry", "people.merge", "people.matchreview", "people.identitysearch"}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"__t": type(value).__name__, "v": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"__t": "uuid", "v": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__t", "v"}:
        kind, text = value["__t"], value["v"]
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "time":
            return dt.time.fromisoformat(text)
        if kind == "uuid":
            return uuid.UUID(text)
    return value


def row_of(obj: models.Model) -> dict[str, Any]:
    """Every concrete column of a row, JSON-able and exact (datetimes to the microsecond)."""
    return {f.attname: _encode(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _decode(v) for k, v in data.items()}


def snapshot(person: Person) -> dict[str, Any]:
    """The record's own data: its row, who it is sealed to, and its identity rows."""
    fresh = Person.objects.get(pk=person.pk)
    rows: dict[str, dict[str, Any]] = {}
    for model, fk in OWN_ROWS:
        label = f"{model._meta.label_lower}:{fk}"
        rows[label] = {str(obj.pk): row_of(obj) for obj in model._default_manager.filter(**{fk: fresh})}
    return {
        "person": row_of(fresh),
        "sealed_to": sorted(fresh.sealed_to.values_list("pk", flat=True)),
        "rows": rows,
    }


def restore(data: dict[str, Any]) -> list[str]:
    """Put a record's own row and identity rows back exactly as in `data`. Rows created since are left alone (they
    are listed for assignment). Returns the person fields that had changed since the snapshot."""
    fields = _fields(data["person"])
    pk = fields.pop("id")
    current = Person.objects.get(pk=pk)
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    Person.objects.filter(pk=pk).update(**fields)
    Person.objects.get(pk=pk).sealed_to.set(data["sealed_to"])
    for model, fk in OWN_ROWS:
        label = f"{model._meta.label_lower}:{fk}"
        for row in data["rows"].get(label, {}).values():
            values = _fields(row)
            row_pk = values.pop("id")
            manager = model._default_manager
            if manager.filter(pk=row_pk).exists():
                manager.filter(pk=row_pk).update(**values)
            else:
                manager.bulk_create([model(id=row_pk, **values)])
                manager.filter(pk=row_pk).update(**values)  # timestamps as they were (auto_now would set them)
    return changed


@dataclass(frozen=True)
class Attached:
    """Something that refers to a person: `label` is "app.model:field"."""

    label: str
    id: str
    created_at: dt.datetime | None
    description: str


def _person_foreign_keys() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        if model._meta.label_lower in NOT_ATTACHED or model is Person:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Person:
                yield model, f.name


def attached_since(person: Person, since: dt.datetime) -> list[Attached]:
    """Everything attached to `person` after `since` (models with a `created_at`), in time order."""
    found: list[Attached] = []
    for model, fk in _person_foreign_keys():
        if not any(f.name == "created_at" for f in model._meta.concrete_fields):
            continue
        for obj in model._default_manager.filter(**{fk: person, "created_at__gt": since}):
            found.append(
                Attached(
                    label=f"{model._meta.label_lower}:{fk}",
                    id=str(obj.pk),
                    created_at=getattr(obj, "created_at", None),
                    description=f"{str(model._meta.verbose_name).capitalize()}: {obj}",
                )
            )
    return sorted(found, key=lambda a: (a.created_at or dt.datetime.min.replace(tzinfo=dt.UTC), a.label, a.id))


def move(label: str, item_id: str, to: Person) -> None:
    """Point one attached item's person field at `to`."""
    model_label, fk = label.split(":", 1)
    model = apps.get_model(model_label)
    if (model, fk) not in set(_person_foreign_keys()):
        raise ValueError(f"{label} is not something attached to a person")
    model._default_manager.filter(pk=item_id).update(**{fk: to})


def open_merge(person: Person) -> Merge | None:
    return Merge.objects.filter(merged=person, unmerged_at__isnull=True).first()


def ordered_pair(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if str(a.pk) < str(b.pk) else (b, a)


__all__ = [
    "OWN_ROWS",
    "Attached",
    "attached_since",
    "move",
    "open_merge",
    "ordered_pair",
    "restore",
    "row_of",
    "snapshot",
]
