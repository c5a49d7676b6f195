"""The Telegram face's mechanics, through the real Application and the offline Bot API."""

from __future__ import annotations

import json
import logging

import pytest
from telegram.ext import Application
from telegram_fakes import ALICE, TOKEN, BotUnderTest, FakeBotApi, Person

from bot import pages
from bot.core import Assistant, Brain, Specialist
from bot.kb.knowledge import load_knowledge
from bot.reply import Button, Reply
from bot.settings import Settings
from bot.storage import SHARDS, DataFileError, Storage
from bot.tg.app import _RedactToken, build_application, configure_logging, run_bot
from bot.tg.persistence import TinyDBPersistence
from tests.support import TODAY


class FakeSpecialist(Specialist):
    """Stands in for the exam calendar / guided dialogs: a command, a button, session state."""

    def __init__(self):
        self.commands = {"count": "计数（测试）"}  # announced in the bot's command menu
        self.long_text = ""

    def on_text(self, text, canonical, ctx, session):
        if text == "boom":
            raise RuntimeError("a bug in a specialist")
        if text == "long":
            return Reply(self.long_text, buttons=((Button("📋 菜单", "menu"),),))
        return None

    def on_action(self, action, ctx, session):
        if action == "count:+":
            return self.on_command("count", "", ctx, session)
        return None

    def on_command(self, command, argument, ctx, session):
        if command != "count":
            return None
        session["count"] = session.get("count", 0) + 1
        return Reply(f"计数 {session['count']}（{ctx.audience}）", buttons=((Button("➕", "count:+"),),))


@pytest.fixture
def specialist():
    return FakeSpecialist()


@pytest.fixture
def mini_assistant(mini_kb_dir, specialist):
    return Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=lambda: TODAY, specialists=[specialist])


@pytest.fixture
def built_from_settings(monkeypatch, mini_assistant):
    """`run_bot` builds its own assistant: make it the mini one (the real one is tested elsewhere)."""
    monkeypatch.setattr("bot.assembly.build_assistant", lambda settings: mini_assistant)


@pytest.fixture
async def bot(tmp_path, mini_assistant):
    running = await BotUnderTest(tmp_path / "data", mini_assistant).start()
    yield running
    await running.stop()


async def choose_profile(bot: BotUnderTest, role: str = "毕业生", region: str = "浙江"):
    user = bot.user()
    await user.says("/start")
    await user.presses(role)
    await user.presses(region)
    return user


# ---- start-up -------------------------------------------------------------------------------
async def test_startup_calls_get_me_and_sets_a_chinese_command_menu_including_specialist_commands(bot):
    assert bot.api.methods()[:2] == ["getMe", "setMyCommands"]
    commands = {c["command"]: c["description"] for c in bot.api.commands}
    assert {"start", "menu", "help", "profile", "about", "privacy", "mydata", "forget", "count"} <= set(commands)
    assert commands["forget"] == "删除我的全部数据"


def test_settings_come_from_the_environment_and_reach_the_application(tmp_path, mini_kb_dir):
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
            "QUALBOT_DATA_DIR": str(tmp_path / "data"),
            "QUALBOT_TODAY": "2026-11-21",
        }
    )
    assistant = Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=settings.clock())
    application = build_application(settings, assistant, request=FakeBotApi())
    assert isinstance(application, Application)
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.bot.defaults.parse_mode == "HTML"
    assert application.persistence.path == tmp_path / "data" / "telegram.json"
    assert assistant.context().today == TODAY


@pytest.mark.parametrize(
    "name",
    [
        "qualbot.json",
        "questions.json",
        "questions/2026-11-20.json",
        "telegram.json",
        "users/05.json",
        "sessions/17.json",
        "users/layout.json",
    ],
)
def test_a_corrupt_data_file_stops_start_up_naming_the_file_and_is_left_untouched(
    tmp_path, mini_kb_dir, name, capsys, built_from_settings
):
    data = tmp_path / "data"
    data.mkdir()
    if "/" in name:  # a shard: in a data directory the bot has laid out already
        Storage(data).close()
        TinyDBPersistence(data / "telegram.json")
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text('{"profiles": {"1": ', encoding="utf-8")
    settings = Settings(token=TOKEN, data_dir=data, knowledge_dir=mini_kb_dir, today=TODAY)
    with pytest.raises(DataFileError, match=name):
        build_application(settings, request=FakeBotApi())
    assert run_bot(settings) == 2
    assert str(data / name) in capsys.readouterr().err
    assert (data / name).read_text(encoding="utf-8") == '{"profiles": {"1": '


def test_run_bot_polls_by_default_and_runs_a_secret_checked_webhook_when_a_url_is_set(
    tmp_path, mini_kb_dir, monkeypatch, built_from_settings
):
    calls = []
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: calls.append(("polling", kw)))
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: calls.append(("webhook", kw)))
    monkeypatch.setattr("bot.tg.app.configure_logging", lambda token: None)
    base = Settings(token=TOKEN, data_dir=tmp_path / "data", knowledge_dir=mini_kb_dir, today=TODAY)
    assert run_bot(base) == 0
    hooked = Settings(
        **{
            **base.__dict__,
            "webhook_url": "https://bot.example.cn/tg/hook",
            "webhook_secret": "s3cret",
            "listen": "0.0.0.0",
            "port": 8443,
        }
    )
    assert run_bot(hooked) == 0
    assert calls[0][0] == "polling"
    kind, options = calls[1]
    assert kind == "webhook"
    assert options["secret_token"] == "s3cret"
    assert options["url_path"] == "tg/hook"
    assert (options["listen"], options["port"]) == ("0.0.0.0", 8443)


# ---- answers use the profile and are stored -------------------------------------------------
async def test_help_lists_the_specialists_commands_too(bot):
    shown = await bot.user().says("/help")
    assert "/count — 计数（测试）" in shown[0].text and "/forget — 删除我的全部数据" in shown[0].text


async def test_answers_use_the_chosen_role_and_region(bot):
    user = await choose_profile(bot, "用人单位", "吉林")
    shown = await user.says("/count")
    assert "计数 1（employer）" in shown[0].text


async def test_feedback_is_stored_and_the_question_log_is_pseudonymised(bot):
    user = await choose_profile(bot)
    await user.says("见习补助发放")
    await user.presses("👎 没帮助")
    [feedback] = bot.storage.feedback()
    assert (feedback["user_id"], feedback["entry"], feedback["verdict"]) == (ALICE.id, "mini-allowance", "-")
    [logged] = bot.storage.questions()
    assert logged["text"] == "见习补助发放" and logged["outcome"] == "answered" and logged["entry"] == "mini-allowance"
    assert str(ALICE.id) not in json.dumps(logged)


async def test_every_button_press_is_answered_so_the_spinner_stops(bot):
    user = await choose_profile(bot)
    await user.says("见习补助发放")
    for button in ("📄 查看原文", "🔙 回到答复", "🔗 相关问题", "📋 菜单", "测试话题", "👍 有帮助"):
        await user.presses(button)
    await user.presses_data("nonsense")
    assert bot.api.methods().count("answerCallbackQuery") == 2 + 6 + 1


# ---- durability -----------------------------------------------------------------------------
async def test_a_confirmed_profile_is_on_disk_before_the_confirmation_is_sent(bot, tmp_path):
    user = bot.user()
    await user.says("/start")
    await user.presses("毕业生")
    on_disk_when_confirmed = []
    original = bot.api.api_editMessageText

    def spy(params, request_data):
        on_disk_when_confirmed.append(Storage(tmp_path / "data").profile(ALICE.id))
        return original(params, request_data)

    bot.api.api_editMessageText = spy
    await user.presses("浙江")
    assert on_disk_when_confirmed[0]["region"] == "浙江"


async def test_the_session_survives_a_crash_mid_conversation(bot):
    user = await choose_profile(bot)
    assert "计数 1" in (await user.says("/count"))[0].text
    assert "计数 2" in (await user.presses("➕"))[0].text
    await bot.crash_and_restart()
    user = bot.user()
    assert "计数 3（graduate）" in (await user.presses("➕"))[0].text
    assert "对话进度：有" in (await user.says("/mydata"))[0].text


async def test_a_kill_right_after_an_update_loses_at_most_that_session_step_never_a_confirmed_write(bot):
    """Sessions are written behind (bot.store.sessions): a kill before the session timer has run
    loses the steps since its last run — here one — and nothing the user was told was saved."""
    user = await choose_profile(bot)  # confirmed ("已保存"): on disk before the reply
    assert "计数 1" in (await user.says("/count"))[0].text
    bot.application.persistence.files.flush()  # the "flush sessions" job ran: 计数 1 on disk
    assert "计数 2" in (await user.presses("➕"))[0].text
    assert bot.application.persistence.files.pending  # 计数 2 only in memory
    await bot.crash_and_restart(before_the_session_flush=True)
    user = bot.user()
    assert "计数 2（graduate）" in (await user.presses("➕"))[0].text  # 计数 2 was lost, the profile was not
    shown = await user.says("/mydata")
    assert "对话进度：有" in shown[0].text and json.loads(shown[1].data)["profile"]["region"] == "浙江"


async def test_forget_reaches_the_disk_at_once_even_with_session_changes_pending(bot):
    user = await choose_profile(bot)
    other = bot.user(Person(ALICE.id + SHARDS, "Bob"))  # a session in the same shard, not flushed yet
    await other.says("/count")
    await user.says("/count")
    await user.says("/forget")
    await user.presses("🗑 确认删除")
    await bot.crash_and_restart(before_the_session_flush=True)  # killed right after "deleted"
    shown = await bot.user().says("/mydata")
    assert "对话进度：无" in shown[0].text and json.loads(shown[1].data)["profile"] is None
    assert "计数 2" in (await bot.user(Person(ALICE.id + SHARDS, "Bob")).says("/count"))[0].text


async def test_forget_also_deletes_the_session(bot):
    user = await choose_profile(bot)
    await user.says("/count")
    await user.says("/forget")
    await user.presses("🗑 确认删除")
    await bot.crash_and_restart()
    shown = await bot.user().says("/mydata")
    assert "对话进度：无" in shown[0].text
    assert json.loads(shown[1].data) == {
        "profile": None,
        "feedback": [],
        "questions": [],
        "subscriptions": [],
        "session": {},
    }


async def test_a_session_started_again_right_after_forget_is_kept(bot):
    user = await choose_profile(bot)
    await user.says("/count")
    await user.says("/forget")
    await user.presses("🗑 确认删除")
    await user.says("/count")
    await bot.application.update_persistence()  # PTB's periodic flush must not delete it afterwards
    await bot.crash_and_restart()
    assert "计数 2" in (await bot.user().says("/count"))[0].text


# ---- robustness -----------------------------------------------------------------------------
async def test_a_handler_error_is_logged_with_context_the_user_is_told_and_the_bot_keeps_running(bot, caplog):
    user = bot.user()
    with caplog.at_level(logging.ERROR, logger="qualbot.telegram"), pytest.raises(RuntimeError, match="a bug"):
        await user.says("boom")
    assert bot.api.shown[-1].text == pages.FAILURE
    [record] = [r for r in caplog.records if r.name == "qualbot.telegram"]
    assert f"user {ALICE.id}" in record.getMessage() and record.exc_info
    assert TOKEN not in caplog.text
    user.errors.clear()
    assert "见习生活补助怎么发" in (await user.says("见习补助发放"))[0].text


async def test_a_reply_over_4096_characters_is_split_at_paragraphs_with_buttons_on_the_last_part(bot, specialist):
    paragraph = "<b>第{}段</b> " + "政策条款内容。" * 120
    specialist.long_text = "\n\n".join(paragraph.format(i) for i in range(12))
    shown = await bot.user().says("long")
    assert len(shown) >= 3
    assert all(len(s.text.encode("utf-16-le")) // 2 <= 4096 for s in shown)  # the fake also rejects longer ones
    assert [bool(s.buttons) for s in shown] == [False] * (len(shown) - 1) + [True]
    assert all(s.text.startswith("第") for s in shown)  # every part begins at a paragraph
    assert "".join(s.text for s in shown).count("政策条款内容。") == 12 * 120


@pytest.mark.parametrize(
    "data", ["e:mini-allowance", "profile:region:浙江", "forget:no", "fb:+:mini-allowance", "gone"]
)
async def test_a_button_whose_message_telegram_no_longer_sends_is_answered_in_the_private_chat(bot, data):
    shown = await bot.user().presses_data(data, with_message=False)
    assert all(s.chat_id in (ALICE.id, None) for s in shown)


async def test_incoming_flood_gets_one_notice_then_is_ignored_for_a_while(bot):
    user = bot.user()
    bot.seconds_between_updates = 0.1
    replies = [await user.says("见习补助发放") for _ in range(bot.settings.flood_limit + 5)]
    notices = [r for reply in replies for r in reply if r.text == pages.FLOOD]
    assert len(notices) == 1
    assert replies[-1] == []
    bot.seconds_between_updates = 60
    assert "见习生活补助怎么发" in (await user.says("见习补助发放"))[0].text


async def test_user_text_is_escaped(bot):
    # an unknown command echoes its name only: what follows it is never shown back
    shown = await bot.user().says("/nosuch<script>&x")
    assert "没有 /nosuch 这个命令" in shown[0].text and "<script>" not in shown[0].text
    shown = await bot.user().says("/<script>&x")
    assert shown[0].text.startswith("没有这个命令")


# ---- logging --------------------------------------------------------------------------------
def test_logs_never_contain_the_token_and_httpx_request_lines_are_silenced():
    root = logging.getLogger()
    quieted = ("httpx", "httpcore", "apscheduler.executors")
    saved_handlers, saved_level = root.handlers[:], root.level
    saved = {name: logging.getLogger(name).level for name in quieted}
    try:
        configure_logging(TOKEN)
        assert all(logging.getLogger(name).getEffectiveLevel() >= logging.WARNING for name in quieted)
    finally:
        root.handlers[:] = saved_handlers
        for handler in saved_handlers:
            handler.filters = [f for f in handler.filters if not isinstance(f, _RedactToken)]
        root.setLevel(saved_level)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "POST https://api.telegram.org/bot%s/getMe", (TOKEN,), None
    )
    _RedactToken(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "<token>" in record.getMessage()
