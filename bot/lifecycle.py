"""Process lifecycle helpers that must be cheap to import (standard library only).

- `hold_reload_signal()`: from the first moment of `qualbot run`, a SIGHUP (`systemctl reload`,
  `qualbot kb reload`) is remembered instead of killing the process (security review H3). Once
  the bot is up, the real handler takes over and performs any reload asked for meanwhile.
- `notify()`: systemd's sd_notify protocol (READY=1, WATCHDOG=1, STATUS=…) over
  `$NOTIFY_SOCKET`, without a dependency; a no-op outside systemd.
- `Heartbeat`: a file whose modification time the running bot refreshes, for container
  health checks (`qualbot health`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_EVERY = 30.0  # seconds
HEARTBEAT_STALE = 120.0  # a heartbeat older than this means the event loop is stuck or the bot is gone

_held: list[float] = []  # monotonic times of SIGHUPs received before the bot could reload


def _remember(signum, frame) -> None:
    _held.append(time.monotonic())


def hold_reload_signal() -> None:
    """Install the placeholder SIGHUP handler (call first thing in `qualbot run`)."""
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _remember)


def take_held_reloads() -> int:
    """How many SIGHUPs arrived before the real handler; clears the count."""
    count = len(_held)
    _held.clear()
    return count


def notify(*states: str) -> bool:
    """Send `states` (e.g. "READY=1") to systemd; False when not run by systemd with NotifyAccess."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # abstract namespace
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall("\n".join(states).encode())
        return True
    except OSError:
        return False


class Heartbeat:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / HEARTBEAT_FILE

    def beat(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{os.getpid()} {time.time():.0f}\n", encoding="ascii")
        notify("WATCHDOG=1")

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def age(self) -> float | None:
        """Seconds since the last beat, or None without a heartbeat file."""
        try:
            return max(0.0, time.time() - self.path.stat().st_mtime)
        except OSError:
            return None
