"""Numbers as people type them: Chinese numerals (三, 十二, 一千八) and everyday ways of saying a
number of years (三年多, 快两年了, 两年半). Read by the guided dialogs' typed steps (bot.engine.values)
and by the brain where a message tells its years (bot.table_notes)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from bot.reply import format_date

FULLWIDTH = str.maketrans("０１２３４５６７８９．－／，％", "0123456789.-/,%")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")

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


# Everyday ways of saying a number of years (only for steps whose unit is 年, which always ask
# "满几年"): the reading kept is the conservative one for a "满N年" threshold, and it is said.
_ABOUT = r"(?:大概|大约|约|已经|已|有|了|满|整整)*"
_YEARS_MORE = re.compile(rf"^{_ABOUT}(.+?)(?:年多|多年|年以上|年出头|多)(?:了|吧|啦)?$")
_YEARS_NEARLY = re.compile(
    r"^(?:已经|已)?(?:快|将近|接近|近|不到|不满|还差一点|差一点|差不多|快要|马上)(?:满|到|就)?(.+?)年?(?:了|吧|啦)?$"
)
_YEARS_HALF = re.compile(rf"^{_ABOUT}(.+?)(?:年半|个半年)(?:了|吧|啦)?$")
_YEARS_PLAIN = re.compile(rf"^{_ABOUT}(.+?)年?(?:了|吧|啦|左右)?$")


def number_of(raw: str) -> float | None:
    raw = raw.strip()
    if _NUMBER.match(raw):
        return float(raw)
    if "点" in raw:  # 三点五
        whole, _, frac = raw.partition("点")
        w, f = chinese_number(whole), "".join(chinese_number(ch) or "x" for ch in frac)
        return float(f"{w}.{f}") if w and f.isdigit() else None
    value = chinese_number(raw)
    return float(value) if value is not None else None


def read_years(raw: str, kind: str) -> tuple[float, str | None] | None:
    """(years, note) for everyday phrasings of a number of years, or None if not one."""
    nearly = _YEARS_NEARLY.match(raw)
    if nearly and (n := number_of(nearly.group(1))) is not None and n >= 1:
        whole = math.ceil(n) - 1
        return whole, (
            f"“{raw}”表示还不满{show_value(n)}年，按满{whole}年计算（要求“满N年”时取保守的读法）；"
            f"如果其实已满{show_value(n)}年，请点“修改”改为 {show_value(n)}。"
        )
    half = _YEARS_HALF.match(raw)
    if half and (n := number_of(half.group(1))) is not None:
        value = n + 0.5
        if kind == "integer":
            return math.floor(value), f"“{raw}”按满{math.floor(value)}年计算（只算整年）。"
        return value, None
    more = _YEARS_MORE.match(raw)
    if more and (n := number_of(more.group(1))) is not None:
        return math.floor(n), f"“{raw}”按满{math.floor(n)}年计算。"
    plain = _YEARS_PLAIN.match(raw)
    if plain and (n := number_of(plain.group(1))) is not None:
        if kind == "integer" and n != int(n):
            return math.floor(n), f"“{raw}”按满{math.floor(n)}年计算（只算整年）。"
        return n, (
            "“约”“左右”的说法按所说的年数计算；如果其实还不满，请点“修改”。" if "左右" in raw or "约" in raw else None
        )
    return None


def everyday_years(raw: str) -> float | None:
    """The years an everyday phrase tells, read as a dialog step reads them ("快两年" → 1, "三年多"
    → 3, "两年半" → 2.5: the conservative reading for a "满N年" threshold); None if not one."""
    read = read_years(raw.strip().translate(FULLWIDTH), "number")
    return None if read is None else float(read[0])


def show_value(value: Any) -> str:
    """How a value reads in a reply (dates in Chinese form, whole floats without .0)."""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
