"""Updates per second through the real PTB Application (offline recording Bot API).

Every update goes through `Application.process_update` — handlers, profile lookup, the core,
the question log, the session write, HTML splitting, keyboards — exactly as in production,
except that the Bot API answers in-process. The outgoing rate limiter is off here; in
production Telegram itself caps a bot at about 30 messages per second, which is reported
next to the figures because it is the real ceiling long before the CPU is.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Update

from bot.assembly import build_assistant
from bot.settings import PROJECT_ROOT, Settings

sys.path.insert(0, str(PROJECT_ROOT / "tests"))  # the offline Bot API lives with the tests
from telegram_fakes import TOKEN, BotUnderTest, FakeBotApi, Person, TelegramUser

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


# ---- the Telegram path against a plain PTB echo bot (issue 12: ≥ 0.9× its throughput) ----------
ECHO_USERS = 200


class LatentBotApi(FakeBotApi):
    """`FakeBotApi` whose every call takes `latency` seconds, like a Bot API round trip (0 = none)."""

    def __init__(self, latency: float = 0.0):
        super().__init__()
        self.latency = latency

    async def do_request(self, *args, **kwargs):
        if self.latency:
            await asyncio.sleep(self.latency)
        return await super().do_request(*args, **kwargs)


def _echo_application(api: FakeBotApi, concurrent: int):
    """The textbook python-telegram-bot echo bot (one MessageHandler replying with the text), with
    PTB's own `concurrent_updates` at the number of updates Qualbot handles at once. Same request
    class as Qualbot's; no persistence, no ordering, no rate limiter."""
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    async def echo(update, context) -> None:
        await update.message.reply_text(update.message.text)

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(api)
        .get_updates_request(api)
        .updater(None)
        .concurrent_updates(concurrent)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application


def _question(i: int) -> str:
    """The i-th update's text: each user asks a different question each time (with `i % len(QUESTIONS)`
    and 200 users every user would repeat one question, and Qualbot would never write a session)."""
    return QUESTIONS[(i + i // ECHO_USERS) % len(QUESTIONS)]


async def _one_at_a_time(users: list[TelegramUser], count: int, first: int) -> list[float]:
    """`count` updates through `Application.process_update`, each awaited before the next:
    seconds per update."""
    timings = []
    for i in range(first, first + count):
        started = time.perf_counter()
        await users[i % len(users)].says(_question(i))
        timings.append(time.perf_counter() - started)
    return timings


async def _through_the_queue(
    application, users: list[TelegramUser], per_user: int, first: int, rate: float | None
) -> list[float]:
    """Updates through `update_queue` and the application's update processor, as in production (PTB's
    `concurrent_updates` for the echo bot, `PerUserOrder` for Qualbot, both ≤ 32 at once).
    `rate` None: a closed loop — each user sends a question, waits until the bot has handled it,
    sends the next. `rate` > 0: an open loop — updates arrive at that rate whatever the bot's pace,
    users taking turns. Returns seconds from enqueue to handled, per update."""
    processor = application.update_processor
    waiting: dict[int, asyncio.Future] = {}
    original = processor.do_process_update

    async def timed(update, coroutine):
        try:
            await original(update, coroutine)
        finally:
            done = waiting.pop(update.update_id, None)
            if done is not None:
                done.set_result(None)

    processor.do_process_update = timed
    timings: list[float] = []

    async def send(user: TelegramUser, i: int) -> None:
        payload = {"update_id": next(TelegramUser.update_ids), "message": user.new_message({"text": _question(i)})}
        done = asyncio.get_running_loop().create_future()
        waiting[payload["update_id"]] = done
        started = time.perf_counter()
        await application.update_queue.put(Update.de_json(payload, application.bot))
        await done
        timings.append(time.perf_counter() - started)

    async def one(k: int, user: TelegramUser) -> None:
        for j in range(per_user):
            await send(user, first + k + j * len(users))

    async def arrivals(total: int, every: float) -> None:
        started, sent = time.perf_counter(), []
        for n in range(total):
            await asyncio.sleep(max(0.0, started + n * every - time.perf_counter()))
            sent.append(asyncio.ensure_future(send(users[n % len(users)], first + n)))
        await asyncio.gather(*sent)

    try:
        if rate:
            await arrivals(len(users) * per_user, 1 / rate)
        else:
            await asyncio.gather(*(one(k, u) for k, u in enumerate(users)))
    finally:
        processor.do_process_update = original
    for user in users:
        if user.errors:
            raise user.errors[0]
    return timings


Rounds = dict[str, list[tuple[float, list[float]]]]  # side → per round: (updates/s, seconds per update)


async def _echo_vs_qualbot(
    scratch: Path, latency: float, users: int, per_user: int, rounds: int, feeding: str | float
) -> tuple[Rounds, int]:
    """Both bots started as in production (`Application.start`: update fetcher, Qualbot's job queue
    with its session flush), each with its own `LatentBotApi(latency)`; the same questions from the
    same users; rounds alternate which bot goes first, so load from other processes hits both alike.
    `feeding`: "one at a time" through `process_update` (the update processor is bypassed), "closed"
    loop or a rate (updates/s, open loop) through the queue (see `_through_the_queue`)."""
    settings = Settings(today=Settings.from_env().today)
    qualbot = BotUnderTest(scratch / "qualbot", build_assistant(settings), outgoing_rate=0, flood_limit=0)
    qualbot.api = LatentBotApi(latency)
    await qualbot.start()
    concurrent = qualbot.application.update_processor.max_concurrent_updates
    echo_api = LatentBotApi(latency)
    echo_app = _echo_application(echo_api, concurrent)
    await echo_app.initialize()
    await echo_app.start()
    await qualbot.application.start()
    people = [Person(90_000 + i, f"L{i}") for i in range(users)]
    sides = {
        "echo": (echo_app, [TelegramUser(echo_app, echo_api, p) for p in people]),
        "qualbot": (qualbot.application, [qualbot.user(p) for p in people]),
    }
    assert {app.update_processor.max_concurrent_updates for app, _ in sides.values()} == {concurrent}
    results: Rounds = {"echo": [], "qualbot": []}

    async def measure(side: str, first: int) -> tuple[float, list[float]]:
        application, fed = sides[side]
        started = time.perf_counter()
        if feeding == "one at a time":
            timings = await _one_at_a_time(fed, users * per_user, first)
        else:
            rate = None if feeding == "closed" else float(feeding)
            timings = await _through_the_queue(application, fed, per_user, first, rate)
        return len(timings) / (time.perf_counter() - started), timings

    try:
        for side in sides:  # warm-up, not measured
            await measure(side, 0)
        for r in range(rounds):
            for side in sides if r % 2 == 0 else reversed(sides):
                results[side].append(await measure(side, (r + 1) * users * per_user))
    finally:
        await echo_app.stop()
        await qualbot.application.stop()
        await echo_app.shutdown()
        await qualbot.stop()
    assert len(echo_api.shown) >= users * per_user * (rounds + 1) and all(s.kind == "message" for s in echo_api.shown)
    return results, concurrent


def _core_alone(count: int, rounds: int) -> list[float]:
    """`Assistant.ask` alone on the same questions (no Telegram, no storage): updates/s per round."""
    assistant = build_assistant(Settings(today=Settings.from_env().today))
    sessions: dict[int, dict] = {}
    rates = []
    for r in range(rounds + 1):
        started = time.perf_counter()
        for i in range(r * count, (r + 1) * count):
            user = 90_000 + i % ECHO_USERS
            assistant.ask(_question(i), assistant.context(None, None, user), sessions.setdefault(user, {}))
        if r:  # the first is the warm-up
            rates.append(count / (time.perf_counter() - started))
    return rates


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _ratios(results: Rounds) -> tuple[float, list[float]]:
    """Qualbot / echo: the ratio of the medians, and each round's ratio."""
    median = {side: statistics.median(rate for rate, _ in results[side]) for side in results}
    per_round = [q[0] / e[0] for q, e in zip(results["qualbot"], results["echo"], strict=True)]
    return median["qualbot"] / median["echo"], per_round


SCENARIOS: tuple[tuple[str, float, int, int, str | float], ...] = (
    # (title, Bot API round trip s, users, updates per user, feeding)
    ("no network: one update at a time via `process_update`", 0.0, ECHO_USERS, 2, "one at a time"),
    ("no network: 32 users at once via `update_queue`, closed loop", 0.0, 32, 12, "closed"),
    ("100 ms round trip: 200 users at once via `update_queue`, closed loop (saturated)", 0.1, 200, 3, "closed"),
    ("250 ms round trip: 200 users at once via `update_queue`, closed loop (saturated)", 0.25, 200, 2, "closed"),
    ("100 ms round trip: 30 updates/s arriving (Telegram's outgoing cap), open loop", 0.1, 150, 1, 30.0),
    ("100 ms round trip: 100 updates/s arriving (3× the cap), open loop", 0.1, 200, 2, 100.0),
)


def compare_with_echo(rounds: int = 5, scenarios=SCENARIOS) -> list[str]:
    """The Telegram path against the textbook PTB echo bot, same run, several feedings and latencies."""
    lines = [
        f"## the Telegram path against a plain PTB echo bot (same run; {rounds} alternating rounds per "
        "feeding, warm-up excluded; median of rounds, min–max in brackets)",
        "Both bots are started as deployed (`Application.start`) with the same number of updates in flight "
        "(PTB's `concurrent_updates(32)` for the echo bot; Qualbot's `PerUserOrder`, 32) and fed the same "
        "`Update.de_json` updates from the same users, each asking a different question each time (closed loop: "
        "each user sends the next once the last is answered; open loop: updates arrive at a fixed rate). "
        "The Bot API is `FakeBotApi` (checking HTML and Telegram's limits) after an `asyncio.sleep` of the round "
        "trip (none: answering at once). "
        "Qualbot: `build_application` with its TinyDB store and persistence, real knowledge, flood guard and "
        "outgoing limiter off.",
        "",
        "| feeding | echo /s (min–max) | Qualbot /s (min–max) | Qualbot / echo (per-round range) | "
        "p50 / p99 ms echo | p50 / p99 ms Qualbot |",
        "|---|---|---|---|---|---|",
    ]
    ceilings = []
    for title, latency, users, per_user, feeding in scenarios:
        with tempfile.TemporaryDirectory() as scratch:
            results, _ = asyncio.run(_echo_vs_qualbot(Path(scratch), latency, users, per_user, rounds, feeding))
        ratio, per_round = _ratios(results)
        cells = {}
        for side in ("echo", "qualbot"):
            rates = [rate for rate, _ in results[side]]
            flat = [x for _, t in results[side] for x in t]
            cells[side] = (
                f"{statistics.median(rates):.0f} ({min(rates):.0f}–{max(rates):.0f})",
                f"{_percentile(flat, 0.5) * 1000:.1f} / {_percentile(flat, 0.99) * 1000:.1f}",
            )
        lines.append(
            f"| {title} | {cells['echo'][0]} | {cells['qualbot'][0]} | **{ratio:.2f}×** "
            f"({min(per_round):.2f}–{max(per_round):.2f}) | {cells['echo'][1]} | {cells['qualbot'][1]} |"
        )
        if latency == 0 and feeding == "one at a time":
            ceilings.append(statistics.median(rate for rate, _ in results["echo"]))
    core = _core_alone(400, rounds)
    core_rate = statistics.median(core)
    if ceilings:
        echo_rate = ceilings[0]
        # if Qualbot's whole Telegram path cost no more than the echo bot's entire update
        both = 1 / (1 / core_rate + 1 / echo_rate)
        lines += [
            "",
            f"Ceiling without a network: `Assistant.ask` alone (no Telegram, no storage; bot/core, resolve, "
            f"matching and retrieval untouched here) runs {core_rate:.0f} questions/s "
            f"({min(core):.0f}–{max(core):.0f}) = **{core_rate / echo_rate:.2f}×** the echo bot before any "
            f"Telegram work; with a Telegram path as cheap as the whole echo bot's, {both / echo_rate:.2f}×.",
        ]
    return lines


def run(count: int = 300, rounds: int = 5, scenarios=SCENARIOS) -> list[str]:
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
    return [*lines, "", *compare_with_echo(rounds, scenarios)]
