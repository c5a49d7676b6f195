"""TinyDB write cost as users grow (the real `Storage` and `TinyDBPersistence`).

Every confirmed write rewrites its whole JSON file atomically and fsyncs it (that is what
makes kill -9 safe), so the cost of one write grows with the file. Per-user data is sharded
(`users/NN.json`, `sessions/NN.json`, `SHARDS` files each) and only changed tables are
re-encoded, so a write costs about users / `SHARDS` rows of one table. The bot handles updates
one at a time, so a write's latency is also how long every other user waits: the table marks
where that stops being acceptable (> 50 ms p50 per write ≈ < 20 writes/s for everyone).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.storage import SHARDS, Storage, atomic_write_text
from bot.tg.persistence import TinyDBPersistence

ACCEPTABLE_MS = 50.0
REGIONS = ("全国", "浙江", "江西", "山西", "吉林", "其他地区")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _populate(data_dir: Path, users: int) -> None:
    """Files as `users` real users leave them: a profile, a subscription, feedback, a session
    (in the layout `Storage` and `TinyDBPersistence` write: user and session shards)."""
    shards = [{"profiles": {}, "subscriptions": {}, "feedback": {}, "reminders": {}} for _ in range(SHARDS)]
    sessions: list[dict] = [{} for _ in range(SHARDS)]
    questions = {}
    for uid in range(1, users + 1):
        shard = shards[uid % SHARDS]
        profiles, subscriptions, feedback = shard["profiles"], shard["subscriptions"], shard["feedback"]
        profiles[str(uid)] = {
            "user_id": uid,
            "role": "graduate",
            "region": REGIONS[uid % 6],
            "updates": uid % 3 == 0,
            "updated": "2026-11-21T08:00:00+00:00",
        }
        subscriptions[str(len(subscriptions) + 1)] = {
            "user_id": uid,
            "exam_id": f"exam-{uid % 40}",
            "created": "2026-11-21T08:00:00+00:00",
        }
        feedback[str(len(feedback) + 1)] = {
            "user_id": uid,
            "entry": f"entry-{uid % 170}",
            "verdict": "+",
            "time": "2026-11-21T08:00:00+00:00",
        }
        sessions[uid % SHARDS][str(uid)] = {
            "data": {"session": {"dialog": {"dialog": "title", "answers": {"level": "technician"}, "editing": None}}}
        }
        questions[str(uid)] = {
            "user": f"{uid:020x}",
            "text": "见习补贴有多少" * 2,
            "outcome": "answered",
            "entry": "intern-subsidy",
            "score": 0.8123,
            "time": "2026-11-21T08:00:00+00:00",
        }
    atomic_write_text(data_dir / "qualbot.json", _dumps({"meta": {"1": {"salt": "0" * 32}}}))
    (data_dir / "questions").mkdir()  # one file per day: the bench logs them all on one day
    atomic_write_text(data_dir / "questions" / "2026-11-21.json", _dumps({"questions": questions}))
    for directory, contents in (("users", shards), ("sessions", [{"user_data": s} for s in sessions])):
        (data_dir / directory).mkdir()
        atomic_write_text(data_dir / directory / "layout.json", json.dumps({"shards": SHARDS}))
        for index, tables in enumerate(contents):
            atomic_write_text(data_dir / directory / f"{index:02d}.json", _dumps(tables))


def _timed(action: Callable[[int], object], samples: int, users: int, rng: random.Random) -> list[float]:
    timings = []
    for _ in range(samples):
        uid = rng.randint(1, users)
        started = time.perf_counter()
        action(uid)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def measure(users: int, samples: int = 12) -> dict:
    rng = random.Random(users)
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch)
        _populate(data_dir, users)
        started = time.perf_counter()
        storage = Storage(data_dir)
        persistence = TinyDBPersistence(data_dir / "telegram.json")
        open_s = time.perf_counter() - started
        profile = _timed(lambda uid: storage.save_profile(uid, region=rng.choice(REGIONS)), samples, users, rng)
        subscribe = _timed(lambda uid: storage.add_subscription(uid, f"exam-new-{rng.random()}"), samples, users, rng)
        session = _timed(
            lambda uid: asyncio.run(persistence.update_user_data(uid, {"session": {"n": rng.random()}})),
            samples,
            users,
            rng,
        )
        log_flush = _timed(
            lambda uid: (storage.log_question(uid, "见习补贴", "answered"), storage.flush()), 5, users, rng
        )
        sizes = {p: p.stat().st_size for p in data_dir.rglob("*.json")}
        storage.close()
    return {
        "users": users,
        "open_s": open_s,
        "profile": profile,
        "subscribe": subscribe,
        "session": session,
        "log_flush": log_flush,
        "mb": sum(sizes.values()) / 1e6,
    }


def _fsync_floor() -> float:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "x.json"
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            atomic_write_text(path, "{}")
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


# measured at 1M users (594 MB of data files): peak RSS 4.2 GB, 82 s for the row on the shared 2-core machine
GB_NEEDED_PER_MILLION = 6.0


def _available_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1e6
    except OSError:
        pass
    return None


def run(user_counts: tuple[int, ...] = (1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000)) -> list[str]:
    floor = _fsync_floor()
    lines = [
        f"## TinyDB write cost as users grow (each write: one shard file of {SHARDS} rewritten + fsync)",
        f"fsync floor on this disk (a 2-byte atomic write): {floor:.1f} ms",
        "| users | data files MB | open at start-up s | profile write p50 / max ms | subscription p50 / max ms "
        "| session (sessions/NN.json) p50 / max ms | question-log flush p50 ms | acceptable? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for users in user_counts:
        needed, available = GB_NEEDED_PER_MILLION * users / 1e6, _available_gb()
        if users >= 1_000_000 and (available is None or available < needed):
            lines.append(
                f"| {users:,} | not run: needs ~{needed:.0f} GB of free memory (peak RSS 4.2 GB per million "
                f"users), {available or 0:.1f} GB available | | | | | | |"
            )
            continue
        m = measure(users, samples=12 if users <= 10_000 else 5)
        p50 = max(statistics.median(m[k]) for k in ("profile", "subscribe", "session"))
        verdict = "yes" if p50 <= ACCEPTABLE_MS else f"no (> {ACCEPTABLE_MS:.0f} ms: every user waits)"
        lines.append(
            f"| {users:,} | {m['mb']:.1f} | {m['open_s']:.2f} | {statistics.median(m['profile']):.1f} / "
            f"{m['profile'][-1]:.1f} | {statistics.median(m['subscribe']):.1f} / {m['subscribe'][-1]:.1f} | "
            f"{statistics.median(m['session']):.1f} / {m['session'][-1]:.1f} | {statistics.median(m['log_flush']):.1f} | "
            f"{verdict} |"
        )
    lines.append(
        "Each user here has a profile, a subscription, a feedback row, a dialog session and one logged "
        "question. Writes are serialised (one update at a time), so p50 × writes/s must stay well under 1 s."
    )
    return lines
