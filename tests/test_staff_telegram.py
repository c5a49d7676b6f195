"""Staff tools through the real Application (recording Bot API, see tests/telegram_fakes.py)."""

from __future__ import annotations

import logging

import pytest

from bot.tg.staff import OPT_IN_QUESTION, STAFF_COMMANDS, staff_tools_of
from tests.support.staff import NEW_ENTRY, STAFF, start_bot
from tests.telegram_fakes import ALICE, BotUnderTest, Person


@pytest.fixture
async def bot(tmp_path, mini_kb_dir):
    running = await start_bot(tmp_path, mini_kb_dir)
    yield running
    await running.stop()


async def reloaded(bot: BotUnderTest) -> str:
    """Wait for the background reload; what the staff member was told about it."""
    await staff_tools_of(bot.application).tasks[-1]
    return bot.api.shown[-1].text


def texts(shown) -> str:
    return "\n".join(str(s) for s in shown)


# ---- identity -------------------------------------------------------------------------------
async def test_staff_commands_are_invisible_and_refused_for_others_and_the_refusal_omits_the_text(bot, caplog):
    public = {c["command"] for c in bot.api.commands}
    assert not public & set(STAFF_COMMANDS)
    assert set(STAFF_COMMANDS) <= set(bot.api.scoped_commands[STAFF.id]) and "menu" in bot.api.scoped_commands[STAFF.id]
    user = bot.user(ALICE)
    with caplog.at_level(logging.WARNING, logger="qualbot.staff"):
        for command in ("/reload", "/gaps", "/stats", "/broadcast 秘密内容 13800000000"):
            shown = await user.says(command)
            name = command.split()[0]
            assert len(shown) == 1 and f"没有 {name} 这个命令" in shown[0].text, texts(shown)
    refusals = [r.getMessage() for r in caplog.records if r.name == "qualbot.staff"]
    assert len(refusals) == 4 and all(str(ALICE.id) in r for r in refusals)
    assert not any("秘密内容" in r or "138" in r for r in caplog.text.splitlines())
    assert not bot.storage.questions()  # a command is not a question


async def test_with_no_staff_ids_configured_staff_commands_are_off(tmp_path, mini_kb_dir):
    bot = await start_bot(tmp_path, mini_kb_dir, admin_ids=frozenset())
    try:
        shown = await bot.user(STAFF).says("/reload")
        assert "没有 /reload 这个命令" in shown[0].text
        assert bot.api.scoped_commands == {}
        assert bot.api.methods()[:2] == ["getMe", "setMyCommands"]
    finally:
        await bot.stop()


async def test_staff_commands_are_refused_in_groups_even_for_staff(bot):
    shown = await bot.user(STAFF, chat_id=-2001).says("/stats@qualbot_test_bot")
    assert len(shown) == 1 and "没有 /stats 这个命令" in shown[0].text  # no figures in a group


# ---- /reload ----------------------------------------------------------------------------------
async def test_reload_refuses_a_broken_edit_with_file_line_then_applies_a_good_one(bot, mini_kb_dir):
    staff, alice = bot.user(STAFF), bot.user(ALICE)
    faq = mini_kb_dir / "faq" / "mini.yaml"
    good = faq.read_text(encoding="utf-8")
    faq.write_text(good.replace('cites: ["mini-doc:2"]', 'cites: ["mini-doc:7"]'), encoding="utf-8")
    shown = await staff.says("/reload")
    assert len(shown) == 1 and "正在检查" in shown[0].text  # the check runs in the background …
    assert "按1个月发放基本生活补助" in (await alice.says("见习十五个工作日发多少补助"))[0].text  # … users go on
    report = await reloaded(bot)
    line = next(i for i, text in enumerate(faq.read_text(encoding="utf-8").splitlines(), 1) if "mini-doc:7" in text)
    assert "重新加载失败" in report and f"knowledge/faq/mini.yaml:{line}: " in report
    assert "按1个月发放基本生活补助" in (await alice.says("见习十五个工作日发多少补助"))[0].text

    faq.write_text(good + NEW_ENTRY, encoding="utf-8")
    await staff.says("/reload")
    report = await reloaded(bot)
    assert "已重新加载" in report and "答复条目：新增 1，删除 0，修改 0" in report
    assert "见习生活补助怎么发" not in (reply := (await alice.says("见习几天能拿补贴"))[0].text)
    assert "见习多久可以领补助" in reply


# ---- /gaps and /stats -------------------------------------------------------------------------
async def test_gaps_and_stats_for_staff(bot):
    alice = bot.user(ALICE)
    for question in ("北京天气怎么样", "北京天气怎么样？", "见习十五个工作日发多少补助"):
        await alice.says(question)
    await alice.presses("👍 有帮助")
    staff = bot.user(STAFF)
    shown = await staff.says("/gaps")
    assert "×2 「北京天气怎么样」" in shown[0].text
    assert shown[1].filename == "qualbot-gaps.csv" and "北京天气怎么样" in shown[1].data.decode("utf-8")
    shown = await staff.says("/stats 7")
    assert "共 3 个问题" in shown[0].text and "mini-allowance（见习生活补助怎么发）：👍 1 / 👎 0" in shown[0].text


async def test_broadcast_text_may_start_on_a_new_line(bot):
    shown = await bot.user(STAFF).says("/broadcast\n第一行\n第二行")
    assert "第一行\n第二行" in shown[0].text


async def test_the_update_setting_is_not_shown_in_groups(bot):
    shown = await bot.user(ALICE, chat_id=-2001).says("/profile")
    assert "政策更新" not in texts(shown)


async def test_the_daily_retention_job_is_scheduled(bot):
    names = {job.name for job in bot.application.job_queue.jobs()}
    assert "qualbot-question-retention" in names


# ---- opt-in and /broadcast -----------------------------------------------------------------------
async def test_the_update_opt_in_is_asked_once_and_changeable_in_profile(bot):
    alice = bot.user(ALICE)
    await alice.says("/start")
    await alice.presses("用人单位")
    shown = await alice.presses("浙江")
    assert OPT_IN_QUESTION.splitlines()[0] in texts(shown)
    await alice.presses("🔔 接收更新通知")
    assert bot.storage.profile(ALICE.id)["updates"] is True
    await alice.says("/profile")
    await alice.presses("用人单位")
    shown = await alice.presses("吉林")
    assert OPT_IN_QUESTION.splitlines()[0] not in texts(shown)  # asked once only
    shown = await alice.says("/profile")
    assert "当前：已开启" in texts(shown)
    await alice.presses("不用了")
    assert bot.storage.profile(ALICE.id)["updates"] is False


async def test_broadcast_reaches_the_chosen_audience_counts_and_skips_blocked_users(bot):
    storage = bot.storage
    people = {  # id: (role, region, opted in)
        2001: ("employer", "浙江", True),
        2002: ("graduate", "浙江", True),
        2003: ("employer", "吉林", True),
        2004: ("employer", "浙江", False),
        2005: ("employer", "浙江", True),
        2006: ("employer", "浙江", True),
    }
    for user_id, (role, region, updates) in people.items():
        storage.save_profile(user_id, role=role, region=region, updates=updates)
    storage.set_profile_flag(2006, "blocked", True)
    bot.api.blocked_by.add(2005)
    staff = bot.user(STAFF)
    shown = await staff.says("/broadcast 身份=用人单位 地区=浙江 浙江新政策已发布 <详见> & 附件")
    assert "将发送给 2 位" in shown[0].text and "浙江新政策已发布 <详见> & 附件" in shown[0].text
    assert [m.chat_id for m in bot.api.shown if m.kind == "message" and "政策更新通知" in m.text] == [STAFF.id]
    await staff.presses("✅ 确认发送")
    tools = staff_tools_of(bot.application)
    report = await tools.tasks[-1]
    assert (report.delivered, report.blocked, report.failed) == (1, 1, 0)
    received = [m.chat_id for m in bot.api.shown if m.kind == "message" and "浙江新政策已发布" in m.text]
    assert received == [STAFF.id, 2001]
    assert "送达 1，已屏蔽本助手 1，失败 0" in bot.api.shown[-1].text
    assert storage.profile(2005)["blocked"] is True

    shown = await staff.says("/broadcast 第二条通知")
    assert "将发送给 3 位" in shown[0].text  # 2001, 2002, 2003: blocked 2005/2006 and opted-out 2004 skipped
    await staff.presses("取消")
    assert tools.tasks[-1].done() and len(tools.tasks) == 1

    bot.api.blocked_by.discard(2005)
    await bot.user(Person(2005, "回来了")).says("你好")  # writing again means they unblocked the bot
    assert storage.profile(2005)["blocked"] is False


async def test_broadcast_usage_errors_and_stale_confirmations(bot):
    staff = bot.user(STAFF)
    shown = await staff.says("/broadcast 地区=火星 你好")
    assert "未知地区" in shown[0].text and "用法" in shown[0].text
    shown = await staff.says("/broadcast")
    assert "缺少通知正文" in shown[0].text
    shown = await staff.presses_data("staff:bc:go:deadbeef")
    assert any("已过期" in s.text for s in shown)
    shown = await bot.user(ALICE).presses_data("staff:bc:go:deadbeef")
    assert not any("已过期" in s.text for s in shown)
