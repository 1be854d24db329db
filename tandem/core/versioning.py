"""Version-checked updates for `VersionedModel` records: never a silent overwrite.

A page or API client reads a record at some version and sends that version back with its changes. The update locks
the row, compares versions and either applies the changes (version + 1) or raises `StaleVersion` carrying the
current record, so the caller can show both versions (pages) or answer 409 with both (the API).

    try:
        contact = versioning.update_versioned(Contact, contact.pk, expected_version=form_version, changes={...})
    except versioning.StaleVersion as stale:
        ...  # stale.current is the record as it is now; keep the user's unsaved values and show both

Creating a record that may exist only once (for example one decision per child) uses version 0 to mean "I saw none":
`check_version(existing_or_none, expected_version)` raises `StaleVersion` when someone else has created it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from tandem.core.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)

#: The version a client sends when it saw no record at all (a first decision, for example).
NONE_SEEN = 0


class StaleVersion(Exception):
    """The record changed since the user read it. `current` is the record now (None if it has gone)."""

    def __init__(self, current: VersionedModel | None, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        found = current.version if current is not None else "none"
        super().__init__(f"Expected version {expected_version}, found {found}")


def parse_version(value: Any) -> int | None:
    """A version as sent by a form or client: a whole number of 0 or more, else None."""
    try:
        version = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return version if version >= 0 else None


def check_version(current: VersionedModel | None, expected_version: int) -> None:
    """Raise `StaleVersion` unless the record is at the expected version (`NONE_SEEN` when there should be none)."""
    found = current.version if current is not None else NONE_SEEN
    if found != expected_version:
        raise StaleVersion(current, expected_version)


def lock_versioned(model: type[M], pk: Any, *, expected_version: int) -> M:
    """Lock the row (inside the caller's transaction) and check its version."""
    current = model._default_manager.select_for_update().filter(pk=pk).first()
    if current is None or current.version != expected_version:
        raise StaleVersion(current, expected_version)
    return current


def save_new_version(instance: VersionedModel, *, fields: Iterable[str]) -> None:
    """Save the named fields of a locked, checked record as its next version."""
    instance.version += 1
    instance.updated_at = timezone.now()
    instance.save(update_fields=sorted({*fields, "version", "updated_at"}))


def update_versioned(
    model: type[M],
    pk: Any,
    *,
    expected_version: int,
    changes: Mapping[str, Any],
    then: Callable[[M], None] | None = None,
) -> M:
    """Apply `changes` to the record if it is still at `expected_version`; otherwise raise `StaleVersion`.

    `then` runs in the same transaction after the save (for example to write history and the audit event).
    """
    with transaction.atomic():
        current = lock_versioned(model, pk, expected_version=expected_version)
        for name, value in changes.items():
            setattr(current, name, value)
        save_new_version(current, fields=changes.keys())
        if then is not None:
            then(current)
    return current


@dataclass(frozen=True)
class Difference:
    """One field in a conflict: what is saved now, and what the user was trying to save."""

    name: str
    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved != self.yours


def differences(
    current: models.Model | None,
    submitted: Mapping[str, Any],
    labels: Mapping[str, str],
    *,
    display: Callable[[str, Any], str] | None = None,
) -> list[Difference]:
    """Both versions side by side, field by field, for a conflict page (`labels` names and orders the fields)."""

    def shown(name: str, value: Any) -> str:
        if display is not None:
            return display(name, value)
        return "" if value is None else str(value)

    return [
        Difference(
            name=name,
            label=label,
            saved=shown(name, getattr(current, name, None) if current is not None else None),
            yours=shown(name, submitted.get(name)),
        )
        for name, label in labels.items()
    ]
