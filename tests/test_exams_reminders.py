"""Reminders: pure instants, a real PTB JobQueue (offline), restarts, and change notices."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from telegram.ext import Application, ApplicationBuilder

from bot.core import Context
from bot.exams.reminders import SHANGHAI, diff_calendars, plan_reminders, sitting_starts
from bot.exams.specialist import ExamSpecialist
from bot.exams.store import InMemorySubscriptionStore
from bot.kb.exams.model import ExamCalendar
from bot.kb.knowledge import load_knowledge
from bot.tg.reminders import ReminderScheduler
from tests.support import copy_real_kb

NEW_YEAR = dt.datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI)
USER = 1001


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def calendar(real_kb) -> ExamCalendar:
    return real_kb.exams


def offline_application() -> Application:
    """A real PTB Application with its JobQueue; nothing here talks to Telegram."""
    return ApplicationBuilder().token("123456:TEST").updater(None).build()


class Outbox:
    def __init__(self):
        self.messages: list[tuple[int, str]] = []

    async def __call__(self, user_id, reply):
        self.messages.append((user_id, reply.plain_text))


def scheduler_for(store, calendar, now, outbox=None, application=None):
    application = application or offline_application()
    scheduler = ReminderScheduler(
        application.job_queue, store, lambda: calendar, send=outbox or Outbox(), now=lambda: now
    )
    return application, scheduler


def job_times(application) -> dict[str, dt.datetime]:
    return {job.name: job.job.trigger.run_date for job in application.job_queue.jobs()}


# ---- pure planning --------------------------------------------------------------------------------
def test_reminders_at_09_00_shanghai_before_registration_and_exam(calendar):
    consulting = calendar.find(2026, "zxgcs")  # registration 2月26日— 3月5日 (exact), exam 4月11日、12日
    planned = plan_reminders(consulting, USER, NEW_YEAR)
    assert [(p.kind, p.days_before, p.at) for p in planned] == [
        ("registration", 30, at("2026-01-27")),
        ("registration", 7, at("2026-02-19")),
        ("registration", 1, at("2026-02-25")),
        ("exam", 30, at("2026-03-12")),
        ("exam", 7, at("2026-04-04")),
        ("exam", 1, at("2026-04-10")),
    ]
    assert planned[0].at.utcoffset() == dt.timedelta(hours=8)


def test_vague_registration_gets_no_registration_reminder(calendar):
    software = calendar.find(2026, "rk-1")  # registration "3月中下旬"
    assert {p.kind for p in plan_reminders(software, USER, NEW_YEAR)} == {"exam"}


def test_offsets_are_configurable(calendar):
    planned = plan_reminders(calendar.find(2026, "jzs-1"), USER, NEW_YEAR, offsets=(3,))
    assert [p.at for p in planned] == [at("2026-09-09")]


def test_past_instants_are_skipped(calendar):
    planned = plan_reminders(calendar.find(2026, "zxgcs"), USER, at("2026-04-04", 10))
    assert [(p.kind, p.days_before) for p in planned] == [("exam", 1)]
    assert plan_reminders(calendar.find(2026, "zxgcs"), USER, at("2026-05-01")) == []


def test_separate_sittings_each_get_reminders():
    days = [dt.date(2026, 5, 16), dt.date(2026, 5, 17), dt.date(2026, 5, 23), dt.date(2026, 11, 28)]
    assert sitting_starts(days) == [dt.date(2026, 5, 16), dt.date(2026, 11, 28)]


# ---- the scheduler on a real JobQueue ----------------------------------------------------------------
def test_subscribing_schedules_jobs_at_the_planned_instants(calendar):
    store = InMemorySubscriptionStore()
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR)
    specialist = ExamSpecialist(calendar, store, listener=scheduler)
    reply = specialist.on_action("x:sub:jzs-1", Context(today=NEW_YEAR.date(), user_id=USER), {})
    assert "已订阅" in reply.plain_text and "2026-08-13 09:00" in reply.plain_text
    assert job_times(application) == {
        f"rem:{USER}:jzs-1:exam:2026-09-12:30": at("2026-08-13"),
        f"rem:{USER}:jzs-1:exam:2026-09-12:7": at("2026-09-05"),
        f"rem:{USER}:jzs-1:exam:2026-09-12:1": at("2026-09-11"),
    }


def test_rebuilding_twice_adds_no_duplicates(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "zxgcs")
    store.add_subscription(USER + 1, "jzs-1")
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR)
    assert scheduler.rebuild() == 9
    assert scheduler.rebuild() == 0
    assert len(application.job_queue.jobs()) == 9


async def test_after_a_restart_jobs_are_rebuilt_without_the_sent_ones(calendar):
    store = InMemorySubscriptionStore()  # stands for the TinyDB store, which outlives the process
    store.add_subscription(USER, "zxgcs")
    outbox = Outbox()
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR, outbox)
    scheduler.rebuild()
    first = min(application.job_queue.jobs(), key=lambda job: job.data.at)
    await first.run(application)
    assert outbox.messages[0][0] == USER and "报名（上海）将于 2026年2月26日 开始，还有 30 天" in outbox.messages[0][1]

    restarted, scheduler_after = scheduler_for(store, calendar, NEW_YEAR, outbox)  # same instant, new process
    scheduler_after.rebuild()
    names = set(job_times(restarted))
    assert first.name not in names and len(names) == 5
    await first.run(application)  # the old process's job firing again sends nothing
    assert len(outbox.messages) == 1


def test_a_restart_after_a_missed_instant_catches_up_within_grace(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "zxgcs")
    application, scheduler = scheduler_for(store, calendar, at("2026-04-04", 11))
    scheduler.rebuild()
    times = job_times(application)
    assert f"rem:{USER}:zxgcs:exam:2026-04-11:7" in times  # 09:00 was two hours ago: sent now
    assert times[f"rem:{USER}:zxgcs:exam:2026-04-11:7"] == at("2026-04-04", 11) + dt.timedelta(seconds=1)
    assert f"rem:{USER}:zxgcs:exam:2026-04-11:30" not in times  # long past: never sent late


def test_nothing_is_scheduled_for_the_past(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "zxgcs")
    application, scheduler = scheduler_for(store, calendar, at("2026-11-22"))
    assert scheduler.rebuild() == 0 and application.job_queue.jobs() == ()


def test_cancelling_removes_the_jobs(calendar):
    store = InMemorySubscriptionStore()
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR)
    specialist = ExamSpecialist(calendar, store, listener=scheduler)
    ctx = Context(today=NEW_YEAR.date(), user_id=USER)
    specialist.on_action("x:sub:zxgcs", ctx, {})
    specialist.on_action("x:sub:jzs-1", ctx, {})
    reply = specialist.on_action("x:unsub:zxgcs", ctx, {})
    assert "已取消提醒：咨询工程师（投资）" in reply.plain_text
    remaining = {job.name for job in application.job_queue.jobs() if not job.removed}
    assert remaining and all(":jzs-1:" in name for name in remaining)


async def test_a_cancelled_subscription_sends_no_reminder(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "zxgcs")
    outbox = Outbox()
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR, outbox)
    scheduler.rebuild()
    job = application.job_queue.jobs()[0]
    store.remove_subscription(USER, "zxgcs")
    await job.run(application)
    assert outbox.messages == []


# ---- /subscriptions ----------------------------------------------------------------------------------
def test_subscriptions_are_listed_with_cancel_buttons(calendar):
    specialist = ExamSpecialist(calendar, InMemorySubscriptionStore())
    ctx = Context(today=NEW_YEAR.date(), user_id=USER)
    assert "还没有订阅" in specialist.on_command("subscriptions", "", ctx, {}).plain_text
    specialist.on_action("x:sub:jzs-1", ctx, {})
    specialist.on_action("x:sub:plan-2027", ctx, {})
    again = specialist.on_action("x:sub:jzs-1", ctx, {})
    assert "已经订阅过" in again.plain_text
    listing = specialist.on_command("subscriptions", "", ctx, {})
    assert "一级建造师：9月12日、13日（2026年）" in listing.plain_text and "2027年度考试计划" in listing.plain_text
    actions = [b.action for b in listing.all_buttons()]
    assert actions == ["x:unsub:jzs-1", "x:unsub:plan-2027", "x:ics:all", "menu"]  # never a dead end


def test_subscribing_needs_a_user(calendar):
    reply = ExamSpecialist(calendar, InMemorySubscriptionStore()).on_action(
        "x:sub:jzs-1", Context(today=NEW_YEAR.date()), {}
    )
    assert "Telegram" in reply.plain_text


# ---- calendar changes after a reload -------------------------------------------------------------------
def test_diff_reports_changed_dates_added_plans_and_removed_exams(calendar):
    cost = calendar.find(2026, "zjgcs-1")
    moved = dataclasses.replace(cost, days=(dt.date(2026, 10, 24), dt.date(2026, 10, 25)), dates_text="10月24日、25日")
    new = ExamCalendar(
        (
            *(moved if e.id == "zjgcs-1" else e for e in calendar.exams if e.id != "dy"),
            dataclasses.replace(calendar.find(2026, "jzs-1"), year=2027),
        ),
        {**calendar.plans, 2027: dataclasses.replace(calendar.plans[2026], year=2027)},
    )
    changes = {(c.kind, c.exam_id, c.year): c for c in diff_calendars(calendar, new)}
    assert set(changes) == {
        ("plan_added", "plan-2027", 2027),
        ("changed", "zjgcs-1", 2026),
        ("removed", "dy", 2026),
        ("added", "jzs-1", 2027),
    }
    assert changes[("changed", "zjgcs-1", 2026)].details == (("考试日期", "10月17日、18日", "10月24日、25日"),)
    assert diff_calendars(calendar, calendar) == []


async def test_subscribers_are_told_when_staff_change_dates_and_reload(tmp_path, real_kb):
    root = copy_real_kb(tmp_path)
    path = root / "exams" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("10月17日、18日") == 2  # the exam's wording and its source row
    path.write_text(
        text.replace("10月17日、18日", "10月24日、25日").replace(
            '"2026-10-17", "2026-10-18"', '"2026-10-24", "2026-10-25"'
        ),
        encoding="utf-8",
    )
    old, new = real_kb.exams, load_knowledge(root, today=dt.date(2026, 9, 1)).exams

    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "zjgcs-1")
    store.add_subscription(USER + 1, "jzs-1")
    outbox = Outbox()
    served = {"calendar": old}
    application = offline_application()
    scheduler = ReminderScheduler(
        application.job_queue, store, lambda: served["calendar"], send=outbox, now=lambda: at("2026-09-01")
    )
    scheduler.rebuild()
    assert f"rem:{USER}:zjgcs-1:exam:2026-10-17:30" in job_times(application)

    served["calendar"] = new  # the reload swapped the knowledge, then tells the scheduler
    assert await scheduler.on_calendar_reloaded(old, new) == 1
    assert outbox.messages[0][0] == USER
    assert "考试日期：10月17日、18日 → 10月24日、25日" in outbox.messages[0][1]
    names = {job.name for job in application.job_queue.jobs() if not job.removed}
    assert f"rem:{USER}:zjgcs-1:exam:2026-10-24:7" in names
    assert not any("2026-10-17" in name for name in names)
    assert await scheduler.on_calendar_reloaded(old, new) == 0  # a repeated reload does not notify twice


async def test_plan_subscribers_hear_when_the_next_year_arrives(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "plan-2027")
    outbox = Outbox()
    _, scheduler = scheduler_for(store, calendar, NEW_YEAR, outbox)
    new = ExamCalendar(calendar.exams, {**calendar.plans, 2027: dataclasses.replace(calendar.plans[2026], year=2027)})
    assert await scheduler.on_calendar_reloaded(calendar, new) == 1
    assert "2027年度的考试日期已收录" in outbox.messages[0][1]


# ---- wiring with the real TinyDB storage -------------------------------------------------------------
def test_reminders_survive_a_restart_with_the_real_storage(tmp_path, real_kb):
    from bot.core import Assistant, Brain
    from bot.storage import Storage
    from bot.tg.reminder_wiring import connect_reminders, exam_specialist

    def start():
        assistant = Assistant(
            Brain(real_kb), clock=lambda: NEW_YEAR.date(), specialists=[ExamSpecialist(lambda: real_kb.exams)]
        )
        application = offline_application()
        storage = Storage(tmp_path)
        scheduler = connect_reminders(application, assistant, storage, now=lambda: NEW_YEAR, send=Outbox())
        return assistant, application, storage, scheduler

    assistant, application, storage, scheduler = start()
    assert exam_specialist(assistant).listener is scheduler
    assistant.handle_action("x:sub:zxgcs", assistant.context(user_id=USER))
    before = job_times(application)
    assert len(before) == 6
    storage.close()

    _, restarted, storage_after, _ = start()  # a new process: jobs come back from the stored subscriptions
    assert job_times(restarted) == before
    storage_after.close()


def test_a_busy_moment_at_09_00_does_not_drop_the_job(calendar):
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "jzs-1")
    application, scheduler = scheduler_for(store, calendar, NEW_YEAR)
    scheduler.rebuild()
    assert {job.job.misfire_grace_time for job in application.job_queue.jobs()} == {6 * 3600}


async def test_the_running_job_queue_fires_the_reminder_through_send(calendar):
    """Real wall clock, real APScheduler: a reminder missed a day ago (within grace) fires in ~1 s."""
    import asyncio

    now = dt.datetime.now(SHANGHAI)
    exam = dataclasses.replace(
        calendar.find(2026, "jzs-1"), year=now.year, registration=None, days=(now.date() + dt.timedelta(days=1),)
    )
    live = ExamCalendar((exam,), {now.year: dataclasses.replace(calendar.plans[2026], year=now.year)})
    store = InMemorySubscriptionStore()
    store.add_subscription(USER, "jzs-1")
    outbox = Outbox()
    application = offline_application()
    scheduler = ReminderScheduler(
        application.job_queue, store, lambda: live, send=outbox, offsets=(2,), grace=dt.timedelta(days=2)
    )
    assert scheduler.rebuild() == 1
    await application.job_queue.start()
    try:
        for _ in range(40):
            if outbox.messages:
                break
            await asyncio.sleep(0.1)
    finally:
        await application.job_queue.stop()
    assert len(outbox.messages) == 1 and "考试提醒" in outbox.messages[0][1]
    assert store.reminder_sent(f"rem:{USER}:jzs-1:exam:{exam.days[0].isoformat()}:2")
