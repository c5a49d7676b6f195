"""Local control of a running bot: `qualbot kb reload` → SIGHUP → reload → status file.

The bot writes its pid to `<data_dir>/qualbot.pid` while it runs and reloads on SIGHUP (the
Unix convention for "re-read your configuration"). The CLI writes a request nonce, sends the
signal, and waits for the status file to carry that nonce — so it prints the result of *its*
reload, not an older one. Nothing listens on a port: only a local user with the rights to
signal the bot's process (and to write its data directory) can trigger a reload.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import time
from pathlib import Path

from bot.staff.reload import ReloadResult
from bot.storage import atomic_write_text

PID_FILE = "qualbot.pid"
REQUEST_FILE = "reload-request.json"
STATUS_FILE = "reload-status.json"


class ControlError(RuntimeError):
    """No running bot to talk to, or it did not answer in time."""


# ---- the bot's side ----------------------------------------------------------------------
def write_pid(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(data_dir / PID_FILE, str(os.getpid()))


def remove_pid(data_dir: Path) -> None:
    path = data_dir / PID_FILE
    try:
        if path.read_text().strip() == str(os.getpid()):  # never remove another process's pid file
            path.unlink()
    except OSError:
        pass


def pending_request(data_dir: Path) -> str | None:
    try:
        return json.loads((data_dir / REQUEST_FILE).read_text(encoding="utf-8")).get("nonce")
    except (OSError, ValueError):
        return None


def write_status(data_dir: Path, result: ReloadResult, nonce: str | None) -> None:
    status = {"nonce": nonce, "finished": time.time(), **result.as_json()}
    atomic_write_text(data_dir / STATUS_FILE, json.dumps(status, ensure_ascii=False, indent=1))


# ---- the CLI's side ----------------------------------------------------------------------
def running_pid(data_dir: Path) -> int:
    try:
        pid = int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError) as exc:
        raise ControlError(f"no running bot found ({data_dir / PID_FILE} missing or unreadable)") from exc
    try:
        os.kill(pid, 0)
    except ProcessLookupError as exc:
        raise ControlError(f"the bot recorded in {data_dir / PID_FILE} (pid {pid}) is not running") from exc
    except PermissionError as exc:
        raise ControlError(f"not allowed to signal the bot (pid {pid}); run as the bot's user") from exc
    return pid


def request_reload(data_dir: Path, timeout: float = 120.0, poll: float = 0.2) -> ReloadResult:
    """Ask the running bot to reload and wait for its result."""
    pid = running_pid(data_dir)
    nonce = secrets.token_hex(8)
    atomic_write_text(data_dir / REQUEST_FILE, json.dumps({"nonce": nonce}))
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = json.loads((data_dir / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            status = {}
        if status.get("nonce") == nonce:
            return ReloadResult.from_json(status)
        time.sleep(poll)
    raise ControlError(f"the bot (pid {pid}) did not report a reload within {timeout:.0f} s; see its log")
