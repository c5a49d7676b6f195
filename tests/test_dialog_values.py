"""Typed dialog answers: users write numbers the way they speak them."""

from __future__ import annotations

import pytest

from bot.engine.values import AnswerProblem, parse_answer
from tests.support import TODAY


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("3", "integer", 3),
        ("三年", "integer", 3),
        ("十二", "integer", 12),
        ("两年", "integer", 2),
        ("一千八", "number", 1800.0),
        ("两千零一十元", "number", 2010.0),
        ("¥1,880", "number", 1880.0),
        ("６５％", "number", 65.0),
    ],
)
def test_arabic_fullwidth_and_chinese_numerals_are_understood(text, kind, expected):
    assert parse_answer(text, kind, 0, 100000, TODAY) == expected


@pytest.mark.parametrize("text", ["三点五年", "很多", "一些年", ""])
def test_what_is_not_a_number_gets_a_specific_hint(text):
    with pytest.raises(AnswerProblem, match="不是一个数字"):
        parse_answer(text, "integer", 0, 100, TODAY)


# ---- issue 10 item 6 / issue 11: everyday phrasing of years and dates (user-qa U10) ----------------
from bot.engine.values import interpret_answer  # noqa: E402


@pytest.mark.parametrize(
    ("text", "kind", "expected", "note"),
    [
        ("三年多", "integer", 3, "按满3年"),
        ("3年多", "number", 3, "按满3年"),
        ("2年", "integer", 2, None),
        ("快两年了", "integer", 1, "还不满2年"),
        ("不到3年", "number", 2, "还不满3年"),
        ("两年半", "number", 2.5, None),
        ("两年半", "integer", 2, "只算整年"),
        ("3.5", "number", 3.5, None),
        ("3.5", "integer", 3, "只算整年"),
        ("已经满五年了", "integer", 5, None),
        ("十年", "integer", 10, None),
    ],
)
def test_years_are_read_the_way_people_say_them(text, kind, expected, note):
    value, said = interpret_answer(text, kind, 0, 60, TODAY, "年")
    assert value == expected
    assert (note is None and said is None) or (note and note in said)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年9月", "2026-09-01"),
        ("去年3月5日", "2025-03-05"),
        ("明年6月", "2027-06-01"),
        ("9月1日", "2026-09-01"),
        ("今天", "2026-11-21"),
        ("2026年9月", "2026-09-01"),
    ],
)
def test_relative_dates_use_today(text, expected):
    assert interpret_answer(text, "date", None, None, TODAY)[0] == expected


def test_nearly_two_years_is_below_a_two_year_threshold_and_says_so():
    value, note = interpret_answer("快两年了", "integer", 0, 60, TODAY, "年")
    assert value < 2 and "保守" in note
