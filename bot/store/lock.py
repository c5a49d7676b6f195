"""One process owns an embedded (TinyDB) data directory: an exclusive `flock` on `qualbot.lock`.

The bot keeps its files in memory and is their only writer, so a second process on the same
directory would silently lose confirmed writes (security review C1). `qualbot run` takes this
lock at start-up and keeps it for its lifetime (the kernel releases it when the process dies,
even on SIGKILL, so a crash never leaves a stale lock); the file records the holder's pid for
the message a second start prints. Staff commands try the lock: held by a bot → they read a
snapshot and never touch the bot's files (see `bot.store.open_storage`).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_FILE = "qualbot.lock"


class DataDirBusy(RuntimeError):
    """Another process holds the data directory."""

    def __init__(self, data_dir: Path, pid: int | None):
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"{data_dir} is in use by {who} (lock {data_dir / LOCK_FILE}). The embedded store admits one "
            "process: stop that one first, or set QUALBOT_DATABASE_URL to run several workers on PostgreSQL."
        )
        self.data_dir, self.pid = data_dir, pid


class DataDirLock:
    def __init__(self, data_dir: str | os.PathLike[str]):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> int | None:
        """The pid recorded by the current holder (best effort; None if unknown)."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.fsync(fd)
        self._fd = fd
        return True

    def acquire(self) -> DataDirLock:
        """Take the lock or raise `DataDirBusy` naming the holder's pid; never waits."""
        if not self.try_acquire():
            raise DataDirBusy(self.data_dir, self.holder())
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
