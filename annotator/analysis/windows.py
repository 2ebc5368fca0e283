"""Moving time windows over sorted statements, by DNA's rule (``computeTimeWindowMatrices``).

Calendar units (``days``, ``weeks``, ``months``, ``years``): the window's middle starts on the
first day of the range and moves on by one unit while it is not past the last day; around a
middle m the window spans ``m − a`` .. ``m + a`` units, both days included, with
``a = round((size − 1) / 2)`` rounded half up (Java's ``Math.round``), so an even size spans
one unit more than asked (size 2: three days). Only windows lying wholly inside the range are
made, so the first middle is ``a`` units after the range's start. Months and years are added
as Java's ``plusMonths`` adds them: the day is clamped to the month's last, and the middle
moves on from the clamped day (31 January, 28 February, 28 March, …).

``events``: around each statement t (in the statements' order) the window holds the
statements t − h .. t + h, with ``h = size // 2``, when all of them exist. Where statements
share the date at a window's edge, DNA draws at random which of them are in the window; we
take them in the statements' order (one of the windows DNA may draw), so a window is
reproducible.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

T = TypeVar("T")

UNITS = ("days", "weeks", "months", "years")


@dataclass(frozen=True)
class Window(Generic[T]):
    """The items of one time window, its first and last day and its middle (ISO dates)."""

    start: str
    stop: str
    middle: str
    items: tuple[T, ...]


def shift(day: date, unit: str, n: int) -> date:
    """Return the day n units later (earlier if negative), clamping the day as Java does."""
    if unit == "days":
        return day + timedelta(days=n)
    if unit == "weeks":
        return day + timedelta(weeks=n)
    if unit not in ("months", "years"):
        raise ValueError(f"no time unit {unit!r}")
    months = day.month - 1 + (n if unit == "months" else 12 * n)
    year, month = day.year + months // 12, months % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def half_width(size: int) -> int:
    """Return DNA's units on each side of a window's middle: round((size − 1) / 2), half up."""
    return size // 2  # floor((size − 1) / 2 + 0.5) is size // 2 for whole sizes


def calendar_windows(
    items: Sequence[T], dates: Sequence[str], unit: str, size: int, first: str, last: str
) -> list[Window[T]]:
    """Return the windows of ``size`` units moving over first..last; dates sorted, ISO."""
    begin, end = date.fromisoformat(first), date.fromisoformat(last)
    side = half_width(size)
    windows: list[Window[T]] = []
    current = begin
    while current <= end:
        middle = current
        low, high = shift(middle, unit, -side), shift(middle, unit, side)
        current = shift(current, unit, 1)
        if low < begin or high > end:
            continue
        # ISO dates sort as the days they name: the window is a slice of the sorted dates.
        lo = bisect_left(dates, low.isoformat())
        hi = bisect_right(dates, high.isoformat())
        windows.append(
            Window(low.isoformat(), high.isoformat(), middle.isoformat(), tuple(items[lo:hi]))
        )
    return windows


def event_windows(items: Sequence[T], dates: Sequence[str], size: int) -> list[Window[T]]:
    """Return the windows of 2·(size // 2) + 1 items around each item that has them all."""
    side = half_width(size)
    windows: list[Window[T]] = []
    for t in range(side, len(items) - side):
        windows.append(
            Window(
                dates[t - side], dates[t + side], dates[t], tuple(items[t - side : t + side + 1])
            )
        )
    return windows
