"""Security checks as tests: the token stays out of logs, staff powers stay with staff, the
webhook only accepts Telegram's secret, /forget leaves no trace in the data files, and
knowledge templates cannot reach outside the sandbox (checked by `qualbot kb check`)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import socket
from pathlib import Path

import httpx
import pytest
from fake_bot_api import FakeTelegram
from telegram.ext import Application, Updater
from telegram_fakes import ALICE, BOB, GROUP_CHAT, TOKEN, BotUnderTest, FakeBotApi, Person

from bot.core import Assistant
from bot.settings import PROJECT_ROOT, Settings
from bot.storage import Storage
from bot.tg.app import build_application, configure_logging, run_bot
from bot.tg.reminder_wiring import exam_specialist
from tests.support import (
    TODAY,
    copy_mini_kb,
    copy_real_kb,
    full_assistant,
    kb_check_in_its_own_process,
    staff_check_in_its_own_process,
)

STAFF = Person(4242, "管理员")
UPCOMING_EXAM_QUESTION = "教师资格面试什么时候考"
UPCOMING_EXAM = "jszg-2-ms"  # 2026-12-05: its reminders are still ahead on TODAY


@pytest.fixture
async def bot(real_brain, tmp_path):
    running = await BotUnderTest(tmp_path / "data", full_assistant(real_brain), admin_ids=frozenset({STAFF.id})).start()
    yield running
    await running.stop()


async def confirmed_profile(bot, person=ALICE):
    user = bot.user(person)
    await user.says("/start")
    await user.presses("毕业生")
    await user.presses("浙江")
    return user


def plan_reminders_on_today(bot) -> None:
    """Reminders are planned on the real clock (QUALBOT_TODAY pins only what answers say): pin the
    scheduler's clock to TODAY too, so that the exam's reminders are ahead whatever the real date
    (the test application's JobQueue never runs, so the jobs only wait in it)."""
    scheduler = exam_specialist(bot.assistant).listener
    morning = dt.datetime.combine(TODAY, dt.time(8, 0), tzinfo=dt.UTC)
    scheduler.now = lambda: morning


async def subscribe_to_an_upcoming_exam(user) -> None:
    """Press 🔔 for the teacher-qualification interview of 2026-12-05 (still ahead on TODAY)."""
    await user.says(UPCOMING_EXAM_QUESTION)
    shown = await user.presses_data(f"x:sub:{UPCOMING_EXAM}", user.last_bot_message())
    assert any("已订阅" in s.text for s in shown), "\n".join(map(str, shown))


# ---- the token -------------------------------------------------------------------------------------
async def test_the_token_never_appears_in_logs_even_at_debug_level_through_a_full_run(bot, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, far chattier than production
    user = await confirmed_profile(bot)
    await user.says("见习补贴有多少")
    await user.presses("👍 有帮助")
    await user.says("/title")
    await user.says("/reload")  # refused: not staff
    await bot.user(STAFF).says("/stats")
    original = bot.api.api_sendMessage

    def bot_api_down(params, request_data):
        raise RuntimeError("the Bot API is down")

    bot.api.api_sendMessage = bot_api_down
    with contextlib.suppress(Exception):
        await user.says("一建什么时候考")  # the Bot API fails: the error handler logs a traceback
    bot.api.api_sendMessage = original
    user.errors.clear()
    await user.says("/forget")
    await user.presses("🗑 确认删除")
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


async def test_with_production_logging_a_real_http_failure_does_not_log_the_token(tmp_path, mini_kb_dir):
    """Real httpx against a local fake Telegram: a 500, then an unreachable server."""
    telegram = FakeTelegram(TOKEN)
    base_url = telegram.start()
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore")})
    keep = Keep()
    keep.setFormatter(logging.Formatter("%(name)s %(message)s"))
    try:
        configure_logging(TOKEN)
        root.addHandler(keep)  # added after: no redaction filter on it, so only silence can keep the token out
        from bot.core import Brain
        from bot.kb.knowledge import load_knowledge

        settings = Settings(
            token=TOKEN,
            api_base_url=base_url,
            data_dir=tmp_path / "data",
            knowledge_dir=mini_kb_dir,
            dialogs_dir=no_dialogs(tmp_path),
            today=TODAY,
        )
        app = build_application(settings, Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY))))
        await app.initialize()
        telegram.fail_next("sendMessage", 500)
        from telegram import Update

        update = Update.de_json({"update_id": 1, "message": telegram.user_message(ALICE.id, "/help")}, app.bot)
        await app.process_update(update)
        telegram.stop()  # now the server is gone: a connection error
        await app.process_update(
            Update.de_json({"update_id": 2, "message": telegram.user_message(ALICE.id, "/about")}, app.bot)
        )
        await app.shutdown()
    finally:
        telegram.stop()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
    text = "\n".join(lines)
    assert "error while handling an update" in text  # the failures were logged …
    assert TOKEN not in text and TOKEN.split(":")[1] not in text  # … without the token


# ---- staff powers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command", ["/reload", "/stats", "/gaps", "/broadcast 全体 你好", "/broadcast@qualbot_test_bot x"]
)
async def test_staff_commands_do_nothing_for_other_users_in_private_or_groups(bot, command):
    for user in (bot.user(BOB), bot.user(BOB, GROUP_CHAT), bot.user(STAFF, GROUP_CHAT)):
        before = len(bot.api.calls)
        shown = await user.says(command)
        assert all("统计" not in s.text and "将发送给" not in s.text and "已重新加载" not in s.text for s in shown)
        assert "sendDocument" not in [m for m, _ in bot.api.calls[before:]]


async def test_a_staff_confirmation_button_pressed_by_someone_else_sends_nothing(bot):
    await confirmed_profile(bot, Person(3001, "订阅者"))
    await bot.user(Person(3001, "订阅者")).presses("🔔 接收更新通知")
    staff = bot.user(STAFF)
    shown = await staff.says("/broadcast 测试通知")
    confirm = next(b for s in shown for row in s.buttons for b in row if b["text"].startswith("✅"))
    before = [s for s in bot.api.shown if s.chat_id == 3001]
    await bot.user(BOB).presses_data(confirm["callback_data"], staff.last_bot_message("✅ 确认发送"))
    await asyncio.sleep(0.05)
    assert [s for s in bot.api.shown if s.chat_id == 3001] == before


# ---- webhook secret ----------------------------------------------------------------------------------
class WebhookApi(FakeBotApi):
    def api_setWebhook(self, params, _):
        self.webhook = params
        return True


def no_dialogs(tmp_path):
    """The real dialogs cite the real knowledge; these tests use the tiny one."""
    folder = tmp_path / "dialogs"
    folder.mkdir(exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_requests_without_the_right_secret_header_are_rejected(tmp_path, mini_kb_dir, monkeypatch):
    captured = {}
    monkeypatch.setattr(Application, "run_webhook", lambda self, **options: captured.update(options))
    monkeypatch.setattr("bot.tg.app.configure_logging", lambda token: None)
    settings = Settings(
        token=TOKEN,
        data_dir=tmp_path / "data",
        knowledge_dir=mini_kb_dir,
        today=TODAY,
        dialogs_dir=no_dialogs(tmp_path),
        webhook_url="https://bot.example.cn/tg/hook",
        webhook_secret="s3cret-Value_1",
        listen="127.0.0.1",
        port=free_port(),
    )
    assert run_bot(settings) == 0  # the options run_bot would start the server with …
    api = WebhookApi()
    app = build_application(settings, request=api)
    updater = Updater(app.bot, app.update_queue)
    await app.initialize()
    await updater.initialize()
    await updater.start_webhook(
        listen=captured["listen"],
        port=captured["port"],
        url_path=captured["url_path"],
        webhook_url=captured["webhook_url"],
        secret_token=captured["secret_token"],
        allowed_updates=captured["allowed_updates"],
    )  # … and PTB's real server on them
    url = f"http://127.0.0.1:{settings.port}/tg/hook"
    update = {
        "update_id": 5,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 1, "type": "private"},
            "from": {"id": 1, "is_bot": False, "first_name": "x"},
            "text": "hi",
        },
    }
    try:
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=update)
            wrong = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
            empty = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": ""})
            assert app.update_queue.empty()
            right = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value_1"})
    finally:
        await updater.stop()
        await updater.shutdown()
        await app.shutdown()
    assert (missing.status_code, wrong.status_code, empty.status_code) == (403, 403, 403)
    assert right.status_code == 200 and app.update_queue.qsize() == 1
    assert api.webhook["secret_token"] == "s3cret-Value_1"


def test_webhook_mode_without_a_configured_secret_still_uses_a_random_one(tmp_path, mini_kb_dir, monkeypatch):
    secrets_used = []
    monkeypatch.setattr(Application, "run_webhook", lambda self, **o: secrets_used.append(o["secret_token"]))
    monkeypatch.setattr("bot.tg.app.configure_logging", lambda token: None)
    settings = Settings(
        token=TOKEN,
        data_dir=tmp_path / "data",
        knowledge_dir=mini_kb_dir,
        today=TODAY,
        dialogs_dir=no_dialogs(tmp_path),
        webhook_url="https://bot.example.cn/hook",
    )
    run_bot(settings)
    run_bot(settings)
    assert all(s and len(s) >= 32 for s in secrets_used) and secrets_used[0] != secrets_used[1]


# ---- /forget -----------------------------------------------------------------------------------------
async def test_forget_removes_every_trace_of_the_user_from_the_data_files_and_the_job_queue(bot, tmp_path):
    data = tmp_path / "data"
    other = await confirmed_profile(bot, BOB)
    await other.says("见习补贴有多少")
    user = await confirmed_profile(bot)
    await user.presses("🔔 接收更新通知")
    question = "见习补贴有多少呀小李专用问题"
    await user.says(question)
    await user.says("见习补贴有多少")
    await user.presses("👍 有帮助")
    plan_reminders_on_today(bot)
    await subscribe_to_an_upcoming_exam(user)
    await user.says("/title")  # a dialog in progress: session state
    storage: Storage = bot.storage
    pseudonym = storage.pseudonym(ALICE.id)
    jobs = lambda: [j.name for j in bot.application.job_queue.jobs() if str(ALICE.id) in (j.name or "")]  # noqa: E731
    assert jobs(), "subscribing should have scheduled reminder jobs"
    storage.close()  # flush the deferred question log so the "before" picture is on disk
    files = sorted(data.rglob("*.json"))  # qualbot.json, questions.json, telegram.json, users/NN, sessions/NN
    assert any(p.parent.name == "users" for p in files) and any(p.parent.name == "sessions" for p in files)
    before = "".join(p.read_text(encoding="utf-8") for p in files)
    assert str(ALICE.id) in before and pseudonym in before and question in before

    await user.says("/forget")
    await user.presses("🗑 确认删除")

    for path in data.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert f'"{ALICE.id}"' not in text and f":{ALICE.id}," not in text and f"rem:{ALICE.id}:" not in text, path.name
        assert pseudonym not in text and question not in text, path.name
    assert jobs() == []
    assert ALICE.id not in bot.application.user_data or not bot.application.user_data[ALICE.id]
    assert storage.profile(BOB.id) is not None and storage.questions(BOB.id)  # nobody else's data went
    shown = await user.presses_data("x:subs")
    assert "还没有订阅" in shown[-1].text  # and the exam reminders forgot too


# ---- templates reaching outside the sandbox: `qualbot kb check` -----------------------------------------
ESCAPES = {
    "dunder attribute": "{{ ''.__class__.__mro__ }}",
    "dunder via subscript": "{{ quote['__globals__'] }}",
    "dunder built at run time": "{{ quote[('__glo' ~ 'bals__')] }}",
    "attr filter": "{{ quote|attr('__globals__') }}",
    "import": "{% import 'os' as os %}{{ os }}",
    "include a file": "{% include '/etc/passwd' %}",
    "extends a file": "{% extends '/etc/passwd' %}",
    "a global that is not there": "{{ cycler.__init__ }}",
    "lipsum globals": "{{ lipsum.__globals__ }}",
    "range bomb": "{{ range(10**9)|list }}",
    "self": "{{ self._TemplateReference__context }}",
    "format string attribute": "{{ '{0.__class__}'.format(quote) }}",
    "mutating a value": "{% set x = [] %}{{ x.append(1) }}",
}


def _with_payload(knowledge: Path, faq_name: str, payload: str) -> Path:
    """Put `payload` at the top of the first answer template of knowledge/faq/<faq_name>."""
    faq = knowledge / "faq" / faq_name
    text = faq.read_text(encoding="utf-8")
    marker = "answer: |\n"
    at = text.index(marker) + len(marker)
    indent = text[at:].split("\n", 1)[0]
    indent = indent[: len(indent) - len(indent.lstrip())]
    faq.write_text(text[:at] + indent + payload + "\n" + text[at:], encoding="utf-8")
    return faq


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES.keys())
def test_kb_check_rejects_a_template_reaching_outside_the_sandbox(tmp_path, payload):
    from bot.checks import run_check

    knowledge = copy_mini_kb(tmp_path)
    _with_payload(knowledge, "mini.yaml", payload)
    report = run_check(knowledge, today=TODAY)
    assert not report.ok
    assert any("faq/mini.yaml:" in str(e) for e in report.errors), report.errors
    assert all("root:" not in str(e) for e in report.errors)  # nothing of /etc/passwd


def test_qualbot_kb_check_in_a_process_of_its_own_rejects_an_escape(tmp_path):
    """The smoke test of the command staff run: exit code 1, file:line, no traceback, nothing leaked."""
    knowledge = copy_real_kb(tmp_path)
    _with_payload(knowledge, "internship.yaml", ESCAPES["include a file"])
    output = kb_check_in_its_own_process(knowledge)
    assert "faq/internship.yaml:" in output
    assert "Traceback" not in output
    assert "root:" not in output


def test_a_region_gated_escape_that_kb_check_cannot_render_is_still_blocked_at_answer_time(tmp_path):
    """kb check renders every template once; a branch it does not take is still sandboxed when a user hits it."""
    from bot.kb.knowledge import load_knowledge
    from bot.kb.render import TemplateProblem

    knowledge = copy_real_kb(tmp_path)
    faq = knowledge / "faq" / "internship.yaml"
    text = faq.read_text(encoding="utf-8")
    marker = "answer: |\n"
    at = text.index(marker) + len(marker)
    indent = text[at:].split("\n", 1)[0]
    indent = indent[: len(indent) - len(indent.lstrip())]
    payload = "{% if region == '火星' %}{{ quote[('__glo' ~ 'bals__')] }}{% endif %}"
    faq.write_text(text[:at] + indent + payload + "\n" + text[at:], encoding="utf-8")
    try:
        kb = load_knowledge(knowledge, today=TODAY)
    except Exception:
        return  # rejected at load: even better
    from bot.core import Brain

    brain = Brain(kb)
    entry = next(e for e in kb.entries.values() if "internship" in e.path)
    with pytest.raises(TemplateProblem):
        brain.renderer.render(entry, None, TODAY, "火星")


def test_forget_through_storage_covers_reminder_marks(tmp_path):
    storage = Storage(tmp_path)
    storage.add_subscription(7, "jszg-2-ms")
    storage.mark_reminder_sent("rem:7:jszg-2-ms:exam:2026-12-05:7")
    storage.mark_reminder_sent("rem:77:jszg-2-ms:exam:2026-12-05:7")
    storage.forget_user(7)
    files = [tmp_path / "qualbot.json", *sorted((tmp_path / "users").glob("*.json"))]
    texts = [path.read_text(encoding="utf-8") for path in files if path.exists()]
    assert all("rem:7:" not in text for text in texts) and any("rem:77:" in text for text in texts)
    assert all(json.loads(text) for text in texts)


def test_dialogs_check_rejects_a_dialog_template_reaching_outside_the_sandbox(tmp_path):
    dialogs = tmp_path / "dialogs"
    import shutil

    shutil.copytree(PROJECT_ROOT / "dialogs", dialogs)
    title = dialogs / "title.yaml"
    lines = title.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("    ask: ") and "{{" in line)
    lines[at] = "    ask: \"{{ today|attr('__class__') }}\""
    title.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = staff_check_in_its_own_process("dialogs", "check", env={"QUALBOT_DIALOGS_DIR": str(dialogs)})
    assert f"title.yaml:{at + 1}:" in output and "Traceback" not in output


def test_a_part_of_a_message_named_back_to_the_user_carries_no_typed_markup(assistant):
    """Named back in "关于“…”", a part typed with tags would show them to the user as text."""
    reply = assistant.ask("见习单位能拿多少见习补贴？另外一建什么时候考</i><b>取消")
    assert "关于“" in reply.plain_text
    assert "</i>" not in reply.plain_text and "<b>" not in reply.plain_text
