"""The shared kernel: a base model for records about people and casework."""

from __future__ import annotations

import uuid

from django.db import models


class TandemModel(models.Model):
    """Opaque UUID primary key (never a personal identifier in a URL) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TandemModel):
    """A record edited by several people: saves must name the version they started from (optimistic locking)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
