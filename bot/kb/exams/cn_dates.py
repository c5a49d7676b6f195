"""Chinese date wording in the exam plans → exact dates, or None when the wording is not exact.

Only exact wording becomes a date: "9月12日、13日", "5月16日—18日" (each day of a range),
"10月31日、11月1日". Anything vaguer or damaged — "6月中旬", "待定", "9月5[截断]", "[缺失]" —
returns None, so a missing or truncated cell can never turn into a guessed date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

_DAY = r"(?:(\d{1,2})月)?(\d{1,2})日"
_RANGE_MARK = r"\s*[—–\-~～至到]\s*"
_PIECE = re.compile(rf"{_DAY}(?:{_RANGE_MARK}{_DAY})?")
_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")


def _day(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_exam_days(text: str | None, year: int) -> tuple[dt.date, ...] | None:
    """Every day the wording names, ascending; None unless the whole text is exact dates."""
    if not text or not text.strip():
        return None
    days: list[dt.date] = []
    month: int | None = None
    for part in _SEPARATORS.split(text.strip()):
        match = _PIECE.fullmatch(part)
        if match is None:
            return None
        m1, d1, m2, d2 = match.groups()
        month = int(m1) if m1 else month  # "9月12日、13日": the month carries over
        first = _day(year, month, int(d1))
        if first is None:
            return None
        if d2 is None:
            days.append(first)
            continue
        last = _day(year, int(m2) if m2 else month, int(d2))
        if last is None or last < first:
            return None
        month = last.month
        days.extend(first + dt.timedelta(n) for n in range((last - first).days + 1))
    if any(b <= a for a, b in itertools.pairwise(days)):
        return None  # out of order or repeated: not a wording we understand
    return tuple(days)


def parse_window(text: str | None, year: int) -> tuple[dt.date, dt.date] | None:
    """A registration window like "2月26日— 3月5日" → (first day, last day); None if not exact."""
    if not text:
        return None
    match = _PIECE.fullmatch(text.strip())
    if match is None or match.group(4) is None:
        return None
    days = parse_exam_days(text, year)
    return (days[0], days[-1]) if days else None


def format_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def consecutive_runs(days: tuple[dt.date, ...]) -> list[tuple[dt.date, dt.date]]:
    """Group days into runs of consecutive days: (first, last) per run."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
