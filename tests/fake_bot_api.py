"""A small fake Telegram Bot API over real HTTP, for tests that run the real bot *process*.

`tests/telegram_fakes.py` fakes Telegram inside the test process (a `BaseRequest`); this one
listens on 127.0.0.1 so `python -m bot run` can poll it with `TELEGRAM_API_BASE_URL`, exactly
as it would poll Telegram — which is what a crash test needs: the bot can be killed with
SIGKILL mid-request and restarted while the "Telegram" side keeps its state.

Semantics copied from Telegram because the crash test depends on them:
- `getUpdates` long-polls; an update counts as delivered only when a later call passes an
  `offset` above its id, so updates fetched by a process that then died are delivered again.
- every call is recorded with its arrival time, so a test can treat a write as *confirmed*
  only once the bot's confirmation (a toast, a message) has actually reached Telegram.

Standard library only (http.server in a thread): no node, no extra dependency.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USER = {
    "id": 424242,
    "is_bot": True,
    "first_name": "Qualbot",
    "username": "qualbot_fake_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Parameters PTB sends JSON-encoded in form fields (strings are sent as they are).
_JSON_PARAMS = {
    "reply_markup",
    "commands",
    "allowed_updates",
    "entities",
    "reply_parameters",
    "link_preview_options",
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "show_alert",
    "cache_time",
    "disable_notification",
    "protect_content",
    "drop_pending_updates",
    "scope",
    "caption_entities",
    "max_connections",
}


@dataclass
class Call:
    """One Bot API request as the bot made it."""

    method: str
    params: dict
    at: float
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # part name → (file name, content)
    result: object = None  # what the fake answered (e.g. the message it created)


class FakeTelegram:
    """The Telegram side: users push updates, the bot's calls are recorded and answered."""

    def __init__(self, token: str):
        self.token = token
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict] = {}  # what the bot sent, by (chat id, message id)
        self._updates: list[dict] = []
        self._acknowledged = 0  # every update with a smaller id has been confirmed by an offset
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._failures: dict[str, list[int]] = {}  # method → HTTP statuses to answer with next
        self._lock = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> str:
        """Listen on a free port; returns the value for TELEGRAM_API_BASE_URL."""
        fake = self

        class Handler(_Handler):
            telegram = fake

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-telegram", daemon=True)
        self._thread.start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def stop(self) -> None:
        with self._lock:
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # ---- the users' side -------------------------------------------------------------------
    def push(self, payload: dict) -> int:
        """Queue an update (without update_id); returns its id."""
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **payload})
            self._lock.notify_all()
        return update_id

    def user_message(self, user_id: int, text: str, chat: dict | None = None, **extra) -> dict:
        """A message from a user (private chat unless `chat` is given), as Telegram sends it."""
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or {"id": user_id, "type": "private", "first_name": f"U{user_id}"},
            "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": "zh-hans"},
            **extra,
        }
        if text:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return message

    def say(self, user_id: int, text: str) -> int:
        return self.push({"message": self.user_message(user_id, text)})

    def press(self, user_id: int, message: dict, data: str) -> str:
        """Press a button of `message` (a bot message); returns the callback query id."""
        query_id = f"cq{next(self._update_ids)}"
        self.push(
            {
                "callback_query": {
                    "id": query_id,
                    "chat_instance": str(user_id),
                    "data": data,
                    "message": message,
                    "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
                }
            }
        )
        return query_id

    def fail_next(self, method: str, *statuses: int) -> None:
        """Answer the next calls of `method` with these HTTP error statuses (502, 500, 429 …)."""
        with self._lock:
            self._failures.setdefault(method, []).extend(statuses)

    # ---- observing the bot -------------------------------------------------------------------
    def calls_since(self, index: int, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls[index:] if method is None or c.method == method]

    def wait_for(self, predicate: Callable[[Call], bool], since: int = 0, timeout: float = 10.0) -> Call:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for call in self.calls[since:]:
                    if predicate(call):
                        return call
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"the bot made no matching call within {timeout} s "
                        f"(last calls: {[c.method for c in self.calls[-8:]]})"
                    )
                self._lock.wait(left)

    @property
    def pending_updates(self) -> int:
        with self._lock:
            return sum(1 for u in self._updates if u["update_id"] >= self._acknowledged)

    # ---- the Bot API (called from the HTTP handler threads) ------------------------------------
    def handle(self, method: str, params: dict, files: dict) -> tuple[int, dict]:
        call = Call(method, params, time.monotonic(), files)
        with self._lock:
            queued = self._failures.get(method)
            if queued:
                status = queued.pop(0)
                self._record(call)
                return status, {"ok": False, "error_code": status, "description": f"fake failure {status}"}
        if method == "getUpdates":
            self._record(call)
            return 200, {"ok": True, "result": self._get_updates(params)}
        answer = getattr(self, f"api_{method}", None)
        if answer is None:
            self._record(call)
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        with self._lock:
            try:
                call.result = answer(params, files)
            except (KeyError, ValueError) as exc:
                self._record(call)
                return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: bad parameter {exc}"}
            self._record(call)
        return 200, {"ok": True, "result": call.result}

    def _record(self, call: Call) -> None:
        """Recorded once answered, so a waiting test sees the call together with its result."""
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _get_updates(self, params: dict) -> list[dict]:
        offset, timeout = int(params.get("offset") or 0), min(float(params.get("timeout") or 0), 5.0)
        deadline = time.monotonic() + timeout
        with self._lock:
            if offset > 0:
                self._acknowledged = max(self._acknowledged, offset)
            while True:
                ready = [u for u in self._updates if u["update_id"] >= self._acknowledged]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._server is None:
                    return ready[: int(params.get("limit") or 100)]
                self._lock.wait(min(left, 0.5))

    def _new_message(self, chat_id: int, extra: dict) -> dict:
        chat = (
            {"id": chat_id, "type": "private", "first_name": "User"}
            if chat_id > 0
            else {"id": chat_id, "type": "group", "title": "群"}
        )
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **extra,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _markup(params: dict) -> dict:
        markup = params.get("reply_markup")
        return {"reply_markup": markup} if markup else {}

    def api_getMe(self, params, files):
        return BOT_USER

    def api_sendMessage(self, params, files):
        return self._new_message(int(params["chat_id"]), {"text": params.get("text", ""), **self._markup(params)})

    def api_editMessageText(self, params, files):
        message = self.messages.get((int(params["chat_id"]), int(params["message_id"])))
        if message is None:
            return True
        message["text"] = params.get("text", "")
        message.pop("reply_markup", None)
        message.update(self._markup(params), edit_date=int(time.time()))
        return message

    def api_editMessageReplyMarkup(self, params, files):
        message = self.messages.get((int(params["chat_id"]), int(params["message_id"])))
        if message is None:
            return True
        message.pop("reply_markup", None)
        message.update(self._markup(params))
        return message

    def api_sendDocument(self, params, files):
        name = next(iter(files.values()))[0] if files else "file"
        return self._new_message(
            int(params["chat_id"]),
            {
                "document": {"file_id": f"f{len(self.calls)}", "file_unique_id": "u", "file_name": name},
                "caption": params.get("caption", ""),
            },
        )

    def api_answerCallbackQuery(self, params, files):
        return True

    def api_setMyCommands(self, params, files):
        return True

    def api_deleteWebhook(self, params, files):
        return True

    def api_sendChatAction(self, params, files):
        return True

    def api_deleteMessage(self, params, files):
        return self.messages.pop((int(params["chat_id"]), int(params["message_id"])), None) is not None

    def api_getWebhookInfo(self, params, files):
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def api_close(self, params, files):
        return True

    def api_logOut(self, params, files):
        return True


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A bot killed mid-request resets its connections: expected here, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    telegram: FakeTelegram
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output clean
        pass

    def do_GET(self):
        self.do_POST()

    def do_POST(self):
        prefix = f"/bot{self.telegram.token}/"
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(body) < length:
            return  # the bot died while sending: Telegram never sees a half request
        if not self.path.startswith(prefix):
            self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        params, files = _parse_body(self.headers.get("Content-Type", ""), body)
        status, answer = self.telegram.handle(self.path[len(prefix) :].split("?")[0], params, files)
        self._send(status, answer)

    def _send(self, status: int, answer: dict) -> None:
        payload = json.dumps(answer, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot was killed while waiting for this answer


def _decode(name: str, value: str):
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_body(content_type: str, body: bytes) -> tuple[dict, dict]:
    """Form-encoded or multipart/form-data (PTB uses the latter when it uploads a file)."""
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        params, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            content = part.get_payload(decode=True) or b""
            if filename:
                files[name] = (filename, content)
            else:
                params[name] = _decode(name, content.decode("utf-8"))
        return params, files
    pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    return {k: _decode(k, v) for k, v in pairs}, {}
