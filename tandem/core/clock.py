"""The working-day clock: statutory and local timescales counted in working days and working hours.

Working days are Monday to Friday, excluding bank holidays in England and Wales
(`holidays.country_holidays("GB", subdiv="ENG")`) and the local closure days configured in
`TANDEM_LOCAL_CLOSURE_DAYS`. Working hours are local (Europe/London) time, 09:00–17:00 by default.

- `add_working_days(d, n)` is the n-th working day strictly after `d`: the start day never counts.
- `working_days_deadline(received_at, n)` is the close of working hours on that day, counting from the
  moment work can start: anything received out of hours starts at the next opening.
- `add_working_hours(start, hours)` counts only minutes inside working hours on working days.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


@cache
def _bank_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def _closure_days() -> frozenset[dt.date]:
    return _parse_closure_days(tuple(settings.TANDEM_LOCAL_CLOSURE_DAYS))


@cache
def _parse_closure_days(values: tuple[str, ...]) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(v.strip()) for v in values if v.strip())


@cache
def _parse_time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def opening_time() -> dt.time:
    return _parse_time(settings.TANDEM_WORKING_DAY_START)


def closing_time() -> dt.time:
    return _parse_time(settings.TANDEM_WORKING_DAY_END)


def is_bank_holiday(d: dt.date) -> bool:
    return d in _bank_holidays()


def is_working_day(d: dt.date) -> bool:
    return d.weekday() < 5 and not is_bank_holiday(d) and d not in _closure_days()


def next_working_day(d: dt.date) -> dt.date:
    """The first working day strictly after `d`."""
    d += dt.timedelta(days=1)
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after `d` (n ≥ 1); the start day never counts."""
    if n < 1:
        raise ValueError("n must be at least 1")
    for _ in range(n):
        d = next_working_day(d)
    return d


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    count = 0
    d = start
    while d < end:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            count += 1
    return count


def _local(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("the clock works only with aware datetimes")
    return moment.astimezone(LONDON)


def _at(d: dt.date, t: dt.time) -> dt.datetime:
    # Wall-clock time in London on that date; zoneinfo picks the right UTC offset across daylight-saving changes.
    return dt.datetime.combine(d, t, tzinfo=LONDON)


def is_within_working_hours(moment: dt.datetime) -> bool:
    local = _local(moment)
    return is_working_day(local.date()) and opening_time() <= local.time() < closing_time()


def work_starts_at(moment: dt.datetime) -> dt.datetime:
    """When work on something received at `moment` can start: now if inside working hours, else the next opening."""
    local = _local(moment)
    d = local.date()
    if is_working_day(d):
        if local.time() < opening_time():
            return _at(d, opening_time())
        if local.time() < closing_time():
            return local
    return _at(next_working_day(d), opening_time())


def working_days_deadline(received_at: dt.datetime, n: int) -> dt.datetime:
    """Close of working hours on the n-th working day after work could start on something received at `received_at`."""
    start = work_starts_at(received_at)
    return _at(add_working_days(start.date(), n), closing_time())


def add_working_hours(start: dt.datetime, hours: float) -> dt.datetime:
    """The moment `hours` working hours after `start`, counting only minutes inside working hours on working days."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = dt.timedelta(hours=hours)
    current = work_starts_at(start)
    while True:
        close = _at(current.date(), closing_time())
        available = close - current
        if remaining <= available:
            return current + remaining
        remaining -= available
        current = _at(next_working_day(current.date()), opening_time())


def working_time_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time (inside working hours on working days) between two moments; zero when `end` is not after `start`."""
    total = dt.timedelta()
    current = work_starts_at(start)
    end_local = _local(end)
    while current < end_local:
        close = _at(current.date(), closing_time())
        total += min(close, end_local) - current
        current = _at(next_working_day(current.date()), opening_time())
    return total
