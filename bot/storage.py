"""Everything Qualbot remembers, in TinyDB files under the data directory.

- `users/NN.json` (NN = user id % `SHARDS`, 00…31): profiles, feedback, exam subscriptions and
  sent-reminder marks of the users in that shard; `users/layout.json` records the shard count
- `qualbot.json`: small global data (the pseudonym salt)
- `questions/YYYY-MM-DD.json`: the question log (pseudonymised user ids), one file per UTC day,
  so appending rewrites only today's file and retention deletes whole days; written at most
  every few seconds (`QUESTION_LOG_FLUSH_SECONDS`): the user is never told a question was
  logged, so a crash may lose the last seconds of the log, nothing else
- `telegram.json` + `sessions/NN.json`: python-telegram-bot's data (see `TinyDBPersistence`);
  the sessions are soft state, written behind within a second (`bot.store.sessions`)

Per-user data is sharded because every confirmed write rewrites its whole file: with one file
the cost of a write grew with the number of users (≈1 s per write at 100k users); with shards
it grows with users / `SHARDS`, and only the changed table of a file is re-encoded.

Every write here is atomic and durable before it returns (temp file + fsync + os.replace), so a
crash — even `kill -9` — never loses what the bot has already confirmed, and never leaves a
half-written file (the deferred question log and, in `bot.store.sessions`, the sessions written
behind are the soft state that may lose their last seconds). A file that cannot be read stops
start-up with `DataFileError`; it is never silently replaced, because replacing it would erase
everybody's data. Every shard is
read at start-up, and a shard count other than the one the files were written with is refused
(re-sharding silently would put users' data where it is never looked up).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from tinydb import Query, TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage as TinyStorage
from tinydb.table import Document, Table

from bot.store.protocol import exported_user

Clock = Callable[[], dt.datetime]
QUESTION_LOG_FLUSH_SECONDS = 2.0
SHARDS = 32  # per-user files in users/ and sessions/; fixed once data is written (see `ShardSet`)
USER_TABLES = ("profiles", "feedback", "subscriptions", "reminders")


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

    def __init__(
        self, path: str | os.PathLike[str], flush_after: float = 0.0, clock: Callable[[], float] = time.monotonic
    ):
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # table name → (the table dict last written or read, its JSON): TinyDB gives a changed
        # table a new dict (Table._update_table) and leaves the others' objects alone, so a table
        # whose object is the cached one is unchanged and its JSON is reused, not re-encoded
        self._encoded: dict[str, tuple[Any, str]] = {}
        self._data: dict[str, Any] | None = self._load()
        self._remove_abandoned_temp_files()
        self.flush_after = flush_after
        self.clock = clock
        self._dirty = False
        self._flushed_at = clock()
        # Writes of this file may come from a worker thread (`write_prepared`, the sessions' timer):
        # one at a time, and never an older version after a newer one (versions numbered in order).
        self._lock = threading.Lock()
        self._version = 0  # of the last text prepared for writing
        self._on_disk = 0  # the version the file holds

    def _remove_abandoned_temp_files(self) -> None:
        """Delete `.<name>.<pid>.tmp` files a killed process left mid-write. The data file itself is
        intact (os.replace is atomic), and the bot is the only writer, so they hold nothing to keep."""
        for temp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            temp.unlink(missing_ok=True)

    def _load(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise DataFileError(self.path, f"cannot be read ({exc.strerror or exc})") from exc
        try:
            text = raw.decode("utf-8")
            parsed = _parse_tables(text)
            data = json.loads(text) if parsed is None else parsed[0]  # json.loads: its exact error
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataFileError(self.path, f"is not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise DataFileError(self.path, "does not hold a JSON object of tables")
        _check_shape(self.path, data)
        self._encoded = parsed[1] if parsed is not None else {}
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
            self._write_file(data)
        except BaseException:
            self._data = self._load()  # TinyDB changed our dict in place: undo to what is on disk
            self._dirty = False  # rows set with `put_row` and not yet written are gone with it
            raise
        self._data, self._dirty = data, False  # rows set with `put_row` went out with this write

    # ---- write-behind rows (soft state: `bot.store.sessions`) -----------------------------
    # Set or drop one row in memory without writing the file; the next `flush()` — or any write of
    # this file — makes it durable. TinyDB is bypassed (its `_update_table` rebuilds the whole
    # table for every change); callers read these tables by document id only.
    def get_row(self, table: str, doc_id: int) -> dict[str, Any] | None:
        rows = (self._data or {}).get(table)
        return rows.get(str(doc_id)) if rows is not None else None

    def put_row(self, table: str, doc_id: int, row: dict[str, Any]) -> None:
        if self._data is None:
            self._data = {}
        self._data.setdefault(table, {})[str(doc_id)] = row
        self._encoded.pop(table, None)  # changed in place: re-encode it at the next write
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _encode(self, data: dict[str, Any]) -> tuple[str, dict[str, tuple[Any, str]]]:
        """The same text as `json.dumps(data)`, re-encoding only tables that changed."""
        encoded, parts = {}, []
        for name, table in data.items():
            cached = self._encoded.get(name)
            text = cached[1] if cached is not None and cached[0] is table else _dumps(table)
            encoded[name] = (table, text)  # keeps a reference: the id cannot be reused while cached
            parts.append(f"{_dumps(name)}:{text}")
        return "{" + ",".join(parts) + "}", encoded

    def _write_file(self, data: dict[str, Any]) -> None:
        text, encoded = self._encode(data)
        self._version += 1
        version = self._version
        with self._lock:  # waits for a worker thread writing this file (e.g. /forget during a session flush)
            atomic_write_text(self.path, text)
            self._on_disk = max(self._on_disk, version)
        self._encoded = encoded

    def flush(self) -> None:
        """Write deferred changes now (they stay pending if this fails)."""
        if self._dirty and self._data is not None:
            self._write_file(self._data)
            self._dirty = False
        self._flushed_at = self.clock()

    def close(self) -> None:
        self.flush()


Prepared = list[tuple[AtomicJSONStorage, str, int]]  # (storage, its text, that text's version)


def prepare_flush(storages: list[AtomicJSONStorage]) -> Prepared:
    """Encode every storage with changes not yet on disk and mark it clean (in the thread that owns
    the data: the event loop). `write_prepared` then writes them, in this thread or another."""
    batch = []
    for storage in storages:
        if storage._dirty and storage._data is not None:
            text, encoded = storage._encode(storage._data)
            storage._version += 1
            storage._encoded, storage._dirty = encoded, False
            batch.append((storage, text, storage._version))
    return batch


def write_prepared(batch: Prepared) -> int:
    """Write a prepared batch as one group (`atomic_write_texts`: one fsync per file and one per
    directory); safe in a worker thread. A file written meanwhile with a newer version is skipped.
    Returns how many files were written."""
    locks = [storage._lock for storage, _, _ in batch]
    for lock in locks:  # always in the batch's (shard) order: two batches never deadlock
        lock.acquire()
    try:
        fresh = [(storage, text, version) for storage, text, version in batch if version > storage._on_disk]
        if fresh:
            atomic_write_texts([(storage.path, text) for storage, text, _ in fresh])
        for storage, _, version in fresh:
            storage._on_disk = version
        return len(fresh)
    finally:
        for lock in locks:
            lock.release()


def unprepare(batch: Prepared) -> None:
    """A batch that could not be written: its storages have changes not on disk again."""
    for storage, _, _ in batch:
        storage._dirty = True


def flush_together(storages: list[AtomicJSONStorage]) -> int:
    """Write every storage with changes not yet on disk, now, as one group. Returns how many files
    were written; on failure they stay marked as changed, so the next flush tries again."""
    batch = prepare_flush(storages)
    try:
        written = write_prepared(batch)
    except BaseException:
        unprepare(batch)
        raise
    for storage, _, _ in batch:
        storage._flushed_at = storage.clock()
    return written


_ROW_ID = re.compile(r"-?[0-9]{1,20}")


def _check_shape(path: Path, data: dict[str, Any]) -> None:
    """TinyDB's layout: tables of rows keyed by integer ids; `user_id` fields are integers.
    Valid JSON of another shape would start fine and then fail for every user of the file."""
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DataFileError(path, f"table {name!r} is not a JSON object of rows")
        for key, row in table.items():
            if not _ROW_ID.fullmatch(key):
                raise DataFileError(path, f"table {name!r} has a row id {key[:40]!r} that is not a whole number")
            if not isinstance(row, dict):
                raise DataFileError(path, f"table {name!r}, row {key}: is not a JSON object")
            if "user_id" in row and (not isinstance(row["user_id"], int) or isinstance(row["user_id"], bool)):
                raise DataFileError(path, f"table {name!r}, row {key}: user_id is not a whole number")


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, pos: int) -> int:
    """The position after the whitespace at `pos` (_SPACE matches anywhere, maybe empty)."""
    return cast("re.Match[str]", _SPACE.match(text, pos)).end()


def _parse_tables(text: str) -> tuple[dict[str, Any], dict[str, tuple[Any, str]]] | None:
    """A file's top-level JSON object, and each table's exact text (so the first write after
    start-up need not re-encode the tables it did not change); None if it is anything else."""
    data: dict[str, Any] = {}
    texts: dict[str, tuple[Any, str]] = {}
    try:
        pos = _skip(text, 0)
        if text[pos : pos + 1] != "{":
            return None
        pos = _skip(text, pos + 1)
        if text[pos : pos + 1] == "}":
            pos += 1
        else:
            while True:
                name, pos = _DECODER.raw_decode(text, pos)
                pos = _skip(text, pos)
                if not isinstance(name, str) or text[pos : pos + 1] != ":":
                    return None
                start = _skip(text, pos + 1)
                value, pos = _DECODER.raw_decode(text, start)
                data[name] = value
                texts[name] = (value, text[start:pos])
                pos = _skip(text, pos)
                if text[pos : pos + 1] == "}":
                    pos += 1
                    break
                if text[pos : pos + 1] != ",":
                    return None
                pos = _skip(text, pos + 1)
    except json.JSONDecodeError:
        return None
    if _skip(text, pos) != len(text):
        return None
    return data, texts


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def atomic_write_text(path: Path, text: str) -> None:
    """Write the whole file or nothing, and make it durable before returning."""
    atomic_write_texts([(path, text)])


def atomic_write_texts(files: list[tuple[Path, str]]) -> None:
    """`atomic_write_text` for several files at once: each file is replaced whole or not at all,
    and all are durable on return. Every directory is fsynced once for all the renames in it
    (one file fsync each + one directory fsync, instead of two fsyncs per file)."""
    temps = []
    for path, text in files:
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temps.append((temp, path))
    for temp, path in temps:
        os.replace(temp, path)
    for parent in dict.fromkeys(path.parent for path, _ in files):
        directory = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the renames themselves must survive a power cut too
        finally:
            os.close(directory)


def open_db(path: Path, flush_after: float = 0.0) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, flush_after=flush_after)


class ShardSet:
    """`count` TinyDB files `<directory>/NN.json`, a key's file chosen by `key % count`.

    `<directory>/layout.json` records the count, written before any shard; opening with
    another count (or shard files without a layout) raises `DataFileError`. Every shard is
    opened — read and validated — here, so a damaged one stops start-up before serving.
    """

    def __init__(self, directory: Path, count: int = SHARDS):
        if count < 1:
            raise ValueError("the shard count must be at least 1")
        self.directory, self.count = Path(directory), count
        self.layout = self.directory / "layout.json"
        self._check_layout()
        self.dbs = [open_db(self.path(index)) for index in range(count)]

    def path(self, index: int) -> Path:
        return self.directory / f"{index:02d}.json"

    def _check_layout(self) -> None:
        if self.layout.exists():
            try:
                found = json.loads(self.layout.read_text(encoding="utf-8")).get("shards")
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
                raise DataFileError(self.layout, f"cannot be read as a shard layout ({exc})") from exc
            if found != self.count:
                raise DataFileError(
                    self.layout,
                    f"the data was written in {found!r} shards, this build uses "
                    f"{self.count} (re-sharding silently would lose data)",
                )
            return
        strays = sorted(p.name for p in self.directory.glob("*.json")) if self.directory.is_dir() else []
        if strays:
            raise DataFileError(
                self.layout,
                f"is missing but shard files exist ({', '.join(strays[:3])}…), so their shard count is unknown",
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.layout, json.dumps({"shards": self.count, "shard_of": "id % shards"}))

    def index(self, key: int) -> int:
        return key % self.count  # Python's % is never negative: group chat ids work too

    def db(self, key: int) -> TinyDB:
        return self.dbs[self.index(key)]

    def close(self) -> None:
        for db in self.dbs:
            db.close()


def reminder_owner(key: str) -> int:
    """The id a sent-reminder mark is filed under: its user ("rem:<user>:<exam>:…"), or a
    stable hash of the key when it names none (`hash()` is salted per process, crc32 is not)."""
    parts = key.split(":")
    if len(parts) > 1 and parts[1].lstrip("-").isdigit() and str(int(parts[1])) == parts[1]:
        return int(parts[1])
    return zlib.crc32(key.encode("utf-8"))


_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}")


class QuestionLog:
    """The question log as one TinyDB file per day (`<directory>/YYYY-MM-DD.json`).

    A single file made every deferred flush re-encode the whole log (≈0.6 s at 100k questions,
    blocking the bot); per-day files keep a flush proportional to one day's questions, and
    retention removes a whole day by deleting its file. Every day file is read here, so a
    damaged one stops start-up like any other data file.
    """

    def __init__(self, directory: Path, legacy: Path | None = None, clock: Callable[[], float] = time.monotonic):
        self.directory = Path(directory)
        self._days: dict[str, TinyDB] = {}
        # records logged since the last flush: TinyDB's insert rebuilds the whole day's table, so
        # one insert per question grew with the day's log; they go in together (and are read) later
        self._pending: list[dict[str, Any]] = []
        self.clock = clock
        self._flushed_at = clock()
        if self.directory.is_dir():
            for path in sorted(self.directory.glob("*.json")):
                if _DAY_FILE.fullmatch(path.stem):
                    self._days[path.stem] = open_db(path, flush_after=QUESTION_LOG_FLUSH_SECONDS)
        if legacy is not None and legacy.exists():
            self._migrate(legacy)

    def _migrate(self, legacy: Path) -> None:
        """Move a single-file log (`questions.json`) into day files; safe to repeat after a crash."""
        old = open_db(legacy)
        for row in old.table("questions").all():
            record = dict(row)
            table = self._table(str(record.get("time", ""))[:10] or "0000-00-00")
            if not table.contains(Query().fragment(record)):
                table.insert(record)
        self.flush()
        old.close()
        legacy.unlink()

    def _table(self, day: str) -> Table:
        db = self._days.get(day)
        if db is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            db = self._days[day] = open_db(self.directory / f"{day}.json", flush_after=QUESTION_LOG_FLUSH_SECONDS)
        return db.table("questions")

    def insert(self, record: dict[str, Any]) -> None:
        self._pending.append(record)
        if self.clock() - self._flushed_at >= QUESTION_LOG_FLUSH_SECONDS:
            self.flush()  # the periodic flush is late (or absent): the bound holds anyway

    def _move_pending(self) -> None:
        """Put the pending records into their day tables (one table rebuild per day)."""
        pending, self._pending = self._pending, []
        days: dict[str, list[dict[str, Any]]] = {}
        for record in pending:
            days.setdefault(str(record["time"])[:10], []).append(record)
        for day, records in days.items():
            self._table(day).insert_multiple(records)

    def rows(self, condition: QueryLike | None = None) -> list[Document]:
        self._move_pending()
        found: list[Document] = []
        for day in sorted(self._days):
            table = self._days[day].table("questions")
            found += table.all() if condition is None else table.search(condition)
        return found

    def remove(self, condition: QueryLike) -> int:
        self._move_pending()
        removed = 0
        for db in self._days.values():
            table = db.table("questions")
            if table.contains(condition):
                removed += len(table.remove(condition))
        return removed

    def purge_before(self, before: dt.datetime, older: Callable[[object], bool]) -> int:
        """Delete records older than `before`: whole earlier days by file, the boundary day by row."""
        self._move_pending()
        cutoff = before.astimezone(dt.UTC).date().isoformat()
        removed = 0
        for day in sorted(self._days):
            if day < cutoff:
                db = self._days.pop(day)
                removed += len(db.table("questions"))
                (self.directory / f"{day}.json").unlink(missing_ok=True)
            elif day == cutoff:
                removed += len(self._days[day].table("questions").remove(Query().time.test(older)))
        return removed

    def has_rows(self) -> bool:
        self._move_pending()
        return any(len(db.table("questions")) for db in self._days.values())

    def flush(self) -> None:
        self._move_pending()
        for db in self._days.values():
            cast(AtomicJSONStorage, db.storage).flush()
        self._flushed_at = self.clock()

    def close(self) -> None:
        self._move_pending()
        for db in self._days.values():
            db.close()


def _plain(records: Iterator[Document] | list[Document]) -> list[dict[str, Any]]:
    """Deep copies, so callers can never change the stored data by accident."""
    return [copy.deepcopy(dict(r)) for r in records]


class Storage:
    """Profiles, feedback, question log, subscriptions and reminders behind a small API."""

    def __init__(self, data_dir: str | os.PathLike[str], clock: Clock = _utc_now, shards: int = SHARDS):
        self.data_dir = Path(data_dir)
        self.clock = clock
        self._db = open_db(self.data_dir / "qualbot.json")
        self._log = QuestionLog(self.data_dir / "questions", legacy=self.data_dir / "questions.json")
        self._users = ShardSet(self.data_dir / "users", shards)
        self._migrate_single_file()
        self._salt = self._pseudonym_salt()

    def _table(self, name: str, user_id: int) -> Table:
        return self._users.db(user_id).table(name)

    def _all(self, name: str) -> list[Document]:
        return [row for db in self._users.dbs for row in db.table(name).all()]

    def _migrate_single_file(self) -> None:
        """Move per-user tables left in `qualbot.json` by the single-file layout into the shards.

        Idempotent (rows are merged by their natural keys), and the old tables are dropped only
        after every shard is durable: a crash part-way simply migrates again at the next start.
        """
        legacy = {name: self._db.table(name).all() for name in USER_TABLES if name in self._db.tables()}
        if not legacy:
            return
        natural: dict[str, Callable[[Document], Any]] = {
            "feedback": lambda r: (r.get("user_id"), r.get("entry")),
            "subscriptions": lambda r: (r.get("user_id"), r.get("exam_id")),
            "reminders": lambda r: r.get("key"),
        }
        changed: dict[int, dict[str, Any]] = {}
        seen: dict[tuple[int, str], set[Any]] = {}
        next_id: dict[tuple[int, str], int] = {}
        for name, rows in legacy.items():
            for row in rows:
                owner = (
                    reminder_owner(str(row.get("key"))) if name == "reminders" else int(row.get("user_id", row.doc_id))
                )
                index = self._users.index(owner)
                data = changed.setdefault(index, copy.deepcopy(self._users.dbs[index].storage.read() or {}))
                table = data.setdefault(name, {})
                if name == "profiles":
                    table[str(row.doc_id)] = dict(row)
                    continue
                if (index, name) not in seen:
                    seen[(index, name)] = {natural[name](old) for old in table.values()}
                    next_id[(index, name)] = max((int(k) for k in table), default=0) + 1
                if natural[name](row) in seen[(index, name)]:
                    continue
                seen[(index, name)].add(natural[name](row))
                table[str(next_id[(index, name)])] = dict(row)
                next_id[(index, name)] += 1
        for index, data in changed.items():
            self._users.dbs[index].storage.write(data)
        for name in legacy:
            self._db.drop_table(name)

    def flush(self) -> None:
        """Write the deferred question log now (called periodically and at shutdown)."""
        self._log.flush()

    def close(self) -> None:
        self._db.close()
        self._log.close()
        self._users.close()

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _pseudonym_salt(self) -> str:
        meta = self._db.table("meta")
        found = meta.get(doc_id=1)
        if found is None:
            if self._log.has_rows():  # a partial restore: a new salt would orphan the old rows (/forget, /mydata)
                raise DataFileError(
                    self.data_dir / "qualbot.json",
                    "is missing the pseudonym salt, but the question "
                    "log in questions/ has rows written with it; restore qualbot.json together with "
                    "questions/ (or move questions/ away deliberately)",
                )
            meta.insert(Document({"salt": secrets.token_hex(16)}, doc_id=1))
            found = meta.get(doc_id=1)
        assert isinstance(found, Document)  # one document by id (the salt was just written)
        if not isinstance(found.get("salt"), str) or not found["salt"]:
            raise DataFileError(self.data_dir / "qualbot.json", "holds no usable pseudonym salt")
        salt: str = found["salt"]
        return salt

    def pseudonym(self, user_id: int) -> str:
        """The question log's user key: a salted hash, not the Telegram id."""
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:20]

    # ---- profiles ---------------------------------------------------------------------
    def profile(self, user_id: int) -> dict[str, Any] | None:
        found = self._table("profiles", user_id).get(doc_id=user_id)
        return copy.deepcopy(dict(found)) if found is not None else None

    def save_profile(
        self, user_id: int, *, role: str | None = None, region: str | None = None, updates: bool | None = None
    ) -> dict[str, Any]:
        """Set the given fields (None leaves a field unchanged); durable when this returns."""
        current = self.profile(user_id) or {"user_id": user_id, "role": None, "region": None, "updates": False}
        changes = {k: v for k, v in (("role", role), ("region", region), ("updates", updates)) if v is not None}
        current.update(changes, updated=self._now())
        self._table("profiles", user_id).upsert(Document(current, doc_id=user_id))
        return current

    # ---- feedback ---------------------------------------------------------------------
    def add_feedback(self, user_id: int, entry_id: str, verdict: str) -> dict[str, Any]:
        """verdict is "+" (helpful) or "-" (not helpful). One vote per user and entry, the latest
        counts — so a press Telegram delivers twice (after a crash) is not counted twice."""
        if verdict not in ("+", "-"):
            raise ValueError(f"verdict must be '+' or '-', not {verdict!r}")
        record = {"user_id": user_id, "entry": entry_id, "verdict": verdict, "time": self._now()}
        row = Query()
        self._table("feedback", user_id).upsert(record, (row.user_id == user_id) & (row.entry == entry_id))
        return record

    def feedback(self, user_id: int | None = None) -> list[dict[str, Any]]:
        if user_id is None:
            return _plain(self._all("feedback"))
        rows = self._table("feedback", user_id).search(Query().user_id == user_id)
        return _plain(rows)

    # ---- question log -----------------------------------------------------------------
    def log_question(
        self, user_id: int, text: str, outcome: str | None, entry_id: str | None = None, score: float | None = None
    ) -> None:
        self._log.insert(
            {
                "user": self.pseudonym(user_id),
                "text": text,
                "outcome": outcome,
                "entry": entry_id,
                "score": None if score is None else round(float(score), 4),
                "time": self._now(),
            }
        )

    def questions(self, user_id: int | None = None) -> list[dict[str, Any]]:
        if user_id is None:
            return _plain(self._log.rows())
        return _plain(self._log.rows(Query().user == self.pseudonym(user_id)))

    # -- added for the staff tools (bot/staff): retention purge, broadcast audience, blocked users --
    def purge_questions(self, before: dt.datetime) -> int:
        """Delete question-log records older than `before` (retention); returns how many."""

        def older(stamp: object) -> bool:
            try:
                moment = dt.datetime.fromisoformat(str(stamp))
            except ValueError:
                return False
            return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)) < before

        return self._log.purge_before(before, older)

    def profiles(self) -> list[dict[str, Any]]:
        return _plain(self._all("profiles"))

    def set_profile_flag(self, user_id: int, name: str, value: object) -> None:
        """Set one extra profile field (e.g. `blocked` after Forbidden); no-op for unknown users."""
        current = self.profile(user_id)
        if current is not None and current.get(name) != value:
            current[name] = value
            self._table("profiles", user_id).upsert(Document(current, doc_id=user_id))

    # ---- exam subscriptions and reminders -----------------------------------------------
    def add_subscription(self, user_id: int, exam_id: str) -> bool:
        """True if added, False if the user was already subscribed."""
        row = Query()
        table = self._table("subscriptions", user_id)
        if table.contains((row.user_id == user_id) & (row.exam_id == exam_id)):
            return False
        table.insert({"user_id": user_id, "exam_id": exam_id, "created": self._now()})
        return True

    def remove_subscription(self, user_id: int, exam_id: str) -> bool:
        """True if a subscription was removed."""
        row = Query()
        table = self._table("subscriptions", user_id)
        if not table.contains((row.user_id == user_id) & (row.exam_id == exam_id)):
            return False  # nothing to remove: no file write
        return bool(table.remove((row.user_id == user_id) & (row.exam_id == exam_id)))

    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]:
        if user_id is None:
            return _plain(self._all("subscriptions"))
        rows = self._table("subscriptions", user_id).search(Query().user_id == user_id)
        return _plain(rows)

    def mark_reminder_sent(self, key: str) -> bool:
        """Record that reminder `key` went out; False if it had been sent already."""
        if self.reminder_sent(key):
            return False
        self._table("reminders", reminder_owner(key)).insert({"key": key, "time": self._now()})
        return True

    def reminder_sent(self, key: str) -> bool:
        return bool(self._table("reminders", reminder_owner(key)).contains(Query().key == key))

    # ---- the user's rights ------------------------------------------------------------
    def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about one user (for /mydata)."""
        return exported_user(self, user_id)

    def forget_user(self, user_id: int) -> None:
        """Remove every trace of the user from these files (durable when this returns)."""
        profiles = self._table("profiles", user_id)
        if profiles.contains(doc_id=user_id):
            profiles.remove(doc_ids=[user_id])
        # everything else of this user is in the same shard file (see `reminder_owner`)
        mine = {
            "feedback": Query().user_id == user_id,
            "subscriptions": Query().user_id == user_id,
            # sent-reminder marks name their user as the key's second field ("rem:<user>:<exam>:…")
            "reminders": Query().key.test(lambda key: key.split(":")[1:2] == [str(user_id)]),
        }
        for name, condition in mine.items():
            table = self._table(name, user_id)
            if table.contains(condition):
                table.remove(condition)
        self._log.remove(Query().user == self.pseudonym(user_id))
        self.flush()  # "deleted" is confirmed to the user: it must not come back after a crash
