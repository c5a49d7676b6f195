"""The real bot process: start-up until it long-polls, and its memory (peak RSS) under traffic.

`python -m bot run` polls the local fake Bot API (tests/fake_bot_api.py) exactly as it would
poll Telegram, so the figure includes imports, knowledge and dialog loading, index building,
opening the data files and PTB's own start-up calls.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bot.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tests"))
from fake_bot_api import FakeTelegram

TOKEN = "123:bench-token"
QUESTIONS = ["见习补贴有多少", "一建什么时候考", "没有教师资格证能先当老师吗", "今天天气怎么样"]


def _rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / 1e6
    except psutil.Error:
        return 0.0


def measure(updates: int = 300) -> dict:
    telegram = FakeTelegram(TOKEN)
    base_url = telegram.start()
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
        env |= {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "QUALBOT_DATA_DIR": str(Path(scratch)),
            "QUALBOT_FLOOD_LIMIT": "0",
            "QUALBOT_OUTGOING_RATE": "0",
        }
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        process, peak = psutil.Process(child.pid), 0.0
        try:
            while not telegram.calls_since(0, "getUpdates"):
                peak = max(peak, _rss_mb(process))
                if child.poll() is not None:
                    raise RuntimeError(f"the bot exited with {child.returncode}")
                time.sleep(0.02)
            startup_s = time.perf_counter() - started
            idle_mb = _rss_mb(process)
            since = len(telegram.calls)
            traffic_started = time.perf_counter()
            for i in range(updates):
                telegram.say(60_000 + i % 100, QUESTIONS[i % len(QUESTIONS)])
            answered = 0
            while answered < updates and time.perf_counter() - traffic_started < 120:
                answered = len(telegram.calls_since(since, "sendMessage"))
                peak = max(peak, _rss_mb(process))
                time.sleep(0.05)
            traffic_s = time.perf_counter() - traffic_started
        finally:
            child.kill()
            child.wait()
            telegram.stop()
    return {
        "startup_s": startup_s,
        "idle_mb": idle_mb,
        "peak_mb": peak,
        "updates": updates,
        "answered": answered,
        "rate": answered / traffic_s,
    }


def run() -> list[str]:
    m = measure()
    return [
        "## the bot process (`python -m bot run` against the local fake Bot API, real HTTP)",
        "| start-up to first getUpdates s | RSS idle MB | peak RSS MB (start-up + traffic) | questions answered/s over HTTP |",
        "|---|---|---|---|",
        f"| {m['startup_s']:.2f} | {m['idle_mb']:.0f} | {m['peak_mb']:.0f} | "
        f"{m['rate']:.0f} ({m['answered']}/{m['updates']}) |",
        "Rate limiter and flood guard off for this run; with them on, Telegram's ~30 messages/s applies.",
    ]
