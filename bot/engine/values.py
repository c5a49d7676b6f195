"""Typed answers: parse what a user typed, check its range, and store it JSON-safely.

Stored forms (in session["dialog"]): integer → int, number → float/int, date → "YYYY-MM-DD",
text → str, unknown → None. `load_value` turns the stored form back into Python values
for conditions and templates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.everyday_numbers import FULLWIDTH, chinese_number, number_of, read_years, show_value
from bot.reply import format_date

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*[日号]?|月?)$")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
MAX_TEXT = 3000


class AnswerProblem(Exception):
    """The typed answer does not fit; the message says why (the step's hint follows)."""


def bound(value: Any, kind: str, today: dt.date) -> Any:
    """A min/max from the dialog file as a comparable value ("today" allowed for dates)."""
    if value is None or kind != "date":
        return value
    return today if value == "today" else dt.date.fromisoformat(value)


def parse_answer(text: str, kind: str, low: Any, high: Any, today: dt.date, unit: str | None = None) -> Any:
    """The stored form of a typed answer, or AnswerProblem saying what is wrong with it."""
    return interpret_answer(text, kind, low, high, today, unit)[0]


def interpret_answer(
    text: str, kind: str, low: Any, high: Any, today: dt.date, unit: str | None = None
) -> tuple[Any, str | None]:
    """(stored form, note) of a typed answer; the note says how an everyday phrasing was read."""
    raw = text.strip().translate(FULLWIDTH).replace(",", "")
    note = None
    if kind in ("integer", "number") and unit == "年":
        read = read_years(raw, kind)
        if read is not None:
            number, note = read
            raw = show_value(float(number))
    if kind == "date":
        relative = _relative_date(raw, today)
        if relative is not None:
            raw, note = relative
    return _parse(raw, text, kind, low, high, today, unit), note


def _relative_date(raw: str, today: dt.date) -> tuple[str, str | None] | None:
    """今年9月 / 去年3月5日 / 明年 6 月 / 9月1日 / 今天 → "YYYY-MM-DD" text, with a note saying how it was read."""
    raw = raw.replace(" ", "")
    if raw in ("今天", "现在", "目前", "今日"):
        return today.isoformat(), None
    match = re.match(
        r"^(今年|去年|前年|明年|后年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?"
        r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?(?:初)?$",
        raw,
    )
    if not match:
        return None
    offset = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, None: 0}[match.group(1)]
    month = number_of(match.group(2))
    day = number_of(match.group(3)) if match.group(3) else None
    if month is None or (match.group(3) and day is None):
        return None
    year = today.year + offset
    shown = f"{year}-{int(month):02d}-{int(day or 1):02d}"
    said = f"{year}年{int(month)}月{int(day) if day else 1}日"
    why = "" if match.group(1) else "（没写年份，按今年）"
    return shown, f"“{raw}”按{said}计算{why}。" if (day is None or not match.group(1)) else None


def _parse(raw: str, text: str, kind: str, low: Any, high: Any, today: dt.date, unit: str | None) -> Any:
    if kind == "text":
        if not raw:
            raise AnswerProblem("内容是空的。")
        if len(text.strip()) > MAX_TEXT:  # never check a silently cut text as if it were the whole
            raise AnswerProblem(f"内容太长（{len(text.strip())}字），一次最多{MAX_TEXT}字，请分段发送或删去无关部分。")
        return text.strip()
    if kind == "date":
        return _parse_date(raw, bound(low, kind, today), bound(high, kind, today)).isoformat()
    raw = raw.lstrip("¥￥").strip()
    for suffix in filter(None, (unit, "%", "元", "年", "个月", "月", "人", "名", "个")):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)].strip()
            break
    if not _NUMBER.match(raw):
        raw = chinese_number(raw) or raw
    if not _NUMBER.match(raw):
        raise AnswerProblem(f"“{text.strip()[:20]}”不是一个数字。")
    number = float(raw)
    if number.is_integer():
        number = int(number)
    if kind == "integer":
        if number != int(number):
            raise AnswerProblem(f"需要整数，您输入的是 {raw}。")
        number = int(number)
    if low is not None and number < low:
        raise AnswerProblem(f"{raw} 小于允许的最小值 {low}。")
    if high is not None and number > high:
        raise AnswerProblem(f"{raw} 大于允许的最大值 {high}。")
    return number


def _parse_date(raw: str, low: dt.date | None, high: dt.date | None) -> dt.date:
    match = _DATE.match(raw)
    if not match:
        raise AnswerProblem(f"“{raw[:20]}”不是可以识别的日期。")
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise AnswerProblem(f"{year}年{month}月{day}日 不是真实存在的日期。") from None
    if low is not None and value < low:
        raise AnswerProblem(f"{format_date(value)} 早于允许的最早日期 {format_date(low)}。")
    if high is not None and value > high:
        raise AnswerProblem(f"{format_date(value)} 晚于允许的最晚日期 {format_date(high)}。")
    return value


def load_value(stored: Any, kind: str) -> Any:
    if stored is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(stored)
    return stored
