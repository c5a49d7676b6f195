"""Typed dialog answers: users write numbers the way they speak them."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.values import AnswerProblem, parse_answer

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("3", "integer", 3), ("三年", "integer", 3), ("十二", "integer", 12), ("两年", "integer", 2),
    ("一千八", "number", 1800.0), ("两千零一十元", "number", 2010.0), ("¥1,880", "number", 1880.0), ("６５％", "number", 65.0),
])
def test_arabic_fullwidth_and_chinese_numerals_are_understood(text, kind, expected):
    assert parse_answer(text, kind, 0, 100000, TODAY) == expected


@pytest.mark.parametrize("text", ["三点五年", "很多", "一些年", ""])
def test_what_is_not_a_number_gets_a_specific_hint(text):
    with pytest.raises(AnswerProblem, match="不是一个数字"):
        parse_answer(text, "integer", 0, 100, TODAY)
