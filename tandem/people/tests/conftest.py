from __future__ import annotations

from collections.abc import Iterator

import pytest

from tandem.people import identity


@pytest.fixture(autouse=True)
def _fresh_matching_model() -> Iterator[None]:
    """Each test reads the matching model (and the register's size) afresh: the per-process cache would otherwise
    carry a model installed by a test whose transaction has been rolled back."""
    identity.model_changed()
    yield
    identity.model_changed()
