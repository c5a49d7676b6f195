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


def _echo_application(api: FakeBotApi):
    """The textbook python-telegram-bot echo bot: one MessageHandler replying with the text.
    Same request object class, same update processor as Qualbot (`PerUserOrder`), no persistence."""
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    from bot.tg.ordering import PerUserOrder

    async def echo(update, context) -> None:
        await update.message.reply_text(update.message.text)

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(api)
        .get_updates_request(api)
        .updater(None)
        .concurrent_updates(PerUserOrder())
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application


async def _timed_run(step: Callable[[int], Awaitable[object]], count: int, warmup: int) -> list[float]:
    """Seconds per update for `count` updates after `warmup` unmeasured ones."""
    for i in range(warmup):
        await step(i)
    timings = []
    for i in range(warmup, warmup + count):
        started = time.perf_counter()
        await step(i)
        timings.append(time.perf_counter() - started)
    return timings


def _question(i: int) -> str:
    """The i-th update's text: each user asks a different question each time (with `i % len(QUESTIONS)`
    and 200 users every user would repeat one question, and Qualbot would never write a session)."""
    return QUESTIONS[(i + i // ECHO_USERS) % len(QUESTIONS)]


async def _echo_vs_qualbot(count: int, rounds: int, scratch: Path) -> dict[str, list[list[float]]]:
    """Both bots fed by `TelegramUser` (real `Update.de_json` → `Application.process_update`,
    `FakeBotApi` answering), the same questions from the same `ECHO_USERS` users, alternating
    rounds so that load from other processes hits both sides alike."""
    settings = Settings(today=Settings.from_env().today)
    qualbot = BotUnderTest(scratch / "echo-vs", build_assistant(settings), outgoing_rate=0, flood_limit=0)
    await qualbot.start()
    echo_api = FakeBotApi()
    echo_app = _echo_application(echo_api)
    await echo_app.initialize()
    echo_users = [TelegramUser(echo_app, echo_api, Person(70_000 + i, f"E{i}")) for i in range(ECHO_USERS)]
    qualbot_users = [qualbot.user(Person(70_000 + i, f"E{i}")) for i in range(ECHO_USERS)]

    async def echo_step(i: int):
        await echo_users[i % ECHO_USERS].says(_question(i))

    async def qualbot_step(i: int):
        await qualbot_users[i % ECHO_USERS].says(_question(i))

    assistant = qualbot.assistant
    sessions: dict[int, dict] = {}

    async def core_step(i: int):  # the floor: what the core alone costs for the same questions
        user = 70_000 + i % ECHO_USERS
        assistant.ask(_question(i), assistant.context(None, None, user), sessions.setdefault(user, {}))

    timings: dict[str, list[list[float]]] = {"echo": [], "qualbot": [], "core": []}
    try:
        warmup = 50
        for _ in range(rounds):
            timings["echo"].append(await _timed_run(echo_step, count, warmup))
            timings["qualbot"].append(await _timed_run(qualbot_step, count, warmup))
            timings["core"].append(await _timed_run(core_step, count, warmup))
            warmup = 0  # one warm-up per side is enough; later rounds continue where the last stopped
    finally:
        await echo_app.shutdown()
        await qualbot.stop()
    assert len(echo_api.shown) >= count * rounds and all(s.kind == "message" for s in echo_api.shown)
    return timings


def compare_with_echo(count: int = 400, rounds: int = 3) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        timings = asyncio.run(_echo_vs_qualbot(count, rounds, Path(scratch)))

    def row(side: str, what: str, label: str | None = None) -> tuple[str, float]:
        per_round = [len(t) / sum(t) for t in timings[side]]
        flat = sorted(x for t in timings[side] for x in t)
        rate = statistics.median(per_round)
        p50, p99 = flat[len(flat) // 2] * 1000, flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000
        spread = f"{min(per_round):.0f}–{max(per_round):.0f}"
        return f"| {label or side} | {what} | {rate:.0f} ({spread}) | {p50:.2f} | {p99:.2f} |", rate

    echo_line, echo_rate = row("echo", "PTB Application, one MessageHandler: `reply_text(text)`; no persistence")
    qb_line, qb_rate = row(
        "qualbot",
        "`build_application`: flood guard and outgoing limiter off, TinyDB store "
        "and persistence, real knowledge; the answer with its buttons",
    )
    core_line, core_rate = row(
        "core",
        "`Assistant.ask` on the same questions, no Telegram, no storage: "
        "Qualbot's ceiling without touching bot/core, resolve, matching, retrieval",
        "(core alone)",
    )
    ratio = qb_rate / echo_rate
    return [
        f"## the Telegram path against a plain PTB echo bot (same run, {rounds} alternating rounds of {count} "
        f"text updates each, {ECHO_USERS} users, warm-up excluded)",
        "| bot | what it does per update | updates/s median of rounds (min–max) | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
        echo_line,
        qb_line,
        core_line,
        f"Qualbot / echo throughput: **{ratio:.2f}×** (target ≥ 0.90×; the core alone would allow at most "
        f"{core_rate / echo_rate:.2f}×). Both are fed identically: "
        "`Update.de_json` → `Application.process_update` (one update at a time), `FakeBotApi` (the same "
        "request class, checking HTML and limits) answering every call in-process; the same "
        f"{len(QUESTIONS)} questions in the same order, each user asking a different one each time.",
    ]


# ---- the same comparison with Telegram's round trip: concurrent users, updates via the queue ----
class LatentBotApi(FakeBotApi):
    """`FakeBotApi` whose every call takes `latency` seconds, like a Bot API round trip."""

    def __init__(self, latency: float):
        super().__init__()
        self.latency = latency

    async def do_request(self, *args, **kwargs):
        await asyncio.sleep(self.latency)
        return await super().do_request(*args, **kwargs)


async def _closed_loop(application, users: list[TelegramUser], per_user: int, first: int) -> list[float]:
    """Each user sends a question, waits until the bot has handled it, sends the next. Updates go
    through `update_queue` and the application's update processor (`PerUserOrder` on both sides),
    as in production. Returns seconds from enqueue to handled, per update."""
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

    async def one(k: int, user: TelegramUser) -> None:
        for j in range(per_user):
            payload = {
                "update_id": next(TelegramUser.update_ids),
                "message": user._message({"text": QUESTIONS[(first + k + j) % len(QUESTIONS)]}),
            }
            done = asyncio.get_running_loop().create_future()
            waiting[payload["update_id"]] = done
            started = time.perf_counter()
            await application.update_queue.put(Update.de_json(payload, application.bot))
            await done
            timings.append(time.perf_counter() - started)

    try:
        await asyncio.gather(*(one(k, u) for k, u in enumerate(users)))
    finally:
        processor.do_process_update = original
    for user in users:
        if user.errors:
            raise user.errors[0]
    return timings


async def _echo_vs_qualbot_latent(
    latency: float, users: int, per_user: int, rounds: int, scratch: Path
) -> tuple[dict[str, list[tuple[float, list[float]]]], int]:
    settings = Settings(today=Settings.from_env().today)
    qualbot = BotUnderTest(scratch / "latent", build_assistant(settings), outgoing_rate=0, flood_limit=0)
    qualbot.api = LatentBotApi(latency)
    await qualbot.start()
    echo_api = LatentBotApi(latency)
    echo_app = _echo_application(echo_api)
    await echo_app.initialize()
    await echo_app.start()
    await qualbot.application.start()
    sides = {
        "echo": (echo_app, [TelegramUser(echo_app, echo_api, Person(90_000 + i, f"L{i}")) for i in range(users)]),
        "qualbot": (qualbot.application, [qualbot.user(Person(90_000 + i, f"L{i}")) for i in range(users)]),
    }
    results: dict[str, list[tuple[float, list[float]]]] = {"echo": [], "qualbot": []}
    concurrent = {app.update_processor.max_concurrent_updates for app, _ in sides.values()}
    assert len(concurrent) == 1, "both sides must process the same number of updates at once"
    try:
        for application, people in sides.values():  # warm-up, not measured
            await _closed_loop(application, people, 2, 0)
        for r in range(rounds):
            for side, (application, people) in sides.items():
                started = time.perf_counter()
                timings = await _closed_loop(application, people, per_user, r)
                results[side].append((len(timings) / (time.perf_counter() - started), timings))
    finally:
        await echo_app.stop()
        await qualbot.application.stop()
        await echo_app.shutdown()
        await qualbot.stop()
    return results, concurrent.pop()


def compare_with_echo_latent(latency: float = 0.1, users: int = 32, per_user: int = 10, rounds: int = 3) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        results, concurrent = asyncio.run(_echo_vs_qualbot_latent(latency, users, per_user, rounds, Path(scratch)))
    rates = {}
    lines = [
        f"## the same two bots with a {latency * 1000:.0f} ms Bot API round trip ({users} users each sending "
        f"{per_user} questions one after another, through `update_queue` and `PerUserOrder` "
        f"(≤ {concurrent} updates at once) on both sides; {rounds} alternating rounds, warm-up excluded)",
        "| bot | updates/s median of rounds (min–max) | p50 ms | p99 ms |",
        "|---|---|---|---|",
    ]
    for side in ("echo", "qualbot"):
        per_round = [rate for rate, _ in results[side]]
        flat = sorted(x for _, t in results[side] for x in t)
        rates[side] = statistics.median(per_round)
        lines.append(
            f"| {side} | {rates[side]:.0f} ({min(per_round):.0f}–{max(per_round):.0f}) | "
            f"{flat[len(flat) // 2] * 1000:.0f} | {flat[min(len(flat) - 1, int(len(flat) * 0.99))] * 1000:.0f} |"
        )
    lines.append(
        f"Qualbot / echo throughput with the round trip: **{rates['qualbot'] / rates['echo']:.2f}×** "
        "(the latency is `asyncio.sleep` in the same `FakeBotApi`; it stands for Telegram's 0.1–0.3 s)."
    )
    return lines


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
    return [*lines, "", *compare_with_echo(), "", *compare_with_echo_latent()]
