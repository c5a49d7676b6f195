"""Several workers on one PostgreSQL: what a single process used to keep in memory.

- `DatabaseUserOrder`: each user's updates in arrival order across workers. Inside a worker the
  in-memory FIFO lock (`PerUserOrder`) orders them; across workers a session advisory lock keyed
  by the user id is held while the update is handled. PostgreSQL queues lock requests first come,
  first served, and releases the lock when a worker's connection dies (SIGKILL included).
- `SharedFloodGuard`: `FloodGuard`'s policy on a row per user, so a flood spread over workers counts once.
- `KnowledgeSync`: a successful /reload bumps the `knowledge` generation row; every worker polls it
  and reloads from its own knowledge directory when it moves (a version row, polled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from bot.store.postgres import DB_ERRORS, PostgresStore
from bot.store.protocol import StorageUnavailable
from bot.tg.flood import FloodPolicy
from bot.tg.ordering import PerUserOrder

log = logging.getLogger("qualbot.cluster")
KNOWLEDGE = "knowledge"


WORKER_LOCKS = 913_001  # advisory lock class of the workers' liveness locks (pg_locks.classid)
ORDER_TIMEOUT = 30.0  # seconds an update waits for an earlier one of the same user before going ahead


class DatabaseUserOrder(PerUserOrder):
    """Each user's updates in arrival order across workers.

    1. On arrival (before the webhook answers 200, via `RegisteringQueue`) the update is
       registered in `inbox` (user, update_id, this worker's number) and committed.
    2. Handling takes the user's advisory lock, then waits while an earlier update of the same
       user is registered by a *live* worker (each worker holds a liveness advisory lock for its
       lifetime; a SIGKILLed worker's lock vanishes with its connection, so its rows stop counting).
    3. After handling, the row is deleted and the lock released.
    Inside one worker the in-memory FIFO lock of `PerUserOrder` keeps its own updates in order.
    """

    def __init__(self, url: str, max_concurrent_updates: int = 32):
        super().__init__(max_concurrent_updates)
        self.url = url
        self.worker = secrets.randbelow(2**31 - 1) + 1
        self._pool: Any = None
        self._liveness: Any = None
        self._opening = asyncio.Lock()

    async def _connections(self) -> Any:
        import psycopg
        from psycopg_pool import AsyncConnectionPool

        async with self._opening:
            if self._liveness is None or self._liveness.closed:
                liveness = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
                await liveness.execute("SELECT pg_advisory_lock(%s, %s)", (WORKER_LOCKS, self.worker))
                self._liveness = liveness
            if self._pool is None:
                pool = AsyncConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self.max_concurrent_updates + 4,
                    open=False,
                    timeout=5,
                    # coordination rows are not user data: no fsync wait per update
                    kwargs={"autocommit": True, "options": "-c synchronous_commit=off"},
                    name="qualbot-order",
                )
                await pool.open(wait=False)
                self._pool = pool
        return self._pool

    async def register(self, update: object) -> None:
        """Called on arrival, before the update is queued (see `RegisteringQueue`)."""
        key = self._key(update)
        if key is None:
            return
        try:
            pool = await self._connections()
            async with pool.connection() as conn:
                await conn.execute(
                    "INSERT INTO inbox (user_id, update_id, worker) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (key, cast(Any, update).update_id, self.worker),
                )
        except DB_ERRORS as exc:
            log.error("could not register update %s in the database (%s)", getattr(update, "update_id", "?"), exc)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._key(update)
        if key is None:
            await coroutine
            return
        await super().do_process_update(update, self._across_workers(key, cast(Any, update).update_id, coroutine))

    async def _wait_turn(self, conn: Any, key: int, update_id: int) -> None:
        deadline = time.monotonic() + ORDER_TIMEOUT
        while True:
            await conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            cursor = await conn.execute(
                "SELECT 1 FROM inbox i WHERE i.user_id = %s AND i.update_id < %s AND EXISTS (SELECT 1 FROM pg_locks l "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = i.worker "
                "AND l.objsubid = 2) LIMIT 1",
                (key, update_id, WORKER_LOCKS),
            )
            if await cursor.fetchone() is None:
                return
            if time.monotonic() > deadline:
                log.warning("user %s: an earlier update is still pending after %.0f s; going ahead", key, ORDER_TIMEOUT)
                return
            await conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
            await asyncio.sleep(0.005)

    async def _across_workers(self, key: int, update_id: int, coroutine: Awaitable[Any]) -> None:
        started = False
        try:
            pool = await self._connections()
            async with pool.connection() as conn:
                await self._wait_turn(conn, key, update_id)
                started = True
                try:
                    await coroutine
                finally:
                    with contextlib.suppress(*DB_ERRORS):  # a lost connection took the lock with it
                        await conn.execute("DELETE FROM inbox WHERE user_id = %s AND update_id <= %s", (key, update_id))
                        await conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
            return
        except DB_ERRORS as exc:
            if started:
                log.warning("per-user database lock: connection lost after the update was handled (%s)", exc)
                return
            # Without the database the update is still handled (in this worker's order): its
            # storage calls fail too, and the user is asked to retry rather than told anything.
            log.error("per-user database lock unavailable (%s); handling the update without it", exc)
        await coroutine

    async def shutdown(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        if self._liveness is not None:
            await self._liveness.close()
            self._liveness = None


class RegisteringQueue(asyncio.Queue[object]):
    """The Application's update queue: registers each update with `DatabaseUserOrder` as it
    arrives — in webhook mode before the HTTP request is answered — then queues it."""

    def __init__(self, order: DatabaseUserOrder):
        super().__init__()
        self.order = order

    async def put(self, item: object) -> None:
        await self.order.register(item)
        await super().put(item)


class SharedFloodGuard:
    """Same answers as `bot.tg.flood.FloodGuard`, shared through the database (wall-clock time)."""

    def __init__(
        self,
        store: PostgresStore,
        policy: FloodPolicy = FloodPolicy(),  # noqa: B008 (frozen)
        clock: Callable[[], float] = time.time,
    ):
        self.store, self.policy, self.clock = store, policy, clock

    def check(self, user_id: int) -> str:
        try:
            return self.store.flood_check(
                user_id, self.clock(), self.policy.limit, self.policy.window, self.policy.pause
            )
        except StorageUnavailable:
            return "ok"  # flood control fails open; the handlers' own storage calls will report the outage


class KnowledgeSync:
    """Follow /reload across workers. `announce` after a local reload; `poll` periodically."""

    def __init__(self, store: PostgresStore, reload: Callable[[], Awaitable[object]]):
        self.store, self.reload = store, reload
        try:
            self.seen = store.generation(KNOWLEDGE)
        except StorageUnavailable:
            self.seen = 0

    def announce(self, result: Any) -> None:
        """ReloadListener: this worker reloaded; tell the others (the reload thread calls this)."""
        if getattr(result, "ok", False):
            self.seen = self.store.bump_generation(KNOWLEDGE, str(getattr(result, "version_after", "")))
            log.info("knowledge generation %d announced to the other workers", self.seen)

    async def poll(self, _context: object = None) -> bool:
        try:
            current = self.store.generation(KNOWLEDGE)
            if secrets.randbelow(1800) == 0:  # about hourly per worker: drop arrival rows a dead worker left
                self.store._exec("DELETE FROM inbox WHERE registered < now() - interval '1 day'")
        except StorageUnavailable:
            return False
        if current <= self.seen:
            return False
        self.seen = current
        log.info("knowledge generation %d announced by another worker: reloading", current)
        await self.reload()
        return True


class SharedPending:
    """Staff broadcasts awaiting their ✅ press, kept in the database: the press may reach another
    worker than the /broadcast did. `pop` is one DELETE … RETURNING, so a double press sends once."""

    def __init__(self, store: PostgresStore):
        self.store = store

    def __setitem__(self, key: str, pending: Any) -> None:
        import dataclasses

        self.store._set_global(f"broadcast:{key}", dataclasses.asdict(pending))

    def pop(self, key: str, default: Any = None) -> Any:
        from bot.tg.broadcast import Audience
        from bot.tg.staff import PendingBroadcast

        row = self.store._one("DELETE FROM telegram_globals WHERE name = %s RETURNING data", (f"broadcast:{key}",))
        if row is None:
            return default
        data = row[0]
        return PendingBroadcast(Audience(**data["audience"]), data["text"], data["staff_id"])


def connect_cluster(
    application: Any, assistant: Any, store: PostgresStore, settings: Any, tools: Any, scheduler: Any
) -> KnowledgeSync:
    """Wire a worker into its cluster (called by `build_application` when the store is PostgreSQL)."""
    from bot.staff.reload import reload_knowledge

    async def follow() -> None:
        result = await asyncio.to_thread(reload_knowledge, assistant, settings)  # no listeners: no re-announce
        if getattr(result, "ok", False) and scheduler is not None:
            scheduler.rebuild()

    sync = KnowledgeSync(store, follow)
    if tools is not None:
        tools.listeners.insert(0, sync.announce)  # the other workers first: notices may take a while
        tools.pending = SharedPending(store)
    if application.job_queue is not None:
        application.job_queue.run_repeating(sync.poll, interval=2.0, first=2.0, name="qualbot-knowledge-sync")
        if scheduler is not None:  # subscriptions made on other workers get their jobs here too
            from bot.tg.reminders import JOB_PREFIX

            async def rebuild(_context: object) -> None:
                try:
                    scheduler._sync(scheduler.planned(), JOB_PREFIX)  # rebuild() without its log line
                except StorageUnavailable:
                    log.warning("reminder rebuild skipped: the database is unavailable")

            every = settings.reminder_rebuild
            application.job_queue.run_repeating(rebuild, interval=every, first=every, name="qualbot-reminder-rebuild")
    return sync
