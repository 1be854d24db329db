"""verify_audit catches every kind of tampering made with raw SQL, and passes on an untouched trail."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from tandem.audit import chain, record
from tandem.audit.models import AccessEvent, AuditEvent
from tandem.audit.record import Actor, Disclosure

pytestmark = pytest.mark.django_db

ACTOR = Actor(user_id=1, username="tester", membership_id=2, role="social-worker", agency_id=3)
PERSON = "0b7f6a3c-4c1d-4bbf-9b7e-6f0c2b8a1d11"


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def make_trail(n: int = 6) -> None:
    for i in range(n):
        if i % 2:
            record.access_event(ACTOR, {PERSON: Disclosure({"identity"}, "allocated")}, channel="page", path=f"/p/{i}")
        else:
            record.change(ACTOR, "thing.changed", detail={"i": i})


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser bypassing the append-only triggers, as a tampering DBA could.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])


def test_untouched_trail_verifies() -> None:
    make_trail()
    assert verify() == (0, "OK: 6 events verified\n")


def test_empty_trail_verifies() -> None:
    assert verify() == (0, "OK: 0 events verified\n")


def test_edited_row_is_caught() -> None:
    make_trail()
    raw("UPDATE audit_auditevent SET verb = 'nothing.happened' WHERE id = 3")
    assert verify() == (1, "FAIL: event 3: contents do not match their hash (edited or forged)\n")


def test_edited_access_subject_index_is_caught() -> None:
    make_trail()
    raw("UPDATE audit_accesseventsubject SET relationship = 'share' WHERE event_id = 4")
    assert verify() == (1, "FAIL: event 4: its index of people does not match the event\n")


def test_deleted_row_is_caught() -> None:
    make_trail()
    raw("DELETE FROM audit_auditevent WHERE id = 3")
    assert verify() == (1, "FAIL: event 4: events 3 to 3 are missing\n")


def test_deleted_tail_is_caught() -> None:
    make_trail()
    raw("DELETE FROM audit_accesseventsubject WHERE event_id = 6")
    raw("DELETE FROM audit_accessevent WHERE id = 6")
    raw("DELETE FROM audit_auditevent WHERE id = 5")
    assert verify() == (1, "FAIL: event 6: events 5 to 6 are missing from the end\n")


def test_inserted_row_is_caught() -> None:
    make_trail()
    last = AuditEvent.objects.get(id=5)
    raw(
        "INSERT INTO audit_auditevent (id, occurred_at, kind, verb, actor_user_id, actor_username, membership_id,"
        " acting_role, agency_id, object_type, object_id, person_id, detail, ip_address, session_hash, prev_hash,"
        " row_hash) VALUES (7, %s, 'change', 'forged.event', 1, 'tester', 2, 'social-worker', 3, '', '', NULL, %s,"
        " '', '', %s, %s)",
        [last.occurred_at, json.dumps({}), AccessEvent.objects.get(id=6).row_hash, "0" * 64],
    )
    assert verify() == (1, "FAIL: event 7: contents do not match their hash (edited or forged)\n")


def test_reordered_rows_are_caught() -> None:
    make_trail()
    raw("UPDATE audit_auditevent SET id = 99 WHERE id = 1")
    raw("UPDATE audit_auditevent SET id = 1 WHERE id = 3")
    raw("UPDATE audit_auditevent SET id = 3 WHERE id = 99")
    code, out = verify()
    assert code == 1
    assert out.startswith("FAIL: event 1: ")


def test_edit_with_recomputed_plain_hashes_is_caught() -> None:
    """An attacker without the HMAC key edits a row and recomputes a SHA-256 chain from there on."""
    make_trail()
    rows: list[AuditEvent | AccessEvent] = [*AuditEvent.objects.order_by("id"), *AccessEvent.objects.order_by("id")]
    rows.sort(key=lambda r: r.id)
    edited = rows[2]
    assert isinstance(edited, AuditEvent)  # event 3
    edited.verb = "nothing.happened"
    prev = rows[1].row_hash
    for row in rows[2:]:
        row.prev_hash = prev
        row.row_hash = hashlib.sha256(f"{prev}\n{chain.canonical(row)}".encode()).hexdigest()
        table = row._meta.db_table
        extra = ", verb = %s" if isinstance(row, AuditEvent) else ""
        params: list[object] = [row.prev_hash, row.row_hash]
        if isinstance(row, AuditEvent):
            params.append(row.verb)
        raw(f"UPDATE {table} SET prev_hash = %s, row_hash = %s{extra} WHERE id = %s", [*params, row.id])  # noqa: S608 - table names from our own models
        prev = row.row_hash
    raw("UPDATE tandem_chain_head SET last_hash = %s", [prev])
    assert verify() == (1, "FAIL: event 3: contents do not match their hash (edited or forged)\n")


def test_rewritten_head_is_caught() -> None:
    make_trail()
    raw("UPDATE tandem_chain_head SET last_id = 5, last_hash = (SELECT row_hash FROM audit_auditevent WHERE id = 5)")
    assert verify() == (1, "FAIL: event 5: the chain head has been altered\n")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_triggers_refuse_update_and_delete() -> None:
    from django.db import DatabaseError, transaction

    make_trail(2)
    for sql in (
        "UPDATE audit_auditevent SET verb = 'x'",
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_accessevent",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert verify() == (0, "OK: 2 events verified\n")
