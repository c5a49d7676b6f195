"""python-telegram-bot persistence in TinyDB files in the data directory.

User and chat data (the users' sessions) are sharded by id into `sessions/NN.json` (see
`bot.storage.ShardSet`), so a session write rewrites one small file, not everybody's sessions;
bot data, callback data and conversations are global and small: `telegram.json`.

PTB only calls the `update_*` methods every `update_interval` seconds and at shutdown, so
the face also calls `update_user_data` itself before confirming anything that lives in
user data (the core's session) — see `bot.tg.handlers`. Unchanged data is not rewritten.

The files are read and written on one worker thread of their own, in the order the calls were
made: a write (an fsync, milliseconds on a busy disk) no longer stops the event loop, so other
users' updates run meanwhile, while the caller still awaits its write being on disk. The data is
copied when the call is made, so later changes in memory cannot leak into an earlier write.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey
from tinydb import Query
from tinydb.table import Document

from bot.storage import SHARDS, ShardSet, open_db

SHARDED = ("user_data", "chat_data")


def _fingerprint(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _blank(data: Any) -> bool:
    """{} or {"session": {}}: nothing worth a disk write."""
    return isinstance(data, dict) and all(value in ({}, [], None) for value in data.values())


class TinyDBPersistence(BasePersistence[dict, dict, dict]):
    """User, chat and bot data, callback data and conversations, written atomically."""

    def __init__(self, path: str | Path, update_interval: float = 10, shards: int = SHARDS):
        super().__init__(store_data=PersistenceInput(), update_interval=update_interval)
        self._files = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qualbot-persistence")  # in call order
        self.path = Path(path)  # telegram.json; the shards are in `sessions/` next to it
        self._db = open_db(self.path)
        self._sessions = ShardSet(self.path.parent / "sessions", shards)
        self._migrate_single_file()
        self._written: dict[tuple[str, Any], str] = {}  # what the file holds (once queued writes are done)
        self._queued: dict[tuple[str, Any], Future] = {}  # the last write queued for each key

    async def _on_file_thread(self, job: Callable[[], Any]) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._files, job)

    def _queue(self, key: tuple[str, Any], job: Callable[[], None]) -> Future:
        done = self._queued[key] = self._files.submit(job)
        return done

    def _in_flight(self, key: tuple[str, Any]) -> Future | None:
        """The queued write a caller with the same data must still wait for (durable on return)."""
        queued = self._queued.get(key)
        if queued is not None and queued.done():
            del self._queued[key]  # forgotten once done, so the map stays small
            return None
        return queued

    # ---- reading (once, at start-up) ---------------------------------------------------
    def _table(self, table: str, key: int):
        """user_data and chat_data live in the key's session shard, the rest in telegram.json."""
        return self._sessions.db(key).table(table) if table in SHARDED else self._db.table(table)

    def _keyed(self, table: str) -> dict[int, dict]:
        return {doc.doc_id: copy.deepcopy(doc["data"]) for db in self._sessions.dbs for doc in db.table(table).all()}

    def _migrate_single_file(self) -> None:
        """Move user/chat data left in telegram.json by the single-file layout into the shards
        (idempotent; dropped from telegram.json only once every shard is durable)."""
        legacy = [name for name in SHARDED if name in self._db.tables()]
        changed: dict[int, dict[str, Any]] = {}
        for name in legacy:
            for doc in self._db.table(name).all():
                index = self._sessions.index(doc.doc_id)
                data = changed.setdefault(index, copy.deepcopy(self._sessions.dbs[index].storage.read() or {}))
                data.setdefault(name, {})[str(doc.doc_id)] = dict(doc)
        for index, data in changed.items():
            self._sessions.dbs[index].storage.write(data)
        for name in legacy:
            self._db.drop_table(name)

    async def get_user_data(self) -> dict[int, dict]:
        return await self._on_file_thread(lambda: self._keyed("user_data"))

    async def get_chat_data(self) -> dict[int, dict]:
        return await self._on_file_thread(lambda: self._keyed("chat_data"))

    async def get_bot_data(self) -> dict:
        found = await self._on_file_thread(lambda: self._db.table("bot_data").get(doc_id=1))
        return copy.deepcopy(found["data"]) if found else {}

    async def get_callback_data(self) -> CDCData | None:
        found = await self._on_file_thread(lambda: self._db.table("callback_data").get(doc_id=1))
        if not found:
            return None
        queue, mapping = found["data"]
        return [(key, stamp, dict(buttons)) for key, stamp, buttons in queue], dict(mapping)

    async def get_conversations(self, name: str) -> ConversationDict:
        found = await self._on_file_thread(lambda: self._db.table("conversations").get(Query().name == name))
        return {tuple(key): state for key, state in found["states"]} if found else {}

    # ---- writing (durable on return) ---------------------------------------------------
    def _put_job(self, table: str, key: int, data: Any) -> Callable[[], None] | None:
        """The write that makes the file hold `data` (None: it does already), for the file thread."""
        fingerprint = _fingerprint(data)
        if self._written.get((table, key)) == fingerprint:
            return None
        first = (table, key) not in self._written
        self._written[(table, key)] = fingerprint  # what the file holds once this write is done
        # a copy, taken now: PTB keeps changing its own dict, and the file's cached JSON must match memory
        snapshot = copy.deepcopy(data)

        def write() -> None:
            try:
                stored = self._table(table, key)
                if first and _blank(snapshot) and not stored.contains(doc_id=key):
                    return  # nothing to keep yet (most users have no session)
                stored.upsert(Document({"data": snapshot}, doc_id=key))
            except BaseException:
                self._written.pop((table, key), None)  # not known to be on disk: write it again next time
                raise

        return write

    def _drop_job(self, table: str, key: int) -> Callable[[], None]:
        self._written.pop((table, key), None)

        def drop() -> None:
            stored = self._table(table, key)
            if stored.contains(doc_id=key):
                stored.remove(doc_ids=[key])

        return drop

    def _write(self, table: str, key: int, job: Callable[[], None] | None) -> Future | None:
        return self._in_flight((table, key)) if job is None else self._queue((table, key), job)

    async def _put_async(self, table: str, key: int, data: Any) -> None:
        done = self._write(table, key, self._put_job(table, key, data))
        if done is not None:
            await asyncio.wrap_future(done)

    def _put(self, table: str, key: int, data: Any) -> None:
        """`_put_async` for synchronous callers (the `Store` contract): blocks until on disk."""
        done = self._write(table, key, self._put_job(table, key, data))
        if done is not None:
            done.result()

    def _drop(self, table: str, key: int) -> None:
        self._queue((table, key), self._drop_job(table, key)).result()

    async def update_user_data(self, user_id: int, data: dict) -> None:
        await self._put_async("user_data", user_id, data)

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        await self._put_async("chat_data", chat_id, data)

    async def update_bot_data(self, data: dict) -> None:
        await self._put_async("bot_data", 1, data)

    async def update_callback_data(self, data: CDCData) -> None:
        queue, mapping = data
        await self._put_async("callback_data", 1, [[[key, stamp, buttons] for key, stamp, buttons in queue], mapping])

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        new_state = copy.deepcopy(new_state)

        def write() -> None:
            table = self._db.table("conversations")
            found = table.get(Query().name == name)
            states = {tuple(k): s for k, s in found["states"]} if found else {}
            if new_state is None:
                states.pop(tuple(key), None)
            else:
                states[tuple(key)] = new_state
            table.upsert({"name": name, "states": [[list(k), s] for k, s in states.items()]}, Query().name == name)

        await self._on_file_thread(write)

    async def drop_user_data(self, user_id: int) -> None:
        await asyncio.wrap_future(self._queue(("user_data", user_id), self._drop_job("user_data", user_id)))

    async def drop_chat_data(self, chat_id: int) -> None:
        await asyncio.wrap_future(self._queue(("chat_data", chat_id), self._drop_job("chat_data", chat_id)))

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        pass  # this process is the only writer: memory is always current

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict) -> None:
        pass

    async def flush(self) -> None:
        def close() -> None:  # after every queued write: each is on disk by then
            self._db.close()
            self._sessions.close()

        await self._on_file_thread(close)
