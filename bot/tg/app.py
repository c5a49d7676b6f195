"""The one factory for the Telegram Application (production and tests), and `run_bot`."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import sys
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot import pages
from bot.core import Assistant
from bot.settings import Settings
from bot.storage import DataFileError
from bot.store import DataDirBusy, NewerSchema, StorageUnavailable, Store, open_storage
from bot.store.sessions import SessionFiles
from bot.tg.flood import FloodGuard, FloodPolicy
from bot.tg.handlers import TelegramFace, register
from bot.tg.ordering import PerUserOrder
from bot.tg.persistence import persistence_for

if TYPE_CHECKING:
    from typing import TypeAlias

    from bot.store.postgres import PostgresStore

    AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
log = logging.getLogger("qualbot.telegram")
_STORES: weakref.WeakKeyDictionary[AnyApplication, Store] = (
    weakref.WeakKeyDictionary()
)  # application → its store (closed by run_bot)


def build_application(
    settings: Settings,
    assistant: Assistant | None = None,
    storage: Store | None = None,
    request: BaseRequest | None = None,
    *,
    flood_clock: Callable[[], float] | None = None,
) -> AnyApplication:
    """Build the bot. With `request` (tests, tools) all Bot API calls go through it and there
    is no updater: updates are fed to `Application.process_update`.

    Raises `DataFileError` when a data file is unreadable, `DataDirBusy` when another process owns
    the data directory, `StorageUnavailable` / `NewerSchema` for the database (start-up must stop).
    """
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # the store first: a second process on the same data directory stops here, at once
    opened = storage is None
    storage = storage or open_storage(settings)  # TinyDB (this process owns the data dir) or PostgreSQL
    try:
        if assistant is None:
            from bot.assembly import build_assistant

            assistant = build_assistant(settings)
        persistence = persistence_for(storage, settings.data_dir)
    except BaseException:
        if opened:
            storage.close()  # and with it the data directory's lock
        raise
    cluster = getattr(storage, "kind", None) == "postgres"  # several workers may share this store

    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=ZoneInfo("Asia/Shanghai")))
        .persistence(persistence)
        .post_init(lambda application: set_commands(application, assistant))
        .post_shutdown(lambda _: _close(storage))
    )
    if cluster:  # each user's updates in arrival order across workers, the order kept in the database
        from bot.tg.cluster import DatabaseUserOrder, RegisteringQueue

        order = DatabaseUserOrder(cast(str, settings.database_url))  # `cluster` means PostgreSQL
        builder = builder.concurrent_updates(order).update_queue(RegisteringQueue(order))
    else:
        builder = builder.concurrent_updates(PerUserOrder())
    if settings.outgoing_rate > 0:
        limiter = AIORateLimiter(overall_max_rate=settings.outgoing_rate, max_retries=2)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]  # PTB types the builder for no limiter
    if request is not None:
        builder = builder.request(request).get_updates_request(request).updater(None)
    application = builder.build()
    _STORES[application] = storage

    flood: Any = None  # FloodGuard, or SharedFloodGuard with several workers
    if settings.flood_limit > 0:
        policy = FloodPolicy(limit=settings.flood_limit, window=settings.flood_window)
        flood = FloodGuard(policy, flood_clock) if flood_clock else FloodGuard(policy)
        if cluster:
            from bot.tg.cluster import SharedFloodGuard

            shared = cast("PostgresStore", storage)  # `cluster` means PostgreSQL
            flood = SharedFloodGuard(shared, policy, flood_clock) if flood_clock else SharedFloodGuard(shared, policy)
    register(application, TelegramFace(assistant, storage, flood))
    # Exam reminders (bot/exams): 🔔 subscriptions go to `storage`; their JobQueue jobs are rebuilt here.
    import datetime as dt

    from bot.tg.reminder_wiring import connect_reminders

    scheduler = connect_reminders(
        application,
        assistant,
        storage,
        lease=dt.timedelta(seconds=settings.reminder_lease),
        grace=dt.timedelta(hours=settings.reminder_grace_hours),
    )
    # Staff tools (bot/staff): staff commands, update opt-in, question-log retention job;
    # in production (no test request) also the pid file + SIGHUP reload used by `qualbot kb reload`.
    from bot.tg.staff import register_staff_handlers

    tools = register_staff_handlers(application, assistant, storage, settings, local_control=request is None)
    if cluster:  # /reload followed by every worker, reminders of other workers' subscriptions
        from bot.tg.cluster import connect_cluster

        connect_cluster(application, assistant, cast("PostgresStore", storage), settings, tools, scheduler)
    if application.job_queue is not None:  # the question log is written at most every few seconds
        application.job_queue.run_repeating(lambda _: _flush(storage), interval=5, name="flush question log")
        files = getattr(persistence, "files", None)
        if isinstance(files, SessionFiles) and files.write_behind > 0:  # sessions: see bot.store.sessions

            async def flush_sessions(_: object) -> None:
                await files.flush_in_background()  # written and fsynced in a worker thread

            application.job_queue.run_repeating(flush_sessions, interval=files.write_behind, name="flush sessions")
    if request is None:  # production: start-up line, readiness and heartbeat for systemd / the container
        _add_lifecycle(application, assistant, settings)
    return application


def _add_lifecycle(application: AnyApplication, assistant: Assistant, settings: Settings) -> None:
    from bot import __version__
    from bot.lifecycle import HEARTBEAT_EVERY, Heartbeat, notify

    heartbeat = Heartbeat(settings.data_dir)
    previous_init, previous_shutdown = application.post_init, application.post_shutdown

    async def beat(_: object = None) -> None:
        heartbeat.beat()

    async def post_init(app: AnyApplication) -> None:
        if previous_init is not None:
            await previous_init(app)
        log.info(
            "qualbot %s started: knowledge version %s, bot @%s, %s",
            __version__,
            assistant.kb.version,
            app.bot.username,
            "webhook" if settings.webhook_url else "long polling",
        )
        notify("READY=1", f"STATUS=knowledge {assistant.kb.version}")
        heartbeat.beat()
        if app.job_queue is not None:
            app.job_queue.run_repeating(beat, interval=HEARTBEAT_EVERY, first=HEARTBEAT_EVERY, name="heartbeat")

    async def post_shutdown(app: AnyApplication) -> None:
        notify("STOPPING=1")
        heartbeat.remove()
        if previous_shutdown is not None:
            await previous_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown


async def _flush(storage: Store) -> None:
    storage.flush()


async def _close(storage: Store) -> None:
    storage.close()


def bot_commands(assistant: Assistant) -> list[BotCommand]:
    """Built-in commands, then any a specialist announces as `commands = {name: description}`."""
    return [BotCommand(name, description) for name, description in pages.command_list(assistant.specialists)]


async def set_commands(application: AnyApplication, assistant: Assistant) -> None:
    await application.bot.set_my_commands(bot_commands(assistant))


class _RedactToken(logging.Filter):
    """Belt and braces: no log line may contain the bot token (it grants control of the bot)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:  # tracebacks too: an error page may echo the URL (L2)
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, "<token>")
        return True


_TRACEBACKS = logging.Formatter()


def configure_logging(token: str | None) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    for noisy in ("httpx", "httpcore"):  # their INFO lines print request URLs, which contain the token
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # two lines per job run otherwise
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_RedactToken(token))


STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGABRT")  # what python-telegram-bot stops on by default


def _stop_gracefully_on_signals(application: AnyApplication) -> None:
    """Stop on SIGTERM (systemd, docker stop) and SIGINT only once the application can stop cleanly.
    python-telegram-bot raises SystemExit from its own handler wherever the event loop is: a stop
    arriving while polling was still starting (right after READY=1) left the updater half started,
    failed the shutdown ("Event loop stopped before Future completed") and skipped STOPPING=1 and
    the heartbeat's removal. Here a stop is remembered and carried out when the application runs —
    or, asked before post_init, right after it (the library then shuts down without polling)."""
    asked = threading.Event()
    loops: list[asyncio.AbstractEventLoop] = []

    async def stop_when_running() -> None:
        while not application.running:
            await asyncio.sleep(0.05)
        application.stop_running()

    def schedule_stop() -> None:  # on the event loop
        application.create_task(stop_when_running(), name="stop on signal")

    def on_signal(signum: int, frame: object) -> None:
        if asked.is_set():  # already stopping: a second signal must not cut the shutdown short
            return
        asked.set()
        log.info("stop requested (signal %s)", signum)
        if loops:
            loops[0].call_soon_threadsafe(schedule_stop)

    previous_init = application.post_init

    async def post_init(app: AnyApplication) -> None:
        if previous_init is not None:
            await previous_init(app)
        loops.append(asyncio.get_running_loop())
        if asked.is_set():
            app.stop_running()

    application.post_init = post_init
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)


def run_bot(settings: Settings) -> int:
    """`qualbot run` with a token: long polling, or a webhook server when a URL is set."""
    configure_logging(settings.token)
    if settings.database_url and settings.webhook_url and not settings.webhook_secret:
        # every worker behind the proxy must check the same secret: a random one per start would refuse the others'
        print(
            "qualbot: with QUALBOT_DATABASE_URL and a webhook, set QUALBOT_WEBHOOK_SECRET (the same for every worker)",
            file=sys.stderr,
        )
        return 2
    try:
        application = build_application(settings)
    except (DataFileError, DataDirBusy, StorageUnavailable, NewerSchema) as exc:
        log.error("not starting: %s", exc)
        print(f"qualbot: {exc}", file=sys.stderr)
        # 2: damaged data or a newer schema (restarting will not help); 3: another process owns the
        # data directory; 4: the database is unreachable or not migrated yet (worth retrying)
        return 3 if isinstance(exc, DataDirBusy) else 4 if isinstance(exc, StorageUnavailable) else 2
    _stop_gracefully_on_signals(application)
    if settings.webhook_url:
        from bot.tg import webhook

        webhook.install()  # headers checked before the body is read; body size bounded (security review H2)
        secret = settings.webhook_secret or secrets.token_urlsafe(32)  # Telegram echoes it in every request
        log.info("starting webhook server on %s:%s", settings.listen, settings.port)
        application.run_webhook(
            listen=settings.listen,
            port=settings.port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            stop_signals=None,  # _stop_gracefully_on_signals
        )
    else:
        log.info("starting long polling")
        application.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)
    store = _STORES.get(application)  # closed at shutdown already; again so the data directory's lock is let go
    if store is not None:
        store.close()
    return 0
