"""Updates per second through the real PTB Application (offline recording Bot API).

Every update goes through `Application.process_update` — handlers, profile lookup, the core,
the question log, the session write, HTML splitting, keyboards — exactly as in production,
except that the Bot API answers in-process. The outgoing rate limiter is off here; in
production Telegram itself caps a bot at about 30 messages per second, which is reported
next to the figures because it is the real ceiling long before the CPU is.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.assembly import build_assistant
from bot.settings import PROJECT_ROOT, Settings

sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the offline Bot API lives with the tests
from telegram_fakes import BotUnderTest, Person

QUESTIONS = [
    "见习补贴有多少",
    "没有教师资格证能先当老师吗",
    "一建什么时候考",
    "今天天气怎么样",
    "技能等级证书和职称能贯通吗",
    "见习期间发生意外怎么办",
    "考试日期变了会怎么通知",
    "高级工可以评什么职称",
]


async def _measure(bot: BotUnderTest, count: int, step: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    """(updates per second, mean ms per update) over `count` updates."""
    for i in range(min(count, 20)):  # warm up
        await step(i)
    started = time.perf_counter()
    for i in range(count):
        await step(i)
    elapsed = time.perf_counter() - started
    return count / elapsed, elapsed / count * 1000


async def _scenarios(count: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(today=Settings.from_env().today)
        assistant = build_assistant(settings)
        bot = BotUnderTest(Path(scratch) / "data", assistant, outgoing_rate=0, flood_limit=0)
        await bot.start()
        try:
            # distinct users so the flood guard and per-user state look like real traffic
            def user(i: int):
                return bot.user(Person(50_000 + i % 200, f"U{i % 200}"))

            async def question(i: int):
                await user(i).says(QUESTIONS[i % len(QUESTIONS)])

            async def press(i: int):
                u = user(i // 2)  # even: ask (the answer shows buttons); odd: the same user presses one
                if i % 2 == 0:
                    await u.says("见习补贴有多少")
                else:
                    await u.presses("📄 查看原文")

            async def profile_press(i: int):
                await user(i).presses_data("profile:region:浙江" if i % 2 else "profile:role:graduate")

            async def dialog(i: int):
                u = user(1000 + i // 3)  # each user: start, choose, type
                if i % 3 == 0:
                    await u.says("/title")
                    return
                message = u.last_bot_message()
                rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
                if i % 3 == 1 and rows:
                    await u.presses_data(rows[0][0]["callback_data"], message)
                else:
                    await u.says("5")

            results = []
            for name, step, n in (
                ("text questions (FAQ, exams, declines)", question, count),
                ("button presses (half are the questions that show them)", press, count),
                ("profile button presses (durable write each)", profile_press, count // 2),
                ("guided dialog steps (/title, choose, type)", dialog, count),
            ):
                rate, mean = await _measure(bot, n, step)
                results.append((name, rate, mean))
            return results
        finally:
            await bot.stop()


def run(count: int = 300) -> list[str]:
    lines = [
        "## updates through the real Application (recording Bot API, one process, one core)",
        "| traffic | updates/s | ms per update |",
        "|---|---|---|",
    ]
    for name, rate, mean in asyncio.run(_scenarios(count)):
        lines.append(f"| {name} | {rate:.0f} | {mean:.1f} |")
    lines.append(
        "Telegram lets one bot send ~30 messages/s overall (AIORateLimiter enforces it in production), "
        "so outgoing traffic, not CPU, is the ceiling of one instance."
    )
    return lines
