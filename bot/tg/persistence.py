"""python-telegram-bot persistence over the store's session files (TinyDB, `bot.store.sessions`).

PTB only calls the `update_*` methods every `update_interval` seconds and at shutdown, so
the face also calls `update_user_data` itself after every change of the core's session — see
`bot.tg.handlers`; the session files write it behind, within `SESSION_FLUSH_SECONDS` (the
application's "flush sessions" job), and at shutdown. Unchanged data is not rewritten.
`persistence_for(store)` picks PTB's persistence for a store: PostgreSQL rows, or these files.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey
from tinydb import Query

from bot.storage import SHARDS
from bot.store.sessions import SessionFiles

PERSISTENCE_FILE = "telegram.json"


class TinyDBPersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """PTB's view of `SessionFiles` (a path, or the files a store already holds open: one cache,
    one set of file handles): user, chat and bot data, callback data, conversations."""

    def __init__(self, path: str | Path | SessionFiles, update_interval: float = 10, shards: int = SHARDS):
        super().__init__(store_data=PersistenceInput(), update_interval=update_interval)
        self.files = path if isinstance(path, SessionFiles) else SessionFiles(path, shards)
        self.path = self.files.path

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return self.files.keyed("user_data")

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return self.files.keyed("chat_data")

    async def get_bot_data(self) -> dict[str, Any]:
        found = self.files.db.table("bot_data").get(doc_id=1)
        return copy.deepcopy(found["data"]) if found else {}

    async def get_callback_data(self) -> CDCData | None:
        found = self.files.db.table("callback_data").get(doc_id=1)
        if not found:
            return None
        queue, mapping = found["data"]
        return [(key, stamp, dict(buttons)) for key, stamp, buttons in queue], dict(mapping)

    async def get_conversations(self, name: str) -> ConversationDict:
        found = self.files.db.table("conversations").get(Query().name == name)
        return {tuple(key): state for key, state in found["states"]} if found else {}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        self.files.put("user_data", user_id, data)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        self.files.put("chat_data", chat_id, data)

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        self.files.put("bot_data", 1, data)

    async def update_callback_data(self, data: CDCData) -> None:
        queue, mapping = data
        self.files.put("callback_data", 1, [[[key, stamp, buttons] for key, stamp, buttons in queue], mapping])

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        table = self.files.db.table("conversations")
        found = table.get(Query().name == name)
        states = {tuple(k): s for k, s in found["states"]} if found else {}
        if new_state is None:
            states.pop(tuple(key), None)
        else:
            states[tuple(key)] = new_state
        table.upsert({"name": name, "states": [[list(k), s] for k, s in states.items()]}, Query().name == name)

    async def drop_user_data(self, user_id: int) -> None:
        self.files.drop("user_data", user_id)

    async def drop_chat_data(self, chat_id: int) -> None:
        self.files.drop("chat_data", chat_id)

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        pass  # this process is the only writer: memory is always current

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        pass

    async def flush(self) -> None:
        self.files.close()


def persistence_for(store: Any, data_dir: Path | None = None) -> BasePersistence[Any, Any, Any]:
    """PTB's persistence for `store`: PostgreSQL rows, the TinyDB store's session files, or (a bare
    `bot.storage.Storage`, in tests) session files of its own in `data_dir` (default: the store's)."""
    if getattr(store, "kind", None) == "postgres":
        from bot.tg.postgres_persistence import PostgresPersistence

        return PostgresPersistence(store)
    files = getattr(store, "sessions", None)
    if isinstance(files, SessionFiles):
        return TinyDBPersistence(files)
    return TinyDBPersistence(Path(data_dir if data_dir is not None else store.data_dir) / PERSISTENCE_FILE)
