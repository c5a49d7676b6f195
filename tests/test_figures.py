"""A question that asks for a figure ("多少钱", "几期", "多久") is answered with that figure, or
told plainly that the knowledge base has none — never with an answer that silently lacks it."""

from __future__ import annotations

import re

import pytest

from bot.kb.lexicon import Lexicon
from bot.understanding import quantity_asked, states_quantity

LEXICON = Lexicon(
    quantities={"个月": ("个月", "月"), "钱": ("元", "万元"), "年": ("年",), "期": ("期",)},
    money_words=("工资", "补贴"),
    rate_words=("比例",),
    quantity_standards=("最低工资标准",),
    duration_asks=("多久",),
    duration_units=("年", "个月", "天"),
)
WENHAO = re.compile(r"〔\s*\d{4}\s*〕")


def assert_declined_for_lack_of(reply, asked: str) -> None:
    """A figure the sources never state: declined, naming what was asked, citing no document."""
    assert reply.outcome == "declined"
    assert f"没有这个具体数字（{asked}）" in reply.plain_text and not WENHAO.search(reply.plain_text)


@pytest.mark.parametrize(
    ("question", "asked"),
    [("报名费要多少钱", "多少钱"), ("高研班有几期", "几期"), ("试用期几个月", "几个月"), ("多久能批下来", "多久")],
)
def test_a_question_asking_a_figure_names_it(question, asked):
    ask = quantity_asked(question, LEXICON)
    assert ask is not None and ask.asked == asked


def test_counting_words_in_a_story_ask_nothing():
    assert quantity_asked("我在一线干了十几年，能报哪一级", LEXICON) is None


def test_a_figure_is_a_number_in_the_unit_asked():
    ask = quantity_asked("补贴多少钱", LEXICON)
    assert ask is not None
    assert states_quantity("每人240元的保费补贴", ask, "补贴多少钱", LEXICON)
    assert not states_quantity("按规定给予补贴", ask, "补贴多少钱", LEXICON)


def test_a_year_date_is_not_a_number_of_years():
    ask = quantity_asked("有效期几年", LEXICON)
    assert ask is not None
    assert not states_quantity("自2022年4月26日起施行", ask, "有效期几年", LEXICON)
    assert states_quantity("设立有效期为3年", ask, "有效期几年", LEXICON)


def test_a_standard_states_an_amount_unless_it_is_what_was_asked():
    ask = quantity_asked("一个月能拿多少钱", LEXICON)
    assert ask is not None
    assert states_quantity("不低于当地最低工资标准", ask, "一个月能拿多少钱", LEXICON)
    assert not states_quantity("不低于当地最低工资标准", ask, "最低工资标准是多少钱", LEXICON)
    assert not states_quantity("不低于当地最低工资标准", ask, "太原的最低工资一个月多少钱", LEXICON)


def test_a_standard_asked_for_itself_is_answered_only_by_its_own_figure():
    lexicon = Lexicon(
        quantities={"钱": ("元", "万元")},
        money_words=("补贴",),
        quantity_standards=("最低工资标准",),
        standard_ask_fillers=("目前", "为"),
    )
    asked = "阳泉最低工资标准目前为多少钱"
    ask = quantity_asked(asked, lexicon)
    assert ask is not None
    subsidy = "补贴为当地最低工资标准的六成，另给每人240元保费补贴"
    assert not states_quantity(subsidy, ask, asked, lexicon)  # 240元 is another sum
    assert states_quantity("当地最低工资标准为每月1980元", ask, asked, lexicon)
    # A share of the standard is not the standard: any sum the text states may answer it.
    share = "见习补贴折合最低工资标准的多少钱"
    assert states_quantity(subsidy, quantity_asked(share, lexicon) or ask, share, lexicon)


def test_a_day_asked_is_answered_only_by_a_date():
    lexicon = Lexicon(quantities={"个月": ("个月", "月"), "月": ("个月", "月")}, date_asks=("几月几号", "哪天截止"))
    ask = quantity_asked("今年研修班报名哪天截止", lexicon)
    assert ask is not None and ask.date
    assert states_quantity("报名于2026年3月15日截止", ask, "今年研修班报名哪天截止", lexicon)
    assert not states_quantity("决定自2022年起实施本省知识更新工程", ask, "今年研修班报名哪天截止", lexicon)
    months = quantity_asked("申报是几月几号", lexicon)  # a day, though 几月 alone counts months
    assert months is not None and months.date


def test_a_grade_is_stated_by_its_number_or_by_its_name():
    grades = Lexicon(quantities={"级": ("级",)}, quantity_names={"级": ("中级", "副高级")})
    ask = quantity_asked("能直接报几级", grades)
    assert ask is not None
    assert states_quantity("可直接申报中级职称", ask, "能直接报几级", grades)  # by name
    assert states_quantity("达到二级甲等", ask, "能直接报几级", grades)  # by number
    assert not states_quantity("符合普通话水平等要求", ask, "能直接报几级", grades)


def test_a_grade_the_answer_does_not_state_is_declined(assistant):
    reply = assistant.ask("教资认定时普通话得考到几级？")
    assert reply.outcome == "declined"
    assert "没有这个具体数字" in reply.plain_text


def test_a_fee_the_sources_never_state_is_declined_without_a_citation(assistant):
    reply = assistant.ask("考护士执业资格，报名费一般收多少钱？")
    assert reply.outcome == "declined"
    assert "没有这个具体数字" in reply.plain_text and not WENHAO.search(reply.plain_text)
    assert any(b.action.startswith("e:") for row in reply.buttons for b in row)  # the nearest topic is offered


def test_a_figure_the_answer_lacks_is_quoted_from_the_document_it_cites(assistant):
    reply = assistant.ask("浙江想办社会培训评价组织，要向哪一级人社部门申报？设立以后有效期几年？")
    assert reply.outcome == "answered"
    assert "有效期为3年" in reply.plain_text


def test_the_other_half_of_a_two_part_question_is_still_answered(assistant):
    reply = assistant.ask("见习单位能拿到哪些补贴？当地最低工资标准现在是多少钱？")
    assert reply.outcome == "answered"
    assert "60%" in reply.plain_text and "没有" in reply.plain_text


def test_a_further_question_the_answer_does_not_speak_to_leaves_the_figure_declined(assistant):
    # the fees entry says charges are set reasonably and made public: of a cap it says nothing, so
    # "有没有统一的收费上限" is no other half it answers
    assert_declined_for_lack_of(assistant.ask("浙江评价机构收费标准最高能定到多少钱？有没有统一的收费上限？"), "多少钱")


def test_a_part_pointing_back_to_the_figure_asks_that_figure_too(assistant):
    # "…比它低吗", "…就按这个数发吗": its answer hangs on the figure the sources lack, so the
    # message is declined (and logged as a gap), pointing to the rule that names the standard
    for question in (
        "运城最低工资现在是多少钱？见习单位发的生活补助可以比它低吗",
        "运城最低工资现在是多少钱？见习补助就按这个数发吗",
    ):
        reply = assistant.ask(question)
        assert_declined_for_lack_of(reply, "多少钱")
        assert any("生活补助" in b.text for row in reply.buttons for b in row)


def test_a_fact_of_the_story_is_not_another_question(assistant):
    # "国家…目录里" is story; its fact (国家) added to the question asks nothing, so a count the
    # sources never state is declined rather than noted under an answer
    assert_declined_for_lack_of(assistant.ask("看了国家职业资格目录2021版，准入类的技能人员职业资格有几项？"), "几项")


def test_a_score_in_points_the_sources_never_state_is_declined(assistant):
    # the star rating rests on the monitoring score, but no clause gives the points for a star
    assert_declined_for_lack_of(assistant.ask("在浙江，技能评价机构搞星级评定，监测得分达到多少分才给四星？"), "多少分")


def test_a_pass_mark_asked_by_its_name_is_a_score_in_points(assistant):
    # "分数线是多少" names no unit, but a pass mark is counted in points: the sources state none
    assert_declined_for_lack_of(assistant.ask("执业兽医资格考试的及格线是多少"), "及格线")


def test_hours_and_fees_asked_by_their_names_are_figures_the_sources_never_state(assistant):
    # Written for this test: 继续教育学时 is counted in hours, a 评审费 in yuan; no clause states either
    # (the rule that skills training counts as those hours is no number of them).
    assert_declined_for_lack_of(assistant.ask("专技人员一年得修满多少继续教育学时"), "继续教育学时")
    assert_declined_for_lack_of(assistant.ask("技术工人申报职称，评审费要交多少"), "多少")


def test_how_much_of_a_pay_asks_an_amount_but_a_rate_does_not():
    ask = quantity_asked("试用期工资最少是多少", LEXICON)
    assert ask is not None and ask.units == ("元", "万元")
    assert quantity_asked("补贴比例是多少", LEXICON) is None


def test_another_citys_minimum_wage_is_declined_not_answered_with_the_internship_rule(assistant):
    reply = assistant.ask("大同现在的最低工资是多少")
    assert reply.outcome == "declined"
    assert "没有这个具体数字" in reply.plain_text and not WENHAO.search(reply.plain_text)


@pytest.mark.parametrize(
    ("question", "asked"), [("注册资本起码要多少万", "多少万"), ("批下来要多少个工作日", "多少个工作日")]
)
def test_the_knowledges_units_count_ten_thousands_and_working_days(real_brain, question, asked):
    ask = quantity_asked(question, real_brain.lexicon)
    assert ask is not None and ask.asked == asked


def test_an_amount_in_hundreds_of_millions_of_yuan_states_how_much_money(real_brain):
    ask = quantity_asked("产业园的年营收要达到多少钱", real_brain.lexicon)
    assert ask is not None
    assert states_quantity("营业收入达到50亿元", ask, "产业园的年营收要达到多少钱", real_brain.lexicon)


def test_a_figure_no_option_states_is_declined_naming_the_options_as_nearest(assistant):
    # No entry fits well enough to answer, and none of those it might mean states the figure:
    # offering them as "did you mean" would pass one off as the answer.
    reply = assistant.ask("专技人员每年培训多少万人次")
    assert_declined_for_lack_of(reply, "多少万")
    assert sum(b.action.startswith("e:") for row in reply.buttons for b in row) >= 2


def test_an_unsure_figure_question_two_neighbouring_options_answer_gets_both_not_a_guess(assistant):
    # Two entries of one notice state the insurance subsidy: neither is picked as the answer —
    # both are given, saying it is not sure which was meant (bot.resolve.close_pair).
    reply = assistant.ask("见习生意外险政府补多少钱")
    assert reply.outcome == "answered" and "不能确定您指的是哪一条" in reply.text
    assert reply.plain_text.count("240元") >= 2


@pytest.mark.parametrize("question", ["见习生每月能补多少", "单位每月给见习人员发多少", "见习每月能领多少"])
def test_a_verb_of_paying_with_how_much_asks_an_amount_of_money(real_brain, question):
    ask = quantity_asked(question, real_brain.lexicon)
    assert ask is not None and "元" in ask.units


def test_a_payment_tied_to_a_standard_the_user_asks_the_figure_of_is_declined(assistant):
    # the allowance is "不低于当地最低工资标准": with that standard's own figure asked too, how much
    # is paid is a figure the sources do not give either
    reply = assistant.ask("运城的最低工资标准如今每月是多少钱？见习人员每月能补多少？")
    assert reply.outcome == "declined"
    assert "没有这个具体数字" in reply.plain_text and not WENHAO.search(reply.plain_text)


def test_how_long_put_as_duochang_asks_a_duration_which_only_a_span_answers(assistant):
    # "多长" after a period asks how long it lasts: the sources state no length of 就业见习 …
    reply = assistant.ask("就业见习期限多长")
    assert reply.outcome == "declined" and "没有这个具体数字" in reply.plain_text
    # … but do state the evaluation bodies' three years
    assert "3年" in assistant.ask("评价机构的有效期多长").plain_text
