"""Calendar export: the .ics attachment parsed back with icalendar.

On a frozen six-exam extract of the 2026 calendar (tests/support/exams-extract), so a staff edit
to knowledge/exams does not change these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from bot.core import Context
from bot.exams.specialist import ExamSpecialist
from bot.exams.store import InMemorySubscriptionStore
from bot.kb.exams.loader import load_exam_calendar
from tests.support import add_extract_exams, copy_mini_kb

CTX = Context(today=dt.date(2026, 1, 5), user_id=77)


@pytest.fixture(scope="module")
def calendar(tmp_path_factory):
    root = copy_mini_kb(tmp_path_factory.mktemp("ics"))
    add_extract_exams(root)
    errors: list = []
    loaded = load_exam_calendar(root, None, errors)
    assert errors == []
    return loaded


def parsed(reply) -> Calendar:
    (attachment,) = reply.attachments
    assert attachment["kind"] == "document" and attachment["filename"].endswith(".ics")
    return Calendar.from_ical(attachment["data"])


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_one_exam_becomes_all_day_events_with_source_and_reliability(calendar):
    reply = ExamSpecialist(calendar).on_action("x:ics:zxgcs", CTX, {})
    calendar = parsed(reply)
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    found = events(calendar)
    exam = found["咨询工程师（投资）（考试）"]
    assert exam.decoded("dtstart") == dt.date(2026, 4, 11)  # a DATE, i.e. an all-day event
    assert exam.decoded("dtend") == dt.date(2026, 4, 13)  # exclusive end: the 11th and 12th
    description = str(exam["description"])
    assert "上海市2026年度专业技术人员职业资格考试计划" in description and "可靠性：省级官方发布" in description
    assert "来源原文：4月11日、12日" in description
    registration = found["咨询工程师（投资） 报名（上海）"]
    assert (registration.decoded("dtstart"), registration.decoded("dtend")) == (
        dt.date(2026, 2, 26),
        dt.date(2026, 3, 6),
    )


def test_unverified_dates_are_flagged_in_the_event(calendar):
    calendar = parsed(ExamSpecialist(calendar).on_action("x:ics:zjgcs-1", CTX, {}))
    (event,) = calendar.walk("VEVENT")
    assert "第三方数据，未经核实" in str(event["description"]) and "⚠️" in str(event["description"])


def test_all_subscriptions_in_one_file(calendar):
    specialist = ExamSpecialist(calendar, InMemorySubscriptionStore())
    for exam_id in ("jzs-1", "jzs-2", "zaq-cj"):  # zaq-cj has no known date: nothing to export
        specialist.on_action(f"x:sub:{exam_id}", CTX, {})
    reply = specialist.on_action("x:ics:all", CTX, {})
    summaries = set(events(parsed(reply)))
    assert summaries == {"一级建造师（考试）", "二级建造师（考试）", "二级建造师 报名（上海）"}
    uids = [str(e["uid"]) for e in parsed(reply).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_separate_sittings_are_separate_events(calendar):
    calendar = parsed(ExamSpecialist(calendar).on_action("x:ics:jjcy", CTX, {}))
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert starts == [dt.date(2026, 5, 23), dt.date(2026, 11, 28)]


def test_no_file_for_an_exam_without_known_dates(calendar):
    reply = ExamSpecialist(calendar).on_action("x:ics:zaq-cj", CTX, {})
    assert reply.attachments == () and "没有可以加入日历" in reply.plain_text
