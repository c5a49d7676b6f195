"""PostgreSQL specifics: `qualbot db migrate`, the schema check at start-up (missing or newer
schema), a database that is down at start-up or goes away mid-run (a clear log line, a polite
"please retry", never a false "saved"), and cluster pieces (shared flood control, /reload generation)."""

from __future__ import annotations

import time

import psycopg
import pytest
from telegram_fakes import ALICE, BotUnderTest

from bot.cli import main
from bot.settings import Settings
from bot.store import NewerSchema, StorageUnavailable, open_storage
from bot.store.migrations import LATEST
from bot.store.postgres import PostgresStore
from bot.tg.app import run_bot
from bot.tg.handlers import STORAGE_RETRY


@pytest.fixture
def empty_db(pg_server):
    from conftest import _DATABASES, pg_database_url

    name = f"qb_empty_{next(_DATABASES)}"
    with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_database_url(pg_server, name), name
    with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_db_migrate_creates_the_schema_once_and_start_up_checks_it(empty_db, monkeypatch, capsys, tmp_path):
    url, _ = empty_db
    monkeypatch.setenv("QUALBOT_DATABASE_URL", url)
    with pytest.raises(StorageUnavailable, match="qualbot db migrate"):
        PostgresStore(url)
    assert main(["db", "status"]) == 1
    assert main(["db", "migrate"]) == 0
    assert f"schema version {LATEST}" in capsys.readouterr().out
    assert main(["db", "migrate"]) == 0  # repeatable
    assert "already at version" in capsys.readouterr().out
    assert main(["db", "status"]) == 0
    PostgresStore(url).close()


def test_a_schema_from_a_newer_version_is_refused(pg_url, tmp_path, mini_kb_dir, capsys):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version (version, description) VALUES (%s, 'from the future')", (LATEST + 1,))
    with pytest.raises(NewerSchema, match="newer"):
        PostgresStore(pg_url)
    settings = Settings(token="1:x", data_dir=tmp_path, knowledge_dir=mini_kb_dir, database_url=pg_url)
    assert run_bot(settings) == 2
    assert "newer than this Qualbot" in capsys.readouterr().err
    assert main_with(pg_url, ["db", "migrate"]) == 1  # and never migrated "down"


def main_with(url: str, argv: list[str]) -> int:
    import os

    old = os.environ.get("QUALBOT_DATABASE_URL")
    os.environ["QUALBOT_DATABASE_URL"] = url
    try:
        return main(argv)
    finally:
        if old is None:
            del os.environ["QUALBOT_DATABASE_URL"]
        else:
            os.environ["QUALBOT_DATABASE_URL"] = old


def test_a_database_down_at_start_up_stops_the_bot_with_a_clear_line(tmp_path, mini_kb_dir, capsys, caplog):
    down = "postgresql://qualbot:secret-pw@127.0.0.1:9/qualbot"  # nothing listens on port 9
    started = time.monotonic()
    with pytest.raises(StorageUnavailable, match="cannot be reached"):
        open_storage(Settings(data_dir=tmp_path, database_url=down), timeout=1.0)
    settings = Settings(token="1:x", data_dir=tmp_path, knowledge_dir=mini_kb_dir, database_url=down)
    assert run_bot(settings) == 4  # worth retrying (systemd restarts it), unlike damaged data (2)
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "secret-pw" not in err  # the password is never printed
    assert time.monotonic() - started < 30


def _cut_off(url: str, server, name: str, allow: bool) -> None:
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'true' if allow else 'false'}")
        if not allow:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


async def test_a_database_lost_mid_run_asks_to_retry_and_never_says_saved(pg_url, pg_server, assistant, tmp_path):
    from urllib.parse import urlsplit

    name = urlsplit(pg_url).path.lstrip("/")
    bot = BotUnderTest(tmp_path, assistant, database_url=pg_url)
    from bot.tg.app import build_application

    store = PostgresStore(pg_url, timeout=1.0)
    bot.application = build_application(bot.settings, assistant, store, bot.api, flood_clock=bot.flood_clock)
    await bot.application.initialize()
    await bot.application.post_init(bot.application)
    user = bot.user(ALICE)
    try:
        await user.says("/start")
        await user.presses_data("profile:role:graduate", user.last_bot_message())
        _cut_off(pg_url, pg_server, name, allow=False)
        before = len(bot.api.shown)
        with pytest.raises(StorageUnavailable):
            await user.presses_data("profile:region:浙江", user.last_bot_message())
        seen = [s.text for s in bot.api.shown[before:]]
        assert STORAGE_RETRY in seen
        assert not any("已保存" in text for text in seen), seen
        user.errors.clear()
        _cut_off(pg_url, pg_server, name, allow=True)
        deadline = time.monotonic() + 30
        while True:  # the user retries, as asked, until the pool has reconnected
            try:
                shown = await user.presses_data("profile:region:浙江", user.last_bot_message())
                break
            except StorageUnavailable:
                user.errors.clear()
                assert time.monotonic() < deadline, "the store did not reconnect"
        assert any("已保存" in s.text for s in shown)
        assert store.profile(ALICE.id)["region"] == "浙江"
    finally:
        _cut_off(pg_url, pg_server, name, allow=True)
        await bot.application.shutdown()


def test_flood_control_is_shared_by_the_workers(pg_url):
    from bot.tg.cluster import SharedFloodGuard
    from bot.tg.flood import FloodPolicy

    now = [1000.0]
    policy = FloodPolicy(limit=3, window=10, pause=30)
    stores = [PostgresStore(pg_url), PostgresStore(pg_url)]
    try:
        guards = [SharedFloodGuard(store, policy, lambda: now[0]) for store in stores]
        verdicts = []
        for i in range(6):  # one user's messages alternating between two workers
            now[0] += 1
            verdicts.append(guards[i % 2].check(77))
        assert verdicts == ["ok", "ok", "ok", "notify", "ignore", "ignore"]
        now[0] += 31
        assert guards[0].check(77) == "ok"
    finally:
        for store in stores:
            store.close()


async def test_a_reload_on_one_worker_is_followed_by_the_others(pg_url):
    from bot.tg.cluster import KnowledgeSync

    stores = [PostgresStore(pg_url), PostgresStore(pg_url)]
    reloaded = []

    async def follow():
        reloaded.append(True)

    try:
        origin, follower = KnowledgeSync(stores[0], follow), KnowledgeSync(stores[1], follow)
        assert await follower.poll() is False

        class Result:
            ok, version_after = True, "v2"

        origin.announce(Result())
        assert await follower.poll() is True and reloaded == [True]
        assert await follower.poll() is False and await origin.poll() is False  # once per reload, not by the origin
    finally:
        for store in stores:
            store.close()


def test_a_pending_broadcast_is_confirmed_on_any_worker_once(pg_url):
    from bot.tg.broadcast import Audience
    from bot.tg.cluster import SharedPending
    from bot.tg.staff import PendingBroadcast

    stores = [PostgresStore(pg_url), PostgresStore(pg_url)]
    try:
        SharedPending(stores[0])["k1"] = PendingBroadcast(Audience(role="employer"), "通知正文", 42)
        confirmed = SharedPending(stores[1]).pop("k1", None)
        assert confirmed == PendingBroadcast(Audience(role="employer"), "通知正文", 42)
        assert SharedPending(stores[0]).pop("k1", None) is None  # a second press sends nothing
    finally:
        for store in stores:
            store.close()


async def test_sessions_follow_the_user_between_workers_and_a_stale_flush_never_wins(pg_url):
    stores = [PostgresStore(pg_url), PostgresStore(pg_url)]
    try:
        from bot.tg.persistence import persistence_for

        a, b = (persistence_for(store) for store in stores)
        on_a, on_b = {}, {}  # each worker's in-memory user_data for user 5
        await a.refresh_user_data(5, on_a)
        on_a["session"] = {"dialog": "title", "answers": {"level": "technician"}}
        await a.update_user_data(5, on_a)  # step 1 on worker A, saved before its reply
        await b.refresh_user_data(5, on_b)  # step 2 arrives at worker B: it sees step 1
        assert on_b == on_a
        on_b["session"]["answers"]["years"] = 5
        await b.update_user_data(5, on_b)
        on_a["session"]["answers"]["stale"] = True  # worker A's memory, changed after step 1 …
        await a.update_user_data(5, on_a)  # … flushed late (PTB's periodic persistence): skipped
        assert stores[0].session(5) == {"session": {"dialog": "title", "answers": {"level": "technician", "years": 5}}}
        await a.refresh_user_data(5, on_a)  # step 3 back on worker A: it sees step 2
        assert on_a["session"]["answers"] == {"level": "technician", "years": 5}
    finally:
        for store in stores:
            store.close()
