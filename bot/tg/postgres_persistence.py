"""python-telegram-bot persistence on the PostgreSQL store's rows (`bot.store.postgres`).

User and chat data are loaded per user before every update (another worker may have handled
the previous one) and written with an optimistic version check, so a worker's late periodic
flush cannot overwrite a newer session written by another worker.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.store.postgres import PostgresStore

log = logging.getLogger("qualbot.store")


def _fingerprint(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


class PostgresPersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """User and chat data per row, loaded lazily (refreshed before every update), written with
    an optimistic version check; bot data, callback data and conversations as global rows."""

    def __init__(self, store: PostgresStore, update_interval: float = 10):
        super().__init__(store_data=PersistenceInput(), update_interval=update_interval)
        self.store = store
        self._seen: dict[tuple[str, int], tuple[int, str]] = {}  # (kind, key) → (version, fingerprint)

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {}  # loaded per user by refresh_user_data: no worker holds everybody's sessions

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return self.store._global("bot_data") or {}

    async def get_callback_data(self) -> Any:
        found = self.store._global("callback_data")
        if not found:
            return None
        queue, mapping = found
        return [(key, stamp, dict(buttons)) for key, stamp, buttons in queue], dict(mapping)

    async def get_conversations(self, name: str) -> Any:
        found = self.store._global(f"conversation:{name}") or []
        return {tuple(key): state for key, state in found}

    def _refresh(self, kind: str, key: int, target: dict[str, Any]) -> None:
        data, version = self.store._load_row(kind, key)
        target.clear()
        target.update(data)
        self._seen[(kind, key)] = (version, _fingerprint(data))

    def _write(self, kind: str, key: int, data: dict[str, Any]) -> None:
        version, fingerprint = self._seen.get((kind, key), (None, None))
        now = _fingerprint(data)
        if now == fingerprint:
            return
        if version is None:  # never loaded here: learn the row's version, then write over it only if absent
            version = self.store._load_row(kind, key)[1]
            if version:
                log.debug("%s %s: not written (never loaded by this worker)", kind, key)
                return
        written = self.store._store_row(kind, key, data, version)
        if written is None:
            log.debug("%s %s: stale in this worker (another worker wrote it since), not written", kind, key)
            return
        self._seen[(kind, key)] = (written, now)

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        self._refresh("user_data", user_id, user_data)

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        self._refresh("chat_data", chat_id, chat_data)

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        pass

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        self._write("user_data", user_id, data)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        self._write("chat_data", chat_id, data)

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        self.store._set_global("bot_data", data)

    async def update_callback_data(self, data: Any) -> None:
        queue, mapping = data
        self.store._set_global("callback_data", [[[k, s, b] for k, s, b in queue], mapping])

    async def update_conversation(self, name: str, key: Any, new_state: Any) -> None:
        states = {tuple(k): s for k, s in (self.store._global(f"conversation:{name}") or [])}
        if new_state is None:
            states.pop(tuple(key), None)
        else:
            states[tuple(key)] = new_state
        self.store._set_global(f"conversation:{name}", [[list(k), s] for k, s in states.items()])

    async def drop_user_data(self, user_id: int) -> None:
        self.store._exec("DELETE FROM sessions WHERE kind = 'user_data' AND key = %s", (user_id,))
        self._seen.pop(("user_data", user_id), None)

    async def drop_chat_data(self, chat_id: int) -> None:
        self.store._exec("DELETE FROM sessions WHERE kind = 'chat_data' AND key = %s", (chat_id,))
        self._seen.pop(("chat_data", chat_id), None)

    async def flush(self) -> None:
        pass  # every write is committed when it returns
