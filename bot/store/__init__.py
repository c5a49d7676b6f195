"""Storage behind one contract (`Store`), opened only through `open_storage(settings)`.

- `QUALBOT_DATABASE_URL` set → `PostgresStore` (psycopg 3 + pool; several workers may share it;
  the schema must have been created by `qualbot db migrate`).
- otherwise → `TinyDBStore` in `QUALBOT_DATA_DIR`, which one process owns: `open_storage` takes
  the directory's lock and raises `DataDirBusy` (naming the holder's pid) when a bot has it.

Staff commands open with `staff=True`: on the embedded store they never write, rename or delete
a running bot's files — with the lock free they hold it while they read; with a bot running
they read a private snapshot copy of its files (each file is replaced atomically by the bot,
so every copied file is a complete version).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.store.lock import DataDirBusy, DataDirLock
from bot.store.protocol import NewerSchema, StorageUnavailable, Store

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["DataDirBusy", "DataDirLock", "NewerSchema", "StorageUnavailable", "Store", "open_storage"]

SNAPSHOT_PARTS = ("qualbot.json", "users", "questions")


def open_storage(settings: Settings, *, staff: bool = False, **options: Any) -> Store:
    """The store for these settings. Raises `StorageUnavailable` (database down), `NewerSchema`,
    `DataFileError` (a damaged file) or `DataDirBusy` (another process owns the data directory)."""
    if settings.database_url:
        from bot.store.postgres import PostgresStore

        return PostgresStore(settings.database_url, **options)
    from bot.store.tinydb_store import TinyDBStore

    lock = DataDirLock(settings.data_dir)
    if lock.try_acquire():
        try:
            return TinyDBStore(settings.data_dir, lock=lock, **options)
        except BaseException:
            lock.release()
            raise
    if not staff:
        raise DataDirBusy(settings.data_dir, lock.holder())
    return _snapshot(Path(settings.data_dir), **options)


def _snapshot(data_dir: Path, **options: Any) -> Store:
    """A read-only view of a running bot's data: its files copied to a private temp dir."""
    from bot.store.tinydb_store import TinyDBStore

    copy_dir = Path(tempfile.mkdtemp(prefix="qualbot-snapshot-"))
    for part in SNAPSHOT_PARTS:
        source = data_dir / part
        if source.is_dir():
            (copy_dir / part).mkdir()
            for path in source.glob("*.json"):  # `.name.pid.tmp` files are the bot's writes in flight
                _copy_if_present(path, copy_dir / part / path.name)
        elif source.is_file():
            _copy_if_present(source, copy_dir / part)

    class Snapshot(TinyDBStore):
        def close(self) -> None:
            try:
                super().close()
            finally:
                shutil.rmtree(copy_dir, ignore_errors=True)

    try:
        return Snapshot(copy_dir, **options)
    except BaseException:
        shutil.rmtree(copy_dir, ignore_errors=True)
        raise


def _copy_if_present(source: Path, target: Path) -> None:
    with contextlib.suppress(FileNotFoundError):  # removed meanwhile (a purged question-log day)
        shutil.copyfile(source, target)
