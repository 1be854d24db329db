"""The audit trail: append-only, HMAC-chained records of every disclosure and every change.

- `AccessEvent`: one per disclosing response — who saw which people and sections, under which relationship.
- `AccessEventSubject`: an index of an access event's people ("who looked at this child?"), checked against the event.
- `AuditEvent`: state changes and security events (sign-in failures, lockouts, denials, break-glass, shares).

Both event tables share one chain of ids: each row's `row_hash` is an HMAC (key from the environment) over every
column and the previous row's hash. The newest id and hash are kept in `ChainHead` (table `tandem_chain_head`,
outside the audit tables on purpose: it is the one row that changes), so deleting the newest rows is caught.
Rows are written only by `tandem.audit.record`; on PostgreSQL triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

from django.db import models


class EventKind(models.TextChoices):
    CHANGE = "change", "Change"
    SECURITY = "security", "Security"


class AuditEvent(models.Model):
    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    verb = models.CharField(max_length=60, db_index=True)
    actor_user_id = models.BigIntegerField(null=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    membership_id = models.BigIntegerField(null=True)
    acting_role = models.CharField(max_length=40, blank=True)
    agency_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.UUIDField(null=True, db_index=True)
    detail = models.JSONField(default=dict)
    ip_address = models.CharField(max_length=45, blank=True)
    session_hash = models.CharField(max_length=16, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.verb}"


class AccessEvent(models.Model):
    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_user_id = models.BigIntegerField(null=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    membership_id = models.BigIntegerField(null=True)
    acting_role = models.CharField(max_length=40, blank=True)
    agency_id = models.BigIntegerField(null=True, db_index=True)
    channel = models.CharField(max_length=10)  # page, fragment, api, export, command
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(null=True)
    purpose = models.CharField(max_length=300, blank=True)
    is_break_glass = models.BooleanField(default=False)
    subjects = models.JSONField(default=list)  # [{"person", "sections", "relationship"}], sorted by person
    ip_address = models.CharField(max_length=45, blank=True)
    session_hash = models.CharField(max_length=16, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.channel} {self.path}"


class AccessEventSubject(models.Model):
    pk = models.CompositePrimaryKey("event_id", "person_id")
    event = models.ForeignKey(AccessEvent, on_delete=models.DO_NOTHING, related_name="subject_rows")
    person_id = models.UUIDField(db_index=True)
    relationship = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.event_id} {self.person_id}"


class ChainHead(models.Model):
    """The newest id and hash of the audit chain, with a MAC so it cannot be rewritten without the key."""

    chain = models.CharField(max_length=20, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        db_table = "tandem_chain_head"

    def __str__(self) -> str:
        return f"{self.chain} at {self.last_id}"
