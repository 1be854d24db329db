"""The HMAC chain over the audit tables: canonical rows, hashing, appending under a lock, and verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from tandem.audit.models import AccessEvent, AccessEventSubject, AuditEvent, ChainHead

CHAIN = "main"
GENESIS = "0" * 64
_ADVISORY_LOCK_ID = 0x7A4D_0001  # pg_advisory_xact_lock key for the audit chain


def _key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode()


def _canonical_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def canonical(row: models.Model) -> str:
    """Every column but the row's own hash, as sorted JSON with fixed encodings (stable across versions)."""
    data: dict[str, Any] = {"table": row._meta.db_table}
    for f in row._meta.concrete_fields:
        if f.attname == "row_hash":
            continue
        data[f.attname] = _canonical_value(getattr(row, f.attname))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


def row_mac(prev_hash: str, canonical_row: str) -> str:
    return hmac.new(_key(), f"{prev_hash}\n{canonical_row}".encode(), hashlib.sha256).hexdigest()


def head_mac(last_id: int, last_hash: str) -> str:
    return hmac.new(_key(), f"head:{CHAIN}:{last_id}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_ID])
    # SQLite: transactions are BEGIN IMMEDIATE (settings), so the write lock is already held.


def append(row: AuditEvent | AccessEvent, subjects: list[AccessEventSubject] | None = None) -> None:
    """Give `row` the next id in the chain, hash it and insert it, in the caller's transaction."""
    with transaction.atomic():
        _lock()
        head = ChainHead.objects.select_for_update().filter(chain=CHAIN).first()
        if head is None:
            head = ChainHead(chain=CHAIN, last_id=0, last_hash=GENESIS, mac=head_mac(0, GENESIS))
            head.save(force_insert=True)
        row.id = head.last_id + 1
        row.prev_hash = head.last_hash
        row.row_hash = row_mac(row.prev_hash, canonical(row))
        row.save(force_insert=True)
        if subjects:
            for subject in subjects:
                subject.event_id = row.id
            AccessEventSubject.objects.bulk_create(subjects)
        head.last_id = row.id
        head.last_hash = row.row_hash
        head.mac = head_mac(head.last_id, head.last_hash)
        head.save(update_fields=["last_id", "last_hash", "mac"])


@dataclass
class Failure:
    event_id: int | str
    reason: str


def _rows() -> Iterator[AuditEvent | AccessEvent]:
    """Both tables merged in id order, streamed."""
    audit = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    access = AccessEvent.objects.order_by("id").iterator(chunk_size=2000)
    a = next(audit, None)
    b = next(access, None)
    while a is not None or b is not None:
        if a is not None and (b is None or a.id <= b.id):
            yield a
            a = next(audit, None)
        elif b is not None:
            yield b
            b = next(access, None)


def _subjects_by_event() -> dict[int, set[tuple[str, str]]]:
    index: dict[int, set[tuple[str, str]]] = {}
    for event_id, person_id, relationship in AccessEventSubject.objects.values_list(
        "event_id", "person_id", "relationship"
    ).iterator(chunk_size=5000):
        index.setdefault(event_id, set()).add((str(person_id), relationship))
    return index


def verify() -> tuple[int, Failure | None]:
    """Walk the chain. Returns (events verified, first failure or None)."""
    count = 0
    expected_id = 1
    prev_hash = GENESIS
    subjects = _subjects_by_event()
    for row in _rows():
        if row.id < expected_id:
            return count, Failure(row.id, "id appears twice across the audit tables")
        if row.id > expected_id:
            return count, Failure(row.id, f"events {expected_id} to {row.id - 1} are missing")
        if row.prev_hash != prev_hash:
            return count, Failure(row.id, "does not follow the previous event (chain broken)")
        if not hmac.compare_digest(row.row_hash, row_mac(row.prev_hash, canonical(row))):
            return count, Failure(row.id, "contents do not match their hash (edited or forged)")
        if isinstance(row, AccessEvent):
            declared = {(str(s["person"]), s["relationship"]) for s in row.subjects}
            if subjects.pop(row.id, set()) != declared:
                return count, Failure(row.id, "its index of people does not match the event")
        prev_hash = row.row_hash
        expected_id += 1
        count += 1
    if subjects:
        orphan = min(subjects)
        return count, Failure(orphan, "index rows refer to an event that does not exist")
    head = ChainHead.objects.filter(chain=CHAIN).first()
    last_id = expected_id - 1
    if head is None:
        if count:
            return count, Failure(last_id, "the chain head is missing")
        return count, None
    if not hmac.compare_digest(head.mac, head_mac(head.last_id, head.last_hash)):
        return count, Failure(head.last_id, "the chain head has been altered")
    if head.last_id != last_id or head.last_hash != prev_hash:
        if head.last_id > last_id:
            return count, Failure(head.last_id, f"events {last_id + 1} to {head.last_id} are missing from the end")
        return count, Failure(last_id, "the chain head does not match the newest event")
    return count, None
