"""Typed answers: parse what a user typed, check its range, and store it JSON-safely.

Stored forms (in session["dialog"]): integer → int, number → float/int, date → "YYYY-MM-DD",
text → str, unknown → None. `load_value` turns the stored form back into Python values
for conditions and templates.
"""

from __future__ import annotations

import datetime as dt
import math
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
    return interpret_answer(text, kind, low, high, today, unit)[0]


# Everyday ways of saying a number of years (only for steps whose unit is 年, which always ask
# "满几年"): the reading kept is the conservative one for a "满N年" threshold, and it is said.
_ABOUT = r"(?:大概|大约|约|已经|已|有|了|满|整整)*"
_YEARS_MORE = re.compile(rf"^{_ABOUT}(.+?)(?:年多|多年|年以上|年出头|多)(?:了|吧|啦)?$")
_YEARS_NEARLY = re.compile(
    r"^(?:已经|已)?(?:快|将近|接近|近|不到|不满|还差一点|差一点|差不多|快要|马上)(?:满|到|就)?(.+?)年?(?:了|吧|啦)?$"
)
_YEARS_HALF = re.compile(rf"^{_ABOUT}(.+?)(?:年半|个半年)(?:了|吧|啦)?$")
_YEARS_PLAIN = re.compile(rf"^{_ABOUT}(.+?)年?(?:了|吧|啦|左右)?$")


def _number_of(raw: str) -> float | None:
    raw = raw.strip()
    if _NUMBER.match(raw):
        return float(raw)
    if "点" in raw:  # 三点五
        whole, _, frac = raw.partition("点")
        w, f = chinese_number(whole), "".join(chinese_number(ch) or "x" for ch in frac)
        return float(f"{w}.{f}") if w and f.isdigit() else None
    value = chinese_number(raw)
    return float(value) if value is not None else None


def _years(raw: str, kind: str) -> tuple[float, str | None] | None:
    """(years, note) for everyday phrasings of a number of years, or None if not one."""
    nearly = _YEARS_NEARLY.match(raw)
    if nearly and (n := _number_of(nearly.group(1))) is not None and n >= 1:
        whole = math.ceil(n) - 1
        return whole, (
            f"“{raw}”表示还不满{show_value(n)}年，按满{whole}年计算（要求“满N年”时取保守的读法）；"
            f"如果其实已满{show_value(n)}年，请点“修改”改为 {show_value(n)}。"
        )
    half = _YEARS_HALF.match(raw)
    if half and (n := _number_of(half.group(1))) is not None:
        value = n + 0.5
        if kind == "integer":
            return math.floor(value), f"“{raw}”按满{math.floor(value)}年计算（只算整年）。"
        return value, None
    more = _YEARS_MORE.match(raw)
    if more and (n := _number_of(more.group(1))) is not None:
        return math.floor(n), f"“{raw}”按满{math.floor(n)}年计算。"
    plain = _YEARS_PLAIN.match(raw)
    if plain and (n := _number_of(plain.group(1))) is not None:
        if kind == "integer" and n != int(n):
            return math.floor(n), f"“{raw}”按满{math.floor(n)}年计算（只算整年）。"
        return n, (
            "“约”“左右”的说法按所说的年数计算；如果其实还不满，请点“修改”。" if "左右" in raw or "约" in raw else None
        )
    return None


def interpret_answer(
    text: str, kind: str, low: Any, high: Any, today: dt.date, unit: str | None = None
) -> tuple[Any, str | None]:
    """(stored form, note) of a typed answer; the note says how an everyday phrasing was read."""
    raw = text.strip().translate(_FULLWIDTH).replace(",", "")
    note = None
    if kind in ("integer", "number") and unit == "年":
        read = _years(raw, kind)
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
    month = _number_of(match.group(2))
    day = _number_of(match.group(3)) if match.group(3) else None
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


def show_value(value: Any) -> str:
    """How a value reads in a reply (dates in Chinese form, whole floats without .0)."""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
