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

import pytest
from crash_harness import TOKEN, run_rounds

from bot.settings import PROJECT_ROOT
from bot.storage import Storage
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
