"""An offline Telegram for tests: a recording Bot API and a user who talks to the bot.

`FakeBotApi` is a `BaseRequest`: every Bot API call the real `Application` makes lands here,
is checked against Telegram's limits (text length, HTML, callback data) and answered like
Telegram would. `TelegramUser` builds real `Update.de_json` updates and feeds them through
`Application.process_update`; handler errors are collected and re-raised, so they fail
the test instead of only being logged.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 777000,
    "is_bot": True,
    "first_name": "Qualbot",
    "username": "qualbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
FROZEN_NOW = int(dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC).timestamp())
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "span",
    "tg-spoiler",
    "blockquote",
    "tg-emoji",
}


class BadApiCall(Exception):
    """What Telegram would answer with 400 Bad Request."""


class _TelegramHtml(HTMLParser):
    """Rejects what Telegram's HTML parse mode rejects in practice: unknown or unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise BadApiCall(f'can\'t parse entities: unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise BadApiCall(f'can\'t parse entities: unexpected end tag "{tag}"')
        self.stack.pop()


def visible_text(text: str, parse_mode: str | None) -> str:
    if parse_mode != "HTML":
        return text
    if re.search(r"<(?![/a-zA-Z])", text) or re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        raise BadApiCall("can't parse entities: unescaped '<' or '&'")
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise BadApiCall(f'can\'t parse entities: unclosed tag "{parser.stack[-1]}"')
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    if re.search(r"</?(?:b|i|u|s|code|pre|a)>", plain):  # not Telegram's rule: a guard against double escaping
        raise BadApiCall(f"markup would be shown literally to the user: {plain[:80]!r}")
    return plain


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Shown:
    """One thing the user saw: a message, an edit, a toast, or a document."""

    kind: str  # "message" | "edit" | "toast" | "document"
    chat_id: int | None
    text: str  # as the user reads it (markup removed)
    buttons: list[list[dict]] = field(default_factory=list)
    message_id: int | None = None
    filename: str | None = None
    data: bytes | None = None

    @property
    def button_texts(self) -> list[str]:
        return [b["text"] for row in self.buttons for b in row]

    def __str__(self) -> str:
        extra = f" [{' | '.join(self.button_texts)}]" if self.buttons else ""
        name = f" {self.filename}" if self.filename else ""
        return f"<{self.kind}{name}> {self.text}{extra}"


class FakeBotApi(BaseRequest):
    """Answers every Bot API call offline and records what the user would see."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.shown: list[Shown] = []
        self.messages: dict[tuple[int, int], dict] = {}  # what the bot sent, by (chat, message id)
        self.message_ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    async def do_request(
        self,
        url,
        method,
        request_data: RequestData | None = None,
        read_timeout=None,
        write_timeout=None,
        connect_timeout=None,
        pool_timeout=None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((api_method, params))
        answer = getattr(self, f"api_{api_method}", None)
        try:
            if answer is None:
                raise BadApiCall(f"method {api_method} is not emulated")
            result = answer(params, request_data)
        except BadApiCall as exc:
            return 400, json.dumps({"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # ---- helpers ---------------------------------------------------------------------------
    @staticmethod
    def chat(chat_id: int) -> dict:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": "测试群"}
        return {"id": chat_id, "type": "private", "first_name": "User"}

    @staticmethod
    def checked_markup(params: dict) -> dict | None:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(data.encode()) > 64:
                    raise BadApiCall("BUTTON_DATA_INVALID")
                if data is None and "url" not in button:
                    raise BadApiCall("inline keyboard button without an action")
        return markup

    def checked_text(self, params: dict, key: str = "text", limit: int = 4096) -> str:
        text = params.get(key) or ""
        if key == "text" and not text.strip():
            raise BadApiCall("message text is empty")
        plain = visible_text(text, params.get("parse_mode"))
        if utf16_length(plain) > limit:
            raise BadApiCall("message is too long" if key == "text" else "message caption is too long")
        return plain

    def new_message(self, chat_id: int, extra: dict) -> dict:
        message = {
            "message_id": next(self.message_ids),
            "date": FROZEN_NOW,
            "chat": self.chat(chat_id),
            "from": BOT_USER,
            **extra,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    # ---- the Bot API -----------------------------------------------------------------------
    def api_getMe(self, params, _):
        return BOT_USER

    def api_sendMessage(self, params, _):
        chat_id = int(params["chat_id"])
        plain = self.checked_text(params)
        markup = self.checked_markup(params)
        extra = {"text": plain}
        if markup:
            extra["reply_markup"] = markup
        message = self.new_message(chat_id, extra)
        self.shown.append(
            Shown("message", chat_id, plain, (markup or {}).get("inline_keyboard", []), message["message_id"])
        )
        return message

    def _edited(self, params) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadApiCall("message to edit not found")
        return self.messages[key]

    def api_editMessageText(self, params, _):
        message = self._edited(params)
        plain = self.checked_text(params)
        markup = self.checked_markup(params)
        if plain == message.get("text") and markup == message.get("reply_markup"):
            raise BadApiCall("message is not modified")
        message["text"] = plain
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = FROZEN_NOW
        self.shown.append(
            Shown(
                "edit", message["chat"]["id"], plain, (markup or {}).get("inline_keyboard", []), message["message_id"]
            )
        )
        return message

    def api_editMessageReplyMarkup(self, params, _):
        message = self._edited(params)
        markup = self.checked_markup(params)
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self.shown.append(
            Shown(
                "edit",
                message["chat"]["id"],
                message.get("text", ""),
                (markup or {}).get("inline_keyboard", []),
                message["message_id"],
            )
        )
        return message

    def api_answerCallbackQuery(self, params, _):
        text = params.get("text")
        if text:
            if len(text) > 200:
                raise BadApiCall("callback answer text is too long")
            self.shown.append(Shown("toast", None, text))
        return True

    def api_sendDocument(self, params, request_data: RequestData):
        chat_id = int(params["chat_id"])
        caption = self.checked_text(params, "caption", 1024) if params.get("caption") else ""
        files = request_data.multipart_data or {}
        name, content = "", b""
        for value in files.values():
            name, content = value[0], value[1]
        message = self.new_message(
            chat_id,
            {
                "document": {"file_id": f"doc{len(self.calls)}", "file_unique_id": "u", "file_name": name},
                "caption": caption,
            },
        )
        self.shown.append(Shown("document", chat_id, caption, [], message["message_id"], name, content))
        return message

    def api_deleteMessage(self, params, _):
        if self.messages.pop((int(params["chat_id"]), int(params["message_id"])), None) is None:
            raise BadApiCall("message to delete not found")
        return True

    def api_setMyCommands(self, params, _):
        commands = params["commands"]
        if isinstance(commands, str):
            commands = json.loads(commands)
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not 1 <= len(command["description"]) <= 256:
                raise BadApiCall("BOT_COMMAND_INVALID")
        self.commands = commands
        return True

    def api_sendChatAction(self, params, _):
        return True

    def api_getUpdates(self, params, _):
        return []

    def api_deleteWebhook(self, params, _):
        return True


@dataclass
class Person:
    id: int
    first_name: str
    username: str | None = None

    def as_dict(self) -> dict:
        user = {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "zh-hans"}
        if self.username:
            user["username"] = self.username
        return user


class TelegramUser:
    """Drives the real Application the way a Telegram user would; returns what they saw."""

    update_ids = itertools.count(1)

    def __init__(self, application: Application, api: FakeBotApi, person: Person, chat_id: int | None = None):
        self.application = application
        self.api = api
        self.person = person
        self.chat_id = person.id if chat_id is None else chat_id
        self.errors: list[BaseException] = []
        self.last_sent: dict | None = None
        application.add_error_handler(self._collect_error)

    async def _collect_error(self, update, context) -> None:
        self.errors.append(context.error)

    def in_chat(self, chat_id: int) -> TelegramUser:
        other = TelegramUser.__new__(TelegramUser)
        other.__dict__.update(self.__dict__, chat_id=chat_id)
        return other

    async def receives(self, payload: dict) -> list[Shown]:
        """Any update from this user (`{"message": user.new_message({...})}`, an edit, a query …)."""
        before = len(self.api.shown)
        update = Update.de_json({"update_id": next(self.update_ids), **payload}, self.application.bot)
        await self.application.process_update(update)
        if self.errors:
            raise self.errors[0]
        return self.api.shown[before:]

    def new_message(self, extra: dict) -> dict:
        """A message from this user in this chat, with `extra` fields (text, photo, service data …)."""
        message = {
            "message_id": next(self.api.message_ids),
            "date": FROZEN_NOW,
            "chat": self.api.chat(self.chat_id),
            "from": self.person.as_dict(),
            **extra,
        }
        self.last_sent = message
        return message

    async def says(self, text: str, reply_to_bot: bool = False) -> list[Shown]:
        extra: dict = {"text": text}
        if text.startswith("/"):
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to_bot:
            last = self.last_bot_message()
            extra["reply_to_message"] = last
        return await self.receives({"message": self.new_message(extra)})

    async def sends(self, kind: str) -> list[Shown]:
        samples = {
            "photo": {"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 90, "height": 90}]},
            "sticker": {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "su",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                }
            },
            "voice": {"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 3}},
            "document": {"document": {"file_id": "d", "file_unique_id": "du", "file_name": "a.pdf"}},
            "location": {"location": {"latitude": 30.27, "longitude": 120.15}},
            "contact": {"contact": {"phone_number": "+8613800000000", "first_name": "张三"}},
        }
        return await self.receives({"message": self.new_message(samples[kind])})

    async def edits_last_message(self, text: str) -> list[Shown]:
        assert self.last_sent is not None, "nothing to edit yet"
        edited = {**self.last_sent, "text": text, "edit_date": FROZEN_NOW}
        if text.startswith("/"):
            edited["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.receives({"edited_message": edited})

    def last_bot_message(self, button: str | None = None) -> dict:
        """The newest message the bot sent to this chat (with that button, if given)."""
        for (chat_id, _), message in sorted(self.api.messages.items(), key=lambda kv: -kv[0][1]):
            if chat_id != self.chat_id:
                continue
            if button is None or button in self._buttons_of(message):
                return message
        raise AssertionError(f"no bot message in chat {self.chat_id} shows a button {button!r}")

    @staticmethod
    def _buttons_of(message: dict) -> dict[str, str]:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return {b["text"]: b.get("callback_data") for row in rows for b in row}

    async def presses(self, button: str) -> list[Shown]:
        """Press the button with this exact text on the newest message showing it."""
        message = self.last_bot_message(button)
        return await self.presses_data(self._buttons_of(message)[button], message)

    async def presses_data(self, data: str, message: dict | None = None, with_message: bool = True) -> list[Shown]:
        """Press a button carrying `data` (e.g. a stale one from an old version). Without
        `with_message` the query comes without its message, as for very old messages."""
        if message is None and with_message:
            message = self.api.messages.get((self.chat_id, 1)) or self.api.new_message(self.chat_id, {"text": "旧消息"})
        query = {
            "id": str(next(self.update_ids)),
            "from": self.person.as_dict(),
            "chat_instance": str(self.chat_id),
            "data": data,
        }
        if message is not None:
            query["message"] = message
        return await self.receives({"callback_query": query})


ALICE = Person(1001, "小李", "xiaoli")
BOB = Person(1002, "老王")
GROUP_CHAT = -2001
TOKEN = "123456:TEST-token-never-logged"


class BotUnderTest:
    """The real Application over a data directory, with `FakeBotApi` as its network."""

    def __init__(self, data_dir, assistant, **settings):
        from bot.settings import Settings

        self.data_dir = data_dir
        self.assistant = assistant
        self.settings = Settings(token=TOKEN, data_dir=data_dir, today=dt.date(2026, 11, 21), **settings)
        self.api = FakeBotApi()
        self.application: Application | None = None
        self.storage = None
        self.users: dict[tuple[int, int], TelegramUser] = {}
        self.seconds_between_updates = 5.0  # for the flood guard; a test may lower it to flood
        self.now = 0.0

    def flood_clock(self) -> float:
        self.now += self.seconds_between_updates
        return self.now

    async def start(self) -> BotUnderTest:
        from bot.storage import Storage
        from bot.tg.app import build_application

        self.storage = Storage(self.data_dir)
        self.application = build_application(
            self.settings, self.assistant, self.storage, self.api, flood_clock=self.flood_clock
        )
        await self.application.initialize()
        await self.application.post_init(self.application)
        self.users = {}
        return self

    def user(self, person: Person = ALICE, chat_id: int | None = None) -> TelegramUser:
        key = (person.id, person.id if chat_id is None else chat_id)
        if key not in self.users:
            self.users[key] = TelegramUser(self.application, self.api, person, chat_id)
        return self.users[key]

    async def crash_and_restart(self, *, before_the_session_flush: bool = False) -> None:
        """Like `kill -9`: no shutdown, no flush; a new Application reads the same files.

        Sessions are written behind (`bot.store.sessions`, at most `SESSION_FLUSH_SECONDS` after a
        change): by default the kill comes later than that, after the session timer has run, as
        for a user who reads the answer before the crash. With `before_the_session_flush` it comes
        right after the last update, so that update's session change is lost (nothing confirmed is).
        """
        files = getattr(self.application.persistence, "files", None) if self.application else None
        if files is not None and not before_the_session_flush:
            files.flush()  # what the application's "flush sessions" job does every period
        self.application = None
        await self.start()

    async def stop(self) -> None:
        if self.application is not None:
            await self.application.shutdown()
            self.application = None
