"""Guided dialogs through the real Telegram Application: a question asked meanwhile and back,
and dialog state that belongs to one chat only (security.md M3)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from telegram_fakes import ALICE, GROUP_CHAT, BotUnderTest

from bot.core import Assistant
from bot.engine import DialogSpecialist
from bot.settings import PROJECT_ROOT
from tests.support import TODAY, full_assistant

RESUME = "↩️ 继续：技能等级申报职称（浙江）"
MENTION = "@qualbot_test_bot"


@pytest.fixture(scope="module")
def shared_assistant(real_brain) -> Assistant:
    return full_assistant(real_brain)


@pytest.fixture
async def bot(shared_assistant, tmp_path):
    running = await BotUnderTest(tmp_path / "data", shared_assistant).start()
    yield running
    await running.stop()


def private_dialog(bot: BotUnderTest) -> dict:
    return copy.deepcopy(bot.application.user_data[ALICE.id]["session"]["dialog"])


def texts(shown) -> str:
    return "\n".join(s.text for s in shown)


def buttons(shown) -> list[str]:
    return [b for s in shown for b in s.button_texts]


async def test_a_question_during_a_dialog_is_answered_and_the_dialog_comes_back(bot):
    alice = bot.user(ALICE)
    await alice.says("/title")
    await alice.presses("高级工")
    before = private_dialog(bot)
    shown = await alice.says("等一下，我想先问问评职称要不要考外语")
    assert "不是一个数字" not in texts(shown) and RESUME in buttons(shown)
    assert private_dialog(bot) == before
    back = await alice.presses(RESUME)
    assert "从事技术技能工作已满几年" in texts(back)
    assert "从事技术技能工作已满几年" not in texts(await alice.says("3"))  # the dialog goes on


async def test_a_group_question_never_reads_or_advances_the_private_dialog(bot):
    alice, in_group = bot.user(ALICE), bot.user(ALICE, GROUP_CHAT)
    await alice.says("/title")
    await alice.presses("高级工")  # waits for a number in private
    before = private_dialog(bot)
    for question in ("见习期间有没有保险", "3"):
        shown = await in_group.says(f"{MENTION} {question}")
        assert shown and all(s.chat_id == GROUP_CHAT for s in shown)
        assert "技能等级申报职称" not in texts(shown) and "不是一个数字" not in texts(shown)
        assert not [b for b in buttons(shown) if "继续" in b], "no private dialog is offered in the group"
        assert private_dialog(bot) == before
    assert "从事技术技能工作已满几年" not in texts(await alice.says("3"))  # private: still its answer


async def test_a_dialog_started_in_a_group_stays_in_that_group(bot):
    alice, in_group = bot.user(ALICE), bot.user(ALICE, GROUP_CHAT)
    await in_group.says(f"/title{MENTION}")
    await in_group.presses("高级工")
    shown = await alice.says("3")  # private chat: no dialog here, so "3" is not the group's answer
    assert (
        "session" not in bot.application.user_data[ALICE.id]
        or "dialog" not in bot.application.user_data[ALICE.id]["session"]
    )
    assert all(s.chat_id == ALICE.id for s in shown)
    group_sessions = bot.application.user_data[ALICE.id]["group_sessions"]
    assert group_sessions[str(GROUP_CHAT)]["dialog"]["answers"] == {"level": "senior-worker"}
    assert "从事技术技能工作已满几年" not in texts(await in_group.says("3", reply_to_bot=True))


async def test_a_dialog_left_for_a_day_ends_with_a_notice_in_telegram(real_brain, tmp_path):
    now = {"t": dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)}
    assistant = Assistant(real_brain, clock=lambda: TODAY)
    assistant.specialists.append(DialogSpecialist(PROJECT_ROOT / "dialogs", lambda: assistant.kb, now=lambda: now["t"]))
    bot = await BotUnderTest(tmp_path / "data", assistant).start()
    try:
        alice = bot.user(ALICE)
        await alice.says("/title")
        await alice.presses("高级工")
        await bot.crash_and_restart()  # the dialog and its time survive a restart
        now["t"] += dt.timedelta(hours=25)
        shown = await bot.user(ALICE).says("3")
        assert "已超过24小时没有继续，已自动结束" in texts(shown)
        assert "dialog" not in bot.application.user_data[ALICE.id]["session"]
    finally:
        await bot.stop()
