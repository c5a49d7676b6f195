"""Two real workers (webhook mode) on one real PostgreSQL, each user's updates alternating
between them: replies in order, no lost write, sessions shared; then SIGKILL rounds."""

from __future__ import annotations

import os
import random
import socket
import time
from collections import Counter

import pytest
from cluster_harness import ClusterTelegram, Worker
from crash_harness import TOKEN, Confirmed, SimulatedUser

from bot.settings import PROJECT_ROOT
from bot.store.postgres import PostgresStore

ORDER_INPUTS = ("/help", "/about", "/privacy", "/menu", "见习补贴有多少", "一建什么时候考")
ROUNDS = 10 if os.environ.get("QUALBOT_SOAK") else 2  # two rounds kill each worker once (CI time; the soak runs ten)


def _sent_to(telegram: ClusterTelegram, user_id: int, since: int = 0) -> list[str]:
    return [
        c.params.get("text") or ""
        for c in telegram.calls_since(since, "sendMessage")
        if str(c.params.get("chat_id")) == str(user_id) and c.result
    ]


def _wait(condition, timeout: float, what: str, workers=()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- worker {w.index}\n{w.log_tail(1500)}" for w in workers)
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.02)


def lost_in_database(url: str, confirmed: list[Confirmed]) -> list[str]:
    store = PostgresStore(url)
    try:
        lost = []
        for user in confirmed:
            if user.profile:
                stored = store.profile(user.user_id) or {}
                if (stored.get("role"), stored.get("region")) != user.profile:
                    lost.append(f"profile of {user.user_id}: confirmed {user.profile}, stored {stored or None}")
            voted = {(f["entry"], f["verdict"]) for f in store.feedback(user.user_id)}
            lost += [f"feedback of {user.user_id} on {e}" for e in user.feedback if (e, "+") not in voted]
            subscribed = {s["exam_id"] for s in store.subscriptions(user.user_id)}
            lost += [f"subscription of {user.user_id} to {x}" for x in user.subscriptions if x not in subscribed]
        return lost
    finally:
        store.close()


@pytest.fixture
def cluster(tmp_path, pg_url):
    telegram = ClusterTelegram(TOKEN)
    base_url = telegram.start()
    workers = [Worker(i, base_url, pg_url, tmp_path, TOKEN, QUALBOT_FLOOD_LIMIT="0") for i in range(2)]
    telegram.workers = workers
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            worker.wait_ready()
        yield telegram, workers, pg_url
    finally:
        for worker in workers:
            worker.kill()
        telegram.stop()


def run_users(telegram: ClusterTelegram, users: list[SimulatedUser], until) -> None:
    while not until():
        for user in users:
            user.poll()
        time.sleep(0.005)


def test_two_workers_keep_each_users_order_and_lose_no_write(cluster):
    telegram, workers, url = cluster
    # what each input is answered with (one user, one input at a time)
    expected: dict[str, tuple[str, ...]] = {}
    for number, text in enumerate(ORDER_INPUTS):
        user, since = 900 + number, len(telegram.calls)
        telegram.say(user, text)
        _wait(lambda u=user, s=since: _sent_to(telegram, u, s), 60, f"a reply to {text}", workers)
        time.sleep(0.3)  # any further messages of the same answer
        expected[text] = tuple(_sent_to(telegram, user, since))
    assert len(set(expected.values())) == len(ORDER_INPUTS), "the inputs must be answered distinguishably"

    # many users at once, each user's updates alternating between the workers, sent without waiting
    rng = random.Random(12)
    users = {1000 + n: [rng.choice(ORDER_INPUTS) for _ in range(8)] for n in range(8)}
    since = len(telegram.calls)
    for busy in range(60):  # a backlog on worker 0 only: its users' updates wait there, worker 1 is idle
        telegram.pinned[3000 + busy] = 0
        telegram.say(3000 + busy, "见习补贴有多少")
    for user, texts in users.items():  # each user typing fast: their next update before the last is answered
        for text in texts:
            telegram.say(user, text)
    want = {user: [m for t in texts for m in expected[t]] for user, texts in users.items()}
    _wait(
        lambda: all(len(_sent_to(telegram, u, since)) >= len(w) for u, w in want.items()), 120, "every reply", workers
    )
    time.sleep(0.5)
    assert {u: _sent_to(telegram, u, since) for u in users} == want
    routed_to = {telegram.routed[i] for i in range(1, max(telegram.routed) + 1) if i in telegram.routed}
    assert routed_to == {0, 1}, "both workers must have taken updates"

    # confirmed writes (profile, 👍, 🔔) with every step on the other worker than the one before
    rng = random.Random(21)
    simulated = [SimulatedUser(telegram, 2000 + n, rng) for n in range(6)]
    run_users(telegram, simulated, lambda: all(u.done for u in simulated))
    confirmed = [u.confirmed for u in simulated]
    assert all(c.profile and c.feedback for c in confirmed)  # the 👍 press needs the session the other worker wrote
    assert any(c.subscriptions for c in confirmed)
    assert lost_in_database(url, confirmed) == []
    for worker in workers:
        assert "Traceback" not in worker.log_tail(100_000), worker.log_tail()


def test_sigkill_a_worker_mid_load_loses_no_confirmed_write(cluster):
    telegram, workers, url = cluster
    rng = random.Random(2026)
    everyone: list[Confirmed] = []
    next_user = 5000
    for round_no in range(ROUNDS):
        victim = workers[round_no % 2]
        users: list[SimulatedUser] = []
        kill_at = time.monotonic() + rng.uniform(0.5, 2.0)
        end_at = kill_at + 3.0
        killed = False
        while time.monotonic() < end_at:
            active = [u for u in users if not u.done]
            while len(active) < 4:
                next_user += 1
                active.append(SimulatedUser(telegram, next_user, rng))
                users.append(active[-1])
            for user in active:
                user.poll()
            if not killed and time.monotonic() >= kill_at:
                victim.kill()  # SIGKILL mid-load; the proxy sends that worker's share to the other
                killed = True
            time.sleep(0.005)
        _wait(telegram.idle, 30, "the proxy to deliver everything", workers)
        time.sleep(1.0)
        for user in users:
            user.poll()
        everyone += [u.confirmed for u in users]
        lost = lost_in_database(url, everyone)
        assert lost == [], f"round {round_no}: {lost}"
        victim.start()
        victim.wait_ready()
    writes = sum(bool(c.profile) + len(c.feedback) + len(c.subscriptions) for c in everyone)
    print(f"{ROUNDS} rounds, {writes} confirmed writes, none lost")
    assert writes >= ROUNDS * 3


def claims_left_by(url: str, worker: Worker) -> set[int]:
    """SIGKILL `worker` and return the users whose reminder it held claimed and unmarked: only those can
    go out twice (killed after Telegram took the message, before the mark). A worker fires all due
    reminders of one second concurrently, so one kill may leave several such claims."""
    pid = worker.process.pid if worker.alive else None
    worker.kill()
    if pid is None:
        return set()
    store = PostgresStore(url)
    try:
        rows = store._all(
            "SELECT key FROM reminder_marks WHERE claimed_by = %s AND NOT sent", (f"{socket.gethostname()}:{pid}",)
        )
    finally:
        store.close()
    return {int(row["key"].split(":")[1]) for row in rows}


def _knowledge_with_an_exam_tomorrow_of_yesterday(tmp_path):
    """The real knowledge, with 一级建造师 (jzs-1) sitting today and tomorrow (China time): its
    "1 day before" reminder was due yesterday 09:00, so a worker with a 48 h catch-up sends it now."""
    import datetime as dt
    import shutil
    from zoneinfo import ZoneInfo

    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", target)
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    first, second = today, today + dt.timedelta(days=1)
    text = (
        f"{first.month}月{first.day}日、{second.day}日"
        if first.month == second.month
        else f"{first.month}月{first.day}日、{second.month}月{second.day}日"
    )
    path = target / "exams" / "2026.yaml"
    source = path.read_text(encoding="utf-8")
    old = '    text: 9月12日、13日\n    days: ["2026-09-12", "2026-09-13"]'
    assert old in source
    source = source.replace(old, f'    text: {text}\n    days: ["{first}", "{second}"]')
    path.write_text(source.replace("date_text: 9月12日、13日", f"date_text: {text}"), encoding="utf-8")
    return target, today - dt.timedelta(days=3)


def test_due_reminders_go_out_once_while_workers_are_killed(tmp_path, pg_url):
    knowledge, pretend_today = _knowledge_with_an_exam_tomorrow_of_yesterday(tmp_path)
    telegram = ClusterTelegram(TOKEN)
    base_url = telegram.start()
    # first no catch-up (nothing is due while users subscribe), then both workers restart at once with a
    # 48 h catch-up: each plans every subscriber's reminder for the same second, and they race for them
    env = {
        "QUALBOT_FLOOD_LIMIT": "0",
        "QUALBOT_KNOWLEDGE_DIR": str(knowledge),
        "QUALBOT_TODAY": str(pretend_today),
        "QUALBOT_REMINDER_GRACE_HOURS": "0",
        "QUALBOT_REMINDER_LEASE": "3",
        "QUALBOT_REMINDER_REBUILD": "1",
    }
    workers = [Worker(i, base_url, pg_url, tmp_path, TOKEN, **env) for i in range(2)]
    telegram.workers = workers
    rng = random.Random(7)

    def reminders() -> Counter:
        return Counter(
            int(c.params["chat_id"])
            for c in telegram.calls_since(0, "sendMessage")
            if "考试提醒" in (c.params.get("text") or "") and c.result
        )

    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.wait_ready()
        users = [SimulatedUser(telegram, 7000 + n, rng) for n in range(12)]
        deadline = time.monotonic() + 60
        while not all(u.done for u in users) and time.monotonic() < deadline:
            for user in users:
                user.poll()
            time.sleep(0.005)
        store = PostgresStore(pg_url)
        try:
            subscribers = {s["user_id"] for s in store.subscriptions() if s["exam_id"] == "jzs-1"}
        finally:
            store.close()
        assert len(subscribers) >= 6, "the users must have subscribed to the exam"
        assert not reminders()

        kills, in_flight = 0, set()
        for round_no in range(ROUNDS):
            for worker in workers:
                # From the second round on, reminders are due: this kill may land between a send and
                # its mark as well.
                in_flight |= claims_left_by(pg_url, worker)
                kills += 1
                worker.env["QUALBOT_REMINDER_GRACE_HOURS"] = "48"
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.wait_ready()
            time.sleep(rng.uniform(0.3, 1.5))  # about when the caught-up reminders fire (1 s after start-up)
            in_flight |= claims_left_by(pg_url, workers[round_no % 2])
            kills += 1
            workers[round_no % 2].start()
            workers[round_no % 2].wait_ready()
        _wait(lambda: subscribers <= set(reminders()), 60, "every subscriber's reminder", workers)
        time.sleep(3 + 2)  # a lease: anything that would go out twice has had its chance
        sent = reminders()
        assert set(sent) == subscribers
        twice = {user for user, n in sent.items() if n > 1}
        # exactly once, except a reminder whose worker was killed between Telegram's answer and the mark
        # (the lease runs out and it goes out again): only reminders claimed and unmarked at a kill
        assert max(sent.values()) <= 2, sent
        assert twice <= in_flight, (sent, in_flight)
        duplicates = len(twice)
        print(f"{len(subscribers)} due reminders, {kills} workers SIGKILLed, {duplicates} sent twice")
    finally:
        for worker in workers:
            worker.kill()
        telegram.stop()
