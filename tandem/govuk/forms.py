"""Form fields whose widgets map onto GOV.UK components (presentation only: no domain imports)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DateInputWidget(forms.MultiWidget):
    """Three boxes (day, month, year), rendered by the govukDateInput macro."""

    parts = ("day", "month", "year")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}-{part}", "")).strip() for part in self.parts]


class DateInputField(forms.Field):
    """A GOV.UK date input. Errors name the part that is wrong, and `error_parts` says which boxes to highlight."""

    widget = DateInputWidget

    def __init__(self, *, allow_future: bool = True, allow_past: bool = True, **kwargs: Any) -> None:
        self.allow_future = allow_future
        self.allow_past = allow_past
        self.error_parts: tuple[str, ...] = ()
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        self.error_parts = ()
        if isinstance(value, dt.date):
            return value
        day, month, year = value if value else ("", "", "")
        label = (self.label or "date").lower() if self.label else "date"
        if not any((day, month, year)):
            return None
        missing = [part for part, v in zip(("day", "month", "year"), (day, month, year), strict=True) if not v]
        if missing:
            self.error_parts = tuple(missing)
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}", code="incomplete")
        try:
            d, m, y = int(day), int(month), int(year)
        except ValueError:
            self.error_parts = ("day", "month", "year")
            raise ValidationError(f"The {label} must be a real date, written in numbers", code="invalid") from None
        if len(year) != 4:
            self.error_parts = ("year",)
            raise ValidationError("The year must include 4 numbers", code="invalid_year")
        if not 1 <= m <= 12:
            self.error_parts = ("month",)
            raise ValidationError(f"The {label} must be a real date", code="invalid_month")
        try:
            return dt.date(y, m, d)
        except ValueError:
            self.error_parts = ("day",)
            raise ValidationError(f"The {label} must be a real date", code="invalid_day") from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            self.error_parts = ("day", "month", "year")
            raise ValidationError(self.error_messages["required"], code="required")
        if value is None:
            return
        today = dt.date.today()  # noqa: DTZ011 - a calendar date typed by a person, compared with today's date
        if not self.allow_future and value > today:
            self.error_parts = ("day", "month", "year")
            raise ValidationError(f"The {(self.label or 'date').lower()} must be today or in the past", code="future")
        if not self.allow_past and value < today:
            self.error_parts = ("day", "month", "year")
            raise ValidationError(f"The {(self.label or 'date').lower()} must be today or in the future", code="past")


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(value: str) -> dt.time | None:
    """ "14:30", "2:30pm", "2pm", "9.15am" → a time; None if it is not one."""
    match = _TIME.match(value or "")
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeField(forms.CharField):
    """A time of day typed as people write it (see `parse_time`); blank is None when not required."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError("Enter a real time, like 2:30pm or 14:30", code="invalid")
        return parsed
