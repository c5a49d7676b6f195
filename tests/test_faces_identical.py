"""Every face shows what the core returns: the role-ordered main menu, the "button expired" reply
and the unknown-command hint are the same on Telegram and in the terminal chat (issue 14, part 2).

Runs on the tiny test knowledge (tests/support/knowledge) with a stand-in specialist that adds a
menu entry, so the check is about the faces, not about the real knowledge."""

from __future__ import annotations

import io

import pytest
from telegram_fakes import BotUnderTest

from bot.callbacks import ENTRY, EXAM
from bot.chat import TerminalChat
from bot.core import Assistant, Brain, Specialist
from bot.kb.knowledge import load_knowledge
from bot.reply import Button, Reply
from tests.support import TODAY


class MenuSpecialist(Specialist):
    def menu_buttons(self) -> list[Button]:
        return [Button("🧪 测试入口", ENTRY("mini-hiring"))]

    def on_action(self, action, ctx, session):
        if action == EXAM("finished"):  # e.g. a button of a dialog that has ended
            return Reply("这个引导问答已经结束。", buttons=((Button("🧪 重来", EXAM("again")),),), outcome="expired")
        return None


@pytest.fixture
def assistant(mini_kb_dir):
    brain = Brain(load_knowledge(mini_kb_dir, today=TODAY))
    return Assistant(brain, clock=lambda: TODAY, specialists=[MenuSpecialist()])


@pytest.fixture
async def bot(tmp_path, assistant):
    running = await BotUnderTest(tmp_path / "data", assistant).start()
    yield running
    await running.stop()


def terminal_sees(assistant: Assistant, lines: str, audience: str | None, region: str | None, stale=None) -> str:
    """What the terminal chat prints for these lines (after showing `stale`, a reply from before)."""
    out = io.StringIO()
    chat = TerminalChat(assistant, io.StringIO(""), out, audience=audience, region=region)
    if stale is not None:
        chat.show(stale)
    out.truncate(0)
    out.seek(0)
    for line in lines.splitlines():
        chat.answer(line)
    return out.getvalue()


def terminal_block(reply_text: str, buttons: list[str]) -> str:
    return reply_text + "\n" + "".join(f"  [{chr(ord('a') + i)}] {b}\n" for i, b in enumerate(buttons)) + "\n"


@pytest.mark.parametrize(("role", "role_id"), [("用人单位", "employer"), ("人社工作人员", "staff"), (None, None)])
async def test_the_main_menu_is_the_same_on_telegram_and_in_the_terminal(bot, assistant, role, role_id):
    user = bot.user()
    if role is not None:
        await user.says("/start")
        await user.presses(role)
        await user.presses("浙江")
    shown = (await user.says("/menu"))[-1]
    core = assistant.menu(assistant.context(role_id, "浙江" if role else None))
    assert shown.text == core.plain_text
    assert shown.button_texts == [b.text for b in core.all_buttons()]
    assert "👤 修改身份/地区" in shown.button_texts
    terminal = terminal_sees(assistant, "/menu", role_id, "浙江" if role else None)
    assert terminal == terminal_block(shown.text, shown.button_texts)


async def test_the_menu_names_the_role_and_leaves_out_topics_without_answers_for_it(bot, assistant):
    employer = assistant.menu(assistant.context("employer"))
    staff = assistant.menu(assistant.context("staff"))
    assert "为用人单位整理" in employer.plain_text and "测试话题" in [b.text for b in employer.all_buttons()]
    assert "测试话题" not in [b.text for b in staff.all_buttons()]  # the fixture has no answer for staff


async def test_an_expired_button_gets_the_same_reply_on_telegram_and_in_the_terminal(bot, assistant):
    user = bot.user()
    await user.says("/start")
    await user.presses("用人单位")
    await user.presses("浙江")
    shown = (await user.presses_data(ENTRY("gone-since-the-last-version")))[-1]
    core = assistant.expired(assistant.context("employer", "浙江"))
    assert core.outcome == "expired" and "按钮已过期" in core.plain_text
    assert (shown.text, shown.button_texts) == (core.plain_text, [b.text for b in core.all_buttons()])
    stale = Reply("旧消息", buttons=((Button("旧按钮", ENTRY("gone-since-the-last-version")),),))
    terminal = terminal_sees(assistant, "a", "employer", "浙江", stale=stale)
    assert terminal == terminal_block(shown.text, shown.button_texts)


async def test_a_specialists_expired_button_gets_its_notice_and_the_same_menu_on_both_faces(bot, assistant):
    shown = (await bot.user().presses_data(EXAM("finished")))[-1]
    menu = assistant.menu(assistant.context())
    assert shown.text == "这个引导问答已经结束。\n\n" + menu.plain_text
    assert shown.button_texts == [b.text for b in menu.all_buttons()]
    stale = Reply("旧消息", buttons=((Button("旧按钮", EXAM("finished")),),))
    assert terminal_sees(assistant, "a", None, None, stale=stale) == terminal_block(shown.text, shown.button_texts)


async def test_an_unknown_command_gets_the_same_reply_on_telegram_and_in_the_terminal(bot, assistant):
    shown = (await bot.user().says("/nosuchthing"))[-1]
    core = assistant.unknown_command("nosuchthing", assistant.context())
    assert (shown.text, shown.button_texts) == (core.plain_text, [b.text for b in core.all_buttons()])
    assert terminal_sees(assistant, "/nosuchthing", None, None) == terminal_block(shown.text, shown.button_texts)


def test_the_terminal_chat_sets_the_profile_with_the_menus_button_as_telegram_does(assistant):
    out = io.StringIO()
    chat = TerminalChat(assistant, io.StringIO(""), out)
    chat.answer("/menu")
    chat.answer(chr(ord("a") + len(chat._buttons) - 1))  # 👤 修改身份/地区, the menu's last row
    assert "请先告诉我，您是" in out.getvalue()
    chat.answer("b")  # 用人单位
    chat.answer("b")  # 浙江
    assert (chat.audience, chat.region) == ("employer", "浙江")
    assert "身份：用人单位；关注地区：浙江" in out.getvalue() and "为用人单位整理" in out.getvalue()
