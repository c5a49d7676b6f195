"""Several real bot processes in webhook mode on one PostgreSQL, behind a tiny "reverse proxy".

`ClusterTelegram` is the fake Bot API (tests/fake_bot_api.py) whose user updates are not served
by getUpdates but POSTed, in order, to the workers' webhooks — each user's consecutive updates
to alternating workers, and to the next live worker when one is down (as a proxy would fail over).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from fake_bot_api import FakeTelegram

from bot.settings import PROJECT_ROOT

SECRET = "cluster-test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Worker:
    def __init__(self, index: int, base_url: str, database_url: str, workdir: Path, token: str, **env: str):
        self.index, self.port = index, free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.log_path = workdir / f"worker{index}.log"
        self.data_dir = workdir / f"worker{index}"
        base = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
        self.env = {
            **base,
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": base_url,
            "QUALBOT_DATABASE_URL": database_url,
            "QUALBOT_WEBHOOK_URL": self.url,
            "QUALBOT_WEBHOOK_SECRET": SECRET,
            "QUALBOT_LISTEN": "127.0.0.1",
            "QUALBOT_PORT": str(self.port),
            "QUALBOT_DATA_DIR": str(self.data_dir),
            "QUALBOT_TODAY": "2026-11-21",
            "QUALBOT_OUTGOING_RATE": "0",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                raise AssertionError(f"worker {self.index} exited:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"worker {self.index} did not listen within {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        if self.alive:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:] if self.log_path.exists() else ""


class ClusterTelegram(FakeTelegram):
    """The fake Bot API, delivering user updates to webhooks instead of getUpdates."""

    def __init__(self, token: str):
        super().__init__(token)
        self.workers: list[Worker] = []
        self.routed: dict[int, int] = {}  # update_id → worker index it was delivered to
        self._per_user: dict[int, int] = {}
        self.pinned: dict[int, int] = {}  # user → the worker that takes all their updates (to make one busy)
        self._outbox: queue.Queue = queue.Queue()
        self._router = threading.Thread(target=self._route, name="proxy", daemon=True)
        self._router.start()

    def api_setWebhook(self, params, files):
        return True

    def push(self, payload: dict) -> int:
        with self._lock:
            update_id = next(self._update_ids)
        self._outbox.put({"update_id": update_id, **payload})
        return update_id

    def idle(self) -> bool:
        return self._outbox.unfinished_tasks == 0

    @staticmethod
    def _user(update: dict) -> int:
        for kind in ("message", "callback_query", "edited_message"):
            if kind in update:
                return int(update[kind]["from"]["id"])
        return 0

    def _route(self) -> None:
        while True:
            update = self._outbox.get()
            try:
                user = self._user(update)
                turn = self.pinned.get(user, self._per_user.get(user, 0))
                self._per_user[user] = turn + 1
                body = json.dumps(update).encode()
                while True:
                    candidates = [w for w in self.workers if w.alive]
                    if candidates:
                        first = turn % len(self.workers)
                        order = sorted(candidates, key=lambda w: (w.index - first) % len(self.workers))
                        if self._deliver(order, body, update["update_id"]):
                            break
                    time.sleep(0.1)  # nobody up: retry, as Telegram does
            finally:
                self._outbox.task_done()

    def _deliver(self, order: list[Worker], body: bytes, update_id: int) -> bool:
        for worker in order:
            request = urllib.request.Request(
                worker.url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    if answer.status == 200:
                        self.routed[update_id] = worker.index
                        return True
            except (urllib.error.URLError, OSError, TimeoutError):
                continue
        return False
