"""One "worker" for tests/test_cluster_reminders.py: sends every due reminder it can claim, through
the real `ReminderScheduler.send_reminder`, until none is left unsent. "Sending" inserts a row in
`test_outbox` (as Telegram would receive the message). argv: database URL, lease seconds."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import sys
import time

from bot.exams.reminders import SHANGHAI
from bot.kb.knowledge import load_knowledge
from bot.settings import PROJECT_ROOT
from bot.store.postgres import PostgresStore
from bot.tg.reminders import ReminderScheduler

NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI)


class NoJobQueue:
    def run_once(self, *args, **kwargs):  # retries: this loop looks again by itself
        return None

    def jobs(self):
        return ()


async def main(url: str, lease: float) -> None:
    store = PostgresStore(url)
    calendar = load_knowledge(PROJECT_ROOT / "knowledge", today=dt.date(2026, 11, 21)).exams

    async def send(user_id: int, reply) -> None:
        await asyncio.sleep(random.uniform(0, 0.004))  # the Bot API round trip
        store._exec(
            "INSERT INTO test_outbox (user_id, worker, text) VALUES (%s, %s, %s)",
            (user_id, os.getpid(), reply.plain_text[:60]),
        )

    scheduler = ReminderScheduler(
        NoJobQueue(),
        store,
        lambda: calendar,
        send=send,
        now=lambda: NOW,
        lease=dt.timedelta(seconds=lease),
        owner=f"pid{os.getpid()}",
    )
    print("ready", flush=True)
    while True:
        due = scheduler.planned()
        if not due:
            break
        for reminder in due:
            await scheduler.send_reminder(reminder)
        time.sleep(0.05)
    store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))
