"""Pure reminder planning and calendar diffs: no clock, no Telegram, no storage inside.

A reminder goes out at 09:00 Asia/Shanghai a configurable number of days (default 30, 7
and 1) before registration opens — only when the source gives an exact opening day — and
before each sitting of an exam. Every planned reminder has a stable key (user, exam, kind,
target day, offset): it names the JobQueue job and the store's sent-mark, which is what
keeps reminders unique across rebuilds and restarts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from bot.kb.exams.model import Exam, ExamCalendar, Milestone

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_OFFSETS: tuple[int, ...] = (30, 7, 1)
REMINDER_TIME = dt.time(9, 0)
PLAN_PREFIX = "plan-"
# Exam days closer than this belong to one sitting (注册建筑师 5月16日、17日、23日 is one sitting;
# 基金 5月23日、11月28日 are two), so each sitting gets its own "exam soon" reminders.
SITTING_GAP_DAYS = 7


def plan_subscription_id(year: int) -> str:
    """The pseudo exam id for "tell me when the <year> plan is in the knowledge base"."""
    return f"{PLAN_PREFIX}{year}"


def plan_year(exam_id: str) -> int | None:
    """The year of a plan subscription id ("plan-2027"); four ASCII digits only."""
    digits = exam_id[len(PLAN_PREFIX) :] if exam_id.startswith(PLAN_PREFIX) else ""
    if len(digits) == 4 and digits.isascii() and digits.isdigit():
        return int(digits)
    return None


def is_small_number(text: str, digits: int = 6) -> bool:
    """ASCII digits, at most `digits` of them (Unicode digits such as ① or ² make int() fail)."""
    return 0 < len(text) <= digits and text.isascii() and text.isdigit()


@dataclass(frozen=True)
class PlannedReminder:
    user_id: int
    exam_id: str
    year: int
    kind: str  # "registration" (opens) | "exam" (first day of a sitting)
    target: dt.date
    days_before: int
    at: dt.datetime  # timezone-aware, Asia/Shanghai

    @property
    def key(self) -> str:
        return f"rem:{self.user_id}:{self.exam_id}:{self.kind}:{self.target.isoformat()}:{self.days_before}"


def sitting_starts(days: Sequence[dt.date]) -> list[dt.date]:
    starts: list[dt.date] = []
    for previous, day in zip((None, *days), days, strict=False):
        if previous is None or (day - previous).days > SITTING_GAP_DAYS:
            starts.append(day)
    return starts


def reminder_targets(exam: Exam) -> list[tuple[str, dt.date]]:
    targets: list[tuple[str, dt.date]] = []
    if exam.registration is not None and exam.registration.start is not None:
        targets.append(("registration", exam.registration.start))
    targets += [("exam", day) for day in sitting_starts(exam.days)]
    return targets


def reminder_instant(target: dt.date, days_before: int) -> dt.datetime:
    return dt.datetime.combine(target - dt.timedelta(days=days_before), REMINDER_TIME, tzinfo=SHANGHAI)


def plan_reminders(
    exam: Exam,
    user_id: int,
    now: dt.datetime,
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    grace: dt.timedelta = dt.timedelta(0),
) -> list[PlannedReminder]:
    """Reminders still to send for one subscriber, soonest first. Instants at or before
    `now - grace` are skipped; `grace` lets a restart catch up a reminder it just missed."""
    planned = [
        PlannedReminder(user_id, exam.id, exam.year, kind, target, days, reminder_instant(target, days))
        for kind, target in reminder_targets(exam)
        for days in sorted(set(offsets), reverse=True)
    ]
    return sorted((p for p in planned if p.at > now - grace), key=lambda p: (p.at, p.key))


def plan_for_subscriptions(
    calendar: ExamCalendar,
    subscriptions: Iterable[dict[str, Any]],
    now: dt.datetime,
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    grace: dt.timedelta = dt.timedelta(0),
) -> list[PlannedReminder]:
    offsets = tuple(offsets)
    planned: dict[str, PlannedReminder] = {}
    for sub in subscriptions:
        for exam in calendar.exams:
            if exam.id == sub["exam_id"]:
                for reminder in plan_reminders(exam, int(sub["user_id"]), now, offsets, grace):
                    planned[reminder.key] = reminder
    return sorted(planned.values(), key=lambda p: (p.at, p.key))


# ---- calendar changes -------------------------------------------------------------------
@dataclass(frozen=True)
class ExamChange:
    kind: str  # "changed" | "added" | "removed" | "plan_added"
    exam_id: str  # for plan_added: plan-<year>
    year: int
    name: str
    details: tuple[tuple[str, str, str], ...] = ()  # (what, before, after) in the sources' wording

    @property
    def fingerprint(self) -> str:
        """Identifies this exact change, so a repeated reload does not notify twice."""
        body = "|".join(f"{w}:{a}>{b}" for w, a, b in self.details)
        digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]  # stable across processes, unlike hash()
        return f"{self.kind}:{self.exam_id}:{self.year}:{digest}"


def _facts(exam: Exam) -> dict[str, str]:
    def milestone(m: Milestone | None) -> str:
        return m.text if m is not None else "未收录"

    return {
        "考试日期": cast(str, exam.dates_text) if exam.days else f"未知（{exam.dates_text or '来源未给出'}）",
        "报名时间": milestone(exam.registration)
        + (f"（{exam.registration.region}）" if exam.registration and exam.registration.region else ""),
        "考试通知": milestone(exam.notice),
        "成绩公布": milestone(exam.results),
        "日期来源": (exam.dates_source or exam.primary).title,
    }


def diff_calendars(old: ExamCalendar, new: ExamCalendar) -> list[ExamChange]:
    """What changed for subscribers between two knowledge versions (dates, windows, sources)."""
    changes: list[ExamChange] = []
    for year in sorted(set(new.years) - set(old.years)):
        changes.append(ExamChange("plan_added", plan_subscription_id(year), year, f"{year}年度考试计划"))
    old_exams = {(e.year, e.id): e for e in old.exams}
    new_exams = {(e.year, e.id): e for e in new.exams}
    for key in sorted(set(old_exams) | set(new_exams)):
        before, after = old_exams.get(key), new_exams.get(key)
        if before is None and after is not None:
            changes.append(
                ExamChange(
                    "added",
                    after.id,
                    after.year,
                    after.title,
                    tuple((k, "", v) for k, v in _facts(after).items() if k != "日期来源"),
                )
            )
        elif after is None and before is not None:
            changes.append(ExamChange("removed", before.id, before.year, before.title))
        elif before is not None and after is not None:
            a, b = _facts(before), _facts(after)
            details = tuple((k, a[k], b[k]) for k in a if a[k] != b[k])
            if details or before.days != after.days:
                changes.append(ExamChange("changed", after.id, after.year, after.title, details))
    return changes
