"""docs/audit-grants.sql gives a second PostgreSQL role INSERT and SELECT only on the audit tables."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ROLE = "tandem_app_grants_test"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_application_role_cannot_change_or_truncate_the_audit_trail() -> None:
    from tandem.audit import record
    from tandem.audit.record import Actor

    record.change(Actor.system("grants-test"), "thing.changed")
    sql = (Path(settings.BASE_DIR) / "docs" / "audit-grants.sql").read_text().replace("tandem_app", ROLE)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {ROLE}" if _role_exists(cursor) else "SELECT 1")
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
        cursor.execute(sql)
    db = connection.settings_dict
    try:
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, dbname=db["NAME"], user=ROLE, autocommit=True
        ) as app:
            assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (1,)
            for statement in (
                "UPDATE audit_auditevent SET verb = 'x'",
                "DELETE FROM audit_auditevent",
                "TRUNCATE audit_auditevent",
                "TRUNCATE audit_accessevent CASCADE",
                "DELETE FROM tandem_chain_head",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
            app.execute(
                "INSERT INTO audit_auditevent (id, occurred_at, kind, verb, actor_username, object_type, object_id,"
                " detail, ip_address, session_hash, prev_hash, row_hash, acting_role)"
                " VALUES (1000, now(), 'change', 'x', '', '', '', '{}', '', '', '', '', '')"
            )
            assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (2,)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {ROLE}")
            cursor.execute(f"DROP ROLE {ROLE}")


def _role_exists(cursor: object) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])  # type: ignore[attr-defined]
    return cursor.fetchone() is not None  # type: ignore[attr-defined]
