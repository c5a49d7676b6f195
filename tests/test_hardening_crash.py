"""Crash safety of the real bot process: SIGKILL at random moments loses no confirmed write,
and a damaged data file stops start-up with its name instead of being silently replaced.

The long run (≥ 20 rounds) is `tests/soak/test_soak_crash.py` (QUALBOT_SOAK=1); these few
rounds keep the same machinery exercised in every `make test`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from crash_harness import TOKEN, BotProcess, read_tables, run_rounds
from fake_bot_api import FakeTelegram

from bot.settings import PROJECT_ROOT
from bot.storage import SHARDS, Storage
from bot.store.sessions import SESSION_FLUSH_SECONDS
from bot.tg.persistence import TinyDBPersistence


def test_a_few_kill_9_rounds_lose_no_confirmed_write_and_never_log_the_token(tmp_path):
    # kills late enough that even a slow CI machine confirms some writes first (the soak also kills early)
    report = run_rounds(tmp_path, rounds=3, kill_after=(0.8, 2.0))
    print(report.summary())
    assert report.lost == []
    assert report.confirmed_writes >= 3, report.summary()  # the kills must not all land before any write
    log = (tmp_path / "bot.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" in log, "the injected Bot API failure should have been logged with a traceback"
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


def _session_on_disk(data_dir, user_id: int) -> dict | None:
    shard = data_dir / "sessions" / f"{user_id % SHARDS:02d}.json"
    if not shard.exists():
        return None
    row = json.loads(shard.read_text(encoding="utf-8")).get("user_data", {}).get(str(user_id))
    return row["data"]["session"] if row else None


def test_kill_9_loses_at_most_the_session_steps_of_the_last_second_and_no_confirmed_write(tmp_path):
    """Sessions are written behind (`SESSION_FLUSH_SECONDS`): the real process writes a dialog step by
    itself within that period, with no further update; a kill -9 right after the next step loses at
    most that step; the profile the user was told was saved ("已保存") is on disk whenever it is killed."""
    telegram = FakeTelegram(TOKEN)
    bot = BotProcess(telegram, telegram.start(), tmp_path / "data", tmp_path / "bot.log")
    user = 5151

    def reply_to(since: int, *methods: str, button: str = ""):
        def wanted(call) -> bool:
            rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
            data = [b.get("callback_data") or "" for row in rows for b in row]
            return (
                call.method in methods
                and str(call.params.get("chat_id")) == str(user)
                and bool(call.result)
                and any(d.startswith(button) for d in data)
            )

        return telegram.wait_for(wanted, since=since, timeout=30)

    try:
        bot.wait_ready(bot.start())
        since = len(telegram.calls)
        telegram.say(user, "/start")
        call = reply_to(since, "sendMessage", button="profile:role:")
        since = len(telegram.calls)
        telegram.press(user, call.result, "profile:role:graduate")
        call = reply_to(since, "editMessageText", "sendMessage", button="profile:region:")
        since = len(telegram.calls)
        telegram.press(user, call.result, "profile:region:浙江")
        telegram.wait_for(
            lambda c: c.method == "answerCallbackQuery" and "已保存" in (c.params.get("text") or ""), since
        )

        since = len(telegram.calls)
        telegram.say(user, "/title")  # step 1 of a guided dialog: only in memory when answered
        question = reply_to(since, "sendMessage", button="dlg:c:title:level:")
        answered = time.monotonic()
        while _session_on_disk(bot.data_dir, user) is None and time.monotonic() - answered < 15:
            time.sleep(0.05)  # no further update: the session timer alone must write it
        waited = time.monotonic() - answered
        on_disk = _session_on_disk(bot.data_dir, user)
        assert on_disk and on_disk["dialog"]["answers"] == {}, f"not written {waited:.1f} s after the answer"
        print(f"dialog step on disk {waited:.2f} s after the answer (period {SESSION_FLUSH_SECONDS} s)")

        since = len(telegram.calls)
        telegram.press(user, question.result, "dlg:c:title:level:0")  # step 2 …
        reply_to(since, "editMessageText", "sendMessage", button="dlg:")
        bot.kill()  # … killed as soon as it is answered
        after = _session_on_disk(bot.data_dir, user)
        assert after is not None and after["dialog"]["answers"] in ({}, {"level": "senior-worker"})  # ≤ 1 step lost
        profile = read_tables(bot.data_dir)["profiles"][str(user)]
        assert (profile["role"], profile["region"]) == ("graduate", "浙江")  # confirmed: never lost
    finally:
        bot.kill()
        telegram.stop()


def _run_bot(data_dir, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",  # never reached
        "QUALBOT_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _valid_tables() -> str:
    profile = {"user_id": 7, "role": "graduate", "region": "浙江", "updates": False, "updated": "2026-11-21T00:00:00"}
    return json.dumps({"meta": {"1": {"salt": "ab"}}, "profiles": {"7": profile}}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("qualbot.json", "truncated"),
        ("qualbot.json", "garbage"),
        ("questions.json", "truncated"),  # a log left by the single-file layout is read (migrated) too
        ("questions/2026-11-21.json", "garbage"),
        ("telegram.json", "empty"),
        ("users/07.json", "truncated"),  # one user shard of 32: still nobody is served
        ("sessions/31.json", "garbage"),
    ],
)
def test_the_bot_process_refuses_to_start_on_a_damaged_data_file_and_names_it(tmp_path, name, damage):
    data = tmp_path / "data"
    data.mkdir()
    if "/" in name:  # shards live in a data directory the bot has laid out (users/, sessions/)
        Storage(data).close()
        TinyDBPersistence(data / "telegram.json")
    text = _valid_tables()
    content = {"truncated": text[: len(text) // 2], "garbage": "\x00\x00\x00", "empty": ""}[damage]
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(content, encoding="utf-8")
    done = _run_bot(data)
    assert done.returncode != 0
    assert str(data / name) in done.stderr
    assert "restore it from a backup" in done.stderr
    assert "Traceback" not in done.stderr  # a clear message, not a stack trace
    assert (data / name).read_text(encoding="utf-8") == content  # never "repaired" by overwriting
