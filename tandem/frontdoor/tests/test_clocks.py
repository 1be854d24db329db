"""The decision clock (one working day from receipt) and the RAG clock (Red 4 working hours, Amber 1 working day,
Green 3 working days by default, configurable), across weekends, bank holidays and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from tandem.frontdoor import clocks

LONDON = ZoneInfo("Europe/London")


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("rag", "rated", "due"),
    [
        ("red", at(2026, 11, 27, 16, 30), at(2026, 11, 30, 12, 30)),  # Friday 16:30 → Monday 12:30
        ("red", at(2026, 11, 26, 10, 0), at(2026, 11, 26, 14, 0)),  # Thursday, within the day
        ("red", at(2026, 11, 28, 23, 0), at(2026, 11, 30, 13, 0)),  # Saturday night: from Monday's opening
        ("red", at(2026, 12, 24, 15, 0), at(2026, 12, 29, 11, 0)),  # Christmas Eve → after Christmas and Boxing Day
        ("red", at(2026, 4, 2, 15, 0), at(2026, 4, 7, 11, 0)),  # Good Friday and Easter Monday
        ("red", at(2026, 3, 27, 15, 0), at(2026, 3, 30, 11, 0)),  # across the change to summer time (29 March)
        ("red", at(2026, 10, 23, 16, 0), at(2026, 10, 26, 12, 0)),  # across the change back (25 October)
        ("amber", at(2026, 11, 26, 10, 0), at(2026, 11, 27, 17, 0)),
        ("amber", at(2026, 11, 27, 16, 30), at(2026, 11, 30, 17, 0)),
        ("green", at(2026, 11, 26, 10, 0), at(2026, 12, 1, 17, 0)),
        ("green", at(2026, 8, 27, 10, 0), at(2026, 9, 2, 17, 0)),  # Fri 28, Tue 1, Wed 2: not Monday 31 August
    ],
)
def test_rag_clock(rag: str, rated: dt.datetime, due: dt.datetime) -> None:
    assert clocks.checks_due(rag, rated) == due


def test_rag_clock_across_daylight_saving_counts_wall_clock_working_hours() -> None:
    due = clocks.checks_due("red", at(2026, 3, 27, 15, 0))
    assert due.utcoffset() == dt.timedelta(hours=1)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 26, 10, 0), at(2026, 11, 27, 17, 0)),  # Thursday → Friday close
        (at(2026, 11, 27, 16, 30), at(2026, 11, 30, 17, 0)),  # Friday afternoon → Monday close
        (at(2026, 11, 27, 18, 0), at(2026, 12, 1, 17, 0)),  # Friday evening: work starts Monday → Tuesday
        (at(2026, 12, 23, 12, 0), at(2026, 12, 24, 17, 0)),
        (at(2026, 12, 24, 12, 0), at(2026, 12, 29, 17, 0)),
        (at(2026, 5, 22, 9, 0), at(2026, 5, 26, 17, 0)),  # the spring bank holiday, 25 May
    ],
)
def test_decision_clock_is_one_working_day_from_receipt(received: dt.datetime, due: dt.datetime) -> None:
    assert clocks.decision_due(received) == due
    assert clocks.acknowledgement_due(received) == due


def test_rag_check_times_are_configurable(settings: Any) -> None:
    settings.TANDEM_RAG_CHECK_TIMES = {"red": "2h", "amber": "6h", "green": "2d"}

    assert clocks.checks_due("red", at(2026, 11, 27, 16, 30)) == at(2026, 11, 30, 10, 30)
    assert clocks.checks_due("amber", at(2026, 11, 26, 10, 0)) == at(2026, 11, 26, 16, 0)
    assert clocks.checks_due("green", at(2026, 11, 26, 10, 0)) == at(2026, 11, 30, 17, 0)
    assert clocks.describe_rag_time("red") == "2 working hours"


@pytest.mark.parametrize("spec", ["4", "4 weeks", "0.5d", "-1h"])
def test_nonsense_rag_check_times_are_refused(settings: Any, spec: str) -> None:
    settings.TANDEM_RAG_CHECK_TIMES = {"red": spec}

    with pytest.raises(ImproperlyConfigured):
        clocks.checks_due("red", at(2026, 11, 26, 10, 0))


def test_a_local_closure_day_is_not_a_working_day(settings: Any) -> None:
    settings.TANDEM_LOCAL_CLOSURE_DAYS = ["2026-11-30"]

    assert clocks.checks_due("red", at(2026, 11, 27, 16, 30)) == at(2026, 12, 1, 12, 30)
