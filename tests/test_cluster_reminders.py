"""Reminders fire exactly once across workers sharing one PostgreSQL: due reminders are claimed
(INSERT … ON CONFLICT / SELECT … FOR UPDATE SKIP LOCKED) with a lease; a claim whose worker died
is taken over once the lease has passed."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from test_exams_reminders import NEW_YEAR, Outbox, offline_application

from bot.settings import PROJECT_ROOT
from bot.store.postgres import PostgresStore
from bot.tg.reminders import ReminderScheduler

KILL_ROUNDS = 10 if os.environ.get("QUALBOT_SOAK") else 3


class SlowOutbox(Outbox):
    """Sending takes a Bot API round trip, during which the other worker runs."""

    async def __call__(self, user_id, reply):
        await asyncio.sleep(0.01)
        self.messages.append((user_id, reply.plain_text))


@pytest.fixture
def stores(pg_url):
    opened = [PostgresStore(pg_url), PostgresStore(pg_url)]
    yield opened
    for store in opened:
        store.close()


def two_workers(stores, calendar, outbox, lease=0.3):
    workers = []
    for number, store in enumerate(stores):
        application = offline_application()
        scheduler = ReminderScheduler(
            application.job_queue,
            store,
            lambda: calendar,
            send=outbox,
            now=lambda: NEW_YEAR,
            lease=dt.timedelta(seconds=lease),
            owner=f"w{number}",
        )
        workers.append((application, scheduler))
    return workers


async def test_both_workers_schedule_every_reminder_and_each_goes_out_once(stores, real_kb):
    calendar = real_kb.exams
    for user in range(1, 11):
        stores[0].add_subscription(user, "zxgcs")
    outbox = SlowOutbox()
    # A lease long enough that a busy test machine never lets a live holder's claim lapse mid-send
    # (a lapsed claim is what a dead worker leaves; that case is tested below).
    workers = two_workers(stores, calendar, outbox, lease=3.0)
    for _, scheduler in workers:
        assert scheduler.rebuild() > 0
    due = {job.name: job for job in workers[0][0].job_queue.jobs()}
    assert due.keys() == {job.name for job in workers[1][0].job_queue.jobs()}  # both have every job
    # both workers fire every job at the same instant
    await asyncio.gather(*(job.run(app) for app, _ in workers for job in app.job_queue.jobs()))
    await asyncio.sleep(3.2)  # past the lease: the losers' look-again jobs find them sent
    for app, _ in workers:
        await asyncio.gather(*(job.run(app) for job in app.job_queue.jobs()))
    sent = Counter(outbox.messages)
    assert len(outbox.messages) == len(due) and set(sent.values()) == {1}
    assert all(stores[1].reminder_sent(key) for key in due)


async def test_a_reminder_claimed_by_a_dead_worker_goes_out_after_its_lease(stores, real_kb):
    calendar = real_kb.exams
    stores[0].add_subscription(7, "zxgcs")
    outbox = Outbox()
    (app, scheduler), _ = two_workers(stores, calendar, outbox, lease=0.3)
    reminder = scheduler.planned()[0]
    assert stores[1].claim_reminder(reminder.key, "worker-that-dies", 0.3)  # claimed, then SIGKILL: never sent
    assert await scheduler.send_reminder(reminder) is False  # held by the other: not sent twice
    retry = [job for job in app.job_queue.jobs() if job.name == reminder.key]
    assert retry, "the loser must look again after the lease"
    await asyncio.sleep(0.35)
    await retry[0].run(app)
    assert [user for user, _ in outbox.messages] == [7]
    assert stores[0].reminder_sent(reminder.key)


class Killed(BaseException):
    """The worker dies here (SIGKILL): no exception handler of ours runs, no mark is written."""


async def test_a_send_slower_than_the_lease_keeps_its_claim_and_goes_out_once(stores, real_kb):
    stores[0].add_subscription(8, "zxgcs")
    outbox = Outbox()
    (_, holder), (_, other) = two_workers(stores, real_kb.exams, outbox, lease=0.3)

    async def stalled_bot_api(user_id, reply):  # e.g. the outgoing limiter's queue, or a RetryAfter
        await asyncio.sleep(1.0)  # more than three leases
        await outbox(user_id, reply)

    holder._send = stalled_bot_api
    reminder = holder.planned()[0]
    sending = asyncio.create_task(holder.send_reminder(reminder))
    await asyncio.sleep(0.65)  # without renewal the claim would have run out twice by now
    assert await other.send_reminder(reminder) is False
    assert await sending is True
    assert [user for user, _ in outbox.messages] == [8]


async def test_a_send_telegram_refuses_lets_go_of_the_claim_at_once(stores, real_kb):
    from telegram.error import BadRequest

    stores[0].add_subscription(9, "zxgcs")
    outbox = Outbox()
    (_, holder), (_, other) = two_workers(stores, real_kb.exams, outbox, lease=60)

    async def refused(user_id, reply):
        raise BadRequest("Bad Request: chat not found")

    holder._send = refused
    reminder = holder.planned()[0]
    with pytest.raises(BadRequest):
        await holder.send_reminder(reminder)
    assert await other.send_reminder(reminder) is True  # not sent: no need to wait out the 60 s lease
    assert [user for user, _ in outbox.messages] == [9]


@pytest.mark.parametrize("delivered", [False, True])
async def test_the_exact_guarantee_when_the_holder_dies_during_the_send(stores, real_kb, delivered):
    """Killed after the claim but before Telegram had the message: sent once, after the lease. Killed
    after Telegram had it but before the mark's commit (Telegram's answer + one commit): sent again after
    the lease — the one duplicate at-least-once delivery allows (Telegram has no idempotent send)."""
    stores[0].add_subscription(10, "zxgcs")
    outbox = Outbox()
    (_, holder), (_, other) = two_workers(stores, real_kb.exams, outbox, lease=0.3)

    async def dies(user_id, reply):
        if delivered:
            await outbox(user_id, reply)
        raise Killed

    holder._send = dies
    reminder = holder.planned()[0]
    with pytest.raises(Killed):
        await holder.send_reminder(reminder)
    assert await other.send_reminder(reminder) is False  # the dead holder's claim runs until its lease
    await asyncio.sleep(0.35)
    assert await other.send_reminder(reminder) is True  # recovery: an unconfirmed claim past its lease
    assert [user for user, _ in outbox.messages] == [10, 10] if delivered else [10]
    assert stores[0].reminder_sent(reminder.key)


def test_sigkilled_workers_leave_no_due_reminder_unsent(pg_url, stores):
    store = stores[0]
    store._exec("CREATE TABLE test_outbox (id bigserial, user_id bigint, worker int, text text)")
    for user in range(1, 41):
        store.add_subscription(user, "zxgcs")
    rng = random.Random(5)

    spawned: list[subprocess.Popen] = []

    def spawn() -> subprocess.Popen:
        spawned.append(
            subprocess.Popen(
                [sys.executable, "tests/reminder_worker.py", pg_url, "1.0"],
                cwd=PROJECT_ROOT,
                env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        return spawned[-1]

    def wait_ready(process: subprocess.Popen) -> None:
        line = process.stdout.readline()
        assert line.strip() == "ready", line + process.stdout.read()

    processes = [spawn(), spawn()]
    for process in processes:
        wait_ready(process)
    kills = 0
    for _ in range(KILL_ROUNDS):
        time.sleep(rng.uniform(0.05, 0.3))
        victim = rng.randrange(len(processes))
        if processes[victim].poll() is None:
            os.kill(processes[victim].pid, signal.SIGKILL)
            processes[victim].wait()
            kills += 1
        processes[victim] = spawn()
        wait_ready(processes[victim])
    for process in processes:
        assert process.wait(120) == 0, process.stdout.read()
    for process in spawned:
        process.stdout.close()

    due = {r: 0 for r in range(1, 41)}
    rows = store._all("SELECT user_id, text, count(*) AS n FROM test_outbox GROUP BY user_id, text")
    planned = store._one("SELECT count(*) FROM reminder_marks WHERE sent")[0]
    duplicates = sum(row["n"] - 1 for row in rows)
    assert len(rows) == planned and planned >= 40 * 4  # every due reminder went out
    assert {row["user_id"] for row in rows} == set(due)
    # exactly once, except a worker killed between the send and its mark (then the lease expires and
    # the reminder is sent again): at most one per kill, and in practice almost never
    assert duplicates <= kills, f"{duplicates} duplicates after {kills} kills"
    print(f"{planned} reminders, {kills} workers SIGKILLed, {duplicates} sent twice")
