"""Answers know today's date: ended temporary measures and later texts are said plainly."""

from __future__ import annotations

import datetime as dt
import shutil

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from bot.settings import PROJECT_ROOT
from tests.support import TODAY


def ask_on(kb_dir, day: dt.date, question: str):
    return Assistant(Brain(load_knowledge(kb_dir, today=day)), clock=lambda: day).ask(question)


def test_an_ended_temporary_measure_says_it_has_ended(mini_kb_dir):
    text = ask_on(mini_kb_dir, dt.date(2026, 11, 21), "招聘高校毕业生能把职业资格作为限制条件吗").plain_text
    assert "已于2020年12月31日届满" in text
    assert "今天是2026年11月21日" in text


def test_the_same_measure_while_running_counts_the_days_left(mini_kb_dir):
    text = ask_on(mini_kb_dir, dt.date(2020, 12, 1), "招聘高校毕业生能把职业资格作为限制条件吗").plain_text
    assert "执行至2020年12月31日（还有30天）" in text
    assert "届满" not in text


def test_xiangang_hiring_rule_today_says_the_measure_has_ended(assistant):
    text = assistant.ask("我们2020年招应届生，能把护士执业资格作为招聘限制条件吗？").plain_text
    assert "2020年12月31日" in text
    assert "届满" in text


def test_internship_early_contract_subsidy_is_marked_as_ended(assistant):
    reply = assistant.ask("见习期没满就和见习人员签劳动合同，单位还能拿补贴吗")
    assert reply.outcome == "answered"
    assert "执行至2022年12月31日，现已结束" in reply.plain_text


def test_a_yearly_notices_statement_of_how_things_stand_is_not_said_to_have_ended(assistant):
    # Written for this test: the 2023 exam plan's warning that no training body is appointed is
    # `standing`; its year's arrangements ended, the warning did not.
    reply = assistant.ask("考证培训班号称官方合作单位，包拿证，能信么")
    assert reply.entry_id == "exam-fake-training"
    assert "国家未指定任何培训机构" in reply.plain_text and "现已结束" not in reply.plain_text


def test_the_sign_up_pledge_system_a_yearly_notice_states_is_not_said_to_have_ended(assistant):
    # Written for this test: the 2023 plan says the province runs sign-up on pledges and punishes
    # false ones; it gives that no end, and the bot said it had ended with the year.
    reply = assistant.ask("考试报名时承诺的东西不属实，会被怎么处理")
    assert reply.entry_id == "exam-commitment"
    assert "人社部第31号令" in reply.plain_text and "现已结束" not in reply.plain_text


def test_asking_whether_an_ended_measure_still_binds_is_asking_whether_it_still_holds(assistant):
    # Written for this test: 还有约束力 asks 还有效; it was declined as unknown.
    reply = assistant.ask("“先上岗、再考证”这项阶段性措施对今天的用人单位还有约束力不")
    assert reply.outcome == "answered" and "2020年12月31日" in reply.plain_text


def test_asking_what_policy_will_be_is_told_no_text_says_with_the_nearest_topic(assistant):
    # Written for this test: the count of cancelled qualifications answered a forecast.
    reply = assistant.ask("职业资格已经砍掉那么多了，下一步还会再砍吗")
    assert reply.outcome == "declined" and "原文没有说" in reply.plain_text
    assert reply.all_buttons()[0].action.startswith("e:")


def test_a_year_asked_after_the_answers_documents_says_no_later_rule_is_held(assistant):
    # Written for this test: the 2022 notice's amounts were given for a later year without a word
    reply = assistant.ask("2025年山西见习单位补贴按什么比例给的")
    assert reply.entry_id == "intern-employer-subsidy"
    assert (
        "🗓 您问的是2025年：以上依据的是2022年3月31日印发的《山西就业见习扩规模提质量通知》，知识库没有收录此后的新规定"
        in reply.plain_text
    )
    # … 今年 is today's year; a year only told ("今年照…文件收了") asks nothing of it …
    assert "🗓 您问的是2026年" in assistant.ask("今年江西那边认定技能等级的办法改了没有").plain_text
    assert "🗓" not in assistant.ask("我们今年照山西文件收了五个见习生，单位补贴是多少").plain_text
    # … and a year a held document is of names that document, it asks no year of its own
    assert "🗓" not in assistant.ask("2022年出台的浙江贯通办法里的规定眼下还算数吗").plain_text


def test_a_rule_changed_by_a_later_text_cites_both_and_says_which_is_later(assistant):
    reply = assistant.ask("招收没有职业资格证书的人从事技术工种，劳动监察会管吗？")
    text = reply.plain_text
    assert "劳部发〔1997〕258号" in text
    assert "人社部发〔2017〕68号" in text
    assert "较新" in text


def test_a_provincial_rule_tells_a_user_from_elsewhere(real_brain):
    assistant = Assistant(real_brain, clock=lambda: TODAY)
    ctx = assistant.context(region="吉林")
    text = assistant.ask("我有技师职业资格，干了3年技术工作，能评什么职称？", ctx).plain_text
    assert "浙江省的规定" in text and "您关注的是吉林" in text


def test_staff_word_the_time_and_place_notes_in_the_lexicon(tmp_path):
    """The notes on ended measures and on whose rules these are are phrases of
    knowledge/lexicon/understanding.yaml, not Python: editing one changes what users read."""
    kb_dir = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", kb_dir)
    lexicon = kb_dir / "lexicon" / "understanding.yaml"
    text = lexicon.read_text(encoding="utf-8")
    for old, new in (("以上是当时的规定", "以上是当年的规定"), ("当地规定可能不同", "当地的做法可能不同")):
        assert old in text
        text = text.replace(old, new)
    lexicon.write_text(text, encoding="utf-8")
    reply = ask_on(kb_dir, TODAY, "山西以外，比如湖北，先上岗再考证招聘方案里要注明吗")
    assert "以上是当年的规定" in reply.plain_text and "当地的做法可能不同" in reply.plain_text
