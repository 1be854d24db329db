"""The working-day clock, including bank holidays and both daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core import clock

LONDON = ZoneInfo("Europe/London")


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (dt.date(2026, 11, 26), 1, dt.date(2026, 11, 27)),  # Thursday -> Friday
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),  # Friday -> Monday
        (dt.date(2026, 11, 28), 1, dt.date(2026, 11, 30)),  # Saturday -> Monday (start day never counts)
        (dt.date(2026, 12, 24), 1, dt.date(2026, 12, 29)),  # Christmas Day and Boxing Day (substitute Monday 28th)
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Good Friday 3 April, Easter Monday 6 April
        (dt.date(2026, 8, 28), 1, dt.date(2026, 9, 1)),  # late summer bank holiday Monday 31 August
        (dt.date(2023, 5, 5), 1, dt.date(2023, 5, 9)),  # the coronation bank holiday, Monday 8 May 2023
        (dt.date(2022, 9, 16), 1, dt.date(2022, 9, 20)),  # the state funeral, Monday 19 September 2022
        (dt.date(2026, 11, 26), 15, dt.date(2026, 12, 17)),
        (dt.date(2026, 12, 10), 15, dt.date(2027, 1, 5)),  # across Christmas and New Year
        (dt.date(2026, 10, 1), 45, dt.date(2026, 12, 3)),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert clock.add_working_days(start, n) == expected


def test_add_working_days_refuses_zero() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        clock.add_working_days(dt.date(2026, 1, 5), 0)


def test_local_closure_days_are_not_working_days(settings: object) -> None:
    settings.TANDEM_LOCAL_CLOSURE_DAYS = ["2026-12-31"]  # type: ignore[attr-defined]
    assert clock.add_working_days(dt.date(2026, 12, 30), 1) == dt.date(2027, 1, 4)


@given(start=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)), n=st.integers(1, 60))
@settings(max_examples=300, deadline=None)
def test_result_is_a_working_day_strictly_after_and_monotone(start: dt.date, n: int) -> None:
    result = clock.add_working_days(start, n)
    assert clock.is_working_day(result)
    assert result > start
    assert clock.add_working_days(start, n + 1) > result
    assert clock.working_days_between(start, result) == n


def test_one_working_day_deadline_closes_at_five() -> None:
    assert clock.working_days_deadline(at(2026, 11, 26, 10, 0), 1) == at(2026, 11, 27, 17, 0)


def test_received_out_of_hours_starts_at_next_opening() -> None:
    # Friday 18:00 is out of hours: work starts Monday 09:00, so one working day is Tuesday 17:00.
    assert clock.working_days_deadline(at(2026, 11, 27, 18, 0), 1) == at(2026, 12, 1, 17, 0)
    # Saturday too.
    assert clock.working_days_deadline(at(2026, 11, 28, 11, 0), 1) == at(2026, 12, 1, 17, 0)
    # Before opening on a working day: the same day's opening, so due the next working day.
    assert clock.working_days_deadline(at(2026, 11, 30, 7, 30), 1) == at(2026, 12, 1, 17, 0)


def test_red_four_working_hours_from_friday_half_past_four() -> None:
    # 30 minutes on Friday, 3.5 hours on Monday.
    assert clock.add_working_hours(at(2026, 11, 27, 16, 30), 4) == at(2026, 11, 30, 12, 30)


def test_working_hours_skip_bank_holidays() -> None:
    # Thursday 24 December 2026, 15:00 + 4 working hours: 2 hours that day, then Tuesday 29th from 09:00.
    assert clock.add_working_hours(at(2026, 12, 24, 15, 0), 4) == at(2026, 12, 29, 11, 0)


def test_working_hours_across_the_clocks_going_forward() -> None:
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026. Friday 15:00 + 4 hours = Monday 11:00 local (BST).
    result = clock.add_working_hours(at(2026, 3, 27, 15, 0), 4)
    assert result == at(2026, 3, 30, 11, 0)
    assert result.utcoffset() == dt.timedelta(hours=1)


def test_working_hours_across_the_clocks_going_back() -> None:
    # Clocks go back on Sunday 25 October 2026. Friday 16:00 + 2 hours = Monday 10:00 local (GMT).
    result = clock.add_working_hours(at(2026, 10, 23, 16, 0), 2)
    assert result == at(2026, 10, 26, 10, 0)
    assert result.utcoffset() == dt.timedelta(0)
    # A deadline set in BST for a day after the change is 17:00 GMT that day.
    deadline = clock.working_days_deadline(at(2026, 10, 23, 12, 0), 1)
    assert deadline == at(2026, 10, 26, 17, 0)
    assert deadline.astimezone(dt.UTC).hour == 17


def test_working_time_between_counts_only_working_hours() -> None:
    assert clock.working_time_between(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)) == dt.timedelta(hours=2)
    assert clock.working_time_between(at(2026, 11, 30, 10, 0), at(2026, 11, 27, 16, 0)) == dt.timedelta(0)


@given(
    start=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31), timezones=st.just(LONDON)),
    hours=st.integers(0, 40),
)
@settings(max_examples=200, deadline=None)
def test_add_working_hours_round_trips(start: dt.datetime, hours: int) -> None:
    end = clock.add_working_hours(start, hours)
    assert end >= start
    assert clock.working_time_between(start, end) == dt.timedelta(hours=hours)


def test_working_days_command_prints_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("working_days", "add", "2026-12-24", "1")
    assert capsys.readouterr().out == "2026-12-29\n"
