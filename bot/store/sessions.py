"""The session files of the embedded store (TinyDB), without python-telegram-bot.

User and chat data (the users' sessions) are sharded by id into `sessions/NN.json` (see
`bot.storage.ShardSet`), so a session write rewrites one small file, not everybody's sessions;
bot data, callback data and conversations are global and small: `telegram.json`. The store
reads and writes sessions here; the Telegram face's `TinyDBPersistence` is PTB's view of the
same object (`bot.tg.persistence`), so both see one cache and one set of open files.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tinydb.table import Document, Table

from bot.storage import SHARDS, ShardSet, open_db

SHARDED = ("user_data", "chat_data")


def _fingerprint(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _blank(data: Any) -> bool:
    """{} or {"session": {}}: nothing worth a disk write."""
    return isinstance(data, dict) and all(value in ({}, [], None) for value in data.values())


class SessionFiles:
    """User, chat and bot data, callback data and conversations, written atomically."""

    def __init__(self, path: str | Path, shards: int = SHARDS):
        self.path = Path(path)  # telegram.json; the shards are in `sessions/` next to it
        self.db = open_db(self.path)
        self._sessions = ShardSet(self.path.parent / "sessions", shards)
        self._migrate_single_file()
        self._written: dict[tuple[str, Any], str] = {}  # what the file holds, to skip no-op writes

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

    # ---- writing (durable on return) ---------------------------------------------------
    def put(self, table: str, key: int, data: Any) -> None:
        fingerprint = _fingerprint(data)
        if self._written.get((table, key)) == fingerprint:
            return
        stored = self.table(table, key)
        if (table, key) not in self._written and _blank(data) and not stored.contains(doc_id=key):
            self._written[(table, key)] = fingerprint  # nothing to keep yet (most users have no session)
            return
        # a copy: PTB keeps changing its own dict, and the file's cached JSON must match memory
        stored.upsert(Document({"data": copy.deepcopy(data)}, doc_id=key))
        self._written[(table, key)] = fingerprint

    def drop(self, table: str, key: int) -> None:
        stored = self.table(table, key)
        if stored.contains(doc_id=key):
            stored.remove(doc_ids=[key])
        self._written.pop((table, key), None)

    def close(self) -> None:
        self.db.close()  # every write is already on disk
        self._sessions.close()
