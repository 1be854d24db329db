"""Dates, times and numbers written the GOV.UK way (e.g. "26 November 2026", "4:30pm")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def govuk_date(value: dt.date | dt.datetime | None, *, with_weekday: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if with_weekday else text


def govuk_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def govuk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def age_on(born_on: dt.date | None, on: dt.date | None = None) -> int | None:
    if born_on is None:
        return None
    on = on or timezone.localdate()
    return on.year - born_on.year - ((on.month, on.day) < (born_on.month, born_on.day))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"
