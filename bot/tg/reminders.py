"""ReminderScheduler: keeps PTB JobQueue jobs in step with the subscriptions in the store.

Every planned reminder (bot.exams.reminders) is one `run_once` job named by its key, so
rebuilding is idempotent: jobs that should exist and do are left alone, missing ones are
added, stale ones (cancelled subscription, changed dates) removed. The store's sent-marks
make a reminder go out once even if it is rebuilt after a restart. Jobs live in memory;
the subscriptions in the store are the durable truth, so call `rebuild()` at start-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, cast

from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import CallbackContext, Job, JobQueue

from bot.exams.notices import change_notice_reply, reminder_reply
from bot.exams.reminders import DEFAULT_OFFSETS, ExamChange, PlannedReminder, diff_calendars, plan_for_subscriptions
from bot.exams.store import SubscriptionStore
from bot.kb.exams.model import ExamCalendar
from bot.reply import Reply

JOB_PREFIX = "rem:"
CHANGE_PREFIX = "chg:"
DEFAULT_GRACE = dt.timedelta(hours=6)  # a restart just after 09:00 still sends that morning's reminder
# Several workers (PostgreSQL): each schedules every reminder; the one that claims it sends it. A claim
# whose worker died is re-claimable after this lease, and the losers look again once it has passed.
DEFAULT_LEASE = dt.timedelta(seconds=120)
log = logging.getLogger("qualbot.exams.reminders")

Send = Callable[[int, Reply], Awaitable[object]]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReminderScheduler:
    def __init__(
        self,
        job_queue: JobQueue[Any],
        store: SubscriptionStore,
        calendar: Callable[[], ExamCalendar],
        *,
        send: Send | None = None,
        offsets: Iterable[int] = DEFAULT_OFFSETS,
        grace: dt.timedelta = DEFAULT_GRACE,
        now: Callable[[], dt.datetime] = _utc_now,
        lease: dt.timedelta = DEFAULT_LEASE,
        owner: str | None = None,
    ):
        self.lease = lease
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.job_queue = job_queue
        self.store = store
        self.calendar = calendar
        self.offsets = tuple(offsets)
        self.grace = grace
        self.now = now
        self._send = send or self._send_via_bot

    async def _send_via_bot(self, user_id: int, reply: Reply) -> object:
        from bot.tg.delivery import send_reply  # the Telegram face owns Reply → message conversion

        return await send_reply(self.job_queue.application.bot, user_id, reply)

    # ---- planning -----------------------------------------------------------------------
    def planned(self, user_id: int | None = None, exam_id: str | None = None) -> list[PlannedReminder]:
        """Reminders that should be scheduled now (not past, not already sent)."""
        subs = [s for s in self.store.subscriptions(user_id) if exam_id is None or s["exam_id"] == exam_id]
        plan = plan_for_subscriptions(self.calendar(), subs, self.now(), self.offsets, self.grace)
        bulk = getattr(self.store, "reminders_sent", None)  # one query instead of one per reminder
        if bulk is not None:
            done = bulk([p.key for p in plan])
            return [p for p in plan if p.key not in done]
        return [p for p in plan if not self.store.reminder_sent(p.key)]

    def _jobs(self, prefix: str) -> dict[str, Job[Any]]:
        return {job.name: job for job in self.job_queue.jobs() if job.name and job.name.startswith(prefix)}

    def _sync(self, wanted: list[PlannedReminder], prefix: str) -> int:
        """Make the jobs under `prefix` exactly `wanted`; returns how many jobs were added."""
        existing = self._jobs(prefix)
        wanted_keys = {p.key for p in wanted}
        for name, job in existing.items():
            if name not in wanted_keys:
                job.schedule_removal()
        added = 0
        now = self.now()
        for reminder in wanted:
            if reminder.key in existing:
                continue
            # A reminder caught up within the grace period goes out right away.
            when = max(reminder.at, now + dt.timedelta(seconds=1))
            # APScheduler drops a job that starts more than misfire_grace_time late (default 1 s),
            # e.g. while the event loop is busy at 09:00: give it the same grace as a restart.
            self.job_queue.run_once(
                self._fire,
                when=when,
                data=reminder,
                name=reminder.key,
                chat_id=reminder.user_id,
                user_id=reminder.user_id,
                job_kwargs={"misfire_grace_time": max(1, int(self.grace.total_seconds()))},
            )
            added += 1
        return added

    def rebuild(self) -> int:
        """(Re)build every reminder job from the store — at start-up and after a reload."""
        added = self._sync(self.planned(), JOB_PREFIX)
        log.info("reminder jobs: %d added, %d scheduled", added, len(self._jobs(JOB_PREFIX)))
        return added

    # SubscriptionListener: the ExamSpecialist calls these on 提醒我 / 取消.
    def subscribed(self, user_id: int, exam_id: str) -> None:
        self._sync(self.planned(user_id, exam_id), f"{JOB_PREFIX}{user_id}:{exam_id}:")

    def unsubscribed(self, user_id: int, exam_id: str) -> None:
        self._sync([], f"{JOB_PREFIX}{user_id}:{exam_id}:")

    # ---- sending --------------------------------------------------------------------------
    async def _fire(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        assert context.job is not None  # a job callback runs with its job
        reminder = cast(PlannedReminder, context.job.data)
        await self.send_reminder(reminder)

    async def send_reminder(self, reminder: PlannedReminder) -> bool:
        """Send one reminder unless it was sent, cancelled or made stale by a date change."""
        if self.store.reminder_sent(reminder.key):
            return False
        subscribed = any(s["exam_id"] == reminder.exam_id for s in self.store.subscriptions(reminder.user_id))
        exam = self.calendar().find(reminder.year, reminder.exam_id)
        current = {
            p.key
            for p in plan_for_subscriptions(
                self.calendar(),
                [{"user_id": reminder.user_id, "exam_id": reminder.exam_id}],
                reminder.at - dt.timedelta(seconds=1),
                self.offsets,
            )
        }
        if not subscribed or exam is None or reminder.key not in current:
            return False
        reply = reminder_reply(reminder, exam)  # rendered before the claim: nothing but the send after it
        claim = getattr(self.store, "claim_reminder", None)  # stores shared by several workers
        # The claim is committed right before the send, and the mark right after Telegram's answer; see
        # "Reminders: the exact guarantee" in deploy/README.md for what a kill between them does.
        if claim is not None and not claim(reminder.key, self.owner, self.lease.total_seconds()):
            if not self.store.reminder_sent(reminder.key):  # another worker holds it: look again after its lease
                self.job_queue.run_once(
                    self._fire,
                    when=self.lease + dt.timedelta(seconds=2),
                    data=reminder,
                    name=reminder.key,
                    chat_id=reminder.user_id,
                    user_id=reminder.user_id,
                )
            return False
        keeper = asyncio.create_task(self._keep_claim(reminder.key)) if claim is not None else None
        try:
            await self._send(reminder.user_id, reply)
        except Forbidden:  # blocked by the user: not an error, and not worth retrying at every start (L1)
            self._blocked(reminder.user_id)
            self.store.mark_reminder_sent(reminder.key)
            return False
        except (BadRequest, RetryAfter):  # Telegram refused it: certainly not delivered, so let go at once
            self._release(reminder.key)
            raise  # a timeout or a dropped connection may have delivered it: the claim runs out instead
        finally:
            if keeper is not None:
                keeper.cancel()
        self.store.mark_reminder_sent(reminder.key)  # right after Telegram's answer, before anything else
        return True

    async def _keep_claim(self, key: str) -> None:
        """While a send is in flight (a slow Bot API, the outgoing limiter's queue, Telegram's RetryAfter),
        renew the claim every third of its lease: a claim that ran out while its holder was still
        sending would let another worker send the same reminder again."""
        renew = getattr(self.store, "renew_reminder_claim", None)
        if renew is None:
            return
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                renewed = renew(key, self.owner, self.lease.total_seconds())
            except Exception:  # e.g. the database is away: the claim may run out, the send goes on
                log.warning("reminder %s: the claim could not be renewed", key, exc_info=True)
                renewed = False
            if not renewed:
                log.warning("reminder %s: the claim was lost during its send; it may go out twice", key)
                return

    def _release(self, key: str) -> None:
        release = getattr(self.store, "release_reminder_claim", None)
        if release is not None:
            release(key, self.owner)

    def _blocked(self, user_id: int) -> None:
        log.info("user %s has blocked the bot: reminder skipped, user marked blocked", user_id)
        mark = getattr(self.store, "set_profile_flag", None)  # the TinyDB store; the in-memory one has none
        if mark is not None:
            mark(user_id, "blocked", True)

    # ---- knowledge reloads -----------------------------------------------------------------
    async def notify_changes(self, changes: list[ExamChange]) -> int:
        """Tell each subscriber what changed for their exams (once per change); returns messages sent."""
        sent = 0
        subscriptions = self.store.subscriptions()
        for change in changes:
            for sub in subscriptions:
                if sub["exam_id"] != change.exam_id:
                    continue
                key = f"{CHANGE_PREFIX}{sub['user_id']}:{change.fingerprint}"
                if self.store.reminder_sent(key):
                    continue
                try:
                    await self._send(int(sub["user_id"]), change_notice_reply(change))
                except Forbidden:  # blocked: marked, and given up rather than retried at every reload (L1)
                    self._blocked(int(sub["user_id"]))
                    self.store.mark_reminder_sent(key)
                    continue
                except Exception:  # one failed send must not stop the others' notices
                    log.exception("change notice to a subscriber failed")
                    continue
                self.store.mark_reminder_sent(key)
                sent += 1
        return sent

    async def on_calendar_reloaded(self, old: ExamCalendar, new: ExamCalendar) -> int:
        """Call after a reload has swapped in `new`: notify subscribers, then re-plan all jobs."""
        sent = await self.notify_changes(diff_calendars(old, new))
        self.rebuild()
        return sent
