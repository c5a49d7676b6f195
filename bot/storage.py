"""Everything Qualbot remembers, in TinyDB files under the data directory.

- `qualbot.json`: profiles, feedback, exam subscriptions, sent reminders, the pseudonym salt
- `questions.json`: the question log (pseudonymised user ids); kept apart because it grows,
  and written at most every few seconds (`QUESTION_LOG_FLUSH_SECONDS`): the user is never
  told a question was logged, so a crash may lose the last seconds of the log, nothing else
- `telegram.json`: python-telegram-bot's user/chat/bot data (see `TinyDBPersistence`)

Every write is atomic and durable before it returns (temp file + fsync + os.replace), so a
crash — even `kill -9` — never loses what the bot has already confirmed, and never leaves a
half-written file. A file that cannot be read stops start-up with `DataFileError`; it is
never silently replaced, because replacing it would erase everybody's data.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage as TinyStorage
from tinydb.table import Document

Clock = Callable[[], dt.datetime]
QUESTION_LOG_FLUSH_SECONDS = 2.0


class DataFileError(RuntimeError):
    """A data file exists but cannot be read or parsed; start-up must stop."""

    def __init__(self, path: Path, problem: str):
        super().__init__(
            f"{path}: {problem}. Qualbot will not start over it (that would erase stored data); "
            "restore it from a backup or move it away deliberately."
        )
        self.path = path


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AtomicJSONStorage(TinyStorage):
    """TinyDB storage that keeps the data in memory and replaces the file atomically on write.

    The bot is the only writer, so the in-memory copy is authoritative; reading the file
    once at start-up also means a corrupt file is detected before anything is served.

    `flush_after` > 0 defers writes (at most that many seconds, or until `flush()`): only for
    data the user is never told was saved, like the question log — rewriting a growing file
    and fsyncing it for every question was the largest cost per answer under load.
    """

    def __init__(self, path: str | os.PathLike, flush_after: float = 0.0,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._data: dict[str, Any] | None = self._load()
        self.flush_after = flush_after
        self.clock = clock
        self._dirty = False
        self._flushed_at = clock()

    def _load(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise DataFileError(self.path, f"cannot be read ({exc.strerror or exc})") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataFileError(self.path, f"is not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise DataFileError(self.path, "does not hold a JSON object of tables")
        return data

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.flush_after > 0:
            self._data, self._dirty = data, True
            if self.clock() - self._flushed_at >= self.flush_after:
                self.flush()
            return
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except BaseException:
            self._data = self._load()  # TinyDB changed our dict in place: undo to what is on disk
            raise
        self._data = data

    def flush(self) -> None:
        """Write deferred changes now (they stay pending if this fails)."""
        if self._dirty and self._data is not None:
            atomic_write_text(self.path, json.dumps(self._data, ensure_ascii=False, separators=(",", ":")))
            self._dirty = False
        self._flushed_at = self.clock()

    def close(self) -> None:
        self.flush()


def atomic_write_text(path: Path, text: str) -> None:
    """Write the whole file or nothing, and make it durable before returning."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself must survive a power cut too
    finally:
        os.close(directory)


def open_db(path: Path, flush_after: float = 0.0) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, flush_after=flush_after)


def _plain(records: Iterator[Document] | list[Document]) -> list[dict]:
    """Deep copies, so callers can never change the stored data by accident."""
    return [copy.deepcopy(dict(r)) for r in records]


class Storage:
    """Profiles, feedback, question log, subscriptions and reminders behind a small API."""

    def __init__(self, data_dir: str | os.PathLike, clock: Clock = _utc_now):
        self.data_dir = Path(data_dir)
        self.clock = clock
        self._db = open_db(self.data_dir / "qualbot.json")
        self._log = open_db(self.data_dir / "questions.json", flush_after=QUESTION_LOG_FLUSH_SECONDS)
        self._profiles = self._db.table("profiles")
        self._feedback = self._db.table("feedback")
        self._subscriptions = self._db.table("subscriptions")
        self._reminders = self._db.table("reminders")
        self._questions = self._log.table("questions")
        self._salt = self._pseudonym_salt()

    def flush(self) -> None:
        """Write the deferred question log now (called periodically and at shutdown)."""
        self._log.storage.flush()

    def close(self) -> None:
        self._db.close()
        self._log.close()

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _pseudonym_salt(self) -> str:
        meta = self._db.table("meta")
        found = meta.get(doc_id=1)
        if found is None:
            meta.insert(Document({"salt": secrets.token_hex(16)}, doc_id=1))
            found = meta.get(doc_id=1)
        return found["salt"]

    def pseudonym(self, user_id: int) -> str:
        """The question log's user key: a salted hash, not the Telegram id."""
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:20]

    # ---- profiles ---------------------------------------------------------------------
    def profile(self, user_id: int) -> dict | None:
        found = self._profiles.get(doc_id=user_id)
        return copy.deepcopy(dict(found)) if found is not None else None

    def save_profile(self, user_id: int, *, role: str | None = None, region: str | None = None,
                     updates: bool | None = None) -> dict:
        """Set the given fields (None leaves a field unchanged); durable when this returns."""
        current = self.profile(user_id) or {"user_id": user_id, "role": None, "region": None, "updates": False}
        changes = {k: v for k, v in (("role", role), ("region", region), ("updates", updates)) if v is not None}
        current.update(changes, updated=self._now())
        self._profiles.upsert(Document(current, doc_id=user_id))
        return current

    # ---- feedback ---------------------------------------------------------------------
    def add_feedback(self, user_id: int, entry_id: str, verdict: str) -> dict:
        """verdict is "+" (helpful) or "-" (not helpful). One vote per user and entry, the latest
        counts — so a press Telegram delivers twice (after a crash) is not counted twice."""
        if verdict not in ("+", "-"):
            raise ValueError(f"verdict must be '+' or '-', not {verdict!r}")
        record = {"user_id": user_id, "entry": entry_id, "verdict": verdict, "time": self._now()}
        row = Query()
        self._feedback.upsert(record, (row.user_id == user_id) & (row.entry == entry_id))
        return record

    def feedback(self, user_id: int | None = None) -> list[dict]:
        rows = self._feedback.all() if user_id is None else self._feedback.search(Query().user_id == user_id)
        return _plain(rows)

    # ---- question log -----------------------------------------------------------------
    def log_question(self, user_id: int, text: str, outcome: str | None, entry_id: str | None = None,
                     score: float | None = None) -> None:
        self._questions.insert({
            "user": self.pseudonym(user_id), "text": text, "outcome": outcome, "entry": entry_id,
            "score": None if score is None else round(float(score), 4), "time": self._now(),
        })

    def questions(self, user_id: int | None = None) -> list[dict]:
        if user_id is None:
            return _plain(self._questions.all())
        return _plain(self._questions.search(Query().user == self.pseudonym(user_id)))

    # -- added for the staff tools (bot/staff): retention purge, broadcast audience, blocked users --
    def purge_questions(self, before: dt.datetime) -> int:
        """Delete question-log records older than `before` (retention); returns how many."""
        def older(stamp: object) -> bool:
            try:
                moment = dt.datetime.fromisoformat(str(stamp))
            except ValueError:
                return False
            return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)) < before

        return len(self._questions.remove(Query().time.test(older)))

    def profiles(self) -> list[dict]:
        return _plain(self._profiles.all())

    def set_profile_flag(self, user_id: int, name: str, value: object) -> None:
        """Set one extra profile field (e.g. `blocked` after Forbidden); no-op for unknown users."""
        current = self.profile(user_id)
        if current is not None and current.get(name) != value:
            current[name] = value
            self._profiles.upsert(Document(current, doc_id=user_id))

    # ---- exam subscriptions and reminders -----------------------------------------------
    def add_subscription(self, user_id: int, exam_id: str) -> bool:
        """True if added, False if the user was already subscribed."""
        row = Query()
        if self._subscriptions.contains((row.user_id == user_id) & (row.exam_id == exam_id)):
            return False
        self._subscriptions.insert({"user_id": user_id, "exam_id": exam_id, "created": self._now()})
        return True

    def remove_subscription(self, user_id: int, exam_id: str) -> bool:
        """True if a subscription was removed."""
        row = Query()
        return bool(self._subscriptions.remove((row.user_id == user_id) & (row.exam_id == exam_id)))

    def subscriptions(self, user_id: int | None = None) -> list[dict]:
        rows = self._subscriptions.all() if user_id is None else self._subscriptions.search(Query().user_id == user_id)
        return _plain(rows)

    def mark_reminder_sent(self, key: str) -> bool:
        """Record that reminder `key` went out; False if it had been sent already."""
        if self.reminder_sent(key):
            return False
        self._reminders.insert({"key": key, "time": self._now()})
        return True

    def reminder_sent(self, key: str) -> bool:
        return self._reminders.contains(Query().key == key)

    # ---- the user's rights ------------------------------------------------------------
    def export_user(self, user_id: int) -> dict:
        """Everything stored about one user (for /mydata)."""
        return {
            "profile": self.profile(user_id),
            "feedback": self.feedback(user_id),
            "questions": self.questions(user_id),
            "subscriptions": self.subscriptions(user_id),
        }

    def forget_user(self, user_id: int) -> None:
        """Remove every trace of the user from these files (durable when this returns)."""
        if self._profiles.contains(doc_id=user_id):
            self._profiles.remove(doc_ids=[user_id])
        self._feedback.remove(Query().user_id == user_id)
        self._subscriptions.remove(Query().user_id == user_id)
        self._questions.remove(Query().user == self.pseudonym(user_id))
        # sent-reminder marks name their user as the key's second field ("rem:<user>:<exam>:…")
        self._reminders.remove(Query().key.test(lambda key: key.split(":")[1:2] == [str(user_id)]))
        self.flush()  # "deleted" is confirmed to the user: it must not come back after a crash
