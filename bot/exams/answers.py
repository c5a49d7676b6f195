"""Replies about exam dates: one exam, a period, a year's plan, the /exams listing.

Every reply says where the dates come from and how reliable that source is; dates from an
unverified source carry a visible ⚠️; missing dates are said to be missing, never filled in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import cast, get_args

from markupsafe import escape

from bot.exams import actions
from bot.exams.recognise import AliasIndex, ExamQuestion, Miss
from bot.exams.reminders import plan_subscription_id
from bot.kb.exams.cn_dates import consecutive_runs, format_day
from bot.kb.exams.model import Exam, ExamCalendar, SourceRow
from bot.kb.exams.schema import ExamField
from bot.reply import MENU_BUTTON, Button, Reply

OUTCOME = "exams"
PAGE_SIZE = 8
MAX_EXAM_BUTTONS = 4
MAX_LISTED_NAMES = 8  # exams named in a "the calendar has no date for X" answer; the button lists all
SHORT_RELIABILITY = {
    "official_plan": "官方计划",
    "quoted_official": "转引官方计划",
    "provincial_plan": "省级计划",
    "third_party_unverified": "⚠️第三方未核实",
}
UNVERIFIED_WARNING = "⚠️ 该日期仅来自第三方数据，未经核实，请以考试机构的官方公告为准。"
REMINDER_HINT = "点「🔔 提醒我」，工作人员录入后我会通知您。"
RULES_POINTER = (
    "📌 日期如有调整，以考试机构公告为准；改期通知、成绩有效期等规则可以直接问我，例如“考试日期变了会怎么通知”。"
)


def format_days(days: Sequence[dt.date]) -> str:
    """5月16日—18日、23日: runs of three or more days as a range, the month said once."""
    parts: list[str] = []
    month = None
    for first, last in consecutive_runs(tuple(days)):
        run = [first] if first == last else [first, last]
        texts = []
        for day in run:
            texts.append(format_day(day) if day.month != month else f"{day.day}日")
            month = day.month
        joiner = "、" if len(run) == 2 and (last - first).days == 1 else "—"
        parts.append(joiner.join(texts))
    return "、".join(parts)


def _days_until(today: dt.date, day: dt.date) -> int:
    return (day - today).days


def status_line(exam: Exam, today: dt.date) -> str:
    """Past, in progress, today, or how many days remain — relative to `today`."""
    if not exam.days:
        note = exam.dates_note or "现有来源没有给出考试日期"
        quoted = f"（来源原文：“{exam.dates_text}”）" if exam.dates_text else ""
        return f"❓ 暂无考试日期：{note}{quoted}"
    first, last = cast(dt.date, exam.first_day), cast(dt.date, exam.last_day)  # it has days
    if today < first:
        return f"⏳ 距考试还有 <b>{_days_until(today, first)}</b> 天（首日 {first.year}年{format_day(first)}）。"
    if today > last:
        return f"✅ 本次考试已于{last.year}年{format_day(last)}结束。"
    if today in exam.days:
        more = f"，考试持续到{format_day(last)}" if last > today else ""
        return f"📝 今天（{format_day(today)}）就是考试日{more}。"
    upcoming = next(d for d in exam.days if d > today)
    previous = max(d for d in exam.days if d < today)
    if (upcoming - previous).days > 14:  # separate sittings months apart, not one exam in progress
        return (
            f"⏳ 上一次考试（{format_day(previous)}）已结束；下一次考试日是{format_day(upcoming)}"
            f"（还有 <b>{_days_until(today, upcoming)}</b> 天）。"
        )
    return f"📝 考试正在进行中：下一个考试日是{format_day(upcoming)}（还有 {_days_until(today, upcoming)} 天）。"


def _registration_status(exam: Exam, today: dt.date) -> str:
    reg = exam.registration
    if reg is None or reg.start is None or reg.end is None:
        return ""
    if today < reg.start:
        return f"，还有 {_days_until(today, reg.start)} 天开始"
    if today <= reg.end:
        return f"，<b>正在报名</b>，{format_day(reg.end)}截止"
    return "，已截止"


def source_name(row: SourceRow) -> str:
    return f"{escape(row.title)}（{escape(row.published)}）· 可靠性：{escape(row.reliability_label)}"


def sources_lines(exam: Exam) -> list[str]:
    lines = [f"📎 来源：{source_name(exam.primary)}"]
    if exam.dates_source is not None and exam.dates_source.key != exam.primary.key:
        lines.append(f"📎 考试日期来自：{source_name(exam.dates_source)}")
    others = [r for r in exam.corroborating if exam.dates_source is None or r.key != exam.dates_source.key]
    if others:
        lines.append("📎 佐证：" + "；".join(f"{escape(r.title)}（{escape(r.reliability_label)}）" for r in others))
    for disagreement in exam.disagreements:
        lines.append(f"⚠️ 来源不一致：{escape(disagreement)}")
    return lines


def _other_provinces_note(exam: Exam, asked: str | None) -> str:
    """First under the title when the card's province-specific lines are not of the province asked
    about ("北京…什么时候报名" while the source has Shanghai's window): said, not only labelled."""
    rows = (exam.primary, exam.dates_source, *exam.corroborating)
    if not asked or asked in (exam.notes or "") or any(row is not None and asked in row.title for row in rows):
        return ""  # (a source of that province, or a note on it, is on the card: it says what is known)
    parts = (
        ("考试日期", exam.dates_region if exam.days else None),
        ("报名时间", exam.registration.region if exam.registration else None),
        ("考试通知", exam.notice.region if exam.notice else None),
    )
    elsewhere = [(what, region) for what, region in parts if region and region != asked]
    if not elsewhere:
        return ""
    fields = "、".join(what for what, _ in elsewhere)
    regions = "、".join(dict.fromkeys(region for _, region in elsewhere))
    return (
        f"📍 知识库暂无{escape(asked)}的{fields}：现有来源只有{escape(regions)}的（见下），"
        f"{escape(asked)}的请以当地考试机构的公告为准。"
    )


def exam_block(exam: Exam, today: dt.date, wants: frozenset[str] = frozenset(), asked: str | None = None) -> str:
    official = f"（{escape(exam.official_name)}）" if exam.official_name not in (exam.name, exam.title) else ""
    lines = [f"📅 <b>{escape(exam.title)}</b>{official} · {exam.year}年"]
    note = _other_provinces_note(exam, asked)
    if note:
        lines.append(note)
    if exam.days:
        region = f"（{escape(exam.dates_region)}的计划，其他地区以当地公告为准）" if exam.dates_region else ""
        lines.append(f"🗓 考试日期{region}：<b>{escape(exam.dates_text or format_days(exam.days))}</b>")
    lines.append(status_line(exam, today))
    reg = exam.registration
    if reg is not None:
        region = f"（{escape(reg.region)}）" if reg.region else ""
        lines.append(f"📝 报名时间{region}：{escape(reg.text)}{_registration_status(exam, today)}")
    elif "registration" in wants or exam.days:
        lines.append("📝 报名时间：现有来源没有给出，请关注当地考试机构的报名通知。")
    if exam.notice is not None:
        region = f"（{escape(exam.notice.region)}）" if exam.notice.region else ""
        lines.append(f"📢 考试通知{region}：{escape(exam.notice.text)}")
    if exam.results is not None:
        lines.append(f"📊 成绩公布（预计）：{escape(exam.results.text)}")
    elif "results" in wants:
        lines.append("📊 成绩公布时间：现有来源没有给出。")
    if exam.body:
        lines.append(f"🏛 负责单位：{escape(exam.body)}")
    if exam.outside_national_plan:
        lines.append("ℹ️ 该考试不属于人社部专业技术人员职业资格考试计划。")
    if exam.notes:
        lines.append(f"ℹ️ {escape(exam.notes)}")
    lines += sources_lines(exam)
    if exam.unverified and exam.days:
        lines.append(UNVERIFIED_WARNING)
    return "\n".join(lines)


def _held_years(calendar: ExamCalendar) -> str:
    return "、".join(str(y) for y in calendar.years)


def _not_published(year: int, calendar: ExamCalendar, today: dt.date, what: str = "专业技术人员职业资格考试") -> str:
    """A year the calendar does not hold: a past one is simply not kept; a coming one is not out yet."""
    missing = f"🕓 知识库的考试日历中<b>暂无</b>{year}年度{what}的日期"
    if calendar.years and year < today.year and year < max(calendar.years):
        return f"{missing}：考试日历只收录了{_held_years(calendar)}年度的考试日期，往年的日期不在其中。"
    return (
        f"{missing}：知识库里还没有{year}年度的考试计划（尚未公布或尚未录入），"
        f"所以这里不提供任何{year}年的日期，也请勿轻信所谓“预测日期”。"
    )


def _exam_buttons(exams: Sequence[Exam]) -> list[tuple[Button, ...]]:
    rows = []
    for exam in exams[:MAX_EXAM_BUTTONS]:
        label = "" if len(exams) == 1 else f"：{exam.title}"
        row = [Button(f"🔔 提醒我{label}", actions.subscribe(exam.id))]
        if exam.days:  # each button names its exam when there are several (never two alike)
            row.append(Button(f"📅 加入日历{label}", actions.ics(exam.id)))
        rows.append(tuple(row))
    return rows


def _miss_text(miss: Miss, calendar: ExamCalendar, year: int) -> str:
    available = [e for e in calendar.of_year(year) if e.id in miss.available]
    wanted = "、".join(miss.wanted)
    known = "；".join(f"{escape(e.title)} {escape(format_days(e.days)) if e.days else '日期未知'}" for e in available)
    text = f"🔍 您问的“{escape(miss.alias)}”（{escape(wanted)}）：知识库的考试日历中<b>暂无</b>{year}年的考试日期（现有来源没有这一项）。"
    return text + (f"\n已收录的同类考试：{known}。" if known else "")


def exams_reply(question: ExamQuestion, calendar: ExamCalendar, today: dt.date) -> Reply:
    """Answer "when is exam X" for the exams the question names."""
    asked = question.year
    year = asked if asked is not None else today.year
    if asked is None and not calendar.has_year(year) and calendar.years:
        year = max(y for y in calendar.years if y <= year) if any(y <= year for y in calendar.years) else year
    blocks: list[str] = []
    shown: list[Exam] = []
    not_published = not calendar.has_year(year)
    if not_published:
        names = "、".join(escape(e.title) for e in (calendar.latest(i) for i in question.exam_ids) if e)
        blocks.append(_not_published(year, calendar, today, f"{names}考试" if names else "专业技术人员职业资格考试"))
        for exam_id in question.exam_ids:
            latest = calendar.latest(exam_id)
            if latest is not None and latest.days:
                # (a province's plan is named: "省级计划" alone reads as the asker's own province's)
                label = SHORT_RELIABILITY[latest.date_reliability]
                if latest.dates_region:
                    region = escape(latest.dates_region)
                    label = f"{region}的{label}" if label.endswith("计划") else f"{label}，{region}"
                blocks.append(
                    f"供参考：最近收录的是{latest.year}年，{escape(latest.title)}为"
                    f"{escape(format_days(latest.days))}（{label}）。"
                )
    else:
        for exam_id in question.exam_ids:
            exam = calendar.find(year, exam_id)
            if exam is None:
                latest = calendar.latest(exam_id)
                blocks.append(f"🔍 {year}年度计划中没有收录{escape(latest.title if latest else exam_id)}的考试日期。")
                continue
            shown.append(exam)
            blocks.append(exam_block(exam, today, question.wants, question.region))
        for miss in question.misses:
            blocks.append(_miss_text(miss, calendar, year))
        if question.unknown:  # another exam asked beside them, one the calendar does not hold
            blocks.append(
                f"🔍 知识库的考试日历中<b>暂无</b>“{escape(question.unknown)}”的日期，请以组织该考试的机构发布的公告为准。"
            )
        past = [e for e in shown if e.days and cast(dt.date, e.last_day) < today]
        if past and not calendar.has_year(year + 1):
            blocks.append(_not_published(year + 1, calendar, today) + "\n" + REMINDER_HINT)
    blocks.append(RULES_POINTER)
    buttons = _exam_buttons(shown)
    if not_published and year >= today.year:
        subscribe_ids = [i for i in question.exam_ids][:MAX_EXAM_BUTTONS] or [plan_subscription_id(year)]
        buttons = [(Button(f"🔔 {year}年日期收录后提醒我", actions.subscribe(i)),) for i in subscribe_ids[:1]]
    buttons.append((Button("📋 全部考试日程", actions.listing(None, 0)),))
    return Reply("\n\n".join(blocks), buttons=tuple(buttons), outcome=OUTCOME)


def _line(exam: Exam, days: Sequence[dt.date], today: dt.date | None = None) -> str:
    """One exam of a listing; with `today`, one whose days listed are all past says so."""
    over = "，已结束" if today is not None and days and max(days) < today else ""
    return f"• {escape(format_days(days))} {escape(exam.title)}（{SHORT_RELIABILITY[exam.date_reliability]}{over}）"


def _legend(exams: Sequence[Exam]) -> str:
    rows: dict[str, SourceRow] = {}
    for exam in exams:
        row = exam.dates_source or exam.primary
        rows.setdefault(row.key, row)
    if not rows:
        return ""
    names = "；".join(f"{escape(r.title)}（{escape(r.reliability_label)}）" for r in rows.values())
    warn = "\n" + UNVERIFIED_WARNING if any(e.unverified for e in exams) else ""
    return f"📎 来源：{names}{warn}"


def period_reply(question: ExamQuestion, calendar: ExamCalendar, today: dt.date) -> Reply:
    """Answer "what exams are in <period>"."""
    start, end = cast(tuple[dt.date, dt.date], question.period)  # a period question has one
    exams = calendar.dated_between(start, end)
    missing_years = [y for y in range(start.year, end.year + 1) if not calendar.has_year(y)]
    span = format_day(start) if start == end else f"{format_day(start)}—{format_day(end)}"
    lines = [f"📅 <b>{escape(question.period_label)}的考试</b>（{span}）"]
    if exams:
        marked = today if end >= today else None  # (a period wholly past is said to be past once, below)
        lines += [_line(e, [d for d in e.days if start <= d <= end], marked) for e in exams]
        held = [e for e in exams if max(d for d in e.days if start <= d <= end) < today]
        if held and marked:
            ahead = len(exams) - len(held)
            lines.append(
                f"今天是{today.year}年{format_day(today)}：以上{len(held)}项已经考完"
                + (f"，还有{ahead}项未考。" if ahead else "，这段时间里没有还没考的了。")
            )
    elif not missing_years or any(calendar.has_year(y) for y in range(start.year, end.year + 1)):
        lines.append("这段时间知识库里没有收录考试日期。")
    if not exams and start <= today <= end:  # ("最近一场考试是哪天" asks from today: say what was last)
        last = calendar.last_held_before(today)
        if last is not None:
            day = max(d for d in last.days if d < today)
            lines.append(f"最近一场已经举行的是{day.year}年{format_day(day)}的{escape(last.title)}。")
    buttons = [(Button("📋 全部考试日程", actions.listing(None, 0)),)]
    for year in missing_years:
        lines.append(_not_published(year, calendar, today))
        if year >= today.year:
            buttons.insert(0, (Button(f"🔔 {year}年计划收录后提醒我", actions.subscribe(plan_subscription_id(year))),))
    if end < today:
        lines.append("（这段时间已经过去。）")
    legend = _legend(exams)
    if legend:
        lines.append(legend)
    lines.append("只收录专业技术人员职业资格等考试；点下方按钮查看全部或按领域筛选。")
    return Reply("\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)


def plan_reply(year: int, calendar: ExamCalendar, today: dt.date) -> Reply:
    """Answer "is the <year> plan out" / "what exams are there in <year>"."""
    if not calendar.has_year(year):
        lines = [_not_published(year, calendar, today)]
        if calendar.years and year >= today.year:  # a past year's line already says which years it holds
            lines.append(f"目前收录的是{_held_years(calendar)}年度的考试日期（发送 /exams 查看）。")
        buttons = []
        if year >= today.year:
            lines.append(REMINDER_HINT)
            buttons.append((Button(f"🔔 {year}年计划收录后提醒我", actions.subscribe(plan_subscription_id(year))),))
        buttons.append((Button("📋 全部考试日程", actions.listing(None, 0)),))
        return Reply("\n\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)
    plan = calendar.plans[year]
    exams = calendar.of_year(year)
    upcoming = [e for e in exams if e.days and cast(dt.date, e.last_day) >= today]
    upcoming.sort(key=lambda e: next(d for d in e.days if d >= today))
    lines = [f"📅 <b>{year}年度专业技术人员职业资格考试</b>：已收录 {len(exams)} 项。"]
    if plan.plan_title:
        lines.append(f"全国计划：《{escape(plan.plan_title)}》")
    lines.append(f"ℹ️ {escape(plan.plan_note)}")
    if upcoming:
        lines.append(f"今天起还有 {len(upcoming)} 项：")
        lines += [_line(e, [d for d in e.days if d >= today]) for e in upcoming[:PAGE_SIZE]]
        lines.append(_legend(upcoming[:PAGE_SIZE]))
    else:
        lines.append(f"{year}年收录的考试都已结束。" if year <= today.year else "")
    buttons = [(Button("📋 全部考试日程", actions.listing(None, 0)),)]
    if not calendar.has_year(year + 1) and year + 1 >= today.year:
        lines.append(_not_published(year + 1, calendar, today))
        buttons.insert(
            0, (Button(f"🔔 {year + 1}年计划收录后提醒我", actions.subscribe(plan_subscription_id(year + 1))),)
        )
    return Reply("\n".join(line for line in lines if line), buttons=tuple(buttons), outcome=OUTCOME)


def listing_reply(calendar: ExamCalendar, today: dt.date, field: str | None = None, page: int = 0) -> Reply:
    """/exams: upcoming exams by their next exam day, paged, with field filter buttons."""
    upcoming = [
        (next(d for d in e.days if d >= today), e)
        for e in calendar.exams
        if e.days and cast(dt.date, e.last_day) >= today
    ]
    present = {e.field for _, e in upcoming}
    fields = [f for f in get_args(ExamField) if f in present]  # the schema's order, not code points
    chosen = [(d, e) for d, e in upcoming if field is None or e.field == field]
    chosen.sort(key=lambda p: (p[0], p[1].id))
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = chosen[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    scope = escape(field) if field else "全部领域"
    lines = [f"📋 <b>即将举行的考试</b>（{scope}，第 {page + 1}/{pages} 页，今天 {today.year}年{format_day(today)}）"]
    if shown:
        lines += [
            f"{_line(e, [d for d in e.days if d >= today])}，"
            + ("<b>今天</b>" if d == today else f"还有 {_days_until(today, d)} 天")
            for d, e in shown
        ]
        lines.append(_legend([e for _, e in shown]))
    else:
        lines.append("没有即将举行且日期已知的考试。")
    unknown = [e for e in calendar.exams if not e.days and (field is None or e.field == field) and e.year >= today.year]
    if unknown:
        lines.append("日期未知（来源缺失或截断）：" + "、".join(escape(e.title) for e in unknown))
    next_year = max(calendar.years, default=today.year) + 1
    buttons: list[tuple[Button, ...]] = []
    if not calendar.has_year(today.year + 1) and today.month >= 10:
        lines.append(_not_published(next_year, calendar, today))
        buttons.append(
            (Button(f"🔔 {next_year}年计划收录后提醒我", actions.subscribe(plan_subscription_id(next_year))),)
        )
    lines.append("想了解某项考试的细节，直接问我，例如发送“一建什么时候考”。")
    filters = [Button("全部", actions.listing(None, 0))] + [Button(f, actions.listing(f, 0)) for f in fields]
    buttons += [tuple(filters[i : i + 4]) for i in range(0, len(filters), 4)]
    paging = []
    if page > 0:
        paging.append(Button("◀ 上一页", actions.listing(field, page - 1)))
    if page < pages - 1:
        paging.append(Button("下一页 ▶", actions.listing(field, page + 1)))
    if paging:
        buttons.append(tuple(paging))
    buttons.append((MENU_BUTTON,))
    return Reply("\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)


def missing_reply(question: ExamQuestion, calendar: ExamCalendar, today: dt.date) -> Reply:
    """A date question about an exam the calendar does not hold: say so, and what it holds."""
    asked = f"“{escape(question.unknown)}”" if question.unknown else "您问的考试"
    lines = [f"🔍 知识库的考试日历中<b>暂无</b>{asked}的日期。"]
    near = [e for e in (calendar.latest(i) for i in question.exam_ids) if e is not None]
    if near:
        lines.append(
            "名称相近的有：" + "、".join(escape(e.title) for e in near) + "。如果您问的是其中一项，请点下方按钮。"
        )
    year = question.year
    if year is not None and not calendar.has_year(year) and not (calendar.years and year < today.year):
        lines.append(f"{year}年度的考试计划也还没有收录（尚未公布或尚未录入）。")
    latest = max(calendar.years, default=None)
    if latest is not None:
        names = list(dict.fromkeys(e.title for e in calendar.of_year(latest)))
        shown = "、".join(escape(n) for n in names[:MAX_LISTED_NAMES])
        more = f"等{len(names)}项" if len(names) > MAX_LISTED_NAMES else f"共{len(names)}项"
        held = _held_years(calendar)
        lines.append(
            f"考试日历只收录了{held}年度专业技术人员职业资格等考试的日期：{shown}{more}（点下方按钮查看全部）。"
        )
    lines.append("其他考试的日期，请以组织该考试的机构发布的公告为准。")
    buttons = [(Button(f"📅 {e.title}的考试日期"[:40], actions.card(e.id)),) for e in near[:MAX_EXAM_BUTTONS]]
    buttons.append((Button("📋 全部考试日程", actions.listing(None, 0)),))
    return Reply("\n\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)


def answer_question(question: ExamQuestion, calendar: ExamCalendar, today: dt.date, index: AliasIndex) -> Reply:
    if question.kind == "missing":
        return missing_reply(question, calendar, today)
    if question.kind == "exams":
        return exams_reply(question, calendar, today)
    if question.kind == "period":
        return period_reply(question, calendar, today)
    return plan_reply(question.year or today.year, calendar, today)


def without_reminder_offers(reply: Reply) -> Reply:
    """The reply minus its 提醒我 buttons and hint: for faces that cannot deliver reminders."""
    rows = tuple(
        row for row in (tuple(b for b in r if not b.action.startswith(actions.SUBSCRIBE)) for r in reply.buttons) if row
    )
    text = reply.text.replace("\n" + REMINDER_HINT, "").replace(REMINDER_HINT, "")
    return dataclasses.replace(reply, text=text, buttons=rows)
