"""The webhook server, bounded: headers are checked before a single body byte is read.

PTB's own server (tornado) buffers the whole body — up to tornado's default of 100 MB — and
only then checks the content type and the secret header, so eight unauthenticated 90 MB POSTs
took the bot past a 512 MiB memory limit (security review H2). Here:

- the content type and the secret header are checked in `prepare()`, which tornado runs
  after the headers and *before* the body (`stream_request_body`); a refused request is
  answered 403 and its connection closed without reading the body;
- the body is limited to `MAX_BODY` (a Telegram update is a few kilobytes): tornado refuses a
  larger `Content-Length` before reading, and stops a chunked body once it passes the limit;
- an update PTB cannot parse is logged with its id only — never its content (review L3:
  PTB logs the whole update, user texts and names, at CRITICAL).

`install()` makes `Updater.start_webhook` use these classes; everything else (setWebhook,
the update queue, shutdown) stays PTB's.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import ExtBot
from telegram.ext import _updater as ptb_updater
from telegram.ext._utils import webhookhandler as ptb_webhook
from tornado.httpserver import HTTPServer

log = logging.getLogger("qualbot.webhook")
MAX_BODY = 1024 * 1024  # bytes; Telegram's updates are far smaller (a 4096-character text is ~16 KB of JSON)
IDLE_TIMEOUT = 60.0  # seconds a keep-alive connection may sit idle
BODY_TIMEOUT = 30.0  # seconds a client may take to send the (small) body
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class GuardedTelegramHandler(ptb_webhook.TelegramHandler):
    """PTB's handler, with the checks moved in front of the body and the body bounded."""

    def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        if self.request.headers.get("Content-Type", None) != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.secret_token is not None:
            token = self.request.headers.get(SECRET_HEADER) or ""
            if not hmac.compare_digest(token.encode(), self.secret_token.encode()):
                raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isascii() or not length.isdigit() or int(length) > MAX_BODY):
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        connection: Any = self.request.connection  # an HTTP1Connection, whatever tornado's stubs say
        connection.set_max_body_size(MAX_BODY)  # also bounds a chunked body
        connection.set_body_timeout(BODY_TIMEOUT)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # A refused request's body is never read, so tornado closes the connection; say so, or a
        # client's next request on the kept-alive connection meets a reset.
        self.set_header("Connection", "close")
        super().write_error(status_code, **kwargs)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > MAX_BODY:  # tornado stops first; this is the second line of defence
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self._chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self._chunks).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Body is not JSON") from exc
        self._chunks = []
        try:
            update = Update.de_json(data, self.bot)
        except Exception as exc:
            update_id = data.get("update_id") if isinstance(data, dict) else None
            # Not the data itself: it holds user texts and names.
            log.error(
                "an update from the webhook could not be parsed (update_id %r, %s); it was dropped",
                str(update_id)[:40],
                type(exc).__name__,
            )
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Update could not be processed") from None
        self.set_status(HTTPStatus.OK)
        if update:
            if isinstance(self.bot, ExtBot):
                self.bot.insert_callback_data(update)
            await self.update_queue.put(update)


class GuardedWebhookApp(ptb_webhook.WebhookAppClass):
    def __init__(
        self, webhook_path: str, bot: Any, update_queue: Any, secret_token: str | None = None
    ) -> None:  # PTB's, with the guarded handler
        self.shared_objects = {"bot": bot, "update_queue": update_queue, "secret_token": secret_token}
        tornado.web.Application.__init__(self, [(rf"{webhook_path}/?", GuardedTelegramHandler, self.shared_objects)])


class GuardedWebhookServer(ptb_webhook.WebhookServer):
    def __init__(self, listen: str, port: int, webhook_app: Any, ssl_ctx: Any, unix: Any = None) -> None:
        super().__init__(listen, port, webhook_app, ssl_ctx, unix)
        self._http_server = HTTPServer(
            webhook_app,
            ssl_options=ssl_ctx,
            max_body_size=MAX_BODY,
            idle_connection_timeout=IDLE_TIMEOUT,
            body_timeout=BODY_TIMEOUT,
        )


def install() -> None:
    """Make PTB's Updater build the guarded server (idempotent)."""
    if not (hasattr(ptb_updater, "WebhookAppClass") and hasattr(ptb_updater, "WebhookServer")):
        # a PTB upgrade moved them: refuse to serve an unguarded webhook rather than do it silently
        raise RuntimeError(
            "python-telegram-bot's Updater no longer builds its webhook server from "
            "WebhookAppClass/WebhookServer; bot/tg/webhook.py must be adapted"
        )
    ptb_updater.WebhookAppClass = GuardedWebhookApp  # type: ignore[misc]  # the point: replace PTB's classes
    ptb_updater.WebhookServer = GuardedWebhookServer  # type: ignore[misc]
