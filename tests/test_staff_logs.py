"""Question log use: gaps grouped by similarity, usage statistics, retention purge."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import Brain
from bot.kb.knowledge import load_knowledge
from bot.staff.gaps import find_gaps, gap_lines, gaps_csv
from bot.staff.retention import purge_old_questions
from bot.staff.stats import stats_lines, usage_stats
from bot.storage import Storage
from tests.support import TODAY

NOW = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def brain(mini_kb_dir):
    return Brain(load_knowledge(mini_kb_dir, today=TODAY))


def record(text, outcome, entry=None, score=None, time="2026-11-20T02:00:00+00:00"):
    return {"user": "u", "text": text, "outcome": outcome, "entry": entry, "score": score, "time": time}


def test_gaps_are_grouped_by_similarity_most_frequent_first_with_the_closest_entry(brain):
    records = [
        record("北京天气怎么样", "declined"),
        record("北京天气怎么样？", "declined"),
        record("北京的天气如何", "declined"),
        record("见习补助什么时候发到卡上", "ambiguous", score=0.4),
        record("見習補助什麼時候發到卡上", "declined"),  # traditional characters: same gap
        record("见习补贴几号到账", "answered", "mini-allowance", 0.5),  # low confidence
        record("公务员考试报名", "declined"),
        record("招聘限制性条件", "answered", "mini-hiring", 0.97),  # confident: not a gap
        record("", "declined"),
    ]
    groups = find_gaps(records, brain)
    assert [g.count for g in groups] == [3, 2, 1, 1]
    weather, allowance = groups[0], groups[1]
    assert weather.example == "北京天气怎么样" and set(weather.wordings) == {
        "北京天气怎么样",
        "北京天气怎么样？",
        "北京的天气如何",
    }
    assert allowance.closest_entry == "mini-allowance" and allowance.outcomes == {"ambiguous": 1, "declined": 1}
    assert {g.example for g in groups[2:]} == {"见习补贴几号到账", "公务员考试报名"}
    text = "\n".join(gap_lines(groups))
    assert "×3 「北京天气怎么样」" in text and "最接近的条目：mini-allowance（见习生活补助怎么发" in text
    csv_text = gaps_csv(groups)
    assert csv_text.startswith("\ufeffcount,example,") and "3,北京天气怎么样," in csv_text


def test_no_gaps_is_said_plainly(brain):
    assert gap_lines(find_gaps([record("招聘限制性条件", "answered", "mini-hiring", 0.9)], brain)) == [
        "没有未答出或低把握的问题。"
    ]


def test_stats_count_questions_per_day_outcomes_top_entries_and_unhelpful_entries():
    questions = [
        record("a", "answered", "mini-hiring", 0.9, "2026-11-19T03:00:00+00:00"),
        record("b", "answered", "mini-hiring", 0.9, "2026-11-20T03:00:00+00:00"),
        record("c", "answered", "mini-allowance", 0.9, "2026-11-20T17:00:00+00:00"),  # 11-21 in China
        record("d", "declined", None, None, "2026-11-20T04:00:00+00:00"),
        record("e", "declined", None, None, "2026-10-01T04:00:00+00:00"),  # before the window
    ]
    feedback = [
        {"entry": "mini-hiring", "verdict": "+", "time": "2026-11-20T03:00:00+00:00"},
        {"entry": "mini-allowance", "verdict": "-", "time": "2026-11-20T03:00:00+00:00"},
        {"entry": "mini-allowance", "verdict": "-", "time": "2026-11-20T03:00:00+00:00"},
        {"entry": "mini-hiring", "verdict": "-", "time": "2026-11-20T03:00:00+00:00"},
    ]
    stats = usage_stats(questions, feedback, since=dt.date(2026, 11, 1))
    assert stats.per_day == [(dt.date(2026, 11, 19), 1), (dt.date(2026, 11, 20), 2), (dt.date(2026, 11, 21), 1)]
    assert stats.outcomes == {"answered": 3, "declined": 1}
    assert stats.top_entries == [("mini-hiring", 2), ("mini-allowance", 1)]
    assert stats.feedback == {"mini-allowance": (0, 2), "mini-hiring": (1, 1)}
    assert stats.unhelpful == [("mini-allowance", 2, 0), ("mini-hiring", 1, 1)]
    text = "\n".join(stats_lines(stats, {"mini-hiring": "招聘能否要求职业资格"}))
    assert "共 4 个问题" in text and "已答复 3（75%）" in text and "👎 2（👍 0）mini-allowance（已删除）" in text


def test_retention_purges_only_question_records_older_than_the_period(tmp_path):
    clock = [NOW - dt.timedelta(days=200)]
    storage = Storage(tmp_path, clock=lambda: clock[0])
    storage.log_question(1, "很久以前的问题", "declined")
    clock[0] = NOW - dt.timedelta(days=179)
    storage.log_question(1, "半年内的问题", "answered", "mini-hiring", 0.9)
    storage.add_feedback(1, "mini-hiring", "+")
    assert purge_old_questions(storage, 180, now=NOW) == 1
    assert [q["text"] for q in Storage(tmp_path).questions()] == ["半年内的问题"]  # durable
    assert len(storage.feedback()) == 1
    assert purge_old_questions(storage, 180, now=NOW) == 0
