"""Fuzzing as a standing test: every way input enters the bot, with every Unicode character class.

Entries: private and group text, every command (public, dialog, exam and staff) with arguments,
typed answers inside an open dialog, captions and other message kinds, callback data behind
every button prefix, and raw webhook bodies through the guarded webhook server.

Two layers:
- an exhaustive sweep: characters of every Unicode general category (Nd, No such as ①²³, Nl,
  letters, marks, punctuation, symbols, separators, controls, format, private use, unassigned)
  into every entry — each must get a reply, never the apology (security review M1);
- hypothesis properties over the same entries. Under `make test`/CI they run with the "ci"
  profile from tests/conftest.py: a fixed seed (derandomize) and modest budgets, so the run is
  reproducible and takes seconds; QUALBOT_HYPOTHESIS_EXAMPLES raises the budgets.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import threading
import time
import unicodedata

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.ext import Updater
from telegram_fakes import ALICE, GROUP_CHAT, TOKEN, BotUnderTest, FakeBotApi, Person

from bot import pages
from bot.core import Assistant
from bot.settings import Settings
from bot.tg.staff import STAFF_COMMANDS
from tests.support import TODAY, full_assistant
from tests.support.inputs import ACTION_PREFIXES

EXAMPLES = int(os.environ.get("QUALBOT_HYPOTHESIS_EXAMPLES", "30"))
budget = settings(max_examples=EXAMPLES)
STAFF = Person(4242, "管理员")
APOLOGY = pages.FAILURE[:8]
CATEGORIES = (
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "Mn",
    "Mc",
    "Me",
    "Nd",
    "Nl",
    "No",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Co",
    "Cn",
)  # Cs cannot travel in UTF-8 JSON
SPECIAL = "①⑩²³½٣१〇三Ⅻ𝟗🄂"  # digits that are not decimal, or not ASCII (Nd, No, Nl, Lo)


def samples_by_category(per_category: int = 3) -> dict[str, str]:
    found: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for code in range(0x20000):
        char = chr(code)
        category = unicodedata.category(char)
        bucket = found.get(category)
        if bucket is not None and len(bucket) < per_category and (code < 0x80 or code % 7 == 0 or len(bucket) < 2):
            bucket.append(char)
        if all(len(b) >= per_category for b in found.values()):
            break
    return {c: "".join(chars) for c, chars in found.items()}


SAMPLES = samples_by_category()


@pytest.fixture(scope="module")
def shared_assistant(real_brain) -> Assistant:
    return full_assistant(real_brain)


@pytest.fixture(scope="module")
def running(shared_assistant, tmp_path_factory):
    runner = asyncio.Runner()
    bot = BotUnderTest(
        tmp_path_factory.mktemp("fuzz") / "data",
        shared_assistant,
        outgoing_rate=0,
        admin_ids=frozenset({STAFF.id}),
        flood_limit=0,
    )
    runner.run(bot.start())
    yield runner, bot
    runner.run(bot.stop())
    runner.close()


def all_commands(assistant: Assistant) -> list[str]:
    from bot.tg.app import bot_commands

    return sorted({c.command for c in bot_commands(assistant)} | set(STAFF_COMMANDS) | {"nonsense", "start", "profile"})


def no_apology(shown) -> None:
    text = "\n".join(s.text for s in shown)
    assert APOLOGY not in text, text[:500]


CALLBACK_PREFIXES = ACTION_PREFIXES  # every prefix of the callback table, bare and deeper


# ---- the sweep: every character class into every entry -------------------------------------------------
@pytest.mark.parametrize("category", CATEGORIES)
def test_every_character_class_into_every_entry_gets_a_reply_never_the_apology(running, shared_assistant, category):
    runner, bot = running
    chars = SAMPLES[category] + (SPECIAL if category == "No" else "")
    user, staff, group = bot.user(ALICE), bot.user(STAFF), bot.user(Person(1011, "群友"), GROUP_CHAT)
    for text in (chars, f"见习补贴{chars}", f"{chars}一建什么时候考"):
        shown = runner.run(user.says(text))
        if text.strip():
            assert shown, f"no reply to {text!r}"
        no_apology(shown)
        no_apology(runner.run(group.says(f"@qualbot_test_bot {text}")))
    singles = list(dict.fromkeys(chars))  # each character alone too: "①" and "①②" take different paths
    for command in all_commands(shared_assistant):
        who = staff if command in STAFF_COMMANDS else user
        for argument in (f"2 {chars}", *singles):
            shown = runner.run(who.says(f"/{command} {argument}"))
            if command not in ("broadcast",):
                assert shown, f"/{command} {argument!r} got no reply"
            no_apology(shown)
        runner.run(user.says("/cancel"))
    # typed answers in an open dialog, at a choice step and at a typed-number step
    runner.run(user.says("/title"))
    no_apology(runner.run(user.says(chars)))
    runner.run(user.presses("高级工"))
    for answer in (chars, *singles):
        shown = runner.run(user.says(answer))
        if answer.strip():
            assert shown
        no_apology(shown)
    runner.run(user.says("/cancel"))
    for prefix in CALLBACK_PREFIXES:
        for tail in (chars, *singles):
            data = (prefix + tail).encode()[:64].decode("utf-8", "ignore")
            no_apology(runner.run(user.presses_data(data)))
    caption = {"caption": chars, "photo": [{"file_id": "p", "file_unique_id": "pu", "width": 9, "height": 9}]}
    no_apology(runner.run(user.receives({"message": user.new_message(caption)})))


# ---- hypothesis properties ---------------------------------------------------------------------------------
UNICODE = st.characters(categories=CATEGORIES)
TEXT = st.one_of(
    st.text(UNICODE, max_size=60),
    st.text(st.sampled_from(SPECIAL + "0123456789 年月日-/."), max_size=12),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(["见习补贴", "一建", "技师满", "/exams ", ""]),
        st.text(UNICODE, max_size=20),
    ),
)


@budget
@given(
    command=st.sampled_from(
        [
            "exams",
            "subscriptions",
            "title",
            "skill",
            "help",
            "start",
            "menu",
            "mydata",
            "dialogs",
            "cancel",
            "stats",
            "gaps",
            "broadcast",
            "nonsense",
            "reload",
        ]
    ),
    argument=TEXT,
    staff=st.booleans(),
)
def test_any_command_with_any_argument_is_answered(running, command, argument, staff):
    runner, bot = running
    if command == "reload":
        command = "help"  # a reload takes seconds: covered by the staff tests, not worth a fuzz budget
    who = bot.user(STAFF if staff else Person(1020, "甲"))
    shown = runner.run(who.says(f"/{command} {argument}"))
    no_apology(shown)


@budget
@given(
    answers=st.lists(TEXT, min_size=1, max_size=4), dialog=st.sampled_from(["title", "skill", "xiangang", "internship"])
)
def test_any_typed_answers_inside_a_dialog_are_answered(running, answers, dialog):
    runner, bot = running
    user = bot.user(Person(1021, "乙"))
    runner.run(user.says(f"/{dialog}"))
    for answer in answers:
        shown = runner.run(user.says(answer))
        if answer.strip() and not answer.startswith("/"):
            assert shown
        no_apology(shown)
    runner.run(user.says("/cancel"))


@budget
@given(prefix=st.sampled_from(CALLBACK_PREFIXES), tail=st.text(UNICODE, max_size=30), in_group=st.booleans())
def test_any_callback_behind_any_prefix_is_answered(running, prefix, tail, in_group):
    runner, bot = running
    data = (prefix + tail).encode()[:64].decode("utf-8", "ignore")
    user = bot.user(Person(1022, "丙"), GROUP_CHAT if in_group else None)
    before = bot.api.methods().count("answerCallbackQuery")
    no_apology(runner.run(user.presses_data(data)))
    assert bot.api.methods().count("answerCallbackQuery") == before + 1


MESSAGE_KINDS = {
    "photo": {"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 9, "height": 9}]},
    "sticker": {
        "sticker": {
            "file_id": "s",
            "file_unique_id": "su",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    },
    "document": {"document": {"file_id": "d", "file_unique_id": "du"}},
    "dice": {"dice": {"emoji": "🎲", "value": 6}},
    "location": {"location": {"latitude": 1.0, "longitude": 2.0}},
    "voice": {"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 1}},
}


@budget
@given(kind=st.sampled_from(sorted(MESSAGE_KINDS)), caption=st.one_of(st.none(), TEXT), in_group=st.booleans())
def test_any_kind_of_message_with_any_caption_is_handled(running, kind, caption, in_group):
    runner, bot = running
    user = bot.user(Person(1023, "丁"), GROUP_CHAT if in_group else None)
    extra = dict(MESSAGE_KINDS[kind])
    if caption is not None and kind not in ("sticker", "dice", "location"):
        extra["caption"] = caption
    shown = runner.run(user.receives({"message": user.new_message(extra)}))
    if not in_group:
        assert shown and "文字" in shown[0].text
    no_apology(shown)


# ---- webhook bodies -----------------------------------------------------------------------------------------
class WebhookApi(FakeBotApi):
    def api_setWebhook(self, params, _):
        return True


@pytest.fixture(scope="module")
def webhook_server(shared_assistant, tmp_path_factory):
    """The guarded webhook server and the Application behind it, in their own event-loop thread."""
    from bot.tg import webhook
    from bot.tg.app import build_application

    webhook.install()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings_ = Settings(
        token=TOKEN, data_dir=tmp_path_factory.mktemp("hook") / "data", today=TODAY, outgoing_rate=0, flood_limit=0
    )
    errors: list[BaseException] = []
    ready, stop = threading.Event(), threading.Event()
    state: dict = {}

    async def main():
        app = build_application(settings_, shared_assistant, request=WebhookApi())

        async def collect(update, context):
            errors.append(context.error)

        app.add_error_handler(collect)
        updater = Updater(app.bot, app.update_queue)
        await app.initialize()
        await updater.initialize()
        await updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook", secret_token="fuzz-secret")
        await app.start()
        state["app"] = app
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        await updater.stop()
        await app.stop()
        await updater.shutdown()
        await app.shutdown()

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    assert ready.wait(60)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        yield client, errors, state["app"]
    stop.set()
    thread.join(30)


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(UNICODE, max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)
UPDATE_KEYS = ["message", "edited_message", "callback_query", "channel_post", "poll", "my_chat_member"]
UPDATE_LIKE = st.fixed_dictionaries(
    {"update_id": st.one_of(st.integers(-5, 2**40), JSON)}, optional={k: JSON for k in UPDATE_KEYS}
)
BODY = st.one_of(
    st.binary(max_size=200),
    UPDATE_LIKE.map(lambda d: json.dumps(d).encode()),
    JSON.map(lambda d: json.dumps(d).encode()),
)


@budget
@given(
    body=BODY,
    secret=st.sampled_from(["fuzz-secret", "fuzz-secret", "", "wrong"]),
    content_type=st.sampled_from(["application/json", "application/json", "text/plain", ""]),
)
def test_any_webhook_body_gets_a_clean_http_answer_and_never_breaks_the_bot(webhook_server, body, secret, content_type):
    client, errors, _ = webhook_server
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": content_type}
    answer = client.post("/hook", content=body, headers=headers)
    if secret != "fuzz-secret" or content_type != "application/json":
        assert answer.status_code == 403
    else:
        assert answer.status_code in (200, 400)
    assert not errors, errors[:1]


def test_the_webhook_still_delivers_a_real_update_after_the_fuzzing(webhook_server):
    client, errors, app = webhook_server
    update = {
        "update_id": 10**6,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 1030, "type": "private"},
            "from": {"id": 1030, "is_bot": False, "first_name": "x"},
            "text": "见习补贴有多少",
        },
    }
    answer = client.post("/hook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "fuzz-secret"})
    assert answer.status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(m == "sendMessage" and str(p.get("chat_id")) == "1030" for m, p in app.bot.request.calls):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the real update was not answered")
    assert not errors


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
