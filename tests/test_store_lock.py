"""The embedded store admits one process (security review C1, M4): a second `qualbot run` on the
same data directory exits at once naming the pid that holds it, and the staff commands
(`qualbot stats`, `qualbot gaps`) never delete or rewrite a running bot's files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_harness import TOKEN, BotProcess
from fake_bot_api import FakeTelegram

from bot.settings import PROJECT_ROOT, Settings
from bot.store import DataDirBusy, DataDirLock, open_storage


def _env(data_dir: Path, base_url: str = "http://127.0.0.1:9/bot") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
    return env | {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "QUALBOT_DATA_DIR": str(data_dir),
        "QUALBOT_TODAY": "2026-11-21",
    }


def _qualbot(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _fingerprint(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and p.name != "qualbot.lock"
    }


def _settled_fingerprint(data_dir: Path, quiet: float = 6.0, timeout: float = 60.0) -> dict[str, str]:
    """The data directory's fingerprint once the running bot has stopped writing to it for
    `quiet` seconds (longer than its 5-second question-log flush): what it writes on its own is
    not what a staff command changed."""
    deadline = time.monotonic() + timeout
    last, since = _fingerprint(data_dir), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.5)
        now = _fingerprint(data_dir)
        if now != last:
            last, since = now, time.monotonic()
    return last


def test_the_lock_is_exclusive_records_the_pid_and_is_released(tmp_path):
    first = DataDirLock(tmp_path).acquire()
    assert first.holder() == os.getpid()
    with pytest.raises(DataDirBusy, match=str(os.getpid())):
        DataDirLock(tmp_path).acquire()
    first.release()
    DataDirLock(tmp_path).acquire().release()


def test_open_storage_refuses_a_second_owner_and_gives_staff_a_snapshot(tmp_path):
    settings = Settings(data_dir=tmp_path)
    bot_store = open_storage(settings)
    try:
        bot_store.save_profile(1, role="graduate")
        bot_store.log_question(1, "问题", "declined")
        bot_store.flush()
        with pytest.raises(DataDirBusy):
            open_storage(settings)
        before = _fingerprint(tmp_path)
        staff = open_storage(settings, staff=True)
        try:
            assert staff.profile(1)["role"] == "graduate" and [q["text"] for q in staff.questions()] == ["问题"]
            assert Path(staff.data_dir) != tmp_path
        finally:
            staff.close()
        assert _fingerprint(tmp_path) == before
    finally:
        bot_store.close()
    open_storage(settings).close()  # closed: the directory is free again


def test_a_second_bot_process_exits_at_once_naming_the_pid_and_staff_commands_leave_its_files_alone(tmp_path):
    telegram = FakeTelegram(TOKEN)
    base_url = telegram.start()
    data = tmp_path / "data"
    bot = BotProcess(telegram, base_url, data, tmp_path / "bot.log")
    try:
        bot.wait_ready(bot.start())
        telegram.say(501, "见习补贴有多少")  # something in the question log for the staff commands
        telegram.wait_for(lambda c: c.method == "sendMessage" and str(c.params.get("chat_id")) == "501", timeout=30)
        deadline = time.monotonic() + 60  # the question log is flushed every 5 s
        while not list((data / "questions").glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
        in_flight = data / "users" / f".05.json.{bot.process.pid}.tmp"  # as if the bot were mid-write
        in_flight.write_text("{}", encoding="utf-8")
        before = _settled_fingerprint(data)  # the bot's own periodic flushes done

        started = time.monotonic()
        second = _qualbot(data, "run")
        assert second.returncode != 0
        assert time.monotonic() - started < 20  # at once: no knowledge loading before the refusal
        assert f"in use by process {bot.process.pid}" in second.stderr

        for command in (["stats"], ["gaps"]):
            result = _qualbot(data, *command)
            assert result.returncode == 0, result.stderr
        stats = _qualbot(data, "stats").stdout
        assert "共 1 个问题" in stats, stats
        assert in_flight.exists(), "a staff command deleted the running bot's temp file"
        assert _fingerprint(data) == before, "a staff command changed the running bot's files"
        assert bot.process.poll() is None
    finally:
        bot.kill()
        telegram.stop()
