"""“国家职业资格目录一共多少项”: the catalogue's item counts, from public reports the reply names.

The counts are data (../shared/data/catalogue_totals.csv), not clauses: every reply says where
they come from and that the ministry's own catalogue decides. A split no source states is said to
be unknown, never estimated; an older edition is named as replaced; counts of anything else (the
cancelled qualifications, the 先上岗 list) are left to the FAQ entries that quote them.
"""

from __future__ import annotations

import pytest

from bot.core import Assistant
from bot.counts import CountSpecialist
from bot.kb import KbLoadFailed
from bot.kb.knowledge import load_knowledge
from tests.support import TODAY, copy_real_kb


@pytest.fixture
def bot(real_kb, real_brain):
    return Assistant(real_brain, clock=lambda: TODAY, specialists=[CountSpecialist(real_kb)])


def test_the_current_catalogue_is_counted_with_its_parts_and_where_the_figures_come_from(bot):
    reply = bot.ask("现行的国家职业资格目录总共几项？技能人员职业资格占几项？")
    assert reply.outcome == "answered"
    text = reply.plain_text
    assert "《国家职业资格目录（2021年版）》共72项" in text
    assert "专业技术人员职业资格59项（准入类33项、水平评价类26项）" in text
    assert "技能人员职业资格13项" in text
    assert "https://hrlib.ciic-cloud.cn/" in text and "不是知识库收录的政策原文" in text


def test_a_split_no_source_states_is_said_to_be_unknown_not_estimated(bot):
    reply = bot.ask("2021年版目录的技能人员职业资格，准入类和水平评价类各有几项？")
    assert reply.outcome == "declined"  # nothing asked is recorded: logged as unanswered
    assert "技能人员职业资格中分类别各有几项：来源没有分列" in reply.plain_text
    assert "我无法回答" in reply.plain_text


def test_a_category_asked_of_the_whole_catalogue_says_which_group_the_source_leaves_unsplit(bot):
    # Written for this test: the 33 of 专业技术人员 are stated, so the reply does not say that the
    # source gives no split at all — only that the 13 of 技能人员 are not split, so no total.
    text = bot.ask("现行目录的准入类总共多少项").plain_text
    assert "来源只给出了专业技术人员职业资格的类别" in text
    assert "技能人员职业资格13项没有分列类别" in text and "我无法回答" in text


def test_a_split_the_source_states_is_answered(bot):
    reply = bot.ask("2021版目录里专业技术人员职业资格的准入类有几项")
    assert reply.outcome == "answered"
    assert "准入类33项" in reply.plain_text and "来源没有分列" not in reply.plain_text


def test_an_older_edition_is_counted_and_named_as_replaced(bot):
    text = bot.ask("2017年那版职业资格目录一共多少项").plain_text
    assert "共140项" in text and "技能人员职业资格81项（准入类5项、水平评价类76项）" in text
    assert "这一版已被《国家职业资格目录（2021年版）》替代" in text


def test_a_word_naming_an_edition_is_not_read_as_a_typo_of_another_word(bot):
    # 老版 sounds like 老板, a word of the knowledge: it names the 2017 edition all the same
    assert "共140项" in bot.ask("老版的目录里职业资格合计几项").plain_text


def test_asking_which_items_of_an_edition_whose_list_is_not_held_first_says_so_then_gives_the_count(bot):
    for question in ("老版目录里专技人员准入类具体是哪几个", "17版目录技能人员那边准入类是哪五项"):
        reply = bot.ask(question)
        assert reply.outcome == "declined", question  # the names asked are not held: logged as unanswered
        body = reply.plain_text.split("\n\n", 1)[1]
        assert body.startswith("抱歉，知识库未收录2017年版目录的名单，列不出具体是哪几项"), question
        assert "共140项" in body
        # what was asked goes unanswered: the reply cites no document number as if it answered
        assert "〔2017〕68号" not in reply.plain_text
    # "哪一类" asks which category, not which items
    assert "名单" not in bot.ask("17版目录一共几项，技能类是哪一类").plain_text
    # … and the current edition's list is held (knowledge/catalogue): no such word
    assert "名单" not in bot.ask("现行目录一共几项，具体是哪几个").plain_text


def test_right_after_a_count_a_short_message_naming_only_a_part_counts_that_part_of_the_same_edition(bot):
    session: dict = {}
    bot.ask("17版的国家职业资格目录一共有几项", None, session)
    reply = bot.ask("那技能人员的呢", None, session)
    assert reply.outcome == "answered" and "共140项" in reply.plain_text  # the edition asked before
    reply = bot.ask("专技人员准入类几项", None, session)  # and again, right after that answer
    assert reply.outcome == "answered" and "2017" in reply.plain_text


def test_an_edition_the_knowledge_does_not_hold_is_said_to_be_missing_not_answered_with_another(bot):
    for question in ("2018版的国家职业资格目录共有几项", "2023年国家职业资格目录里还剩多少项", "19年版目录总共几项"):
        reply = bot.ask(question)
        assert reply.outcome == "declined", question  # logged as unanswered
        body = reply.plain_text.split("\n\n", 1)[1]
        assert body.startswith("抱歉，知识库没有20"), question
        assert "年版的国家职业资格目录，无法给出它的项数" in body and "两版" in body
    # a year told beside the question names no edition
    reply = bot.ask("我的证是2019年考的，现行的目录一共多少项")
    assert reply.outcome == "answered" and "共72项" in reply.plain_text


def test_a_count_told_to_be_checked_is_answered_with_the_sources_figures(bot):
    reply = bot.ask("现行的目录里专技人员不是有70项吗")
    assert reply.outcome == "answered" and "专业技术人员职业资格59项" in reply.plain_text
    assert "共140项" in bot.ask("2017版目录是140项吧").plain_text
    # a number told beside another question is no count to check
    assert "有多少项" not in bot.ask("目录里写了5项准入类，单位能要求应聘的人先有证吗").plain_text


def test_right_after_a_count_a_short_message_naming_only_another_edition_counts_the_same_part_of_it(bot):
    session: dict = {}
    bot.ask("2021年版目录的专技人员里准入类有几项", None, session)
    reply = bot.ask("那17年的呢", None, session)
    assert reply.outcome == "answered" and "2017年版目录的专业技术人员职业资格中准入类" not in reply.plain_text
    assert "准入类36项" in reply.plain_text and "共140项" in reply.plain_text
    reply = bot.ask("那2018年的呢", None, session)  # an edition not held, right after
    assert reply.outcome == "declined" and "知识库没有2018年版" in reply.plain_text


def test_right_after_an_answer_about_the_catalogue_a_bare_count_counts_that_catalogue(real_kb, real_brain):
    # the brain answers which edition is current; "一共多少项" then counts it (by itself it would
    # count whatever an entry counts: the 434 cancelled ones)
    bot = Assistant(real_brain, clock=lambda: TODAY, specialists=[CountSpecialist(real_kb)])
    session: dict = {}
    assert bot.ask("眼下全国执行的是哪一版目录", None, session).entry_id == "catalogue-2017-vs-2021"
    reply = bot.ask("总共有多少项", None, session)
    assert reply.outcome == "answered" and "共72项" in reply.plain_text
    # … but not after an answer counting something else
    session = {}
    bot.ask("吉林把本省设的资格证清理掉了吗", None, session)
    assert "共72项" not in bot.ask("一共多少项", None, session).plain_text
    # … and still so across a declined message naming nothing of its own (written for this test)
    session = {}
    bot.ask("17年出的老版目录如今还管用吗", None, session)
    assert bot.ask("被啥取代了", None, session).outcome == "declined"
    reply = bot.ask("它总共有几项", None, session)
    assert reply.outcome == "answered" and "共140项" in reply.plain_text


def test_right_after_a_count_asking_how_many_fewer_counts_both_editions(bot):
    session: dict = {}
    bot.ask("现行的目录有几项", None, session)
    reply = bot.ask("比老版少了多少项", None, session)
    assert "共140项" in reply.plain_text and "比2017年版减少68项" in reply.plain_text


def test_a_part_named_without_a_count_just_before_is_not_read_as_a_count(bot):
    counted = "有多少项"  # the count answer's title
    assert counted not in bot.ask("那技能人员的呢").plain_text  # nothing counted before it
    session: dict = {}
    bot.ask("2021版职业资格目录有多少项", None, session)
    bot.ask("先上岗再考证是什么政策", None, session)  # another question in between
    assert counted not in bot.ask("那技能人员的呢", None, session).plain_text
    session = {}
    bot.ask("2021版职业资格目录有多少项", None, session)
    assert counted not in bot.ask("准入类资格能和就业挂钩吗", None, session).plain_text  # asks more


@pytest.mark.parametrize(
    "question",
    [
        "国务院一共取消了多少项职业资格许可和认定事项",  # the cancelled ones: a clause of the Jilin notice
        "先上岗再考证除了教师资格还有几项",  # the 先上岗 list
        "职业资格目录有几个版本",  # asks the editions, not their items
        "插花员在新版目录里排第几项",  # asks a place in the list, not a count
        "澳门那边的资格目录收了几项",  # not the mainland's catalogue (written for this test)
        "新版目录第5个资格算准入类吗",  # a row by its number (written for this test)
    ],
)
def test_other_counts_and_other_questions_are_left_to_the_faq(bot, question):
    reply = bot.ask(question)
    assert "以上项数来自" not in reply.plain_text


def test_a_count_asked_beside_another_question_is_answered_beside_its_answer(bot):
    reply = bot.ask("2021版目录有多少项？准入类资格能和就业挂钩吗")
    text = reply.plain_text
    assert "共72项" in text and "您的消息里还问了别的" in text and reply.entry_id == "catalogue-hiring-tie"
    # a question the brain declines beside it ("我考的电工在不在里面") leaves the count alone
    reply = bot.ask("国家职业资格目录总计多少项？我考的电工在不在里面")
    assert "共72项" in reply.plain_text and "您的消息里还问了别的" not in reply.plain_text


def test_a_count_naming_nothing_after_another_question_about_the_catalogue_counts_that_catalogue(bot):
    # Written for this test: "总共几项" names no catalogue; the question before it does (before,
    # it went with that question to FAQ matching, which answered with the 434 cancelled ones).
    reply = bot.ask("目前执行的目录是哪一版的？总共几项")
    text = reply.plain_text
    assert "共72项" in text and "您的消息里还问了别的" in text
    assert reply.entry_id == "catalogue-2017-vs-2021" and "434" not in text


def test_an_edition_written_as_its_version_or_a_group_with_a_category_names_the_catalogue(bot):
    # Written for this test: no 目录 is typed, yet only the catalogue is counted so (before: declined
    # as a figure the sources lack)
    text = bot.ask("21年版相比17年版总共少掉几项").plain_text
    assert "共72项" in text and "共140项" in text
    assert "准入类33项" in bot.ask("专技类里的准入一共几项").plain_text
    # … and two groups asked "各多少" are each group's total, not a split the source lacks
    text = bot.ask("2021版目录总共几项？专技类跟技能类各多少？").plain_text
    assert "技能人员职业资格13项" in text and "来源没有分列" not in text


def test_right_after_a_count_a_bare_how_many_of_a_part_or_a_comparison_counts_it(bot):
    # Written for this test: "多少" alone, right after a count, asks one too
    session: dict = {}
    bot.ask("老版目录总共几项", bot.context(), session)
    text = bot.ask("和新版比差了多少", bot.context(), session).plain_text
    assert "共72项" in text and "共140项" in text
    session = {}
    bot.ask("新版目录总共几项", bot.context(), session)
    assert "专业技术人员职业资格59项" in bot.ask("专技的多少", bot.context(), session).plain_text


def test_a_correction_right_after_a_count_asks_the_same_count_of_what_it_names(bot):
    # Written for this test: "不对，我问的是…" switches the question before, as "那…呢" does
    session: dict = {}
    assert "共72项" in bot.ask("新版目录里总共有几项资格", bot.context(), session).plain_text
    reply = bot.ask("不对，我问的是17年那版！", bot.context(), session)
    assert "（人社部发〔2017〕68号）共140项" in reply.plain_text
    # … while the same words opening a first message are read as they are
    assert "共140项" not in bot.ask("不对，我问的是17年那版！").plain_text


def test_figures_that_do_not_add_up_are_a_load_error_with_file_and_line(tmp_path):
    root = copy_real_kb(tmp_path)
    path = root / "counts" / "catalogue-counts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "total: 59, categories: {准入类: 33", "total: 59, categories: {准入类: 34"
        ),
        encoding="utf-8",
    )
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=TODAY)
    assert any(
        e.file == "knowledge/counts/catalogue-counts.yaml" and e.line > 1 and "add up to 60, not 59" in e.message
        for e in failed.value.errors
    )


def test_a_later_sentence_comparing_with_another_edition_counts_both(bot):
    # Written for this test: the second sentence names the other edition, not the catalogue
    reply = bot.ask("国家职业资格目录2021年版总共几项？和17版相比少了几项？")
    assert reply.outcome == "answered"
    assert "共72项" in reply.plain_text and "比2017年版减少68项" in reply.plain_text and "共140项" in reply.plain_text
    # (the 73 skill qualifications that left are not "among" the 68 fewer: the sources give both apart)
    assert "其中73项" not in reply.plain_text and "有73项水平评价类技能人员职业资格退出" in reply.plain_text


def test_a_later_sentence_naming_only_another_edition_with_ne_counts_that_one_too(bot):
    # Written for this test: "17版的呢" asks the same count of the other edition
    reply = bot.ask("新版职业资格目录收了几项？17版的呢？")
    assert reply.outcome == "answered" and "共72项" in reply.plain_text and "共140项" in reply.plain_text


def test_a_count_asked_after_a_story_that_asks_nothing_is_counted(bot):
    # Written for this test: the story names 先上岗再考证 (a word of another topic) and tells a
    # count of its own (几篇); the one question, at the end, counts the 2017 edition.
    reply = bot.ask(
        "我在高校教人力资源管理，写过几篇先上岗再考证方面的论文，最近想比较新旧两版目录。"
        "请问2017版的国家职业资格目录总共几项？"
    )
    assert reply.outcome == "answered" and "共140项" in reply.plain_text


def test_right_after_an_editions_count_asking_when_it_was_published_tells_what_is_held_of_it(bot):
    # Written for this test: the current edition's header date and issuer (unverified) …
    session: dict = {}
    bot.ask("现行目录总共几项", session=session)
    reply = bot.ask("那它是啥时候公布的", session=session)
    assert "2021年11月23日" in reply.plain_text and "人力资源社会保障部" in reply.plain_text
    # … and the earlier edition's, from the card of the notice that published it
    session = {}
    bot.ask("17版目录总共几项", session=session)
    reply = bot.ask("那它是啥时候公布的", session=session)
    assert reply.plain_text.startswith("📄 文件信息：《人力资源社会保障部关于公布国家职业资格目录的通知》")
    # … asked of it by name, too (the current edition's is the category book's own question)
    reply = bot.ask("老版职业资格目录啥时候公布的")
    assert reply.plain_text.startswith("📄 文件信息：《人力资源社会保障部关于公布国家职业资格目录的通知》")
