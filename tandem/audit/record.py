"""The only way to write the audit trail.

- `disclose(request, person_id, sections=..., relationship=...)`: note that this response shows a person's data.
  `AccountableResponseMiddleware` writes one `AccessEvent` for the whole response, in the request's transaction,
  before the body is sent; if it cannot, the response becomes a 500 with nothing disclosed.
- `change(actor, verb, ...)`: a state change, written in the caller's transaction (call it inside the action).
- `security_event(actor, verb, ...)`: sign-in failures, lockouts, denials. During a request these are written
  after the request's own transaction, whether it committed or not, so a denial is recorded even though the
  request rolls back.
- `access_event(actor, subjects, ...)`: a disclosure outside a request (a command's export, for example).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.audit import chain
from tandem.audit.models import AccessEvent, AccessEventSubject, AuditEvent, EventKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    membership_id: int | None = None
    role: str = ""
    agency_id: int | None = None
    ip_address: str = ""
    session_hash: str = ""

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(user_id=None, username=f"system:{name}")

    @classmethod
    def of(cls, who: Any) -> Actor:
        """An actor from a request, a membership, a user, or an actor."""
        if isinstance(who, Actor):
            return who
        if isinstance(who, HttpRequest) or hasattr(who, "META"):
            return _from_request(who)
        if hasattr(who, "role") and hasattr(who, "user_id"):  # a Membership
            return cls(
                user_id=who.user_id,
                username=who.user.username,
                membership_id=who.pk,
                role=who.role,
                agency_id=who.agency_id,
            )
        if hasattr(who, "username"):
            return cls(user_id=who.pk, username=who.username)
        raise TypeError(f"Cannot tell who acted from {who!r}")


def _from_request(request: Any) -> Actor:
    user = getattr(request, "user", None)
    acting = getattr(request, "acting", None)
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None) or ""
    forwarded = request.META.get("REMOTE_ADDR", "")
    return Actor(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        username=user.username if user is not None and user.is_authenticated else "",
        membership_id=acting.pk if acting is not None else None,
        role=acting.role if acting is not None else "",
        agency_id=acting.agency_id if acting is not None else None,
        ip_address=str(forwarded)[:45],
        session_hash=hashlib.sha256(session_key.encode()).hexdigest()[:16] if session_key else "",
    )


@dataclass
class Disclosure:
    sections: set[str]
    relationship: str


@dataclass
class RequestAudit:
    """What one request has disclosed and which security events it raised."""

    channel: str = "page"
    purpose: str = ""
    disclosures: dict[str, Disclosure] = field(default_factory=dict)
    security_events: list[AuditEvent] = field(default_factory=list)

    def disclose(self, person_id: uuid.UUID | str, sections: Iterable[str], relationship: str) -> None:
        key = str(person_id)
        existing = self.disclosures.get(key)
        if existing is None:
            self.disclosures[key] = Disclosure(set(sections), relationship)
        else:
            existing.sections.update(sections)
            if existing.relationship != relationship and relationship == "break-glass":
                existing.relationship = relationship


def context(request: HttpRequest) -> RequestAudit | None:
    return getattr(request, "tandem_audit", None)


def disclose(request: HttpRequest, person_id: uuid.UUID | str, *, sections: Iterable[str], relationship: str) -> None:
    ctx = context(request)
    if ctx is None:
        raise RuntimeError("Personal data can only be disclosed inside an accountable request")
    ctx.disclose(person_id, sections, relationship)


def set_purpose(request: HttpRequest, purpose: str) -> None:
    ctx = context(request)
    if ctx is not None:
        ctx.purpose = purpose[:300]


def set_channel(request: HttpRequest, channel: str) -> None:
    ctx = context(request)
    if ctx is not None:
        ctx.channel = channel


def _event(actor: Actor, kind: str, verb: str, obj: Any, person: Any, detail: dict[str, Any] | None) -> AuditEvent:
    person_id = getattr(person, "pk", person)
    return AuditEvent(
        occurred_at=timezone.now(),
        kind=kind,
        verb=verb,
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        membership_id=actor.membership_id,
        acting_role=actor.role,
        agency_id=actor.agency_id,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and hasattr(obj, "pk") else "",
        person_id=person_id if person_id is None or isinstance(person_id, uuid.UUID) else uuid.UUID(str(person_id)),
        detail=detail or {},
        ip_address=actor.ip_address,
        session_hash=actor.session_hash,
    )


def change(
    who: Any, verb: str, *, obj: Any = None, person: Any = None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Record a state change in the current transaction (call inside the action's atomic block)."""
    event = _event(Actor.of(who), EventKind.CHANGE, verb, obj, person, detail)
    chain.append(event)
    return event


def security_event(
    who: Any, verb: str, *, person: Any = None, obj: Any = None, detail: dict[str, Any] | None = None
) -> None:
    """Record a security event; during a request it is written after the request's transaction, whatever happens."""
    event = _event(Actor.of(who), EventKind.SECURITY, verb, obj, person, detail)
    ctx = context(who) if isinstance(who, HttpRequest) or hasattr(who, "META") else None
    if ctx is not None:
        ctx.security_events.append(event)
        return
    with transaction.atomic():
        chain.append(event)


def write_security_events(ctx: RequestAudit) -> None:
    events, ctx.security_events = ctx.security_events, []
    for event in events:
        try:
            with transaction.atomic():
                chain.append(event)
        except Exception:
            logger.exception("Could not record security event %s", event.verb)


def access_event(
    who: Any,
    subjects: dict[str, Disclosure],
    *,
    channel: str,
    method: str = "",
    path: str = "",
    status: int | None = None,
    purpose: str = "",
) -> AccessEvent:
    """Write one access event listing every person and section disclosed (in the caller's transaction)."""
    actor = Actor.of(who)
    rows: list[dict[str, Any]] = [
        {"person": person_id, "relationship": d.relationship, "sections": sorted(d.sections)}
        for person_id, d in sorted(subjects.items())
    ]
    event = AccessEvent(
        occurred_at=timezone.now(),
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        membership_id=actor.membership_id,
        acting_role=actor.role,
        agency_id=actor.agency_id,
        channel=channel,
        method=method,
        path=path[:300],
        status=status,
        purpose=purpose,
        is_break_glass=any(d.relationship == "break-glass" for d in subjects.values()),
        subjects=rows,
        ip_address=actor.ip_address,
        session_hash=actor.session_hash,
    )
    chain.append(
        event,
        [AccessEventSubject(person_id=uuid.UUID(r["person"]), relationship=r["relationship"]) for r in rows],
    )
    return event
