"""Typed answers: parse what a user typed, check its range, and store it JSON-safely.

Stored forms (in session["dialog"]): integer → int, number → float/int, date → "YYYY-MM-DD",
text → str, unknown → None. `load_value` turns the stored form back into Python values
for conditions and templates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.reply import format_date

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／，％", "0123456789.-/,%")
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


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def chinese_number(raw: str) -> str | None:
    """'三' → '3', '十二' → '12', '一千八' → '1800', '两千零一十' → '2010'; None if not a Chinese numeral."""
    if not raw or any(ch not in _DIGITS and ch not in _UNITS for ch in raw):
        return None
    total, section, digit, last_unit = 0, 0, None, None
    for ch in raw:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
            continue
        unit = _UNITS[ch]
        if unit == 10000:
            total += (section + (digit or 0)) * unit
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * unit
            digit = None
        last_unit = unit
    if digit is not None:  # "一千八" means 1800: a trailing digit counts in the next lower unit
        section += digit * (last_unit // 10 if last_unit and last_unit >= 100 and raw[-2] in _UNITS else 1)
    return str(total + section)


def parse_answer(text: str, kind: str, low: Any, high: Any, today: dt.date, unit: str | None = None) -> Any:
    """The stored form of a typed answer, or AnswerProblem saying what is wrong with it."""
    raw = text.strip().translate(_FULLWIDTH).replace(",", "")
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


def show_value(value: Any) -> str:
    """How a value reads in a reply (dates in Chinese form, whole floats without .0)."""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
