"""python-telegram-bot persistence in TinyDB files in the data directory.

User and chat data (the users' sessions) are sharded by id into `sessions/NN.json` (see
`bot.storage.ShardSet`), so a session write rewrites one small file, not everybody's sessions;
bot data, callback data and conversations are global and small: `telegram.json`.

PTB only calls the `update_*` methods every `update_interval` seconds and at shutdown, so
the face also calls `update_user_data` itself before confirming anything that lives in
user data (the core's session) — see `bot.tg.handlers`. Unchanged data is not rewritten.
"""

from __future__ import annotations

import copy
import json
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
        self.path = Path(path)  # telegram.json; the shards are in `sessions/` next to it
        self._db = open_db(self.path)
        self._sessions = ShardSet(self.path.parent / "sessions", shards)
        self._migrate_single_file()
        self._written: dict[tuple[str, Any], str] = {}  # what the file holds, to skip no-op writes

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
        return self._keyed("user_data")

    async def get_chat_data(self) -> dict[int, dict]:
        return self._keyed("chat_data")

    async def get_bot_data(self) -> dict:
        found = self._db.table("bot_data").get(doc_id=1)
        return copy.deepcopy(found["data"]) if found else {}

    async def get_callback_data(self) -> CDCData | None:
        found = self._db.table("callback_data").get(doc_id=1)
        if not found:
            return None
        queue, mapping = found["data"]
        return [(key, stamp, dict(buttons)) for key, stamp, buttons in queue], dict(mapping)

    async def get_conversations(self, name: str) -> ConversationDict:
        found = self._db.table("conversations").get(Query().name == name)
        return {tuple(key): state for key, state in found["states"]} if found else {}

    # ---- writing (durable on return) ---------------------------------------------------
    def _put(self, table: str, key: int, data: Any) -> None:
        fingerprint = _fingerprint(data)
        if self._written.get((table, key)) == fingerprint:
            return
        stored = self._table(table, key)
        if (table, key) not in self._written and _blank(data) and not stored.contains(doc_id=key):
            self._written[(table, key)] = fingerprint  # nothing to keep yet (most users have no session)
            return
        # a copy: PTB keeps changing its own dict, and the file's cached JSON must match memory
        stored.upsert(Document({"data": copy.deepcopy(data)}, doc_id=key))
        self._written[(table, key)] = fingerprint

    def _drop(self, table: str, key: int) -> None:
        stored = self._table(table, key)
        if stored.contains(doc_id=key):
            stored.remove(doc_ids=[key])
        self._written.pop((table, key), None)

    async def update_user_data(self, user_id: int, data: dict) -> None:
        self._put("user_data", user_id, data)

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        self._put("chat_data", chat_id, data)

    async def update_bot_data(self, data: dict) -> None:
        self._put("bot_data", 1, data)

    async def update_callback_data(self, data: CDCData) -> None:
        queue, mapping = data
        self._put("callback_data", 1, [[[key, stamp, buttons] for key, stamp, buttons in queue], mapping])

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        table = self._db.table("conversations")
        found = table.get(Query().name == name)
        states = {tuple(k): s for k, s in found["states"]} if found else {}
        if new_state is None:
            states.pop(tuple(key), None)
        else:
            states[tuple(key)] = new_state
        table.upsert({"name": name, "states": [[list(k), s] for k, s in states.items()]}, Query().name == name)

    async def drop_user_data(self, user_id: int) -> None:
        self._drop("user_data", user_id)

    async def drop_chat_data(self, chat_id: int) -> None:
        self._drop("chat_data", chat_id)

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        pass  # this process is the only writer: memory is always current

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict) -> None:
        pass

    async def flush(self) -> None:
        self._db.close()  # every write is already on disk
        self._sessions.close()
