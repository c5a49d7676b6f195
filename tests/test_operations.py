"""The bot as an operator runs it: the real `python -m bot run` process against the offline
Bot API (`fake_bot_api.FakeTelegram`), plus settings, exit codes and the health signal.

- H2: eight parallel oversized POSTs to the webhook, without the secret or with it, leave the
  process small and answering (headers are checked before the body is read, bodies bounded);
- H3: SIGHUP 0.1 s and 0.5 s after start (0.02 s through the launcher) leaves a running bot, and the reload asked for
  during start-up is carried out once it is up;
- `qualbot run` without a token and without a terminal exits non-zero with a clear message.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from fake_bot_api import FakeTelegram

from bot.settings import PROJECT_ROOT

TOKEN = "424242:OPS-test-token-never-logged"
SECRET = "ops-secret_0123456789abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebhookTelegram(FakeTelegram):
    def api_setWebhook(self, params, files):
        self.webhook = params
        return True


def bot_env(base_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_", "NOTIFY_SOCKET"))}
    return {
        **env,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "QUALBOT_DATA_DIR": str(data_dir),
        "QUALBOT_TODAY": "2026-11-21",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


# How deploy/qualbot.service and the Dockerfile start the bot: SIGHUP ignored across the exec, so even
# the interpreter's own start-up (~60 ms, before any of our code runs) is covered.
LAUNCHER = (
    ["env", "--ignore-signal=HUP"]
    if subprocess.run(["env", "--ignore-signal=HUP", "true"], capture_output=True).returncode == 0
    else []
)


def start_bot(env: dict[str, str], log_path: Path, launcher: list[str] | None = None) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [*(launcher or []), sys.executable, "-m", "bot", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_for_log(log_path: Path, text: str, process: subprocess.Popen, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        if text in log:
            return log
        if process.poll() is not None:
            raise AssertionError(f"the bot exited with {process.returncode}:\n{log[-3000:]}")
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged within {timeout} s:\n{log[-3000:]}")


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{condition} did not become true within {timeout} s")
        time.sleep(0.05)


def receive_until(listener: socket.socket, wanted: str) -> str:
    """The first sd_notify datagram that carries `wanted` (WATCHDOG=1 beats may come in between)."""
    while True:
        message = listener.recv(4096).decode()
        if wanted in message:
            return message


# ---- H3: SIGHUP from the first moment -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("delay", "launcher"),
    # 0.1 s: before the handlers are set; 0.5 s: during start-up, held and carried out once up (a later
    # moment of the ~2 s start-up is the same case; CI time keeps one of them).
    [(0.1, []), (0.5, []), (0.02, LAUNCHER), (0.1, LAUNCHER)],
    ids=["0.1s", "0.5s", "0.02s-as-deployed", "0.1s-as-deployed"],
)
def test_a_sighup_soon_after_start_leaves_a_running_bot_that_then_reloads(tmp_path, delay, launcher):
    if launcher is LAUNCHER and not LAUNCHER:
        pytest.skip("needs GNU env --ignore-signal")
    telegram = FakeTelegram(TOKEN)
    base_url = telegram.start()
    log_path = tmp_path / "bot.log"
    process = start_bot(bot_env(base_url, tmp_path / "data"), log_path, launcher)
    try:
        time.sleep(delay)
        process.send_signal(signal.SIGHUP)
        log = wait_for_log(log_path, "started: knowledge version", process)
        assert re.search(r"qualbot \S+ started: knowledge version [0-9a-f]+, bot @\w+, long polling", log)
        telegram.wait_for(lambda c: c.method == "getUpdates", timeout=30)
        assert process.poll() is None
        if delay >= 0.5 or "a reload was requested during start-up" in log:  # held, then carried out once up
            wait_for_log(log_path, "SIGHUP reload:", process)
            status_file = tmp_path / "data" / "reload-status.json"
            wait_until(status_file.exists)  # written just after the result is logged
            assert json.loads(status_file.read_text(encoding="utf-8"))["ok"] is True
        # Measured without the launcher: a SIGHUP in the interpreter's first ~60-70 ms (before any Python
        # code runs) still kills it; with the launcher it is ignored there (not held). Before env itself
        # has run (~1 ms) nothing can help; under systemd, Type=notify makes `systemctl reload` wait for READY.
        since = len(telegram.calls)
        telegram.say(5001, "见习补贴有多少")
        telegram.wait_for(lambda c: c.method == "sendMessage", since=since, timeout=30)
    finally:
        stop(process)
        telegram.stop()
    assert process.returncode == 0, log_path.read_text(encoding="utf-8", errors="replace")[-3000:]


# ---- H2: bounded webhook --------------------------------------------------------------------------------
def _oversized_post(port: int, path: str, declared: int, headers: dict[str, str], chunked: bool = False) -> str:
    """Send headers, then stream up to `declared` bytes until the server hangs up; returns what it answered."""
    chunk = b"x" * (1 << 20)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {declared}")
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        sent = 0
        try:
            while sent < declared:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            conn.settimeout(10)
            while part := conn.recv(65536):
                answer += part
        except (ConnectionResetError, TimeoutError, OSError):
            pass
    return answer.decode("latin-1").split("\r\n", 1)[0]


def test_eight_parallel_oversized_webhook_posts_neither_bloat_nor_stop_the_bot(tmp_path):
    telegram = WebhookTelegram(TOKEN)
    base_url = telegram.start()
    port = free_port()
    env = bot_env(
        base_url,
        tmp_path / "data",
        QUALBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/hook",
        QUALBOT_WEBHOOK_SECRET=SECRET,
        QUALBOT_LISTEN="127.0.0.1",
        QUALBOT_PORT=str(port),
    )
    log_path = tmp_path / "bot.log"
    process = start_bot(env, log_path)
    peak = [0]
    watching = threading.Event()
    try:
        wait_for_log(log_path, "started: knowledge version", process)
        telegram.wait_for(lambda c: c.method == "setWebhook", timeout=30)
        time.sleep(0.5)
        me = psutil.Process(process.pid)
        baseline = me.memory_info().rss

        def watch():
            while not watching.is_set():
                peak[0] = max(peak[0], me.memory_info().rss)
                time.sleep(0.01)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        hook = "/telegram/hook"
        cases = (
            [({}, False)] * 4
            + [({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, False)] * 2
            + [
                ({"X-Telegram-Bot-Api-Secret-Token": SECRET}, False),
                ({"X-Telegram-Bot-Api-Secret-Token": SECRET}, True),
            ]
        )
        answers: list[str] = [""] * len(cases)

        def attack(i, headers, chunked):
            answers[i] = _oversized_post(port, hook, 90 * (1 << 20), headers, chunked)

        threads = [threading.Thread(target=attack, args=(i, h, c)) for i, (h, c) in enumerate(cases)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        watching.set()
        watcher.join()
        assert process.poll() is None, "the bot died"
        grown = (peak[0] - baseline) / (1 << 20)
        print(f"RSS baseline {baseline / (1 << 20):.0f} MiB, peak {peak[0] / (1 << 20):.0f} MiB (+{grown:.1f} MiB)")
        assert grown < 40, f"RSS grew by {grown:.0f} MiB under oversized POSTs"
        assert all(a.startswith("HTTP/1.1 403") for a in answers[:6]), answers
        assert all(a == "" or a.startswith(("HTTP/1.1 413", "HTTP/1.1 400")) for a in answers[6:]), answers[6:]
        # and Telegram's own small update is still accepted and answered
        update = {"update_id": 77, "message": telegram.user_message(5002, "见习补贴有多少")}
        since = len(telegram.calls)
        body = json.dumps(update).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                (
                    f"POST {hook} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n"
                ).encode()
                + body
            )
            assert conn.recv(200).startswith(b"HTTP/1.1 200")
        telegram.wait_for(
            lambda c: c.method == "sendMessage" and c.params.get("chat_id") in (5002, "5002"), since=since, timeout=30
        )
    finally:
        watching.set()
        stop(process)
        telegram.stop()


# ---- qualbot run without a token ----------------------------------------------------------------------
def test_run_without_a_token_and_without_a_terminal_exits_non_zero_and_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr and "Traceback" not in done.stderr


# ---- readiness and health ---------------------------------------------------------------------------------
@contextlib.contextmanager
def bot_under_systemd(tmp_path: Path, telegram: FakeTelegram) -> Iterator[tuple[socket.socket, subprocess.Popen]]:
    """The bot started with systemd's NOTIFY_SOCKET (data in tmp_path/data, log in tmp_path/bot.log),
    and the socket its notifications arrive on."""
    base_url = telegram.start()
    address = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(address)
        listener.settimeout(60)
        env = {**bot_env(base_url, tmp_path / "data"), "NOTIFY_SOCKET": address}
        yield listener, start_bot(env, tmp_path / "bot.log")


class SlowToStartPolling(FakeTelegram):
    """A Bot API that takes a second to drop the webhook: the bot is READY (post_init ran) while
    its polling is still starting."""

    def api_deleteWebhook(self, params, files):
        time.sleep(1.0)
        return super().api_deleteWebhook(params, files)


def test_a_stop_while_polling_is_still_starting_is_a_clean_stop(tmp_path):
    """systemd may stop the bot the moment it says READY=1: the stop waits until the bot runs,
    then shuts down as any stop does (STOPPING=1, heartbeat removed, exit 0, no traceback)."""
    telegram = SlowToStartPolling(TOKEN)
    data, log_path = tmp_path / "data", tmp_path / "bot.log"
    with bot_under_systemd(tmp_path, telegram) as (listener, process):
        try:
            receive_until(listener, "READY=1")
            time.sleep(0.3)  # the bot is inside deleteWebhook now
        finally:
            stop(process)
            telegram.stop()
        receive_until(listener, "STOPPING=1")
    assert process.returncode == 0
    assert not (data / "heartbeat").exists()
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")


def test_the_bot_tells_systemd_it_is_ready_and_keeps_a_heartbeat_while_it_runs(tmp_path):
    telegram = FakeTelegram(TOKEN)
    data = tmp_path / "data"
    with bot_under_systemd(tmp_path, telegram) as (listener, process):
        try:
            ready = receive_until(listener, "READY=1")
            assert "STATUS=knowledge " in ready
            wait_until((data / "heartbeat").exists)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
            health = subprocess.run(
                [sys.executable, "-m", "bot", "health"],
                env={**env, "QUALBOT_DATA_DIR": str(data)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert health.returncode == 0 and health.stdout.startswith("healthy")
        finally:
            stop(process)
            telegram.stop()
        receive_until(listener, "STOPPING=1")
    assert process.returncode == 0
    assert not (data / "heartbeat").exists()  # a stopped bot is not reported healthy
