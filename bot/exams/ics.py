"""Calendar export: exams as an iCalendar (.ics) file, built with the `icalendar` library.

Exam days become all-day events (one per run of consecutive days) dated in Asia/Shanghai;
an exact registration window becomes one more all-day event. Each event's description
names the source and its reliability, and warns when the source is unverified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event, Timezone

from bot.kb.exams.cn_dates import consecutive_runs
from bot.kb.exams.model import Exam

TIMEZONE = "Asia/Shanghai"
PRODID = "-//Qualbot//exam calendar//ZH"


def _description(exam: Exam, what: str, wording: str | None) -> str:
    row = exam.dates_source or exam.primary
    lines = [
        f"{exam.official_name}（{exam.year}年）{what}",
        f"来源原文：{wording}" if wording else "",
        f"来源：{row.title}（{row.published}）",
        f"可靠性：{row.reliability_label}",
    ]
    if row.unverified:
        lines.append("⚠️ 第三方数据，未经核实，请以考试机构的官方公告为准。")
    lines.append("日期如有调整，以考试机构公告为准。")
    return "\n".join(line for line in lines if line)


def _all_day(uid: str, summary: str, first: dt.date, last: dt.date, description: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)  # DATE value: an all-day event
    event.add("dtend", last + dt.timedelta(days=1))  # exclusive end, per RFC 5545
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def exams_to_ics(exams: Iterable[Exam], stamp: dt.datetime | None = None, name: str = "职业资格考试日历") -> bytes:
    """An .ics file with every known exam day (and exact registration window) of `exams`."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add_component(Timezone.from_tzid(TIMEZONE))
    for exam in exams:
        for first, last in consecutive_runs(exam.days):
            calendar.add_component(
                _all_day(
                    f"{exam.year}-{exam.id}-exam-{first:%Y%m%d}@qualbot",
                    f"{exam.title}（考试）",
                    first,
                    last,
                    _description(exam, "考试", exam.dates_text),
                    stamp,
                )
            )
        reg = exam.registration
        if reg is not None and reg.start is not None and reg.end is not None:
            region = f"（{reg.region}）" if reg.region else ""
            row = reg.source
            description = "\n".join(
                [
                    f"{exam.official_name}（{exam.year}年）报名{region}",
                    f"来源原文：{reg.text}",
                    f"来源：{row.title}（{row.published}）",
                    f"可靠性：{row.reliability_label}",
                ]
            )
            calendar.add_component(
                _all_day(
                    f"{exam.year}-{exam.id}-registration-{reg.start:%Y%m%d}@qualbot",
                    f"{exam.title} 报名{region}",
                    reg.start,
                    reg.end,
                    description,
                    stamp,
                )
            )
    ical: bytes = calendar.to_ical()
    return ical
