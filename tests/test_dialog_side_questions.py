"""Dialogs and questions coexist: a question typed while a dialog waits is answered, the
dialog waits unchanged, a 继续 button brings its step back, and a dialog left alone too long
ends with a word to the user (issue 10, item 6)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from bot.core import Assistant, Context
from bot.engine.driver import DialogDriver
from bot.engine.machine import reads_like_question
from bot.engine.specialist import DialogSpecialist
from bot.settings import PROJECT_ROOT
from tests.support import TODAY, full_assistant

START = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
TITLE = "技能等级申报职称（浙江）"
RESUME = f"↩️ 继续：{TITLE}"


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def user(real_brain, clock):
    assistant = full_assistant(real_brain, now=clock)
    return DialogDriver(assistant, Context(today=TODAY))


def dialog_state(user: DialogDriver) -> dict:
    return copy.deepcopy(user.session["dialog"])


def button_texts(reply) -> list[str]:
    return [b.text for b in reply.all_buttons()]


# ---- a question at a button step ------------------------------------------------------------------
def test_a_question_at_a_button_step_is_answered_and_the_dialog_waits(user):
    user.command("title")
    before = dialog_state(user)
    reply = user.say("评职称要不要考外语？")
    assert not (reply.outcome or "").startswith("dialog") and "请点下方按钮选择" not in reply.plain_text
    assert dialog_state(user) == before, "a side question must not change the dialog"
    assert reply.buttons[-1][0].text == RESUME, "the 继续 button is the answer's last row"


def test_the_resume_button_shows_the_waiting_step_again(user):
    first = user.command("title")
    user.say("评职称要不要考外语？")
    before = dialog_state(user)
    again = user.press(RESUME)
    assert again.outcome == "dialog_question" and again.entry_id == first.entry_id == "title:level"
    assert dialog_state(user)["answers"] == before["answers"]
    assert user.press("高级工").entry_id == "title:years"  # and the dialog goes on from there


def test_typing_continue_also_brings_the_step_back(user):
    user.command("title")
    user.say("评职称要不要考外语？")
    assert user.say("继续").entry_id == "title:level"


def test_a_short_wrong_word_at_a_button_step_still_gets_the_hint(user):
    user.command("title")
    reply = user.say("博士")
    assert reply.entry_id == "title:level" and "请点下方按钮选择" in reply.plain_text
    assert "直接输入问题" in reply.plain_text  # says that questions may be asked meanwhile


# ---- a question at a typed step -------------------------------------------------------------------
def test_a_question_at_a_typed_step_is_not_read_as_a_wrong_number(user):
    user.command("title")
    user.press("高级工")
    before = dialog_state(user)
    reply = user.say("等一下，我想先问问评职称要不要考外语")
    assert "不是一个数字" not in reply.plain_text and reply.entry_id != "title:years"
    assert dialog_state(user) == before
    assert RESUME in button_texts(reply)
    assert user.press(RESUME).entry_id == "title:years"
    assert user.say("3").entry_id != "title:years"  # the typed step now takes its answer


def test_an_exam_date_question_during_a_dialog_gets_the_calendar_and_the_resume_button(user):
    user.command("title")
    user.press("技师")
    reply = user.say("一建什么时候考")
    assert reply.outcome == "exams" and "一级建造师" in reply.plain_text
    assert reply.buttons[-1][0].text == RESUME
    assert user.press(RESUME).entry_id == "title:years"


def test_a_mistyped_short_answer_at_a_typed_step_still_gets_the_hint(user):
    user.command("title")
    user.press("高级工")
    reply = user.say("好几年")
    assert reply.entry_id == "title:years" and "不是一个数字" in reply.plain_text


def test_a_text_step_takes_a_name_but_not_a_question(user):
    user.command("hiring")
    user.press("查一项资格")
    before = dialog_state(user)
    reply = user.say("见习期间有没有保险？")
    assert not (reply.outcome or "").startswith("dialog") and dialog_state(user) == before
    assert user.press("↩️ 继续：招聘能否要求资格证书").entry_id == "hiring:qualification"
    assert user.say("护士执业资格").entry_id == "hiring:employer"


def test_no_resume_button_without_a_waiting_dialog(user):
    assert all("继续" not in t for t in button_texts(user.say("评职称要不要考外语？")))
    user.command("title")
    user.press("技师")
    user.say("5")
    user.press("符合")
    user.press("以上都没有")  # the outcome: nothing waits any more
    assert all("继续" not in t for t in button_texts(user.say("评职称要不要考外语？")))


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("评职称要不要考外语", True),
        ("这个多久能批下来", True),
        ("技师证和高级工证哪个更有用", True),
        ("3年多", False),
        ("好几年", False),
        ("一千八左右吧", False),
        ("博士", False),
    ],
)
def test_what_reads_like_a_question(text, question):
    assert reads_like_question(text) is question


# ---- stale dialogs expire ---------------------------------------------------------------------------
def test_a_dialog_left_alone_longer_than_a_day_ends_with_a_notice(user, clock):
    user.command("title")
    user.press("高级工")
    clock.now = START + dt.timedelta(hours=24, minutes=1)
    reply = user.say("3")
    assert reply.plain_text.startswith(f"⏰ 您的引导问答“{TITLE}”已超过24小时没有继续")
    assert "dialog" not in user.session
    assert all("继续" not in t for t in button_texts(reply))
    assert "⏰" not in user.say("3").plain_text  # said once


def test_a_dialog_used_within_the_day_is_kept(user, clock):
    user.command("title")
    clock.now = START + dt.timedelta(hours=20)
    user.press("高级工")  # every step dates the dialog anew
    clock.now = START + dt.timedelta(hours=40)
    reply = user.say("3")
    assert "⏰" not in reply.plain_text and reply.entry_id != "title:years"


def test_side_questions_do_not_keep_a_dialog_alive(user, clock):
    user.command("title")
    clock.now = START + dt.timedelta(hours=23)
    user.say("评职称要不要考外语？")
    clock.now = START + dt.timedelta(hours=25)
    assert "⏰" in user.press(RESUME).plain_text


def test_a_button_of_an_expired_dialog_says_why(user, clock):
    user.command("title")
    clock.now = START + dt.timedelta(days=3)
    reply = user.press("高级工")
    assert "⏰" in reply.plain_text and "已自动结束" in reply.plain_text and "dialog" not in user.session


def test_a_finished_dialog_expires_silently(user, clock):
    user.command("title")
    user.press("技师")
    user.say("5")
    user.press("符合")
    user.press("以上都没有")
    clock.now = START + dt.timedelta(days=2)
    assert "⏰" not in user.say("评职称要不要考外语？").plain_text
    assert "dialog" not in user.session


def test_the_expiry_time_and_wording_come_from_the_settings_file(real_brain, tmp_path, clock):
    settings = tmp_path / "conversation.yaml"
    settings.write_text(
        "expire_after_hours: 2\nexpired_notice: 超时了：{title}（{hours}小时）\nresume_label: 回到{title}\n",
        encoding="utf-8",
    )
    assistant = Assistant(real_brain, clock=lambda: TODAY)
    assistant.specialists.append(
        DialogSpecialist(PROJECT_ROOT / "dialogs", lambda: assistant.kb, now=clock, conversation=settings)
    )
    user = DialogDriver(assistant, Context(today=TODAY))
    user.command("title")
    assert user.say("评职称要不要考外语？").buttons[-1][0].text == f"回到{TITLE}"
    clock.now = START + dt.timedelta(hours=3)
    assert user.say("你好").plain_text.startswith(f"超时了：{TITLE}（2小时）")


def test_a_session_saved_before_times_were_kept_is_dated_now(user, clock):
    user.command("title")
    del user.session["dialog"]["touched"]
    clock.now = START + dt.timedelta(days=5)
    assert user.press("高级工").entry_id == "title:years"  # not expired: dated at the first look


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("expire_after_hours: 0\nexpired_notice: 超时\nresume_label: 继续\n", "greater than 0"),
        ("expire_after_hours: 24\nexpired_notice: 超时\n", "missing required key 'resume_label'"),
        ("expire_after_hours: 24\nexpired_notice: 超时\nresume_label: 继续\nexpire_after_days: 1\n", "unknown key"),
    ],
)
def test_a_broken_settings_file_stops_start_up_and_fails_kb_check(real_brain, tmp_path, content, problem):
    from bot.engine.specialist import check_conversation
    from bot.kb.errors import KbLoadFailed

    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "conversation.yaml").write_text(content, encoding="utf-8")
    errors = check_conversation(tmp_path)
    assert errors and problem in str(errors[0])
    with pytest.raises(KbLoadFailed, match=problem):
        DialogSpecialist(
            PROJECT_ROOT / "dialogs", lambda: real_brain.kb, conversation=tmp_path / "settings" / "conversation.yaml"
        )


def test_the_shipped_settings_file_passes_kb_check():
    from bot.engine.specialist import check_conversation

    assert check_conversation(PROJECT_ROOT / "dialogs") == []


def test_an_answer_said_with_a_question_mark_is_still_the_answer(user):
    user.command("title")
    assert user.say("高级工？").entry_id == "title:years"
    assert user.say("3年吧？").entry_id != "title:years"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("我是高级工，拿证好多年了", "senior-worker"),  # a statement naming one button answers the step
        ("我有高级技师证", "senior-technician"),  # the longer label, not the 技师 inside it
        ("不是技师", None),  # a negation is no answer: the hint again
    ],
)
def test_a_statement_that_names_one_button_answers_the_step(user, text, level):
    user.command("title")
    reply = user.say(text)
    assert user.session["dialog"]["answers"].get("level") == level
    if level is None:
        assert "请点下方按钮选择" in reply.plain_text


def test_a_question_that_names_a_button_is_still_a_question(user):
    user.command("title")
    before = dialog_state(user)
    reply = user.say("技师能评什么职称")
    assert dialog_state(user) == before and RESUME in button_texts(reply)
