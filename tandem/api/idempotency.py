"""`Idempotency-Key` for API creates: retrying a POST never makes a second record.

Semantics (after the IETF HTTPAPI draft and Stripe's reference behaviour):

- The header is required on the create (missing → 400 problem). Authentication and the role policy are checked first,
  because DRF runs them before the handler that calls `key_from`.
- The key is stored on the created row with a fingerprint of the request body, under a unique constraint on
  (owner, key) in the same transaction as the row itself, so nothing separate can drift or be lost.
- Same owner, same key, same body → the same record, and the handler answers exactly as it did the first time (the
  create response must be built only from fields that never change after creation).
- Same key, different body → 422 problem. A concurrent duplicate waits on the unique index; when the first commits,
  the second's insert fails, its savepoint is rolled back and it replays the first.

Use: give the model `IdempotentCreate`'s fields and a `UniqueConstraint(fields=[<owner>, "idempotency_key"],
condition=~Q(idempotency_key=""))`, then in the view::

    key = idempotency.key_from(request)
    record, created = idempotency.replay_or_create(
        Contact.objects.filter(submitted_by=membership), key=key, body=request.data,
        create=lambda fingerprint: actions.submit_contact_from_api(..., idempotency_key=key, fingerprint=fingerprint),
    )
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from tandem.api.problems import Problem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

M = TypeVar("M", bound=models.Model)

PARAMETER = OpenApiParameter(
    name=HEADER,
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "A unique value you choose for this create (a UUID is ideal). Send the same key with the same body to retry "
        "safely: you get the same record and the same response. The same key with a different body is refused (422)."
    ),
)


class IdempotentCreate(models.Model):
    """The fields an idempotent create stores with the row it creates."""

    idempotency_key = models.CharField(max_length=MAX_KEY_LENGTH, blank=True, default="")
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        abstract = True


def key_from(request: Request) -> str:
    """The request's Idempotency-Key, or a 400 problem."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        raise Problem(
            400,
            f"Send an {HEADER} header with a unique value for this request, so that retrying it is safe",
            errors=[{"field": HEADER, "code": "required", "message": f"The {HEADER} header is required"}],
        )
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Problem(
            400,
            f"The {HEADER} must be {MAX_KEY_LENGTH} printable characters or fewer",
            errors=[{"field": HEADER, "code": "invalid", "message": f"The {HEADER} header is not valid"}],
        )
    return key


def fingerprint(body: Any) -> str:
    """A stable digest of a request body (key order and spacing do not matter)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _same_request(existing: Any, digest: str) -> Any:
    if existing.idempotency_fingerprint != digest:
        raise Problem(
            422,
            f"This {HEADER} was already used for a different request. Use a new key for a new request.",
            errors=[{"field": HEADER, "code": "reused", "message": f"The {HEADER} was used with another body"}],
        )
    return existing


def replay_or_create(
    queryset: models.QuerySet[M], *, key: str, body: Any, create: Callable[[str], M]
) -> tuple[M, bool]:
    """The record made earlier under `key` in `queryset` (the owner's rows), or a new one from `create(fingerprint)`.

    Returns (record, created). `create` must store `key` and the fingerprint it is given on the new row.
    """
    digest = fingerprint(body)
    existing = queryset.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_request(existing, digest), False
    try:
        with transaction.atomic():
            return create(digest), True
    except IntegrityError:
        # A concurrent request with the same key committed first: replay it.
        existing = queryset.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _same_request(existing, digest), False
