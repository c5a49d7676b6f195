"""Exam-date questions through the ExamSpecialist and the Assistant, with frozen dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.core import Assistant, Context
from bot.exams.specialist import ExamSpecialist
from bot.exams.store import InMemorySubscriptionStore

NOV_22 = dt.date(2026, 11, 22)


@pytest.fixture
def specialist(real_kb):
    return ExamSpecialist(real_kb.exams, InMemorySubscriptionStore())


@pytest.fixture
def exam_assistant(real_brain, specialist):
    return Assistant(real_brain, clock=lambda: NOV_22, specialists=[specialist])


def ask(specialist: ExamSpecialist, text: str, today: dt.date = NOV_22):
    return specialist.on_text(text, "", Context(today=today, user_id=42), {})


# ---- time-aware answers: before, during, after a sitting ----------------------------------------
def test_before_the_sitting_it_counts_the_days(specialist):
    reply = ask(specialist, "二建什么时候考", dt.date(2026, 5, 1))
    text = reply.plain_text
    assert "5月30日、31日" in text and "距考试还有 29 天" in text
    assert "报名时间（上海）：3月10日— 3月17日，已截止" in text


def test_on_an_exam_day_it_says_today(specialist):
    text = ask(specialist, "二建什么时候考", dt.date(2026, 5, 30)).plain_text
    assert "今天（5月30日）就是考试日，考试持续到5月31日" in text


def test_between_exam_days_it_names_the_next_one(specialist):
    text = ask(specialist, "一级注册建筑师考试时间", dt.date(2026, 5, 20)).plain_text
    assert "考试正在进行中：下一个考试日是5月23日（还有 3 天）" in text


def test_after_the_sitting_it_says_past_and_that_next_year_is_not_published(specialist):
    reply = ask(specialist, "二建什么时候考", dt.date(2026, 6, 1))
    text = reply.plain_text
    assert "本次考试已于2026年5月31日结束" in text
    assert "2027年度" in text and "暂无" in text
    assert "x:sub:jzs-2" in [b.action for b in reply.all_buttons()]


def test_registration_in_progress(specialist):
    text = ask(specialist, "社工报名时间", dt.date(2026, 3, 12)).plain_text
    assert "3月10日— 3月19日，正在报名，3月19日截止" in text


def test_every_answer_names_source_and_reliability(specialist):
    text = ask(specialist, "一建什么时候考").plain_text
    assert "来源：中国人事考试网" in text and "可靠性：转引自官方计划" in text
    assert "⚠️" not in text  # the date comes from the quoted official plan


def test_unverified_dates_carry_a_visible_warning(specialist):
    text = ask(specialist, "一级造价工程师什么时候考", dt.date(2026, 9, 1)).plain_text
    assert "10月17日、18日" in text and "⚠️ 该日期仅来自第三方数据，未经核实" in text
    assert "可靠性：第三方数据，未经核实" in text


def test_unknown_date_is_said_to_be_unknown(specialist):
    text = ask(specialist, "注安什么时候考").plain_text
    assert "考试日期未知" in text and "截断" in text
    assert "9月5日" not in text


def test_a_level_without_dates_is_not_invented(specialist):
    text = ask(specialist, "中级会计什么时候考", dt.date(2026, 3, 1)).plain_text
    assert "暂无" in text and "初级会计 5月16日—18日" in text and "高级会计师 5月16日" in text


def test_next_year_plan_not_in_the_knowledge_base(specialist):
    reply = ask(specialist, "2027年的专业技术人员职业资格考试计划出来了吗")
    assert "2027年度" in reply.plain_text and "暂无" in reply.plain_text
    assert "2027年" not in reply.plain_text.replace("2027年度", "").replace("任何2027年的日期", "")
    assert reply.all_buttons()[0].action == "x:sub:plan-2027"


def test_asking_for_an_exam_in_an_unpublished_year(specialist):
    reply = ask(specialist, "2027年一建什么时候考")
    assert "暂无" in reply.plain_text and "2026年" in reply.plain_text  # the latest known, for reference
    assert any(b.action == "x:sub:jzs-1" for b in reply.all_buttons())


def test_next_month_lists_the_exams_in_that_month(specialist):
    text = ask(specialist, "下个月有什么考试", dt.date(2026, 4, 20)).plain_text
    assert "2026年5月的考试" in text
    assert "5月30日、31日 二级建造师" in text and "5月16日、17日 监理工程师" in text
    assert text.index("5月16日") < text.index("5月30日")


@pytest.mark.parametrize(
    ("question", "exam_ids"),
    [
        ("一建什么时候考", {"jzs-1"}),
        ("一建什麼時候考", {"jzs-1"}),  # traditional characters
        ("二级注册建巩师考试时间", {"zcjzs-2"}),  # one wrong character in a long name
        ("软考报名时间", {"rk-1", "rk-2"}),
        ("CPA考试时间", {"cpa-zy", "cpa-zh"}),
        ("教资面试什么时候", {"jszg-1-ms", "jszg-2-ms"}),
        ("社會工作者考試幾號", {"shgz"}),
    ],
)
def test_recognises_exams_and_nicknames(specialist, question, exam_ids):
    reply = ask(specialist, question)
    subscribed = {b.action.removeprefix("x:sub:") for b in reply.all_buttons() if b.action.startswith("x:sub:")}
    assert subscribed == exam_ids


@pytest.mark.parametrize(
    "question",
    [
        "职业资格考试日期临时变了，会怎么通知？",
        "今年考试暂停了，我之前合格的科目成绩还有效吗？",
        "职业资格考试报名的告知承诺制要注意什么？",
        "有培训机构说保过、命题专家授课，可信吗？",
        "还没通过法律职业资格考试，可以先去律师事务所实习吗？",
        "一建报名条件是什么",
        "公务员考试什么时候报名？",
        "驾照科目一什么时候考",
        "今天北京天气怎么样？",
    ],
)
def test_leaves_rules_and_out_of_scope_questions_to_the_faq(specialist, question):
    assert ask(specialist, question) is None


def test_through_the_assistant_rules_questions_still_reach_the_faq(exam_assistant):
    assert exam_assistant.ask("职业资格考试日期临时变了，会怎么通知？").entry_id == "exam-date-change"
    declined = exam_assistant.ask("公务员考试什么时候报名？")
    assert declined.outcome == "declined" and "抱歉" in declined.plain_text
    assert "5月30日" in exam_assistant.ask("2026年二级建造师考试是什么时候").plain_text


# ---- /exams listing ---------------------------------------------------------------------------
def test_exams_lists_upcoming_by_date_with_paging(specialist):
    ctx = Context(today=dt.date(2026, 5, 1), user_id=42)
    first = specialist.on_command("exams", "", ctx, {})
    lines = [line for line in first.plain_text.splitlines() if line.startswith("• ")]
    assert len(lines) == 8 and "5月16日" in lines[0]
    actions = [b.action for b in first.all_buttons()]
    assert "x:ls:*:1" in actions and "x:ls:建设工程:0" in actions
    second = specialist.on_action("x:ls:*:1", ctx, {})
    assert "第 2/" in second.plain_text and "x:ls:*:0" in [b.action for b in second.all_buttons()]


def test_exams_filters_by_field(specialist):
    ctx = Context(today=dt.date(2026, 5, 1), user_id=42)
    reply = specialist.on_command("exams", "建设工程", ctx, {})
    assert "建设工程" in reply.plain_text and "二级建造师" in reply.plain_text
    assert "社会工作者" not in reply.plain_text
    assert specialist.on_action("x:ls:计算机:0", ctx, {}).plain_text.count("计算机软考") == 2


def test_every_button_fits_telegram_callback_data(specialist, real_kb):
    for exam in real_kb.exams.exams:
        reply = ask(specialist, f"{exam.name}什么时候考", dt.date(2026, 1, 1))
        assert reply is not None, exam.name
        for button in reply.all_buttons():
            assert len(button.action.encode()) <= 64


def test_stale_exam_buttons_pass_to_the_assistant(specialist):
    ctx = Context(today=NOV_22, user_id=42)
    assert specialist.on_action("x:sub:no-such-exam", ctx, {}) is None
    assert specialist.on_action("x:ls:*:abc", ctx, {}) is None
    assert specialist.on_action("e:something", ctx, {}) is None


def test_in_a_year_without_a_plan_it_shows_the_last_known_sitting_as_past(specialist):
    text = ask(specialist, "一建什么时候考", dt.date(2027, 3, 1)).plain_text
    assert "本次考试已于2026年9月13日结束" in text
    assert "2027年度" in text and "暂无" in text


def test_without_a_store_no_reminder_is_offered(real_kb):
    """The terminal chat and `qualbot ask` cannot deliver reminders, so they do not promise any."""
    bare = ExamSpecialist(real_kb.exams)
    reply = ask(bare, "二建什么时候考", dt.date(2026, 6, 1))
    assert not any(b.action.startswith("x:sub:") for b in reply.all_buttons())
    assert "提醒我" not in reply.plain_text and "暂无" in reply.plain_text
    assert any(b.action == "x:ics:jzs-2" for b in reply.all_buttons())
    assert "Telegram" in bare.on_action("x:sub:jzs-2", Context(today=NOV_22, user_id=42), {}).plain_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("一建", "一级建造师"), ("一級建造師", "一级建造师"), ("CATTI", "翻译专业资格"), ("初级会计", "初级会计")],
)
def test_a_message_that_is_only_an_exam_name_gets_its_card(specialist, text, expected):
    reply = ask(specialist, text)
    assert reply is not None and expected in reply.plain_text and "考试日期" in reply.plain_text


@pytest.mark.parametrize("text", ["挂证", "护士", "先上岗", "一建证书能挂靠吗"])
def test_a_short_message_that_is_not_just_an_exam_name_is_left_to_the_faq(specialist, text):
    assert ask(specialist, text) is None


# ---- routing: only date questions; exams and years the calendar lacks (issue 10, item 7) -----
@pytest.mark.parametrize(
    "question",
    [
        "2022年的考试工作计划现在还能参照吗",  # a year and a plan, but a rule question
        "要是考试停考了，以前合格的成绩还算吗",
        "考试时间临时调整的话会不会提前公告",
        "我2020年进学校当老师，试用期一年，教资一直没考，学校会不会辞退我",  # a story that mentions an exam
        "我是社工，想问一下单位什么时候发年终奖",  # asks "when", but not about the exam
        "一建考出来以后什么时候能评职称",
    ],
)
def test_questions_that_only_mention_an_exam_or_a_year_go_to_the_faq(specialist, question):
    assert ask(specialist, question) is None


@pytest.mark.parametrize(
    "question", ["一建准考证什么时候打印", "距离一建考试还有多久", "教资笔试成绩啥时候出", "二建报名是哪几天"]
)
def test_registration_results_tickets_and_countdowns_are_date_questions(specialist, question):
    reply = ask(specialist, question)
    assert reply is not None and reply.outcome == "exams"


def has_wenhao(text: str) -> bool:
    return re.search(r"〔\s*\d{4}\s*〕", text) is not None


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("执业医师资格考试哪天考", "执业医师资格考试"),
        ("營養師證幾時考", "营养师证"),  # traditional characters
        ("2025年心理咨询师考试是什么时候", "心理咨询师考试"),
    ],
)
def test_an_exam_the_calendar_lacks_is_said_to_be_missing_with_what_it_has(specialist, question, name):
    reply = ask(specialist, question)
    text = reply.plain_text
    assert f"知识库的考试日历中暂无“{name}”的日期" in text
    assert "只收录了2026年度" in text and "一级建造师" in text  # what the calendar does have
    assert "x:ls:*:0" in [b.action for b in reply.all_buttons()]
    assert not has_wenhao(text) and "尚未公布" not in text


def test_a_typo_as_near_to_two_exams_as_to_one_offers_both(specialist):
    reply = ask(specialist, "二级建照师考试时间")
    assert "暂无“二级建照师考试”的日期" in reply.plain_text and "名称相近的有" in reply.plain_text
    cards = [b.action for b in reply.all_buttons() if b.action.startswith("x:card:")]
    assert sorted(cards) == ["x:card:jzs-2", "x:card:zcjzs-2"]
    card = specialist.on_action("x:card:jzs-2", Context(today=NOV_22, user_id=42), {})
    assert "二级建造师" in card.plain_text and "5月30日、31日" in card.plain_text
    assert specialist.on_action("x:card:no-such-exam", Context(today=NOV_22, user_id=42), {}) is None


def test_a_past_year_says_the_calendar_holds_only_2026(specialist):
    text = ask(specialist, "2024年一级造价工程师哪天考").plain_text
    assert "暂无2024年度一级造价工程师考试的日期" in text and "只收录了2026年度" in text
    assert "尚未公布" not in text and "预测日期" not in text
    assert "10月17日、18日" in text  # the 2026 sitting, for reference
    assert not has_wenhao(text)


def test_a_coming_year_says_its_plan_is_not_out(specialist):
    text = ask(specialist, "2028年监理工程师什么时候考").plain_text
    assert "暂无2028年度监理工程师考试的日期" in text and "尚未公布或尚未录入" in text


def test_a_coming_year_of_an_exam_the_calendar_lacks(specialist):
    text = ask(specialist, "2028年执业医师资格考试什么时候报名").plain_text
    assert "暂无“执业医师资格考试”的日期" in text and "2028年度的考试计划也还没有收录" in text
    assert not has_wenhao(text)


def test_through_the_assistant_a_missing_exam_is_not_answered_from_a_nearby_faq_entry(exam_assistant):
    reply = exam_assistant.ask("执业医师资格考试哪天考")
    assert reply.outcome == "exams" and reply.entry_id is None and not reply.citations


# ---- labels ---------------------------------------------------------------------------------------
def test_a_date_from_one_provinces_plan_says_whose_plan_it_is(specialist):
    text = ask(specialist, "二建什么时候考").plain_text
    assert "考试日期（上海的计划，其他地区以当地公告为准）：5月30日、31日" in text


def test_no_two_buttons_on_an_answer_have_the_same_label(specialist):
    for question in ("教资面试什么时候", "会计考试什么时候", "软考报名时间"):
        labels = [b.text for b in ask(specialist, question, dt.date(2026, 1, 1)).all_buttons()]
        assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize(
    "question", ["浙江各项职业资格考试什么时候考", "全国专业技术人员资格考试报名服务平台", "护士资格考试报名"]
)
def test_the_calendar_as_a_whole_or_a_registration_platform_is_not_a_missing_exam(specialist, question):
    reply = ask(specialist, question)
    assert reply is None or "暂无“" not in reply.plain_text


def test_a_misspelt_generic_word_does_not_hide_a_missing_exam(specialist):
    assert "暂无“护士职业资格考试”的日期" in ask(specialist, "护士职业资格考试什么时候").plain_text
