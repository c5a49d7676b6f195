"""The embedded store: `bot.storage.Storage` (TinyDB, unchanged) plus the session files
(`bot.store.sessions`, which the Telegram face's `TinyDBPersistence` also reads and writes),
behind the `Store` contract. One process only (see `bot.store.lock`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bot.storage import SHARDS, Clock, Storage, _utc_now
from bot.store.lock import DataDirLock
from bot.store.sessions import SessionFiles

PERSISTENCE_FILE = "telegram.json"


class TinyDBStore(Storage):
    kind = "tinydb"

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        clock: Clock = _utc_now,
        shards: int = SHARDS,
        lock: DataDirLock | None = None,
    ):
        super().__init__(data_dir, clock=clock, shards=shards)
        self.lock = lock  # released at close(); None when the caller manages it
        self._sessions: SessionFiles | None = None

    @property
    def sessions(self) -> SessionFiles:
        """Opened on first use (a store for `qualbot stats` never touches them)."""
        if self._sessions is None:
            self._sessions = SessionFiles(Path(self.data_dir) / PERSISTENCE_FILE)
        return self._sessions

    # ---- sessions: the user_data that python-telegram-bot persists ------------------------
    def session(self, user_id: int) -> dict[str, Any] | None:
        found = self.sessions.table("user_data", user_id).get(doc_id=user_id)
        return dict(found["data"]) if found else None

    def save_session(self, user_id: int, data: dict[str, Any]) -> None:
        self.sessions.put("user_data", user_id, data)

    def drop_session(self, user_id: int) -> None:
        self.sessions.drop("user_data", user_id)

    def reminders_sent(self, keys: list[str]) -> set[str]:
        return {key for key in keys if self.reminder_sent(key)}

    def claim_reminder(self, key: str, owner: str, lease_seconds: float) -> bool:
        return not self.reminder_sent(key)  # one process: whoever asks first sends

    def renew_reminder_claim(self, key: str, owner: str, lease_seconds: float) -> bool:
        return not self.reminder_sent(key)  # claims live in this one process only

    def release_reminder_claim(self, key: str, owner: str) -> None:
        pass

    def forget_user(self, user_id: int) -> None:
        super().forget_user(user_id)
        self.drop_session(user_id)

    def export_user(self, user_id: int) -> dict[str, Any]:
        return super().export_user(user_id)

    def close(self) -> None:
        if self._sessions is not None:
            self._sessions.close()  # the sessions written behind go to disk now
        super().close()
        if self.lock is not None:
            self.lock.release()
