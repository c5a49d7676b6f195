"""The session files of the embedded store (TinyDB), without python-telegram-bot.

User and chat data (the users' sessions) are sharded by id into `sessions/NN.json` (see
`bot.storage.ShardSet`), so a session write rewrites one small file, not everybody's sessions;
bot data, callback data and conversations are global and small: `telegram.json`. The store
reads and writes sessions here; the Telegram face's `TinyDBPersistence` is PTB's view of the
same object (`bot.tg.persistence`), so both see one cache and one set of open files.

Sessions are soft state: the user is never told a dialog step or "the last topic" was saved.
So user and chat data are written behind (`write_behind` seconds, default
`SESSION_FLUSH_SECONDS`): `put` changes memory at once and the changed shards go to disk
together — one fsync per shard and one for the directory — on the Telegram face's timer of that
period (`flush_in_background`: encoded on the event loop, written and fsynced in a worker thread,
so no update waits for the disk), or, when the timer is late, by the first `put` once the period
has passed (in a worker thread too; synchronously after two periods, e.g. on a loop that never
yields), and at shutdown (`flush()`, `close()`, which also wait for a flush still writing).
A `kill -9` therefore loses at most the session changes of the last period or so; everything the
user IS told about (profile, feedback, subscriptions, /forget) goes through the store's own files,
written before the reply. Dropping a session (/forget) is never deferred: the shard is rewritten
before `drop` returns, under the file's lock and with a higher version number, so a flush still in
flight can never put the older text back. `write_behind=0` writes every change through, as before.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from tinydb.table import Document, Table

from bot.storage import (
    SHARDS,
    AtomicJSONStorage,
    ShardSet,
    flush_together,
    open_db,
    prepare_flush,
    unprepare,
    write_prepared,
)

SHARDED = ("user_data", "chat_data")
SESSION_FLUSH_SECONDS = 1.0  # at most this much session progress is lost to a kill -9
log = logging.getLogger("qualbot.storage")


def _fingerprint(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _blank(data: Any) -> bool:
    """{} or {"session": {}}: nothing worth a disk write."""
    return isinstance(data, dict) and all(value in ({}, [], None) for value in data.values())


class SessionFiles:
    """User, chat and bot data, callback data and conversations, written atomically."""

    def __init__(
        self,
        path: str | Path,
        shards: int = SHARDS,
        write_behind: float = SESSION_FLUSH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.path = Path(path)  # telegram.json; the shards are in `sessions/` next to it
        self.db = open_db(self.path)
        self._sessions = ShardSet(self.path.parent / "sessions", shards)
        self._migrate_single_file()
        self._written: dict[tuple[str, Any], str] = {}  # what memory holds (disk too, once flushed)
        self.write_behind, self.clock = write_behind, clock
        self._pending_since: float | None = None  # when the oldest change not yet on disk was made
        self._in_flight: asyncio.Task[int] | None = None  # a flush writing in a worker thread
        self._written_out = threading.Event()  # set while no worker thread holds a prepared batch
        self._written_out.set()
        # The session writer's own thread, not the loop's shared default executor: a flush queued
        # there behind busy jobs (several /reload runs) would leave `flush()` — which waits for it
        # on the event loop — blocked until they finish.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qualbot-sessions")

    # ---- reading -------------------------------------------------------------------------
    def table(self, table: str, key: int) -> Table:
        """user_data and chat_data live in the key's session shard, the rest in telegram.json."""
        return self._sessions.db(key).table(table) if table in SHARDED else self.db.table(table)

    def keyed(self, table: str) -> dict[int, dict[str, Any]]:
        return {doc.doc_id: copy.deepcopy(doc["data"]) for db in self._sessions.dbs for doc in db.table(table).all()}

    def _migrate_single_file(self) -> None:
        """Move user/chat data left in telegram.json by the single-file layout into the shards
        (idempotent; dropped from the global file only once every shard is durable)."""
        legacy = [name for name in SHARDED if name in self.db.tables()]
        changed: dict[int, dict[str, Any]] = {}
        for name in legacy:
            for doc in self.db.table(name).all():
                index = self._sessions.index(doc.doc_id)
                data = changed.setdefault(index, copy.deepcopy(self._sessions.dbs[index].storage.read() or {}))
                data.setdefault(name, {})[str(doc.doc_id)] = dict(doc)
        for index, data in changed.items():
            self._sessions.dbs[index].storage.write(data)
        for name in legacy:
            self.db.drop_table(name)

    # ---- writing ---------------------------------------------------------------------------
    def _shard(self, key: int) -> AtomicJSONStorage:
        return cast(AtomicJSONStorage, self._sessions.db(key).storage)

    def put(self, table: str, key: int, data: Any) -> None:
        """Keep `data` for `key`: user and chat data within `write_behind` seconds (see the
        module's docstring), the global tables durable on return."""
        fingerprint = _fingerprint(data)
        if self._written.get((table, key)) == fingerprint:
            return
        if table in SHARDED and self.write_behind > 0:
            shard = self._shard(key)
            if (table, key) not in self._written and _blank(data) and shard.get_row(table, key) is None:
                self._written[(table, key)] = fingerprint  # nothing to keep yet (most users have no session)
                return
            # a copy: PTB keeps changing its own dict, and the file's cached JSON must match memory
            shard.put_row(table, key, {"data": copy.deepcopy(data)})
            self._sessions.db(key).table(table).clear_cache()
            self._written[(table, key)] = fingerprint
            now = self.clock()
            if self._pending_since is None:
                self._pending_since = now
            elif now - self._pending_since >= self.write_behind:  # the timer is late (or absent):
                self._flush_soon(overdue=now - self._pending_since >= 2 * self.write_behind)
            return
        stored = self.table(table, key)
        if (table, key) not in self._written and _blank(data) and not stored.contains(doc_id=key):
            self._written[(table, key)] = fingerprint
            return
        try:
            stored.upsert(Document({"data": copy.deepcopy(data)}, doc_id=key))
        except BaseException:
            self._written.clear()  # a failed write reloads the file: memory may no longer match
            raise
        self._written[(table, key)] = fingerprint

    def drop(self, table: str, key: int) -> None:
        """Delete `key`'s data, durable on return (never deferred: /forget confirms it)."""
        stored = self.table(table, key)
        try:
            if stored.contains(doc_id=key):
                stored.remove(doc_ids=[key])  # writes the shard now, with any deferred rows in it
        except BaseException:
            self._written.clear()
            raise
        self._written.pop((table, key), None)

    @property
    def pending(self) -> bool:
        """Changes in memory that are not on disk yet."""
        return any(cast(AtomicJSONStorage, db.storage).dirty for db in self._sessions.dbs)

    def _shards(self) -> list[AtomicJSONStorage]:
        return [cast(AtomicJSONStorage, db.storage) for db in self._sessions.dbs]

    def flush(self) -> int:
        """Write every shard with deferred changes now, as one group, and wait for a worker thread's
        flush still writing; returns how many were written here. Everything is on disk on return."""
        self._written_out.wait()  # its batch was marked written when it was prepared
        self._pending_since = None
        try:
            return flush_together(self._shards())
        except BaseException:
            self._pending_since = self.clock()  # still pending: the next put or timer tries again
            raise

    async def flush_in_background(self) -> int:
        """The timer's flush: the changed shards are encoded here, on the event loop, and written and
        fsynced in a worker thread, so no update waits for the disk. Returns how many were written
        (0 while another such flush is still writing: the next tick takes the rest)."""
        me = asyncio.current_task()
        if self._in_flight is not None and self._in_flight is not me and not self._in_flight.done():
            return 0
        self._in_flight = me
        batch = prepare_flush(self._shards())
        self._pending_since = None
        if not batch:
            return 0
        self._written_out.clear()

        def write() -> int:
            try:
                return write_prepared(batch)
            finally:
                self._written_out.set()

        try:
            return await asyncio.get_running_loop().run_in_executor(self._writer, write)
        except BaseException:
            unprepare(batch)
            self._pending_since = self.clock()
            raise

    def _flush_soon(self, overdue: bool) -> None:
        """From `put`: in a worker thread when an event loop runs (the handler does not wait), else — or
        when even that has not happened for another period (a loop that never yields) — now."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or overdue:
            self.flush()
            return
        if self._in_flight is None or self._in_flight.done():
            self._in_flight = loop.create_task(self.flush_in_background())
            self._in_flight.add_done_callback(_log_failure)

    def close(self) -> None:
        self.flush()
        self._writer.shutdown(wait=True)
        self.db.close()  # every other write is already on disk
        self._sessions.close()


def _log_failure(task: asyncio.Task[int]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("session flush failed; the changes stay pending and are retried", exc_info=task.exception())
