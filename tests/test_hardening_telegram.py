"""Bad input, proven through the real Telegram Application (the face, not only the brain).

Every update goes through `Application.process_update` with the offline Bot API of
`telegram_fakes`, which answers 400 to anything Telegram would refuse (text over 4096,
broken HTML, callback data over 64 bytes, empty text); a handler error fails the test.
So "no exception" here also means "nothing Telegram would reject was sent".
"""

from __future__ import annotations

import asyncio
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram_fakes import ALICE, BOB, FROZEN_NOW, GROUP_CHAT, BotUnderTest, Person

from bot.core import Assistant
from tests.support import full_assistant
from tests.support.inputs import ACTION, NAMED, STALE_OR_FORGED, TEXT

EXAMPLES = int(os.environ.get("QUALBOT_HYPOTHESIS_EXAMPLES", "25"))
face_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def shared_assistant(real_brain) -> Assistant:
    """Loading the dialogs takes ~1 s, so the bots of this module share one assistant (the
    face swaps each bot's own storage into the exam specialist when it builds the app)."""
    return full_assistant(real_brain)


@pytest.fixture(scope="module")
def running(shared_assistant, tmp_path_factory):
    """One bot for the hypothesis runs (a fresh Application per example would dominate the time).

    Hypothesis drives a sync test, so the bot lives in its own event loop, run step by step.
    """
    runner = asyncio.Runner()
    bot = BotUnderTest(tmp_path_factory.mktemp("face") / "data", shared_assistant, outgoing_rate=0)
    runner.run(bot.start())
    yield runner, bot
    runner.run(bot.stop())
    runner.close()


@pytest.fixture
async def bot(shared_assistant, tmp_path):
    running = await BotUnderTest(tmp_path / "data", shared_assistant).start()
    yield running
    await running.stop()


def seen(shown) -> str:
    return "\n".join(str(s) for s in shown)


# ---- properties ------------------------------------------------------------------------------------
@face_settings
@given(text=TEXT, in_group=st.booleans())
def test_any_text_in_a_private_or_group_chat_is_handled_within_telegrams_limits(running, text, in_group):
    runner, bot = running
    user = bot.user(ALICE, GROUP_CHAT if in_group else None)
    shown = runner.run(user.says(text if not in_group else f"@qualbot_test_bot {text}"))
    if in_group or (text.strip() and not text.startswith("/")):  # Telegram never delivers blank text
        assert shown, f"no answer to {text!r}"


@face_settings
@given(data=ACTION)
def test_any_callback_data_is_answered_and_never_breaks_the_bot(running, data):
    runner, bot = running
    before = bot.api.methods().count("answerCallbackQuery")
    runner.run(bot.user(BOB).presses_data(data))
    assert bot.api.methods().count("answerCallbackQuery") == before + 1  # the spinner always stops


@face_settings
@given(text=TEXT)
def test_any_edit_of_an_earlier_message_is_handled(running, text):
    runner, bot = running
    user = bot.user(Person(1003, "小张"))
    runner.run(user.says("见习补贴有多少"))
    runner.run(user.edits_last_message(text))


# ---- named cases ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", NAMED.values(), ids=NAMED.keys())
async def test_named_hostile_text_through_the_face(bot, text):
    user = bot.user()
    shown = await user.says(text)
    assert "49" not in seen(shown) or "49" in text
    group = bot.user(BOB, GROUP_CHAT)
    await group.says(f"@qualbot_test_bot {text}")
    await user.says("/title")
    shown = await user.says(text)  # as the answer to a dialog question
    assert "49" not in seen(shown) or "49" in text


@pytest.mark.parametrize("data", STALE_OR_FORGED.values(), ids=STALE_OR_FORGED.keys())
async def test_stale_or_forged_buttons_get_a_notice_and_the_menu(bot, data):
    shown = await bot.user().presses_data(data)
    assert shown, "a button press must get a visible answer"
    assert "出了点问题" not in seen(shown)


SERVICE_AND_MEDIA = {
    "video": {"video": {"file_id": "v", "file_unique_id": "vu", "width": 1, "height": 1, "duration": 1}},
    "audio": {"audio": {"file_id": "a", "file_unique_id": "au", "duration": 1}},
    "animation": {"animation": {"file_id": "g", "file_unique_id": "gu", "width": 1, "height": 1, "duration": 1}},
    "video note": {"video_note": {"file_id": "n", "file_unique_id": "nu", "length": 1, "duration": 1}},
    "venue": {"venue": {"location": {"latitude": 1.0, "longitude": 2.0}, "title": "人社局", "address": "杭州"}},
    "dice": {"dice": {"emoji": "🎲", "value": 3}},
    "game-less caption only": {
        "caption": "见习补贴有多少",
        "photo": [{"file_id": "p", "file_unique_id": "pu", "width": 9, "height": 9}],
    },
    "new chat members": {"new_chat_members": [{"id": 5, "is_bot": False, "first_name": "新人"}]},
    "left chat member": {"left_chat_member": {"id": 5, "is_bot": False, "first_name": "旧人"}},
    "pinned message": {
        "pinned_message": {"message_id": 1, "date": FROZEN_NOW, "chat": {"id": 1001, "type": "private"}}
    },
    "new chat title": {"new_chat_title": "新群名"},
    "forwarded text": {
        "text": "见习补贴有多少",
        "forward_origin": {"type": "hidden_user", "date": FROZEN_NOW, "sender_user_name": "某人"},
    },
    "text with only entities": {
        "text": "https://example.com",
        "entities": [{"type": "url", "offset": 0, "length": 19}],
    },
}


@pytest.mark.parametrize("kind", SERVICE_AND_MEDIA, ids=SERVICE_AND_MEDIA.keys())
@pytest.mark.parametrize("chat", ["private", "group"])
async def test_every_kind_of_message_is_handled_without_error(bot, kind, chat):
    user = bot.user(ALICE, GROUP_CHAT if chat == "group" else None)
    await user.receives({"message": user.new_message(SERVICE_AND_MEDIA[kind])})


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice", "document", "location", "contact"])
async def test_the_common_media_kinds_get_the_please_type_notice_in_private(bot, kind):
    shown = await bot.user().sends(kind)
    assert shown and "文字" in shown[0].text


def _channel_post(text: str, message_id: int = 900) -> dict:
    return {
        "message_id": message_id,
        "date": FROZEN_NOW,
        "text": text,
        "chat": {"id": -100300, "type": "channel", "title": "政策频道"},
        "sender_chat": {"id": -100300, "type": "channel", "title": "政策频道"},
    }


@pytest.mark.parametrize(
    "update",
    [
        {"channel_post": _channel_post("见习补贴有多少")},
        {"channel_post": _channel_post("/start")},
        {"edited_channel_post": {**_channel_post("/mydata"), "edit_date": FROZEN_NOW}},
        {
            "message": {
                **_channel_post("群里以频道身份发言"),
                "chat": {"id": GROUP_CHAT, "type": "supergroup", "title": "群"},
            }
        },
        {
            "my_chat_member": {
                "chat": {"id": GROUP_CHAT, "type": "group", "title": "群"},
                "date": FROZEN_NOW,
                "from": ALICE.as_dict(),
                "old_chat_member": {"status": "left", "user": {"id": 777000, "is_bot": True, "first_name": "Q"}},
                "new_chat_member": {"status": "member", "user": {"id": 777000, "is_bot": True, "first_name": "Q"}},
            }
        },
        {"inline_query": {"id": "iq", "from": ALICE.as_dict(), "query": "见习", "offset": ""}},
        {"poll_answer": {"poll_id": "p", "user": ALICE.as_dict(), "option_ids": [0], "option_persistent_ids": ["o1"]}},
    ],
    ids=[
        "channel post",
        "channel post command",
        "edited channel post",
        "anonymous group admin (sender_chat)",
        "bot added to a group",
        "inline query",
        "poll answer",
    ],
)
async def test_updates_without_a_person_to_answer_are_ignored_quietly(bot, update):
    shown = await bot.user().receives(update)
    assert all(s.chat_id != -100300 for s in shown), "the bot must not post into a channel"


async def test_an_edited_message_is_answered_again_and_an_edited_command_too(bot):
    user = bot.user()
    await user.says("见习补贴有多少")
    assert await user.edits_last_message("一建什么时候考")
    await user.edits_last_message("/help")


async def test_a_group_message_not_addressed_to_the_bot_gets_no_answer_even_if_hostile(bot):
    for name, text in NAMED.items():
        if name != "mention":
            assert await bot.user(BOB, GROUP_CHAT).says(text) == [], name


# ---- other people's buttons ------------------------------------------------------------------------
async def test_pressing_another_users_buttons_in_a_group_never_changes_their_data(bot):
    alice, bob = bot.user(ALICE, GROUP_CHAT), bot.user(BOB, GROUP_CHAT)
    await bot.user(ALICE).says("/start")
    await bot.user(ALICE).presses("毕业生")
    await bot.user(ALICE).presses("浙江")
    shown = await alice.says("/title@qualbot_test_bot")
    assert any(b.startswith("dlg:") for s in shown for row in s.buttons for b in [x["callback_data"] for x in row])
    alice_session = json.dumps(bot.application.user_data[ALICE.id], sort_keys=True)
    assert '"dialog"' in alice_session
    alice_profile = bot.storage.profile(ALICE.id)
    message = alice.last_bot_message()
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            await bob.presses_data(button["callback_data"], message)
    await bob.presses_data("forget:yes", message)  # another user's 🗑 button acts on the presser only
    await bob.presses_data("profile:region:吉林", message)
    assert bot.storage.profile(ALICE.id) == alice_profile
    assert json.dumps(bot.application.user_data[ALICE.id], sort_keys=True) == alice_session


@pytest.mark.parametrize("command", ["/mydata", "/forget", "/profile"])
async def test_personal_data_is_never_posted_into_a_group(bot, command):
    await bot.user().says("/start")
    await bot.user().presses("毕业生")
    await bot.user().presses("浙江")
    await bot.user().says("见习补贴有多少")
    shown = await bot.user(ALICE, GROUP_CHAT).says(command)
    assert not [s for s in shown if s.kind == "document"], "the /mydata export was posted into the group"
    assert all("浙江" not in s.text and "见习补贴有多少" not in s.text for s in shown), seen(shown)
    assert all(b != "🗑 确认删除" for s in shown for b in s.button_texts), "a delete button anyone in the group can see"


@pytest.mark.parametrize(
    "data",
    [
        "fb:+:intern-employer-subsidy",
        "profile:region:浙江",
        "e:intern-employer-subsidy",
        "forget:no",
        "x:subs",
        "dlg:menu",
    ],
)
async def test_a_button_on_a_message_too_old_to_be_shown_is_still_answered(bot, data):
    """Telegram sends an InaccessibleMessage (date 0, no text or keyboard) for messages older than 48 hours."""
    gone = {"chat": bot.api.chat(ALICE.id), "message_id": 999_999, "date": 0}
    before = len(bot.api.calls)
    await bot.user().presses_data(data, gone)  # a handler error would fail the test
    assert "answerCallbackQuery" in bot.api.methods()[before:]
