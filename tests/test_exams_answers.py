"""Exam-date questions through the ExamSpecialist and the Assistant, with frozen dates.

The mechanics (counting days, an exam day, a past sitting, stale buttons, no store) run on the
one-exam fixture (tests/support); what the real calendar answers is specified in
tests/exam_questions.yaml, which staff update with knowledge/exams/. The tests below that
name real exams check the listing and routing on the real calendar."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.core import Assistant, Context
from bot.exams.specialist import ExamSpecialist
from bot.exams.store import InMemorySubscriptionStore
from bot.kb.exams.loader import load_exam_calendar
from bot.kb.strict_yaml import read_yaml
from bot.settings import PROJECT_ROOT
from tests.support import add_mini_exams, copy_mini_kb

NOV_22 = dt.date(2026, 11, 22)


@pytest.fixture
def specialist(real_kb):
    return ExamSpecialist(real_kb.exams, InMemorySubscriptionStore())


@pytest.fixture
def exam_assistant(real_brain, specialist):
    return Assistant(real_brain, clock=lambda: NOV_22, specialists=[specialist])


def ask(specialist: ExamSpecialist, text: str, today: dt.date = NOV_22):
    return specialist.on_text(text, "", Context(today=today, user_id=42), {})


# ---- mechanics, on the one-exam fixture (测试师, 2026-05-16 to 18) ---------------------------------
@pytest.fixture(scope="module")
def mini_calendar(tmp_path_factory):
    root = copy_mini_kb(tmp_path_factory.mktemp("exams"))
    add_mini_exams(root)
    errors: list = []
    calendar = load_exam_calendar(root, None, errors)
    assert errors == []
    return calendar


@pytest.fixture
def mini_specialist(mini_calendar):
    return ExamSpecialist(mini_calendar, InMemorySubscriptionStore())


def test_before_the_sitting_it_counts_the_days(mini_specialist):
    text = ask(mini_specialist, "测试师什么时候考", dt.date(2026, 5, 1)).plain_text
    assert "5月16日—18日" in text and "距考试还有 15 天（首日 2026年5月16日）" in text
    assert "来源：测试来源（2026-03-05）· 可靠性：省级官方发布" in text


def test_a_week_asked_lists_the_exams_of_that_week_from_monday(mini_specialist):
    # Written for this test: Wednesday 2026-05-13; next week runs Monday 18th to Sunday 24th
    text = ask(mini_specialist, "下礼拜都有啥资格考试", dt.date(2026, 5, 13)).plain_text
    assert "下周的考试（5月18日—5月24日）" in text and "测试师" in text
    text = ask(mini_specialist, "这个星期都有啥资格考试", dt.date(2026, 5, 13)).plain_text
    assert "本周的考试（5月11日—5月17日）" in text and "测试师" in text


def test_a_period_asked_that_runs_on_from_today_says_which_of_its_exams_are_over(mini_specialist):
    # Written for this test: asked on 2026-05-20 for all of May, the sitting of the 16th–18th is past
    text = ask(mini_specialist, "2026年5月都有什么资格考试", dt.date(2026, 5, 20)).plain_text
    assert re.search(r"5月16日—18日 测试师（[^）]+，已结束）", text)
    assert "今天是2026年5月20日：以上1项已经考完，这段时间里没有还没考的了。" in text
    # … before the sitting, nothing is over
    text = ask(mini_specialist, "2026年5月都有什么资格考试", dt.date(2026, 5, 2)).plain_text
    assert "测试师" in text and "已结束" not in text and "考完" not in text


def test_a_period_from_today_with_no_exam_names_the_last_one_held(mini_specialist):
    text = ask(mini_specialist, "这个月都有什么资格考试", dt.date(2026, 6, 10)).plain_text
    assert "这段时间知识库里没有收录考试日期。" in text
    assert "最近一场已经举行的是2026年5月18日的测试师。" in text


def test_a_period_wholly_past_is_said_past_once_not_per_exam(mini_specialist):
    text = ask(mini_specialist, "2026年5月有哪些资格考试", dt.date(2026, 8, 1)).plain_text
    assert "（这段时间已经过去。）" in text and "已结束" not in text and "最近一场" not in text


def test_on_an_exam_day_it_says_today(mini_specialist):
    text = ask(mini_specialist, "测试师什么时候考", dt.date(2026, 5, 17)).plain_text
    assert "今天（5月17日）就是考试日，考试持续到5月18日" in text


def test_after_the_sitting_it_says_past_and_that_next_year_is_not_published(mini_specialist):
    reply = ask(mini_specialist, "测试师什么时候考", dt.date(2026, 6, 1))
    assert "本次考试已于2026年5月18日结束" in reply.plain_text
    assert "暂无2027年度" in reply.plain_text and "x:sub:test-exam" in [b.action for b in reply.all_buttons()]


def test_stale_exam_buttons_pass_to_the_assistant(mini_specialist):
    ctx = Context(today=NOV_22, user_id=42)
    assert mini_specialist.on_action("x:sub:no-such-exam", ctx, {}) is None
    assert mini_specialist.on_action("x:ls:*:abc", ctx, {}) is None
    assert mini_specialist.on_action("e:something", ctx, {}) is None


def test_without_a_store_no_reminder_is_offered(mini_calendar):
    """The terminal chat and `qualbot ask` cannot deliver reminders, so they do not promise any."""
    bare = ExamSpecialist(mini_calendar)
    reply = ask(bare, "测试师什么时候考", dt.date(2026, 6, 1))
    assert not any(b.action.startswith("x:sub:") for b in reply.all_buttons())
    assert "提醒我" not in reply.plain_text and "暂无" in reply.plain_text
    assert any(b.action == "x:ics:test-exam" for b in reply.all_buttons())
    assert "Telegram" in bare.on_action("x:sub:test-exam", Context(today=NOV_22, user_id=42), {}).plain_text


# ---- the real calendar: tests/exam_questions.yaml, which staff keep with the calendar ----------------
QUESTIONS_FILE = PROJECT_ROOT / "tests" / "exam_questions.yaml"
_QUESTIONS = read_yaml(QUESTIONS_FILE, "tests/exam_questions.yaml")
QUESTIONS = [
    pytest.param(item, id=f"line{_QUESTIONS.line_of((i,))}-{item['q']}") for i, item in enumerate(_QUESTIONS.data)
]
KEYS = {"q", "today", "says", "not_says", "in_order", "buttons", "first_button", "subscribes", "outcome", "faq"}
KEYS |= {"may_leave_to_faq", "no_doc_number", "distinct_labels"}


@pytest.mark.parametrize("item", QUESTIONS)
def test_the_real_calendar_answers_as_exam_questions_yaml_says(specialist, item):
    assert set(item) <= KEYS, f"unknown keys {set(item) - KEYS}"
    today = dt.date.fromisoformat(item.get("today", NOV_22.isoformat()))
    reply = ask(specialist, item["q"], today)
    if item.get("faq"):
        assert reply is None, reply.plain_text
        return
    if reply is None:
        assert item.get("may_leave_to_faq"), "the calendar left this question to the FAQ"
        return
    text, actions = reply.plain_text, [b.action for b in reply.all_buttons()]
    for expected in item.get("says", []):
        assert expected in text, f"{expected!r} not in:\n{text}"
    for unexpected in item.get("not_says", []):
        assert unexpected not in text, f"{unexpected!r} in:\n{text}"
    positions = [text.index(t) for t in item.get("in_order", [])]
    assert positions == sorted(positions)
    assert set(item.get("buttons", [])) <= set(actions), actions
    if "first_button" in item:
        assert actions[0] == item["first_button"]
    if "subscribes" in item:
        assert {a.removeprefix("x:sub:") for a in actions if a.startswith("x:sub:")} == set(item["subscribes"])
    if "outcome" in item:
        assert reply.outcome == item["outcome"]
    if item.get("no_doc_number"):
        assert not has_wenhao(text)
    if item.get("distinct_labels"):
        labels = [b.text for b in reply.all_buttons()]
        assert len(labels) == len(set(labels)), labels


# ---- the real calendar: the whole year, listing, routing through the assistant ----------------------
def test_next_year_plan_not_in_the_knowledge_base(specialist):
    reply = ask(specialist, "2027年的专业技术人员职业资格考试计划出来了吗")
    assert "2027年度" in reply.plain_text and "暂无" in reply.plain_text
    assert "2027年" not in reply.plain_text.replace("2027年度", "").replace("任何2027年的日期", "")
    assert reply.all_buttons()[0].action == "x:sub:plan-2027"


def test_through_the_assistant_rules_questions_still_reach_the_faq(exam_assistant):
    assert exam_assistant.ask("职业资格考试日期临时变了，会怎么通知？").entry_id == "exam-date-change"
    # an exam the calendar does not keep, asked by its name: no date for it, and which it has
    missing = exam_assistant.ask("公务员考试什么时候报名？")
    assert missing.outcome == "exams" and "暂无“公务员考试”的日期" in missing.plain_text
    assert "5月30日" in exam_assistant.ask("2026年二级建造师考试是什么时候").plain_text
    # which regime sign-up follows (its 证明事项, its 制度) is a rule, not the exam's dates
    regime = exam_assistant.ask("二建报名要交的那些证明事项，现在是个啥制度")
    assert regime.outcome != "exams" and regime.entry_id == "exam-commitment"
    # … and so is a 报名门槛 (what sign-up may require), after a story that asks nothing
    assert exam_assistant.ask("单位前年发过一次招人公告，教师资格证可以设为报名门槛不").outcome != "exams"


def test_whether_one_may_sit_an_exam_after_telling_who_one_is_is_a_faq_question(exam_assistant):
    # who the asker is, then "能报名不": eligibility, which the rules answer — not the exam's dates
    eligible = exam_assistant.ask("我在厂里干了八年钳工，现在是技师，想考经济师，能不能报名")
    assert eligible.entry_id == "gt-exam-which" and "考试日期" not in eligible.plain_text
    # a bare "…能报名吗" may ask whether sign-up is open: the exam's card (with its sign-up dates) answers
    assert exam_assistant.ask("二建能报名吗").outcome == "exams"
    assert exam_assistant.ask("我在浙江，一建什么时候能报名").outcome == "exams"


def test_an_exam_date_asked_after_a_long_story_is_the_exam_asked_in_the_question(exam_assistant):
    # Written for this test. The story names the employer (事业单位, another kind of exam's name)
    # and an exam held (二级建造师); the question, at the end, asks another exam's date.
    reply = exam_assistant.ask(
        "我在省里一家事业单位做工程管理，手里有二级建造师证，领导说考下一级建造师就给涨工资，"
        "我打算今年试试。想问今年一建是几号开考的？"
    )
    assert reply.outcome == "exams"
    assert "9月12日、13日" in reply.plain_text and "二级建造师" not in reply.plain_text


def test_the_year_a_date_question_asks_goes_before_a_year_the_story_tells(exam_assistant):
    # Written for this test: 2019 is when the story's certificate came, 2027 the year asked.
    reply = exam_assistant.ask("我2019年拿的二级建造师证，一直在工地带班。想问下2027年那届一建哪天考，哪天开始报名？")
    assert reply.outcome == "exams" and "暂无2027年度一级建造师考试的日期" in reply.plain_text


def test_the_year_of_a_plan_told_before_a_date_question_is_the_year_asked(exam_assistant):
    # Written for this test: the year names the plan the date is asked from; 2026's dates were given
    reply = exam_assistant.ask("在2024年度的考试安排中，执业药师哪几天开考")
    assert reply.outcome == "exams" and "暂无2024年度执业药师考试的日期" in reply.plain_text


def test_the_year_before_last_is_two_years_back(exam_assistant):
    # Written for this test: 前年 is 2024 on today's date, whose dates the calendar does not keep.
    reply = exam_assistant.ask("前年的一建是几号考的")
    assert reply.outcome == "exams" and "暂无2024年度一级建造师考试的日期" in reply.plain_text


def test_an_exam_the_calendar_lacks_asked_after_a_story_is_said_to_be_missing(exam_assistant):
    # Written for this test: the story tells of nursing work and a 职称; the question asks the date
    # of an exam the calendar does not hold — not what a nurse may do before the certificate.
    reply = exam_assistant.ask(
        "我在县医院做护理快三年了，科里说评职称前最好先把执业证考下来，我也报了个班。请问今年护士资格考试是几号？"
    )
    assert reply.outcome == "exams" and "暂无“护士资格考试”的日期" in reply.plain_text


def test_an_exam_the_calendar_lacks_switched_to_right_after_a_date_question_is_said_to_be_missing(exam_assistant):
    # Written for this test: "…哪两天，X考试呢" asks X's dates too (before: X was left out silently)
    reply = exam_assistant.ask("监理工程师考哪两天，那执业医师考试呢")
    assert reply.outcome == "exams" and "📅 监理工程师" in reply.plain_text
    assert "暂无“执业医师考试”的日期" in reply.plain_text


def test_a_bare_date_question_after_an_answer_about_one_exams_qualification_asks_its_dates(exam_assistant):
    # Written for this test: the first answer is the brain's (the ended 先上岗 list); the next
    # asks when that qualification's exam is, and got the 先上岗 answer again.
    session: dict = {}
    exam_assistant.ask("一级建造师能不能先上岗再考证", session=session)
    reply = exam_assistant.ask("那一般啥时候考", session=session)
    assert reply.outcome == "exams" and "9月12日、13日" in reply.plain_text


def test_a_bare_ne_of_a_schedule_word_right_after_an_exams_dates_asks_that_exams_date(exam_assistant):
    # Written for this test: "那报名呢" asks the statistics exam's sign-up, not the 2023 浙江 rule on
    # signing up (告知承诺制)
    session: dict = {}
    assert exam_assistant.ask("统计师今年啥时候考", None, session).outcome == "exams"
    reply = exam_assistant.ask("那报名呢", None, session)
    assert reply.outcome == "exams" and "统计" in reply.plain_text and "告知承诺" not in reply.plain_text


@pytest.mark.parametrize(
    ("message", "said"),
    [
        # Written for this test: "哪几天" names nothing; read alone it matched the 见习 days rule.
        ("执业药师考几天啊 哪几天", "10月31日、11月1日"),
        # … and "在哪报名" after an exam's date got how to apply for a Shanxi internship
        ("监理工程师今年是哪几天考？去哪儿报名？", "监理工程师"),
    ],
)
def test_a_short_part_after_an_exam_question_asks_more_of_that_exam(exam_assistant, message, said):
    reply = exam_assistant.ask(message)
    assert reply.outcome == "exams" and said in reply.plain_text
    assert "见习" not in reply.plain_text


def test_a_short_ne_after_an_exam_question_asks_more_of_that_exam(exam_assistant):
    # "报名呢" asks the exam's sign-up: its card says; it is no second question for the rules
    reply = exam_assistant.ask("二建考试哪天 报名呢")
    assert reply.outcome == "exams" and "还问了别的" not in reply.plain_text
    # … and a further short one after that asks of its own exam too
    reply = exam_assistant.ask("税务师今年哪天考试？监理呢？社工呢")
    assert reply.outcome == "exams" and all(n in reply.plain_text for n in ("税务师", "监理工程师", "社会工作者"))


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


# ---- a near typo, and a missing exam through the assistant -----------------------------------
def has_wenhao(text: str) -> bool:
    return re.search(r"〔\s*\d{4}\s*〕", text) is not None


def test_a_typo_as_near_to_two_exams_as_to_one_offers_both(specialist):
    reply = ask(specialist, "二级建照师考试时间")
    assert "暂无“二级建照师考试”的日期" in reply.plain_text and "名称相近的有" in reply.plain_text
    cards = [b.action for b in reply.all_buttons() if b.action.startswith("x:card:")]
    assert sorted(cards) == ["x:card:jzs-2", "x:card:zcjzs-2"]
    card = specialist.on_action("x:card:jzs-2", Context(today=NOV_22, user_id=42), {})
    assert "二级建造师" in card.plain_text and "5月30日、31日" in card.plain_text
    assert specialist.on_action("x:card:no-such-exam", Context(today=NOV_22, user_id=42), {}) is None


def test_through_the_assistant_a_missing_exam_is_not_answered_from_a_nearby_faq_entry(exam_assistant):
    reply = exam_assistant.ask("执业医师资格考试哪天考")
    assert reply.outcome == "exams" and reply.entry_id is None and not reply.citations


def test_how_long_an_exams_passed_results_roll_is_a_rules_question_not_its_dates(exam_assistant):
    # Written for this test: 滚动 (passed parts carried over) is a rule, not the calendar's.
    reply = exam_assistant.ask("二建成绩几年一滚动")
    assert reply.outcome != "exams" and "9月" not in reply.plain_text


@pytest.mark.parametrize("question", ["职业技能等级认定考试一般几月份", "职业技能鉴定考试几号考"])
def test_a_missing_exam_whose_name_holds_a_modal_character_is_still_a_name(exam_assistant, question):
    # the 能 of 技能 is the name's own, not "can"
    reply = exam_assistant.ask(question)
    assert reply.outcome == "exams" and "暂无“" in reply.plain_text and not reply.citations


def test_a_follow_up_naming_another_exam_gets_that_exams_dates(exam_assistant):
    session: dict = {}
    first = exam_assistant.ask("一级建造师今年哪天考", session=session)
    assert first.outcome == "exams" and "建造师" in first.plain_text
    for follow_up in ("那执业药师呢", "还有执业药师呢"):
        reply = exam_assistant.ask(follow_up, session=session)
        assert reply.outcome == "exams" and "执业药师" in reply.plain_text and "10月31日" in reply.plain_text


def test_a_follow_up_naming_only_a_level_asks_the_same_exam_at_that_level(exam_assistant):
    session: dict = {}
    assert "二级建造师" in exam_assistant.ask("二建今年几号考试", session=session).plain_text
    one = exam_assistant.ask("一级的呢", session=session)
    assert one.outcome == "exams" and "一级建造师" in one.plain_text and "9月12日" in one.plain_text
    # a level the family lacks is said to be missing, with the family's exams the calendar holds
    lacking = exam_assistant.ask("那中级呢", session=session)
    assert lacking.outcome == "exams" and "暂无" in lacking.plain_text and "二级建造师" in lacking.plain_text
    # … and after a level the calendar lacks, another level of the family is found
    session = {}
    exam_assistant.ask("初级经济师几号考", session=session)
    higher = exam_assistant.ask("高级的呢？", session=session)
    assert higher.outcome == "exams" and "高级经济师" in higher.plain_text
    # only the message right after an exam's dates leans on it
    exam_assistant.ask("见习补贴有多少", session=session)
    assert exam_assistant.ask("一级的呢", session=session).outcome != "exams"


def test_a_date_asked_within_the_years_plan_the_message_before_named_is_of_that_year(exam_assistant):
    # Written for this test: the 2023 plan asked of first; "其中…" asks its dates, which are not held
    session: dict = {}
    exam_assistant.ask("浙江印发的考试工作计划（2023年度）文号是多少", session=session)
    reply = exam_assistant.ask("其中二建是几号考试", session=session)
    assert reply.outcome == "exams" and "暂无2023年度" in reply.plain_text and "二级建造师" in reply.plain_text
    # … while asked by itself, it is this year's
    assert "5月30日" in exam_assistant.ask("其中二建是几号考试").plain_text


def test_an_exam_named_with_one_sitting_and_another_sitting_asked_beside_gets_both(exam_assistant):
    # Written for this test: 软考下半年 holds the 下半年 of the alias; 上半年 beside it asks the other
    reply = exam_assistant.ask("今年软考下半年啥时候考？上半年那场呢")
    assert reply.outcome == "exams" and reply.plain_text.count("📅") == 2
    assert "10月24日—27日" in reply.plain_text and "5月23日—26日" in reply.plain_text


def test_a_follow_up_asking_another_date_of_the_same_exam_gets_its_card_again(exam_assistant):
    session: dict = {}
    assert "执业药师" in exam_assistant.ask("执业药师今年哪天考", session=session).plain_text
    results = exam_assistant.ask("那出分大概啥时候", session=session)
    assert results.outcome == "exams" and "执业药师" in results.plain_text and "成绩" in results.plain_text
    # a rule about the exam is still the FAQ's, and only the message right after the dates leans on them
    assert exam_assistant.ask("成绩有效期几年", session=session).outcome != "exams"
    assert exam_assistant.ask("那报名啥时候", session=session).outcome != "exams"


@pytest.mark.parametrize(
    ("first", "follow_up", "exam", "says"),
    [
        ("社工今年哪天考", "中级也是同一天吗", "社会工作者", "5月23日"),  # a level the row holds, on the same day
        # … a bare level the row holds, or the family named again with it (written for this test)
        ("社工今年哪天考", "高级的呢", "社会工作者", "5月23日"),
        ("CATTI今年啥时候考", "那翻译二级呢", "翻译专业资格", "6月27日"),
        ("税务师今年几号考试", "这日子准不准", "税务师", "可靠性"),  # what the card itself says
        ("税务师今年几号考试", "这是人社部计划里的吗", "税务师", "可靠性"),
        # where the dates come from, asked with a FAQ's topic words (依据, 文件): the card's sources
        ("税务师今年几号考试", "这个日期的依据是什么文件", "税务师", "来源"),
        # whose schedule it is: the card says which rows are a province's (written for this test)
        ("监理工程师今年哪天开考", "这是全国的还是就上海的", "监理工程师", "报名时间（上海）"),
    ],
)
def test_right_after_an_exams_dates_asking_more_of_the_same_card_gets_that_card(
    exam_assistant, first, follow_up, exam, says
):
    session: dict = {}
    assert exam in exam_assistant.ask(first, session=session).plain_text
    reply = exam_assistant.ask(follow_up, session=session)
    assert reply.outcome == "exams" and exam in reply.plain_text and says in reply.plain_text
    # … and the card keeps the conversation on that exam, while a FAQ topic asked is the FAQ's
    assert exam in exam_assistant.ask("那成绩呢", session=session).plain_text
    assert exam_assistant.ask("培训机构的宣传靠谱吗", session=session).outcome != "exams"


def test_asking_whether_an_exam_is_over_asks_its_dates(exam_assistant):
    # Written for this test: 结束了 / 过去了 ask whether it has been held, as 考完了 does
    for asked in ("今年的税务师考试结束了没", "税务师那场考试过去了吗"):
        reply = exam_assistant.ask(asked)
        assert reply.outcome == "exams" and "税务师" in reply.plain_text
    # … and so does a guess that it has not been yet, even of an exam whose qualification a
    # 先上岗 entry names (the entry tells what one may do before holding it, not when it is)
    for asked, exam in (
        ("执业兽医今年还没开考吧", "执业兽医"),
        ("专利代理师的考试是不是还没考", "专利代理师"),
        ("执业兽医是不是前天考的", "执业兽医"),
    ):
        reply = exam_assistant.ask(asked)
        assert reply.outcome == "exams" and exam in reply.plain_text and "已于" in reply.plain_text


def test_a_follow_up_naming_only_a_year_asks_the_same_exam_for_that_year(exam_assistant):
    session: dict = {}
    assert "暂无2024年度" in exam_assistant.ask("2024年执业药师哪天考试", session=session).plain_text
    reply = exam_assistant.ask("那今年的呢", session=session)
    assert reply.outcome == "exams" and "执业药师" in reply.plain_text and "10月31日" in reply.plain_text
    reply = exam_assistant.ask("2028年呢", session=session)
    assert reply.outcome == "exams" and "暂无2028年度执业药师" in reply.plain_text
    # a year with more words is asked afresh, not of the exam before
    assert "执业药师" not in exam_assistant.ask("那份2023年度计划依据哪个文件", session=session).plain_text


def test_an_exam_named_with_remind_me_gets_that_exams_dates_and_the_reminder_button(specialist):
    reply = ask(specialist, "一级建造师考试提醒我", dt.date(2026, 3, 1))
    assert reply is not None and "一级建造师" in reply.plain_text
    assert any("提醒我" in b.text for row in reply.buttons for b in row)


def test_a_rules_word_in_the_story_does_not_keep_an_exams_dates_from_being_answered(exam_assistant):
    # 考下来 is a FAQ topic, but here it is told in a sentence of its own; the question asks when
    reply = exam_assistant.ask("领导说今年一定要把二建考下来。我想问二建什么时候考试，好早点请假。")
    assert reply.outcome == "exams" and "5月30日" in reply.plain_text
    # … while a question asking of the story ("这种情况") still reaches the rules
    story = exam_assistant.ask("二建去年过了两科，听说停考的话成绩会作废。这事文件上是咋讲的？")
    assert story.outcome != "exams"
    # … nor when only the story names the exam, and the question asks its dates naming none
    # (written for this test: 机构 is a FAQ topic, told here of who asks)
    reply = exam_assistant.ask("我在一家环评机构管人事，同事打算报环境影响评价工程师。请问考试和报名分别在哪天？")
    assert reply.outcome == "exams" and "环境影响评价工程师" in reply.plain_text


def test_asking_whether_an_exam_is_held_at_all_this_year_asks_its_dates(exam_assistant):
    # Written for this test: 取消 and 停考 are FAQ topics, but asked of an exam itself they ask
    # whether it sits, which its card tells (before: declined, or a category answer)
    for asked in ("二建今年还考不考", "一建是不是停考了？", "2026年二建没取消吧"):
        reply = exam_assistant.ask(asked)
        assert reply.outcome == "exams" and "📅" in reply.plain_text


def test_asking_whether_an_exam_is_these_very_days_asks_its_date(exam_assistant):
    assert exam_assistant.ask("二建是不是就这两天考？").outcome == "exams"
    # these days told of oneself ask no date
    assert exam_assistant.ask("这两天我在复习二建，没证能先去项目上干吗").outcome != "exams"


def test_a_bare_qualification_following_up_a_faq_answer_asks_that_answer_not_the_exam_dates(exam_assistant):
    # Written for this test: after an answer on the 先上岗 hiring rule, "那教资证呢" asks what
    # that rule says of teachers, not when the teachers' exam is.
    session: dict = {}
    first = exam_assistant.ask("先上岗再考证实行时，招高校毕业生哪些证单位不得当作限制条件", session=session)
    assert first.outcome == "answered"
    reply = exam_assistant.ask("那教资证呢？", session=session)
    assert reply.outcome == "answered" and "中等职业学校教师资格" in reply.plain_text
    # by itself the name still asks for its card (right after an exam's dates too: see the follow-up test above)
    assert exam_assistant.ask("那教资证呢？").outcome == "exams"


def test_a_message_asking_an_exams_dates_and_a_rule_gets_both_answers_in_one_reply(exam_assistant):
    # Written for this test: the calendar answers the dates, the brain the rule; taken whole by
    # either, one question went unanswered without a word.
    for message in (
        "一建几号考？技师证到手后要等多久才能报中级职称",
        "技师证到手以后得等多久才能评中级？一建几号考",
        "技师证到手后要等多久才能评中级，还有一建几号考",  # one sentence: 几号 asks a day of its own
    ):
        reply = exam_assistant.ask(message)
        text = reply.plain_text
        assert reply.outcome == "answered" and reply.entry_id == "gt-jishi-zhongji", message
        assert "9月12日" in text and "您的消息里还问了别的" in text and "技师职业资格" in text, message
        buttons = [b.text for b in reply.all_buttons()]
        assert "📅 加入日历" in buttons and "📄 查看原文" in buttons, message
    # a rule asked of an exam (its 报名 too) beside its dates is the brain's, not more of the dates
    reply = exam_assistant.ask("初级会计今年几号考？我读的技校高级工班，报名时候学历按几级对待")
    assert reply.entry_id == "gt-exam-xueli" and "5月16日" in reply.plain_text


def test_a_second_question_about_the_same_exams_plan_or_a_story_leaves_the_message_to_the_calendar(exam_assistant):
    # Written for this test: a question about the exam plan (`about_exam_words`) asks of the same
    # exam, and a story sentence read as a question, which the brain declines, asks nothing more.
    for message in ("一建哪天考？计划文件里怎么说的", "监理工程师几号考？厂里有几个人要报"):
        reply = exam_assistant.ask(message)
        assert reply.outcome == "exams" and "您的消息里还问了别的" not in reply.plain_text, message


def test_a_fee_asked_beside_an_exams_dates_is_answered_that_the_sources_state_none(exam_assistant):
    # Written for this test: the brain declines "报名费多少" (no source states a fee); that is the
    # answer to it, not a story sentence to leave out — the dates come first, then the plain word.
    reply = exam_assistant.ask("一建几号考？报名费得交多少")
    text = reply.plain_text
    assert "9月12日" in text and "您的消息里还问了别的" in text
    assert "没有这个具体数字" in text and "不会估计或编造数字" in text


@pytest.mark.parametrize("message", ["什么时候报名", "考试一般什么时候", "报名时间是哪天"])
def test_asking_when_of_no_exam_named_gets_the_calendar_to_choose_from(exam_assistant, message):
    # Written for this test: nothing but asking and schedule words — not a rule whose words match
    # (the 先上岗 period's "什么时候"), but the year's calendar, to find the exam in.
    reply = exam_assistant.ask(message)
    assert reply.outcome == "exams" and "2026年度专业技术人员职业资格考试" in reply.plain_text


def test_asking_when_right_after_an_exams_dates_still_asks_of_that_exam(exam_assistant):
    session: dict = {}
    exam_assistant.ask("一建哪天考", session=session)
    reply = exam_assistant.ask("成绩一般什么时候出", session=session)
    assert reply.plain_text.startswith("📅 一级建造师")


# ---- a province asked about that the card's registration window is not of -----------------------
@pytest.fixture
def regional_assistant(real_brain, real_kb):
    assistant = Assistant(real_brain, clock=lambda: NOV_22, specialists=[])
    assistant.specialists.append(
        ExamSpecialist(real_kb.exams, InMemorySubscriptionStore(), region_of=assistant.asked_region)
    )
    return assistant


def _an_exam_with_a_provincial_window(real_kb):
    return next(e for e in real_kb.exams.exams if e.registration is not None and e.registration.region)


def test_a_window_of_another_province_is_said_to_be_so_first(regional_assistant, real_kb):
    exam = _an_exam_with_a_provincial_window(real_kb)
    asked = "北京" if exam.registration.region != "北京" else "天津"
    lines = regional_assistant.ask(f"{asked}的{exam.name}什么时候报名").plain_text.splitlines()
    assert lines[1].startswith(f"📍 知识库暂无{asked}的") and f"只有{exam.registration.region}的" in lines[1]
    assert any(line.startswith(f"📝 报名时间（{exam.registration.region}）") for line in lines)


def test_no_province_or_the_windows_own_gets_no_such_note(regional_assistant, real_kb):
    exam = _an_exam_with_a_provincial_window(real_kb)
    for question in (f"{exam.name}什么时候报名", f"{exam.registration.region}的{exam.name}什么时候报名"):
        assert "📍" not in regional_assistant.ask(question).plain_text


def test_a_place_where_the_asker_was_before_is_not_the_province_asked(regional_assistant, real_kb):
    exam = _an_exam_with_a_provincial_window(real_kb)
    text = regional_assistant.ask(f"之前在北京干过几年，{exam.name}什么时候报名").plain_text
    assert "📍" not in text


def test_a_province_a_source_of_the_card_is_of_gets_no_such_note(regional_assistant, real_kb):
    # Written for this test: the note said no Jilin window was held, above a line saying Jilin's
    # notice gives the same window as Shanghai's
    exam = next(
        e
        for e in real_kb.exams.exams
        if e.registration is not None and e.registration.region and "吉林" in " ".join(r.title for r in e.corroborating)
    )
    assert "📍" not in regional_assistant.ask(f"吉林的{exam.name}什么时候报名").plain_text


def test_a_bare_exam_name_after_thanks_and_a_switching_phrase_still_asks_its_dates(regional_assistant):
    # Written for this test: "谢谢，另外问下X呢" was declined; "X呢" alone asked for X's card
    session: dict = {}
    regional_assistant.ask("一建哪天考", None, session)
    reply = regional_assistant.ask("好的谢谢，顺便问下二建呢", None, session)
    assert reply.outcome == "exams" and "二级建造师" in reply.plain_text


def test_exams_listed_in_a_story_clause_asked_respectively_are_each_dated(exam_assistant):
    # Written for this test: "分别" asks of the exams the clause before listed; it was declined
    reply = exam_assistant.ask("打算今年报一建、二建和监理工程师，各自是哪天")
    assert reply.outcome == "exams"
    assert all(name in reply.plain_text for name in ("一级建造师", "二级建造师", "监理工程师"))


def test_a_province_switched_to_right_after_a_card_gets_the_card_saying_what_it_lacks(regional_assistant, real_kb):
    # Written for this test: "那X呢" after an exam's card got a did-you-mean of FAQ topics
    exam = _an_exam_with_a_provincial_window(real_kb)
    asked = "浙江" if exam.registration.region != "浙江" else "江苏"
    session: dict = {}
    regional_assistant.ask(f"{exam.registration.region}{exam.name}几号报名", None, session)
    lines = regional_assistant.ask(f"那{asked}呢", None, session).plain_text.splitlines()
    assert lines[1].startswith(f"📍 知识库暂无{asked}的") and f"只有{exam.registration.region}的" in lines[1]


def test_a_date_asked_of_next_year_right_after_a_card_is_said_to_be_missing_first(exam_assistant):
    # Written for this test: "明年的报名时间呢" got this year's card again
    session: dict = {}
    exam_assistant.ask("一建今年啥时候考", None, session)
    reply = exam_assistant.ask("明年的报名时间呢", None, session).plain_text
    assert reply.startswith("🕓 知识库的考试日历中暂无2027年度")


def test_the_latest_dates_offered_instead_name_the_province_whose_plan_they_are(specialist, real_kb):
    # Written for this test: "（省级计划）" alone read as the asker's own province's
    exam = next(e for e in real_kb.exams.exams if e.dates_region and e.date_reliability == "provincial_plan")
    reply = ask(specialist, f"2024年{exam.name}哪天考").text
    assert f"（{exam.dates_region}的省级计划）" in reply


def test_who_issued_a_plans_notice_is_no_date_question_for_the_calendar(exam_assistant):
    # Written for this test: "…考试计划的通知是哪个单位发的？哪天？" got the calendar's "no 2023 dates"
    reply = exam_assistant.ask("浙江2023年考试计划那份通知由哪个单位发的？哪天？")
    assert reply.outcome == "answered" and reply.entry_id == "exam-plan-2023"


def test_another_exam_added_after_a_date_question_gets_its_dates_too(exam_assistant):
    # Written for this test: the exam after 还有 was read as a question of its own, declined, and
    # left out without a word
    reply = exam_assistant.ask("一建今年哪天考 还有税务师").plain_text
    assert "📅 一级建造师" in reply and "📅 税务师" in reply
    # (a question after 还有 is still the brain's: the exam's dates, then its reply on the rules)
    mixed = exam_assistant.ask("二建今年啥时候考 还有没证能先上班吗")
    assert "📅 二级建造师" in mixed.plain_text and mixed.outcome != "exams" and "先上岗" in mixed.plain_text
