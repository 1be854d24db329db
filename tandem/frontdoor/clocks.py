"""The front door's two clocks, both counted on `tandem.core.clock` (working days and working hours, England).

- The decision clock (statutory; the KPI): a threshold decision for each child within one working day of receipt,
  `clock.working_days_deadline(received_at, 1)`. The acknowledgement to the referrer has the same deadline.
- The RAG clock, for completing agency checks: by default Red 4 working hours, Amber 1 working day, Green 3 working
  days, counted from the moment the contact is rated (or re-rated). `TANDEM_RAG_CHECK_TIMES` sets them: a number
  followed by `h` (working hours) or `d` (working days, to the close of that day).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tandem.core import clock
from tandem.frontdoor.codes import Rag

DEFAULT_RAG_CHECK_TIMES = {Rag.RED: "4h", Rag.AMBER: "1d", Rag.GREEN: "3d"}
_SPEC = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$")


@cache
def _parse(spec: str) -> tuple[float, str]:
    match = _SPEC.match(spec)
    if match is None:
        raise ImproperlyConfigured(f"TANDEM_RAG_CHECK_TIMES: {spec!r} is not like '4h' or '1d'")
    amount, unit = float(match[1]), match[2]
    if unit == "d" and (amount < 1 or amount != int(amount)):
        raise ImproperlyConfigured(f"TANDEM_RAG_CHECK_TIMES: {spec!r} must be a whole number of working days")
    return amount, unit


def rag_check_times() -> dict[str, str]:
    configured: Mapping[str, str] = getattr(settings, "TANDEM_RAG_CHECK_TIMES", {}) or {}
    times = {str(k): str(v) for k, v in DEFAULT_RAG_CHECK_TIMES.items()}
    times.update({str(k).lower(): str(v) for k, v in configured.items()})
    for spec in times.values():
        _parse(spec)
    return times


def describe_rag_time(rag: str) -> str:
    amount, unit = _parse(rag_check_times()[rag])
    number = f"{amount:g}"
    if unit == "h":
        return f"{number} working hour{'s' if amount != 1 else ''}"
    return f"{number} working day{'s' if amount != 1 else ''}"


def checks_due(rag: str, rated_at: dt.datetime) -> dt.datetime:
    """When agency checks must be complete for a contact rated `rag` at `rated_at`."""
    amount, unit = _parse(rag_check_times()[rag])
    if unit == "h":
        return clock.add_working_hours(rated_at, amount)
    return clock.working_days_deadline(rated_at, int(amount))


def decision_due(received_at: dt.datetime) -> dt.datetime:
    """The statutory decision clock: the close of the first working day after work could start on the contact."""
    return clock.working_days_deadline(received_at, 1)


def acknowledgement_due(received_at: dt.datetime) -> dt.datetime:
    return clock.working_days_deadline(received_at, 1)


def default_check_due(contact_checks_due_at: dt.datetime | None, requested_at: dt.datetime) -> dt.datetime:
    """A check is due by the contact's RAG clock; before the contact is rated, within one working day."""
    if contact_checks_due_at is not None and contact_checks_due_at > requested_at:
        return contact_checks_due_at
    return clock.working_days_deadline(requested_at, 1)
