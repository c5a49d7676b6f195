"""Near misses the structure of the knowledge shows.

An annex a document names but the knowledge base does not hold (its list, its table): a
question about what is in it is declined plainly, naming the annex and the document it belongs
to, with the nearest entries on that document as buttons — never answered from the covering
notice as if the list were known. A document made for one year (2023年度…计划) is likewise not
given as the one asked for another year."""

from __future__ import annotations

import re

import pytest

from bot.kb.lexicon import Lexicon
from bot.kb.model import Annex
from bot.structured import _annex_named, annex_asked

WENHAO = re.compile(r"〔\s*\d{4}\s*〕")
LEXICON = Lexicon(annex_kinds=("清单", "对应关系表"), asks_annex_contents=("单里", "表里", "具体有", "都有哪些"))


def test_an_annex_is_named_by_its_short_name():
    annex = Annex("技能人才职业(工种)与专技人才职称系列对应关系表", ("对应关系表",))
    assert _annex_named("对应关系表里焊工对应哪个系列", annex, LEXICON) == 1.0


def test_an_annex_is_named_by_most_of_its_title_and_less_when_its_kind_is_said():
    annex = Annex("吉林省取消自行设置的职业资格许可和认定事项清单")
    assert _annex_named("吉林省取消自行设置的职业资格许可和认定事项清单都有哪些", annex, LEXICON) == 1.0
    assert _annex_named("吉林取消自行设置的职业资格清单里有啥", annex, LEXICON) > 0  # 清单 said: half will do
    assert _annex_named("吉林取消自行设置的职业资格有啥", annex, LEXICON) == 0.0  # neither most nor 清单


def test_an_annex_is_asked_for_by_one_word_of_each_of_its_word_groups(real_kb):
    annex = Annex("某校增加的职业(工种)范围", asked_with=(("技校", "技师学院"), ("哪些工种", "什么工种")))
    assert _annex_named("那个技师学院能认定什么工种", annex, LEXICON) == 1.0
    assert _annex_named("技师学院认定的对象是谁", annex, LEXICON) == 0.0  # the schools named, no trades asked
    assert _annex_named("能认定什么工种", annex, LEXICON) == 0.0  # the trades asked, of no school named
    # … asking for the trades is itself asking what the annex holds
    asked = annex_asked("新余康展技校增加了什么工种可以自己认定", real_kb, real_kb.lexicon, "江西")
    assert asked is not None and asked.doc_id == "jx-techschool-2023"


def test_naming_an_annex_without_asking_what_is_in_it_is_not_an_annex_question(real_kb):
    assert annex_asked("对应关系表是哪个文件的附件", real_kb, real_kb.lexicon, None) is None


def test_saying_what_the_document_says_is_not_asking_what_its_annex_holds(real_kb):
    told = "吉林的文件里说国务院取消过多少项职业资格许可和认定事项"
    assert annex_asked(told, real_kb, real_kb.lexicon, "吉林") is None


def test_a_question_about_another_region_is_not_about_a_provincial_annex(real_kb):
    asked = "广东取消自行设置的职业资格许可和认定事项清单里具体有哪些"
    assert annex_asked(asked, real_kb, real_kb.lexicon, "广东") is None


def test_most_of_a_provincial_annexs_title_without_its_province_or_document_is_not_that_annex(real_kb):
    # 职业技能等级认定…管理办法 is most of 江西's annex title, but this names 浙江's 评价机构管理办法
    told = "评价机构管理办法里面职业技能等级认定机构有哪些类型"
    assert annex_asked(told, real_kb, real_kb.lexicon, None) is None
    # with its province named it is that annex
    asked = annex_asked("江西职业技能等级认定工作管理办法里面都有啥", real_kb, real_kb.lexicon, "江西")
    assert asked is not None and asked.doc_id == "jx-skill-cert-2022"


@pytest.mark.parametrize(
    ("question", "annex"),
    [
        ("贯通那个办法的对应关系表里面，钳工归哪个职称系列？", "技能人才职业(工种)与专技人才职称系列对应关系表"),
        ("吉林那份通知附的取消自行设置职业资格清单，具体都有哪几项", "吉林省取消自行设置的职业资格许可和认定事项清单"),
    ],
)
def test_what_is_in_an_unheld_annex_is_declined_naming_it_and_its_document(assistant, question, annex):
    reply = assistant.ask(question)
    assert reply.outcome == "declined"
    assert f"知识库没有收录《{annex}》的内容" in reply.plain_text
    assert "的附件" in reply.plain_text
    assert not WENHAO.search(reply.plain_text)  # a decline cites no document number
    entries = [b for row in reply.buttons for b in row if b.action.startswith("e:")]
    assert entries, "the nearest entries on the covering document are offered"


def test_what_the_covering_notice_itself_says_is_still_answered(assistant):
    reply = assistant.ask("吉林省取消了多少项自行设置的职业资格")
    assert reply.outcome == "answered"
    assert "71项" in reply.plain_text


def test_a_document_of_another_year_is_not_given_as_the_one_asked_for(assistant):
    reply = assistant.ask("浙江2024年度的考试工作计划啥时候发的")
    assert reply.outcome == "declined"
    assert "知识库没有2024年的这份文件" in reply.plain_text and "2023年度" in reply.plain_text
    assert not WENHAO.search(reply.plain_text)


def test_a_document_of_another_year_asked_two_things_of_is_not_given_either(assistant):
    # one part lands on the 2023 plan, the other on whatever says when a document took effect
    reply = assistant.ask("2024年度浙江的考试工作计划是啥文号？什么时候印发的")
    assert reply.outcome == "declined"
    assert "知识库没有2024年的这份文件" in reply.plain_text and "2023年度" in reply.plain_text


def test_a_yearly_plan_named_with_its_full_title_words_is_still_asked_of_that_year(assistant):
    # Written for this test: twenty characters stood between the year and 计划, so the 2023 plan
    # was given for the year asked
    reply = assistant.ask("2025年浙江省专业技术人员职业资格考试工作计划出来没有")
    assert reply.outcome == "declined" and "知识库没有2025年的这份文件" in reply.plain_text


def test_a_plan_of_another_year_than_the_documents_plan_year_is_not_given(assistant):
    reply = assistant.ask("山西2025年计划募集多少个见习岗位")
    assert reply.outcome == "declined"
    assert "知识库没有2025年的这份文件" in reply.plain_text and "2022年" in reply.plain_text
    assert assistant.ask("山西2022年要募集多少见习岗位").outcome == "answered"  # its own year is answered


def test_a_target_named_for_another_year_is_not_given_the_plan_years_figure(assistant):
    # "2026年…任务" asks for that year's plan: the 2022 notice's 3万个 is not it
    reply = assistant.ask("山西2026年全省见习岗位任务是多少个")
    assert reply.outcome == "declined"
    assert "知识库没有2026年的这份文件" in reply.plain_text and "3万个" not in reply.plain_text


def test_targets_asked_for_another_year_than_the_one_a_policy_sets_them_for_are_not_given(assistant):
    # The 山西 HR-services measures set targets 到2025年 (their plan_year): 2028's are not held.
    reply = assistant.ask("山西人力资源服务行业2028年的目标定了多少")
    assert reply.outcome == "declined"
    assert "知识库没有2028年的这份文件" in reply.plain_text and "2025年" in reply.plain_text


def test_a_count_the_covering_notice_states_is_answered_though_its_list_is_named(assistant):
    # 里面 and most of the list's title, but what is asked is how many: the notice says
    reply = assistant.ask("吉林那个通知里面，自行设置的职业资格许可和认定事项总共取消了几项")
    assert reply.outcome == "answered" and "71项" in reply.plain_text
    # … while asking for the items one by one is still declined
    assert assistant.ask("那份吉林取消自行设置的职业资格许可和认定事项清单，列一下条目").outcome == "declined"


def test_an_annex_is_named_by_the_count_of_its_items(assistant):
    reply = assistant.ask("吉林取消的那71项里面有没有电工")
    assert reply.outcome == "declined"
    assert "吉林省取消自行设置的职业资格许可和认定事项清单" in reply.plain_text


def test_a_year_in_the_users_story_does_not_make_a_document_of_another_year(assistant):
    reply = assistant.ask("我2025年想报名考试，有培训机构说是官方指定的，保过，这可信吗")
    assert reply.outcome == "answered"
    assert "国家未指定任何培训机构" in reply.plain_text


def test_asking_for_the_items_one_by_one_names_an_annex_with_less_of_its_title():
    annex = Annex("吉林省取消自行设置的职业资格许可和认定事项清单")
    lexicon = Lexicon(asks_annex_contents=("具体都有",), asks_listing=("列一下",))
    assert _annex_named("吉林取消自行设置的那些职业资格能列一下吗", annex, lexicon) > 0
    assert _annex_named("吉林取消自行设置的那些职业资格是哪年的事", annex, lexicon) == 0.0


def test_naming_the_document_and_the_kind_asks_about_all_its_annexes_of_that_kind(assistant):
    reply = assistant.ask("吉林那份通知的附件清单能给我看一下吗")
    assert reply.outcome == "declined"
    assert reply.plain_text.count("清单》") == 2 and "它们是" in reply.plain_text


def test_a_provinces_own_catalogue_list_is_not_an_annex(assistant):
    reply = assistant.ask("吉林自己的职业资格目录清单里有哪些")
    assert reply.outcome != "declined" or "附件" not in reply.plain_text


def test_where_to_see_an_annex_is_answered_as_not_held(assistant):
    reply = assistant.ask("贯通办法那张对应关系表哪里能看到")
    assert reply.outcome == "declined" and "对应关系表》的内容" in reply.plain_text


def test_a_documents_title_written_out_does_not_drown_what_is_asked_of_it(assistant):
    reply = assistant.ask("《浙江省技能人才评价监督管理办法》里，评价机构违纪违规了会受到什么处理？")
    assert reply.outcome == "answered"
    assert "取消资格与退出目录" in reply.plain_text


def test_a_title_that_is_itself_the_subject_stays_in_the_question(assistant):
    reply = assistant.ask("请提供《江西省职业技能等级认定工作管理办法》的发文字号")
    assert "赣人社规〔2022〕7号" in reply.plain_text


@pytest.mark.parametrize("asking", ["具体都是哪些", "分别是哪些"])
def test_asking_which_items_a_counted_list_holds_asks_the_annex(real_kb, asking):
    asked = annex_asked(f"吉林取消的71项自设资格{asking}", real_kb, real_kb.lexicon, "吉林")
    assert asked is not None and "71项" in asked.annexes[0].names


def test_a_demonstrative_inside_an_annexs_name_still_names_it():
    annex = Annex("某省几所学校增加的认定工种范围", ("新增的认定工种",))
    with_fillers = Lexicon(annex_name_fillers=("那批", "这些", "的"))
    assert _annex_named("新增的那批认定工种有哪些", annex, with_fillers) == 1.0
    assert _annex_named("新增的那批认定工种有哪些", annex, LEXICON) == 0.0  # without the lexicon's fillers


def test_what_is_in_the_list_of_added_trades_is_declined_however_it_is_pointed_at(assistant):
    reply = assistant.ask("江西那三所技工院校新增的这些备案工种都有哪几个")
    assert reply.outcome == "declined"
    assert (
        "知识库没有收录《江西省电子信息技师学院等3家技工院校增加自主认定备案职业(工种)范围》的内容" in reply.plain_text
    )


def test_the_words_of_a_named_documents_title_do_not_name_its_annex(real_kb):
    """The 贯通 measures' title shares 技能人才 and 专业技术人才 with its annex (the table of trades
    and 职称 series): a question naming the measures and asking which series they reach asks
    what the body says, not what the table holds."""
    text = "浙江高技能人才与专业技术人才职业发展贯通的实施办法管到哪几个职称系列"
    documents = ("zj-guantong-2022",)
    assert annex_asked(text, real_kb, real_kb.lexicon, "浙江", documents) is None
    # … while a document named by the very title of the annex it issues still names that annex
    asked = annex_asked(
        "江西省职业技能等级认定工作管理办法当中具体有哪些条款",
        real_kb,
        real_kb.lexicon,
        "江西",
        ("jx-skill-cert-2022",),
    )
    assert asked is not None and asked.doc_id == "jx-skill-cert-2022"


def test_a_rule_asked_of_measures_the_base_holds_only_the_issuing_notice_of_is_declined(assistant):
    # the Jiangxi notice only issues its 管理办法: a rule asked of them is in articles not held,
    # whether it asks a requirement or a number of years
    for question in (
        "江西省职业技能等级认定工作管理办法对考评员有什么要求",
        "江西职业技能等级认定工作管理办法给认定资质定了几年的期限",
    ):
        reply = assistant.ask(question)
        assert reply.outcome == "declined"
        assert "知识库没有收录《江西省职业技能等级认定工作管理办法》的内容" in reply.plain_text


def test_what_the_issuing_notice_says_of_those_measures_is_still_answered(assistant):
    for question in ("江西省职业技能等级认定工作管理办法是哪个部门印发的", "江西做技能等级认定按什么办法"):
        assert assistant.ask(question).entry_id == "jx-cert-measures"


def test_a_plan_asked_for_this_or_next_year_is_a_year_named_by_today(assistant):
    # Written for this test (today is 2026-11-21): 明年 asks 2027's targets, not held …
    reply = assistant.ask("山西明年的见习岗位一共募集多少个")
    assert reply.outcome == "declined" and "知识库没有2027年的这份文件" in reply.plain_text
    # … while "今年" told of what the asker did, not asked, names no plan asked for
    told = assistant.ask("我们厂今年按计划收了3个见习生，其中一人只来了10个工作日，本月补助还发吗")
    assert "的这份文件" not in told.plain_text
