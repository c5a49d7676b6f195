"""ExamSpecialist: the exam calendar's hooks into bot.core.Assistant (no Telegram code here).

- on_text: date questions ("一建什么时候考", "下个月有什么考试", "2027年的计划出来了吗");
  anything else returns None so FAQ matching runs.
- on_action: x:sub / x:unsub (reminders), x:ics (calendar file), x:ls (listing pages), x:subs.
- on_command: /exams [领域] [页], /subscriptions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import ClassVar, Protocol

from markupsafe import escape

from bot.core import LAST_NAMED_KEY, LAST_TURN_KEY, Context, Session, Specialist
from bot.exams import actions
from bot.exams.answers import OUTCOME, answer_question, format_days, listing_reply, without_reminder_offers
from bot.exams.ics import exams_to_ics
from bot.exams.recognise import (
    AliasIndex,
    ExamQuestion,
    adds_an_exam,
    asked_year,
    bare_filler,
    card_follow_up,
    key,
    level_follow_up,
    schedule_follow_up,
    understand,
    year_follow_up,
)
from bot.exams.reminders import SHANGHAI, is_small_number, plan_reminders, plan_year
from bot.exams.store import SubscriptionStore
from bot.kb.exams.cn_dates import format_day
from bot.kb.exams.model import Exam, ExamCalendar
from bot.reply import MENU_BUTTON, Button, Reply

KIND_TEXT = {"registration": "报名开始", "exam": "考试"}
MAX_SUBSCRIPTIONS = 60  # rows one user can create (the calendar has ~50 exams); the list stays under 100 buttons
LAST_EXAMS_KEY = "exams.last"  # session: the exams (and year) the previous message asked the dates of
MAX_REMEMBERED_EXAMS = 8
REGION_FOLLOW_UP_CHARS = 8  # "那浙江那边呢": a follow-up switching only the province is this short at most
PLAN_YEARS_BACK, PLAN_YEARS_AHEAD = -1, 10  # "tell me when the <year> plan is in": only plausible years


class SubscriptionListener(Protocol):
    """Told about every subscribe/cancel, e.g. the ReminderScheduler (re)planning its jobs."""

    def subscribed(self, user_id: int, exam_id: str) -> None: ...

    def unsubscribed(self, user_id: int, exam_id: str) -> None: ...


class ExamSpecialist(Specialist):
    commands: ClassVar[dict[str, str]] = {"exams": "考试日程（可按领域筛选）", "subscriptions": "我的考试提醒"}

    def __init__(
        self,
        calendar: ExamCalendar | Callable[[], ExamCalendar],
        store: SubscriptionStore | None = None,
        listener: SubscriptionListener | None = None,
        region_of: Callable[[str], str | None] | None = None,
    ):
        # The province a message names (the core's reading), so a card whose registration window is
        # another province's says so first; without it, only the user's own region is compared.
        self._region_of = region_of
        # A callable follows knowledge reloads (e.g. lambda: assistant.kb.exams).
        self._calendar = calendar if callable(calendar) else (lambda: calendar)
        # Without a store (terminal chat, `qualbot ask`) reminders cannot be kept, so none are offered;
        # the Telegram face passes its durable store via bot.tg.reminder_wiring.connect_reminders.
        self.store: SubscriptionStore | None = store
        self.listener = listener
        self._index: tuple[ExamCalendar, AliasIndex] | None = None

    def attach_listener(self, listener: SubscriptionListener) -> None:
        self.listener = listener

    @property
    def calendar(self) -> ExamCalendar:
        return self._calendar() or ExamCalendar()

    def _alias_index(self, calendar: ExamCalendar) -> AliasIndex:
        if self._index is None or self._index[0] is not calendar:
            self._index = (calendar, AliasIndex(calendar.exams, calendar.words))
        return self._index[1]

    # ---- Specialist hooks ---------------------------------------------------------------
    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        calendar = self.calendar
        index = self._alias_index(calendar)
        question = understand(text, ctx.today, index)
        # Only the message right after an exam's dates may lean on it ("二级的呢").
        earlier = session.pop(LAST_EXAMS_KEY, None)
        # ("成绩啥时候出" names no exam: right after an exam's dates it asks of that exam, not the calendar.)
        if (question is None or (question.bare and question.kind == "plan")) and isinstance(earlier, dict):
            asked = _exam_ids(earlier.get("asked"))
            year = earlier["year"] if isinstance(earlier.get("year"), int) else None
            follow = level_follow_up(text, asked, _exam_ids(earlier.get("family")), year, index)
            # ("明年的报名时间呢": the date asked, of the year the follow-up names)
            schedule = schedule_follow_up(text, asked, asked_year(key(text), ctx.today) or year, index)
            question = (
                follow
                or schedule
                or year_follow_up(text, asked, ctx.today, index)
                or card_follow_up(text, asked, year, index)
                or self._region_follow_up(text, asked, year)
                or question
            )
        if question is not None and question.kind == "exams" and question.year is None and not earlier:
            question = self._within_the_year_before(question, text, session, index, ctx.today)
        if question is None or self._follows_up_an_answer(question, text, earlier, session, index):
            return None
        region = (self._region_of(text) if self._region_of else None) or ctx.region
        return self._answered(dataclasses.replace(question, region=region), calendar, index, ctx, session)

    def _region_follow_up(self, text: str, asked: tuple[str, ...], year: int | None) -> ExamQuestion | None:
        """ "那浙江呢" right after the dates of `asked`: the same exams' card, for that province (whose
        own dates the card says the calendar may lack) — a short message naming a province and
        nothing else but filler words."""
        region = self._region_of(text) if self._region_of else None
        text_key = key(text)
        if not asked or region is None or not text_key or len(text_key) > REGION_FOLLOW_UP_CHARS:
            return None
        rest = text_key.replace(region, "")
        if bare_filler(re.sub("省|市|那边|这边|那里|地区", "", rest)):
            return None
        return ExamQuestion("exams", asked, (), year, region=region)

    @staticmethod
    def _within_the_year_before(
        question: ExamQuestion, text: str, session: Session, index: AliasIndex, today: dt.date
    ) -> ExamQuestion:
        """ "里面一建几号考" right after a question naming a year's plan ("2023年度那份考试计划是
        哪个文件"): the dates of that year, which the calendar may not hold — not this year's."""
        last = session.get(LAST_TURN_KEY)
        if not isinstance(last, dict) or not isinstance(last.get("q"), str) or not index.words.within.search(key(text)):
            return question
        year = asked_year(key(last["q"]), today)
        return dataclasses.replace(question, year=year) if year is not None else question

    def on_follow_up(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        """ "2026年什么时候考" right after another specialist's answer about one qualification
        ("注册会计师属于什么类"): the dates of that qualification's exam, when the calendar has it.
        (Right after an exam's own dates, `on_text` reads the follow-up with those.)"""
        names = session.get(LAST_NAMED_KEY)
        last = session.get(LAST_TURN_KEY)
        if LAST_EXAMS_KEY in session or not (isinstance(names, list) or isinstance(last, dict)):
            return None
        calendar = self.calendar
        index = self._alias_index(calendar)
        if not isinstance(names, list) and not index.words.when.search(key(text)):
            return None  # (cheap: after the brain's answers most messages ask no date at all)
        question = understand(text, ctx.today, index)
        if question is None or not (question.bare and question.kind == "plan"):
            return None
        if not isinstance(names, list):
            # … or after the brain's answer to a question naming one exam's qualification ("专利代理师
            # 能先上岗吗" then "那2026年啥时候考"): that exam.
            found = self._the_one_exam_named(last.get("q") if isinstance(last, dict) else None, index)
            if found is None:
                return None
            return self._answered(
                ExamQuestion("exams", found, (), question.year if question.year != ctx.today.year else None),
                calendar,
                index,
                ctx,
                session,
            )
        named = [n for n in names if isinstance(n, str)]
        found = next((ids for n in named if (ids := _exam_ids_named(n, index))), None)
        year = question.year if question.year != ctx.today.year else None
        if found is None:  # (护士执业资格: the calendar has no date for it, and says so)
            asked = ExamQuestion("missing", year=year, unknown=named[0]) if named else None
        else:
            asked = ExamQuestion("exams", found, (), year)
        if asked is None:
            return None
        return self._answered(dataclasses.replace(asked, wants=question.wants), calendar, index, ctx, session)

    def _answered(
        self, question: ExamQuestion, calendar: ExamCalendar, index: AliasIndex, ctx: Context, session: Session
    ) -> Reply:
        """The reply to an exam question, remembering which exams it was about for the next message."""
        # … an exam the calendar lacks at the level asked ("中级经济师") by the family's exams it holds.
        family = [*question.exam_ids, *(i for m in question.misses for i in m.available)]
        if question.kind == "exams" and family:
            session[LAST_EXAMS_KEY] = {
                "asked": list(question.exam_ids[:MAX_REMEMBERED_EXAMS]),
                "family": list(dict.fromkeys(family))[:MAX_REMEMBERED_EXAMS],
                "year": question.year,
            }
            exams = [e for e in (calendar.latest(i) for i in question.exam_ids) if e is not None]
            if len(exams) == 1:  # "这个是准入类吗" next asks of this exam's qualification
                session[LAST_NAMED_KEY] = [exams[0].name, exams[0].official_name]
        return self._offerable(answer_question(question, calendar, ctx.today, index))

    @staticmethod
    def _the_one_exam_named(question: object, index: AliasIndex) -> tuple[str, ...] | None:
        """The exams of the one alias an earlier question names, if it names exactly one."""
        if not isinstance(question, str):
            return None
        aliases = {alias for _, _, alias in index.find(key(question))}
        if len(aliases) != 1:
            return None
        return tuple(index.ids_by_alias.get(aliases.pop(), ())) or None

    @staticmethod
    def _follows_up_an_answer(
        question: ExamQuestion, text: str, earlier: object, session: Session, index: AliasIndex
    ) -> bool:
        """ "那教师资格证呢" right after a FAQ answer (not after exam dates) asks what that answer
        says of this qualification: the FAQ answers it, as a follow-up."""
        last = session.get(LAST_TURN_KEY)
        return (
            question.bare
            and earlier is None
            and isinstance(last, dict)
            and last.get("entry") is not None
            and index.words.follow_up.search(text) is not None
        )

    def may_answer_a_part(self, text: str) -> bool:
        return self._alias_index(self.calendar).words.asks_date(key(text))

    def answers_part(self, question: str, ctx: Context) -> bool:
        # (A bare name is a follow-up or a card asked for, never one question of several.)
        asked = understand(question, ctx.today, self._alias_index(self.calendar))
        return asked is not None and not asked.bare

    def about_its_part(self, question: str) -> bool:
        index = self._alias_index(self.calendar)
        words, question_key = index.words, key(question)
        # (not an exam's name: "一建能先上岗吗" beside its dates asks a rule of it, the brain's; and
        # when of the exam's schedule, "成绩什么时候出", not any date word: "报名那会儿学历咋算")
        return bool(
            (words.when.search(question_key) and words.exam_words.search(question_key))
            or words.calendar_words.search(question_key)
            or words.about_exam.search(question_key)
        )

    def adds_to_its_part(self, question: str) -> bool:
        return adds_an_exam(question, self._alias_index(self.calendar))

    def frames_its_part(self, told: str, ctx: Context) -> bool:
        # a year and the plan or schedule it is of: not a year the story tells of the user (我2019年拿的二建)
        return self.about_its_part(told) and asked_year(key(told), ctx.today) is not None

    def _offerable(self, reply: Reply) -> Reply:
        return reply if self.store is not None else without_reminder_offers(reply)

    def on_action(self, action: str, ctx: Context, session: Session) -> Reply | None:
        if not action.startswith(actions.PREFIX):
            return None
        if action == actions.SUBSCRIPTIONS:
            return self.subscriptions_reply(ctx)
        if action.startswith(actions.SUBSCRIBE):
            return self.subscribe(action[len(actions.SUBSCRIBE) :], ctx)
        if action.startswith(actions.UNSUBSCRIBE):
            return self.unsubscribe(action[len(actions.UNSUBSCRIBE) :], ctx)
        if action.startswith(actions.CARD):
            exam_id = action[len(actions.CARD) :]
            if self.calendar.latest(exam_id) is None:
                return None
            question = ExamQuestion("exams", (exam_id,))
            return self._offerable(
                answer_question(question, self.calendar, ctx.today, self._alias_index(self.calendar))
            )
        if action.startswith(actions.ICS):
            return self.calendar_file(action[len(actions.ICS) :], ctx)
        if action.startswith(actions.LIST):
            field, _, page = action[len(actions.LIST) :].partition(":")
            if not is_small_number(page):  # ASCII digits only: '²'.isdigit() is True, int('²') fails
                return None
            field_name = None if field == actions.ANY_FIELD else field
            return self._offerable(listing_reply(self.calendar, ctx.today, field_name, int(page)))
        return None  # stale or foreign data: the Assistant answers "button expired"

    def menu_buttons(self) -> list[Button]:
        """The main menu's entry to the exam calendar."""
        calendar = self.calendar
        return [Button(calendar.words.menu_text(calendar.years), actions.listing(None, 0))]

    def on_command(self, command: str, argument: str, ctx: Context, session: Session) -> Reply | None:
        if command == "exams":
            field, page = None, 0
            for word in argument.split():
                if is_small_number(word):
                    page = max(int(word) - 1, 0)  # users count pages from 1
                elif word.isdigit() or word.isnumeric():  # ①, ², 一千: not a page number we can use
                    continue
                else:
                    field = word
            return self._offerable(listing_reply(self.calendar, ctx.today, field, page))
        if command == "subscriptions":
            return self.subscriptions_reply(ctx)
        return None

    # ---- subscriptions --------------------------------------------------------------------
    def _name(self, exam_id: str) -> str | None:
        year = plan_year(exam_id)
        if year is not None:
            return f"{year}年度考试计划"
        exam = self.calendar.latest(exam_id)
        return exam.title if exam else None

    @staticmethod
    def _no_user() -> Reply:
        return Reply("提醒功能需要在 Telegram 中使用（需要识别您的账号才能按时提醒）。", outcome=OUTCOME)

    def subscribe(self, exam_id: str, ctx: Context) -> Reply | None:
        name = self._name(exam_id)
        year = plan_year(exam_id)
        if name is None or (year is not None and not PLAN_YEARS_BACK <= year - ctx.today.year <= PLAN_YEARS_AHEAD):
            return None  # a forged or stale button: "expired"
        if ctx.user_id is None or self.store is None:
            return self._no_user()
        current = self.store.subscriptions(ctx.user_id)
        if len(current) >= MAX_SUBSCRIPTIONS and all(s["exam_id"] != exam_id for s in current):
            return Reply(
                f"您已经订阅了 {len(current)} 项提醒，最多 {MAX_SUBSCRIPTIONS} 项。请先在「📋 我的提醒」中取消一些。",
                buttons=((Button("📋 我的提醒", actions.SUBSCRIPTIONS),),),
                outcome=OUTCOME,
            )
        added = self.store.add_subscription(ctx.user_id, exam_id)
        if added and self.listener is not None:
            self.listener.subscribed(ctx.user_id, exam_id)
        lines = [f"✅ 已订阅：<b>{escape(name)}</b>" if added else f"您已经订阅过：<b>{escape(name)}</b>"]
        lines += self._what_you_will_get(exam_id, ctx.today)
        buttons = [(Button("📋 我的提醒", actions.SUBSCRIPTIONS),)]
        if any(e.days for e in self.calendar.exams if e.id == exam_id):
            buttons.insert(0, (Button("📅 加入日历", actions.ics(exam_id)),))
        return Reply("\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)

    def _what_you_will_get(self, exam_id: str, today: dt.date) -> list[str]:
        year = plan_year(exam_id)
        if year is not None:
            return [f"{year}年度的考试日期录入知识库后，我会通知您。"]
        start_of_day = dt.datetime.combine(today, dt.time(0), tzinfo=SHANGHAI)
        planned = [p for e in self.calendar.exams if e.id == exam_id for p in plan_reminders(e, 0, start_of_day)]
        lines = []
        if planned:
            lines.append("我会在这些时间提醒您（北京时间）：")
            lines += [
                f"• {p.at:%Y-%m-%d %H:%M}：{KIND_TEXT[p.kind]}前 {p.days_before} 天（{format_day(p.target)}）"
                for p in sorted(planned, key=lambda p: p.at)
            ]
        else:
            lines.append("已收录的日期都已过去或未知；新的日期录入知识库后，我会通知您。")
        lines.append("考试日期有变动时，我也会通知您。")
        return lines

    def unsubscribe(self, exam_id: str, ctx: Context) -> Reply | None:
        if ctx.user_id is None or self.store is None:
            return self._no_user()
        removed = self.store.remove_subscription(ctx.user_id, exam_id)
        if removed and self.listener is not None:
            self.listener.unsubscribed(ctx.user_id, exam_id)
        name = escape(self._name(exam_id) or exam_id)
        note = f"已取消提醒：{name}。" if removed else f"您没有订阅 {name}（可能已经取消）。"
        listing = self.subscriptions_reply(ctx)
        return Reply(note + "\n\n" + listing.text, buttons=listing.buttons, outcome=OUTCOME)

    def subscriptions_reply(self, ctx: Context) -> Reply:
        if ctx.user_id is None or self.store is None:
            return self._no_user()
        subs = self.store.subscriptions(ctx.user_id)
        if not subs:
            return Reply(
                "您还没有订阅考试提醒。问我“一建什么时候考”，在答复下方点「🔔 提醒我」即可订阅。",
                buttons=((Button("📋 全部考试日程", actions.listing(None, 0)),), (MENU_BUTTON,)),
                outcome=OUTCOME,
            )
        lines = ["🔔 <b>我的考试提醒</b>"]
        buttons: list[tuple[Button, ...]] = []
        for sub in subs:
            exam_id = sub["exam_id"]
            name = self._name(exam_id) or exam_id
            exam = self.calendar.latest(exam_id)
            when = ""
            if exam is not None:
                when = f"：{format_days(exam.days)}（{exam.year}年）" if exam.days else "：日期未知"
            lines.append(f"• {escape(name)}{escape(when)}")
            buttons.append((Button(f"❌ 取消：{name}"[:40], actions.unsubscribe(exam_id)),))
        buttons.append((Button("📅 全部加入日历", actions.ics(actions.ALL)),))
        buttons.append((MENU_BUTTON,))
        return Reply("\n".join(lines), buttons=tuple(buttons), outcome=OUTCOME)

    # ---- calendar export ------------------------------------------------------------------
    def calendar_file(self, target: str, ctx: Context) -> Reply | None:
        if target == actions.ALL:
            if ctx.user_id is None or self.store is None:
                return self._no_user()
            wanted = {s["exam_id"] for s in self.store.subscriptions(ctx.user_id)}
            filename, caption = "qualbot-my-exams.ics", "我订阅的考试"
        else:
            if self.calendar.latest(target) is None:
                return None
            wanted = {target}
            filename, caption = f"qualbot-{target}.ics", self._name(target) or target
        exams: list[Exam] = [e for e in self.calendar.exams if e.id in wanted and e.days]
        if not exams:
            return Reply("没有可以加入日历的考试日期（日期未知或还没有订阅）。", outcome=OUTCOME)
        data = exams_to_ics(exams, name=f"考试日历：{caption}")
        attachment = {
            "kind": "document",
            "filename": filename,
            "data": data,
            "caption": f"📅 {caption}（全天事件，北京时间）",
        }
        unverified = "\n⚠️ 其中有第三方未核实的日期，请以官方公告为准。" if any(e.unverified for e in exams) else ""
        text = (
            f"📅 已生成日历文件（{len(exams)} 项考试），用手机或电脑日历打开即可导入。"
            f"每个日程的备注里写明了来源和可靠性。{unverified}"
        )
        return Reply(text, outcome=OUTCOME, attachments=(attachment,))


def _exam_ids_named(name: str, index: AliasIndex) -> tuple[str, ...]:
    """The exams of the calendar a qualification's whole name is an alias of; none for another."""
    name_key = key(name)
    return tuple(index.ids_by_alias.get(name_key, ()))


def _exam_ids(remembered: object) -> tuple[str, ...]:
    """Exam ids remembered in a session (a list of strings; anything else is ignored)."""
    if not isinstance(remembered, list):
        return ()
    return tuple(i for i in remembered[:MAX_REMEMBERED_EXAMS] if isinstance(i, str))
