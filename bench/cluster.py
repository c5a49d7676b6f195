"""Storage backends and workers: updates/s and p99 through real bot processes in webhook mode
(one TinyDB worker, one PostgreSQL worker, two PostgreSQL workers), and the cost of one durable
write at 10k / 100k / 1M users on both backends. PostgreSQL is the `pgserver` build the tests use,
on this machine's disk (fsync on); flood control and the outgoing rate limiter are off."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

from bot.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the fake Bot API and the worker harness live with the tests
from cluster_harness import ClusterTelegram, Worker

TOKEN = "123456:BENCH-token"
QUESTIONS = [
    "见习补贴有多少",
    "一建什么时候考",
    "技能等级证书和职称能贯通吗",
    "/help",
    "今天天气怎么样",
    "高级工可以评什么职称",
]


def start_postgres(root: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver.get_server(root, cleanup_mode="stop")


def fresh_database(server, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from bot.store.migrations import migrate

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = urlunsplit(urlsplit(server.get_uri())._replace(path=f"/{name}"))
    with psycopg.connect(url) as conn:
        migrate(conn)
    return url


class ParallelTelegram(ClusterTelegram):
    """Delivers with several connections at once, as Telegram does (up to 40): the proxy must
    not be what is measured. Records when each update was delivered."""

    def __init__(self, token: str, connections: int = 8):
        self.pushed_at: dict[int, float] = {}
        self.delivered_at: dict[int, float] = {}
        self.user_of: dict[int, int] = {}
        super().__init__(token)
        for _ in range(connections - 1):
            threading.Thread(target=self._route, daemon=True).start()

    def push(self, payload: dict) -> int:
        started = time.monotonic()
        update_id = super().push(payload)
        self.pushed_at[update_id] = started
        return update_id

    def _deliver(self, order, body, update_id):
        self.delivered_at[update_id] = time.monotonic()
        return super()._deliver(order, body, update_id)


def measure_workers(
    workdir: Path,
    database_url: str | None,
    workers: int,
    updates: int,
    paced_rate: float = 30.0,
    paced_seconds: float = 6.0,
) -> tuple[float, float, float]:
    """(updates/s for a burst of `updates`, p50 ms, p99 ms at `paced_rate` updates/s): every update
    from a different user; latency from the moment the update is handed to the proxy to the reply."""
    telegram = ParallelTelegram(TOKEN)
    base_url = telegram.start()
    env = {"QUALBOT_FLOOD_LIMIT": "0"}
    if database_url:
        env["QUALBOT_DATABASE_URL"] = database_url
    procs = [Worker(i, base_url, database_url or "", workdir, TOKEN, **env) for i in range(workers)]
    if not database_url:
        for w in procs:
            del w.env["QUALBOT_DATABASE_URL"]
    telegram.workers = procs
    rng = random.Random(1)
    next_user = [100_000]

    def send_one() -> tuple[int, int]:
        next_user[0] += 1
        return telegram.say(next_user[0], rng.choice(QUESTIONS)), next_user[0]

    def replies(since: int) -> dict[str, float]:
        first: dict[str, float] = {}
        for call in telegram.calls_since(since, "sendMessage"):
            first.setdefault(str(call.params.get("chat_id")), call.at)
        return first

    def wait_all(since: int, count: int, timeout: float = 300) -> dict[str, float]:
        deadline = time.monotonic() + timeout
        while len(replies(since)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return replies(since)

    try:
        for w in procs:
            w.start()
        for w in procs:
            w.wait_ready()
        since = len(telegram.calls)
        for _ in range(40):  # warm up
            send_one()
        wait_all(since, 40)
        since = len(telegram.calls)
        started = time.monotonic()
        for _ in range(updates):
            send_one()
        answered = wait_all(since, updates)
        rate = len(answered) / (max(answered.values()) - started)
        since = len(telegram.calls)
        paced: dict[int, int] = {}
        for n in range(int(paced_rate * paced_seconds)):
            time.sleep(max(0.0, started + n / paced_rate - time.monotonic()) if n else 0)
            if n == 0:
                started = time.monotonic()
            update_id, user = send_one()
            paced[update_id] = user
        answered = wait_all(since, len(paced))
        latencies = sorted(
            (answered[str(user)] - telegram.pushed_at[uid]) * 1000
            for uid, user in paced.items()
            if str(user) in answered
        )
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        return rate, statistics.median(latencies), p99
    finally:
        for w in procs:
            w.kill()
        telegram.stop()


def postgres_write_cost(server, users: int, samples: int = 200) -> dict[str, float]:
    """p50 / p99 ms of the writes a user is told about, on a database holding `users` users."""
    import asyncio

    from bot.store.postgres import PostgresStore

    url = fresh_database(server, "bench_writes")
    store = PostgresStore(url)
    with store.pool.connection() as conn:  # the same rows per user as the TinyDB bench
        conn.execute(
            "INSERT INTO profiles SELECT g, jsonb_build_object('user_id', g, 'role', 'graduate', "
            "'region', '浙江', 'updates', false) FROM generate_series(1, %s) g",
            (users,),
        )
        conn.execute(
            "INSERT INTO subscriptions (user_id, exam_id, created) SELECT g, 'exam-' || (g %% 40), "
            "'2026-11-21T08:00:00+00:00' FROM generate_series(1, %s) g",
            (users,),
        )
        conn.execute(
            "INSERT INTO feedback SELECT g, 'entry-' || (g %% 170), '+', '2026-11-21T08:00:00+00:00' "
            "FROM generate_series(1, %s) g",
            (users,),
        )
        conn.execute(
            "INSERT INTO sessions (kind, key, data) SELECT 'user_data', g, "
            '\'{"session": {"dialog": {"dialog": "title"}}}\' FROM generate_series(1, %s) g',
            (users,),
        )
        conn.execute(
            "INSERT INTO questions (user_key, text, outcome, entry, score, time, at) SELECT "
            "to_hex(g), '见习补贴有多少', 'answered', 'intern-subsidy', 0.8, '2026-11-21T08:00:00+00:00', "
            "now() FROM generate_series(1, %s) g",
            (users,),
        )
        conn.execute("VACUUM ANALYZE")
    from bot.tg.persistence import persistence_for

    persistence = persistence_for(store)
    rng = random.Random(users)
    loop = asyncio.new_event_loop()

    def timed(action) -> list[float]:
        out = []
        for _ in range(samples):
            uid = rng.randint(1, users)
            t = time.perf_counter()
            action(uid)
            out.append((time.perf_counter() - t) * 1000)
        return sorted(out)

    def session_write(uid: int) -> None:
        data = {"session": {"n": rng.random()}}
        loop.run_until_complete(persistence.refresh_user_data(uid, {}))
        loop.run_until_complete(persistence.update_user_data(uid, data))

    results = {
        "profile": timed(lambda uid: store.save_profile(uid, region="江西")),
        "subscribe": timed(lambda uid: store.add_subscription(uid, f"exam-new-{rng.random()}")),
        "session": timed(session_write),
        "question": timed(lambda uid: store.log_question(uid, "见习补贴", "answered")),
    }
    loop.close()
    store.close()
    return {k: (statistics.median(v), v[int(len(v) * 0.99) - 1]) for k, v in results.items()}


def run(updates: int = 400, user_counts: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> list[str]:
    from bench import storage as tinydb_bench

    lines = []
    with tempfile.TemporaryDirectory(prefix="qbbench", dir="/tmp") as scratch:
        root = Path(scratch)
        server = start_postgres(root / "pg")
        try:
            lines += [
                "## end to end through worker processes (webhook mode; every update a different user; "
                "flood control and outgoing limiter off)",
                "| setup | burst: updates/s | at 30 updates/s: p50 ms | p99 ms |",
                "|---|---|---|---|",
            ]
            for name, workers, database in (
                ("1 worker, TinyDB", 1, False),
                ("1 worker, PostgreSQL", 1, True),
                ("2 workers, one PostgreSQL", 2, True),
            ):
                work = root / name.replace(" ", "_").replace(",", "")
                work.mkdir()
                url = fresh_database(server, "bench_e2e") if database else None
                rate, p50, p99 = measure_workers(work, url, workers, updates)
                lines.append(f"| {name} | {rate:.0f} | {p50:.0f} | {p99:.0f} |")
            lines += [
                "",
                "## one durable write (what a user is told was saved), by backend and users",
                "| users | backend | profile p50 / p99 ms | subscription p50 / p99 ms | session p50 / p99 ms "
                "| question log p50 / p99 ms |",
                "|---|---|---|---|---|---|",
            ]
            for users in user_counts:
                if users <= 100_000:
                    m = tinydb_bench.measure(users, samples=12 if users <= 10_000 else 5)
                    cell = {
                        k: f"{statistics.median(m[k]):.1f} / {m[k][-1]:.1f}"
                        for k in ("profile", "subscribe", "session")
                    }
                    lines.append(
                        f"| {users:,} | TinyDB | {cell['profile']} | {cell['subscribe']} | {cell['session']} "
                        f"| deferred (flushed every 5 s): {statistics.median(m['log_flush']):.1f} per flush |"
                    )
                else:
                    lines.append(
                        f"| {users:,} | TinyDB | not measured (a million users is ~1 GB of JSON re-read at "
                        "every start; beyond the embedded store's range) | | | |"
                    )
                m = postgres_write_cost(server, users)
                cell = {k: f"{v[0]:.2f} / {v[1]:.2f}" for k, v in m.items()}
                lines.append(
                    f"| {users:,} | PostgreSQL | {cell['profile']} | {cell['subscribe']} | {cell['session']} "
                    f"| {cell['question']} |"
                )
        finally:
            server.cleanup()
    return lines


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
