"""Texts the bot sends on its own: a reminder, and the notice that an exam's dates changed."""

from __future__ import annotations

from markupsafe import escape

from bot.exams import actions
from bot.exams.answers import OUTCOME, UNVERIFIED_WARNING, source_name
from bot.exams.reminders import ExamChange, PlannedReminder
from bot.kb.exams.cn_dates import format_day
from bot.kb.exams.model import Exam
from bot.reply import Button, Reply


def reminder_reply(reminder: PlannedReminder, exam: Exam) -> Reply:
    target = f"{reminder.target.year}年{format_day(reminder.target)}"
    if reminder.kind == "registration":
        region = f"（{exam.registration.region}）" if exam.registration and exam.registration.region else ""
        what = f"报名{region}将于 <b>{target}</b> 开始，还有 {reminder.days_before} 天"
        wording = f"📝 报名时间{region}：{escape(exam.registration.text)}" if exam.registration else ""
        row = exam.registration.source if exam.registration else exam.primary
    else:
        what = f"考试将于 <b>{target}</b> 开始，还有 {reminder.days_before} 天"
        wording = f"🗓 考试日期：{escape(exam.dates_text or '')}"
        row = exam.dates_source or exam.primary
    lines = [f"⏰ <b>考试提醒</b>：{escape(exam.title)}", what, wording, f"📎 来源：{source_name(row)}"]
    if row.unverified:
        lines.append(UNVERIFIED_WARNING)
    lines.append("日期如有调整，以考试机构公告为准。")
    buttons = ((Button("📅 加入日历", actions.ics(exam.id)), Button("❌ 取消提醒", actions.unsubscribe(exam.id))),)
    return Reply("\n".join(line for line in lines if line), buttons=buttons, outcome=OUTCOME)


def change_notice_reply(change: ExamChange) -> Reply:
    name = escape(change.name)
    if change.kind == "plan_added":
        text = f"📢 <b>{change.year}年度的考试日期已收录</b>。发送 /exams 查看，或直接问我，例如“一建什么时候考”。"
        return Reply(text, buttons=((Button("📋 全部考试日程", actions.listing(None, 0)),),), outcome=OUTCOME)
    if change.kind == "removed":
        text = f"📢 <b>{name}</b>（{change.year}年）的考试日期已从知识库中撤下，请以考试机构的官方公告为准。"
        return Reply(text, buttons=((Button("❌ 取消提醒", actions.unsubscribe(change.exam_id)),),), outcome=OUTCOME)
    title = "已收录" if change.kind == "added" else "有变化"
    lines = [f"📢 <b>{name}</b>（{change.year}年）的考试信息{title}："]
    for what, before, after in change.details:
        lines.append(
            f"• {escape(what)}：{escape(before)} → <b>{escape(after)}</b>"
            if before
            else f"• {escape(what)}：<b>{escape(after)}</b>"
        )
    lines.append("提醒时间已按新日期更新。日期以考试机构公告为准。")
    buttons = (
        (
            Button("📅 加入日历", actions.ics(change.exam_id)),
            Button("❌ 取消提醒", actions.unsubscribe(change.exam_id)),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons, outcome=OUTCOME)
