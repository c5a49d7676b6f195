"""Reading a whole message: which sentences ask and which tell the user's story."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.lexicon import Lexicon
from bot.understanding import (
    QuantityAsk,
    asks_judgement_only,
    checks_a_claim,
    cut_run_ons,
    facets_asked,
    heard_claim,
    home_region,
    quantity_asked,
    read_message,
    states_quantity,
    substitute_slots,
    told_figures,
    without_pleasantries,
    without_restated,
)

REPO = Path(__file__).resolve().parent.parent

LEXICON = Lexicon(
    question_markers=("吗", "么", "什么", "怎么", "几", "多少", "哪", "可以", "能不能"),
    weak_question_markers=frozenset({"几", "可以"}),
    question_endings=("没有",),
    story_openers=("我", "我们"),
    follow_up_openers=("那",),
)


def test_a_story_sentence_comes_before_the_question():
    reading = read_message("我去年大专毕业，一直没找到工作。像我这种情况能参加见习吗？", LEXICON)
    assert reading.questions == ("像我这种情况能参加见习吗",)
    assert reading.story == ("我去年大专毕业,一直没找到工作",)  # folded: full-width commas become ASCII


def test_counting_with_ji_before_a_plain_question_is_story():
    reading = read_message("我们是一家小型制造企业，公司想设几个见习岗位 单位需要满足什么条件", LEXICON)
    assert reading.questions == ("单位需要满足什么条件",)
    assert reading.story == ("我们是一家小型制造企业,公司想设几个见习岗位",)


def test_ji_is_a_question_when_nothing_else_asks():
    reading = read_message("我们单位今年能招几个见习生", LEXICON)
    assert reading.questions and "几个见习生" in reading.questions[0]


def test_what_someone_said_can_be_done_is_story_before_a_plain_question():
    reading = read_message("有家幼儿园说可以先让我去上班，听说有这么个政策。那我能不能自己带班？", LEXICON)
    assert reading.questions == ("那我能不能自己带班",)
    assert "有家幼儿园说可以先让我去上班" in reading.story_text


def test_zheme_and_name_do_not_ask():
    reading = read_message("我同学在山西一家公司见习，听说有这么个补贴政策 那么见习补贴一个月发多少", LEXICON)
    assert reading.questions == ("那么见习补贴一个月发多少",)


def test_a_rhetorical_which_before_a_reachable_verb_asks_nothing(real_kb):
    # 哪争得过 is a complaint (we cannot win), not a question of its own beside the real one
    reading = read_message("技术工人评职称能分开来评吗？跟研究所的设计人员同场比，我们哪争得过", real_kb.lexicon)
    assert reading.questions == ("技术工人评职称能分开来评吗",)


def test_a_sentence_ending_in_ma_asks_and_what_is_told_before_it_is_no_question_of_its_own(real_kb):
    # Written for this test: 嘛 ends a question as 吗 does, so the years told first are its story
    reading = read_message("技师证到手四年多了 如今可申报中级职称嘛", real_kb.lexicon)
    assert len(reading.questions) == 1 and reading.questions[0].endswith("如今可申报中级职称嘛")


def test_a_province_named_in_the_asking_clause_is_asked_before_one_named_to_compare(real_kb):
    reading = read_message("据说山西那里的补助讲得很清楚，可浙江单位能领多少", real_kb.lexicon)
    assert reading.region == "浙江"


def test_an_issuer_of_elsewhere_told_in_the_story_is_background_when_a_province_is_asked(real_kb):
    # asked of 吉林, the 国务院 that cancelled the certificate is not what the question turns on …
    asked_of_jilin = read_message(
        "白山这边搞防水的，主管部门点名要一张国务院已宣布取消的证。吉林的文件允许吗", real_kb.lexicon
    )
    assert asked_of_jilin.region == "吉林"
    assert "国务院" not in asked_of_jilin.with_facts(asked_of_jilin.questions[0])
    # … but asked of no province, it is
    asked_of_none = read_message("主管部门点名要一张国务院已宣布取消的证。文件允许吗", real_kb.lexicon)
    assert "国务院" in asked_of_none.with_facts(asked_of_none.questions[0])


def test_two_questions_are_both_kept():
    reading = read_message("见习补贴有多少？见习期满发什么证明？", LEXICON)
    assert reading.questions == ("见习补贴有多少", "见习期满发什么证明")


def test_a_clause_of_nothing_but_asking_words_asks_on_about_the_question_before_it(real_kb):
    # "…能不能复核，找谁" is one question (may we, and to whom): "找谁" alone would be answered as
    # whatever a bare "who" matches
    reading = read_message("认定结果我们不认同的话，可不可以申请复核，找谁？", real_kb.lexicon)
    assert reading.questions == ("认定结果我们不认同的话，可不可以申请复核，找谁",)
    # … while a clause naming something of its own is a question of its own
    assert len(read_message("评价机构能不能申请复核，复核要多久", real_kb.lexicon).questions) == 2
    # "…，什么时候" asks the time of what the clause before names, not whatever a bare "when" matches
    reading = read_message("吉林是靠哪个文件清理省里自设的资格的，啥时候", real_kb.lexicon)
    assert reading.questions == ("吉林是靠哪个文件清理省里自设的资格的，啥时候",)


def test_a_few_after_a_deed_done_tells_and_does_not_ask():
    # "考了几个证" / "挂过几个证" is a few certificates, not "how many?"
    reading = read_message("我考了几个证，公司要怎么对待", LEXICON)
    assert "我考了几个证" not in reading.questions
    assert read_message("一共分几个类", LEXICON).questions == ("一共分几个类",)
    # … nor is a shortfall told ("还差几个月": a few months short) before the question asked
    reading = read_message("我的年限离要求还差几个月。这种情况能先报名吗", LEXICON)
    assert "我的年限离要求还差几个月" not in reading.questions


def test_a_weak_question_word_with_a_question_mark_asks_before_a_plain_question():
    # 几 alone may tell a plan (test_counting_with_ji_before_a_plain_question_is_story); with the
    # question mark it asks
    reading = read_message("补贴占工资的几成拿给单位？意外险每人补多少？", LEXICON)
    assert reading.questions == ("补贴占工资的几成拿给单位", "意外险每人补多少")


def test_a_verb_asked_both_ways_asks_plainly_beside_a_weak_question_word():
    # 还有 is weak ("还有几天"), but "发不发" asks whichever words come with it
    joined = Lexicon(
        question_markers=("怎么", "还有"),
        weak_question_markers=frozenset({"还有"}),
        question_connectors=("还有",),
        story_openers=("我",),
    )
    reading = read_message("补考报名费怎么处理，还有转岗以后那份补贴发不发", joined)
    assert reading.questions == ("补考报名费怎么处理", "转岗以后那份补贴发不发")


def test_an_enumeration_comma_lists_and_does_not_split_a_question():
    reading = read_message("省、市、县三级人社部门在评价机构管理中各自负责什么？", LEXICON)
    assert reading.questions == ("省、市、县三级人社部门在评价机构管理中各自负责什么",)
    assert reading.story == ()


CONDITIONS = Lexicon(
    question_markers=("吗", "什么", "怎么", "哪"),
    story_openers=("我", "我们"),
    follow_up_openers=("那",),
    condition_markers=("要是", "如果", "的话"),
)


def test_a_condition_before_a_question_belongs_to_it():
    reading = read_message("我们是浙江的一家技能评价机构。评价机构要是违规了 人社部门会给哪些处理", CONDITIONS)
    assert reading.questions == ("评价机构要是违规了，人社部门会给哪些处理",)
    assert reading.story == ("我们是浙江的一家技能评价机构",)


def test_a_condition_clause_stays_with_the_question_it_opens():
    reading = read_message("我们是一家小公司，如果员工一直考不出证，试用期满能怎么处理", CONDITIONS)
    assert reading.questions == ("如果员工一直考不出证，试用期满能怎么处理",)


def test_a_clause_naming_what_the_question_is_about_stays_with_it():
    topics = dataclasses.replace(CONDITIONS, topic_openers=("对于", "针对"))
    message = "我们是一家小公司，对于有失信记录的评价机构，人社部门会采取什么措施"
    assert read_message(message, topics).questions == ("对于有失信记录的评价机构，人社部门会采取什么措施",)
    assert read_message(message, CONDITIONS).questions == ("人社部门会采取什么措施",)  # without the openers


def test_a_clause_framing_the_topic_stays_with_the_question_a_role_told_does_not():
    frames = dataclasses.replace(CONDITIONS, topic_frame_openers=("在", "关于"), topic_closers=("这块", "这方面"))
    message = "学校批下来几个工种，在认定过程管理这块，厅里提了哪些要求"
    assert read_message(message, frames).questions == ("在认定过程管理这块，厅里提了哪些要求",)
    assert read_message(message, CONDITIONS).questions == ("厅里提了哪些要求",)  # without the frame words
    role = "我在县人社负责见习这块，组织见习有哪些不能做的"  # "我…这块" tells who asks, it frames nothing
    assert read_message(role, frames).questions == read_message(role, CONDITIONS).questions


def test_a_clause_setting_the_time_asked_about_stays_with_the_question_the_users_own_does_not():
    times = dataclasses.replace(CONDITIONS, time_frame_closers=("之前", "以后"))
    message = "我们机构上周被抽查了，人社局撤销认定资格之前，要先做哪些事"
    assert read_message(message, times).questions == ("人社局撤销认定资格之前，要先做哪些事",)
    assert read_message(message, CONDITIONS).questions == ("要先做哪些事",)  # without the closers
    own = "我们厂去年给一批工人评了等级，车间里说法不一，大家都拿不准。那我在评上高级工以后，什么时候可以去申请技师评价"
    # the user's own time ("那我…") is their story
    assert read_message(own, times).questions == read_message(own, CONDITIONS).questions


def test_a_count_asked_at_the_end_of_a_sentence_is_a_question():
    reading = read_message("这类机构按规定一共分几类？出了事又由哪一级部门来管？", LEXICON)
    assert len(reading.questions) == 2
    counting = read_message("我们是一家小型制造企业，公司想设几个见习岗位 单位需要满足什么条件", LEXICON)
    assert counting.questions == ("单位需要满足什么条件",)


def test_a_switched_level_drops_the_earlier_title_it_was_asked_with():
    lexicon = Lexicon(
        question_markers=("吗", "呢"),
        follow_up_openers=("那",),
        slots={"level": ("特级技师", "高级技师", "技师"), "title": ("正高", "副高")},
        linked_slots={"level": ("title",)},
    )
    follow = read_message("那特级技师呢", lexicon)
    earlier = substitute_slots("拿到高级技师以后干几年可以评副高", follow, lexicon)
    assert "高级技师" not in earlier and "副高" not in earlier and "干几年" in earlier


def test_a_switched_title_leaves_the_word_for_what_was_asked_about():
    lexicon = Lexicon(
        question_markers=("吗", "呢"),
        follow_up_openers=("那",),
        slots={"level": ("高级技师", "技师"), "title": ("中级职称", "副高")},
        linked_slots={"level": ("title",)},
        slot_heads=("职称",),
    )
    earlier = substitute_slots("在浙江当技师可以报中级职称不", read_message("那高级技师呢", lexicon), lexicon)
    assert "中级" not in earlier and "技师" not in earlier and "职称" in earlier


def test_a_switched_value_also_takes_out_the_everyday_name_of_the_earlier_one():
    lexicon = Lexicon(
        question_markers=("吗", "呢"),
        follow_up_openers=("那",),
        slots={"profession": ("教师", "护士")},
        switch_words={"老师": "教师"},
    )
    earlier = substitute_slots("没考到教师资格证，可以先去学校当老师吗", read_message("那护士呢", lexicon), lexicon)
    assert "教师" not in earlier and "老师" not in earlier and "学校" in earlier


_LONGEST_FIRST = """
from bot.kb.lexicon import Lexicon
from bot.understanding import read_message, substitute_slots
lexicon = Lexicon(
    question_markers=("吗", "呢"),
    follow_up_openers=("那",),
    slots={"level": ("中级工",), "title": ("副高", "中级")},
    linked_slots={"title": ("level",)},
)
print(substitute_slots("有中级工证书的能评什么职称", read_message("那副高呢", lexicon), lexicon))
"""


def test_a_switched_value_takes_out_an_earlier_value_holding_a_shorter_one_whole_in_every_process():
    """中级工 (a level) holds 中级 (a 职称): the earlier values go longest first, whatever order
    the slot kinds come in — which varies with each process's string hashing."""
    for seed in ("0", "2", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _LONGEST_FIRST], capture_output=True, text=True, check=True, env=env, cwd=REPO
        )
        assert out.stdout.strip() == "有 证书的能评什么职称", seed


def test_a_level_the_user_holds_is_a_fact_and_one_they_want_is_not():
    lexicon = Lexicon(
        question_markers=("吗", "能不能"),
        story_openers=("我",),
        follow_up_openers=("那",),
        slots={"level": ("技师",), "title": ("中级",)},
        wish_markers=("想考",),
    )
    reading = read_message("我已经是中级工程师了，现在想考个技师等级证。理论考试能不能免？", lexicon)
    assert reading.story_facts == ("中级",)
    assert "技师" in reading.story_text  # the goal still reads as context


def test_how_many_years_a_requirement_takes_is_asked_even_before_another_question():
    reading = read_message("我前年拿了技师证。我得干满几年才能报中级？学历低要紧吗？", LEXICON)
    assert reading.questions == ("我得干满几年才能报中级", "学历低要紧吗")
    # … while a count in a plan still only tells
    (question,) = read_message("我们想设几个见习岗位，单位要什么条件？", LEXICON).questions
    assert "设几个见习岗位" in question and "单位要什么条件" in question


def test_a_clause_counting_people_tells_when_a_later_clause_of_the_sentence_asks():
    reading = read_message("我们单位招的几个毕业生还没拿到证就上岗了，社保要怎么交", LEXICON)
    assert reading.questions == ("社保要怎么交",)


def test_each_question_keeps_the_story_told_right_before_it():
    reading = read_message("听说评职称不看论文了，可我英语也不行，这样还有戏吗？我去年刚毕业。我能报什么？", LEXICON)
    assert reading.questions == ("这样还有戏吗", "我能报什么")
    assert reading.leads == ("听说评职称不看论文了，可我英语也不行", "我去年刚毕业")


def test_a_question_absorbing_its_lead_takes_it_out_of_the_story():
    reading = read_message("我们厅里打算在国家目录外面再新设一个职业资格，最后怎么审批？", LEXICON).absorb_lead(0)
    assert reading.questions == ("我们厅里打算在国家目录外面再新设一个职业资格，最后怎么审批",)
    assert reading.story == ()
    assert reading.leads == ("",)


def test_a_verb_asked_as_yes_or_no_is_a_question():
    reading = read_message(
        "我们单位招了几个先上岗的大学生，要对他们搞培训。培训的话政府给不给补贴？考没考过有影响吗", LEXICON
    )
    assert reading.questions == ("培训的话政府给不给补贴", "考没考过有影响吗")


def test_one_as_an_article_states_no_figure():
    items = QuantityAsk("多少项", ("项",))
    assert not states_quantity("这是一项既重要又复杂的系统性工作", items, "一共多少项", LEXICON)
    assert states_quantity("先后分七批取消了434项", items, "一共多少项", LEXICON)
    assert states_quantity("取消了十一项", items, "一共多少项", LEXICON)


def test_a_date_states_no_span_of_time():
    span = QuantityAsk("多少天", ("天", "日", "月", "个月"))
    assert not states_quantity("措施已于2020年12月31日届满", span, "要多少天", LEXICON)
    assert states_quantity("应在15个工作日内明确审核意见", QuantityAsk("多少天", ("工作日",)), "要多少天", LEXICON)


def test_one_year_is_a_span_though_one_item_is_an_article():
    spans = Lexicon(question_markers=("吗",), duration_units=("年",))
    assert states_quantity("自收到通知之日起一年内取得证书", QuantityAsk("多久", ("年",)), "多久内", spans)


def test_the_length_of_a_named_period_is_stated_only_beside_its_name():
    periods = Lexicon(
        question_markers=("吗",),
        duration_units=("年", "个月"),
        duration_asks=("多长时间", "多久"),
        period_endings=("期限", "期"),
        duration_ask_fillers=("通常", "得"),
    )
    asked = QuantityAsk("多长时间", ("年", "个月"))
    # the 一年 of this text is how long one has to obtain the certificate, not the 试用期's length …
    text = "试用期满考核合格的，或者自收到通知之日起一年内取得证书的，可以转正"
    assert not states_quantity(text, asked, "试用期通常得多长时间", periods)
    # … which a text states in the same sentence part as the period's name
    assert states_quantity("试用期一般为6个月，期满考核", asked, "试用期通常得多长时间", periods)
    # a text that never names the period does not state its length (the 1年试用期 of another
    # rule is no 见习期); a span asked of no named period is read as before
    assert not states_quantity(text, asked, "见习期通常得多长时间", periods)
    assert states_quantity(text, asked, "拿到证要多长时间", periods)


def test_saying_that_none_has_it_tells_the_story_and_asks_nothing(real_kb):
    reading = read_message("厂里老师傅当年都考过这个证，新招的人都没有。单位这么做合规吗？", real_kb.lexicon)
    assert reading.questions == ("单位这么做合规吗",)
    assert read_message("新招的人考了证没有", real_kb.lexicon).questions == ("新招的人考了证没有",)


def test_which_few_asks_which_not_how_many():
    schools = Lexicon(question_markers=("吗",), quantities={"所": ("所",)})
    assert quantity_asked("江西有几所技工院校能自主认定", schools) is not None
    assert quantity_asked("江西哪几所技工院校能自主认定", schools) is None


def test_a_few_people_who_want_something_are_not_a_count_asked():
    people = Lexicon(question_markers=("吗",), quantities={"个": ("个", "人"), "位": ("位", "人")})
    assert quantity_asked("科里几个同事想去考，靠谱吗", people) is None
    assert quantity_asked("车间有几位老师傅打算报名，行吗", people) is None
    assert quantity_asked("一个考场最多几个人", people) is not None  # a count asked all the same


def test_two_questions_a_comma_apart_are_two_questions():
    reading = read_message("吉林省对职业资格挂证是怎么处理的，文件里的考培分离又是什么", LEXICON)
    assert reading.questions == ("吉林省对职业资格挂证是怎么处理的", "文件里的考培分离又是什么")
    # … but a clause that only tells stays with the question it belongs to
    (question,) = read_message("我们单位想招几个先上岗的毕业生，试用期该怎么约定，我们心里没底", LEXICON).questions
    assert question.startswith("试用期该怎么约定")


LISTING = Lexicon(
    question_markers=("吗", "什么", "多少", "多久", "怎么", "能不能"),
    story_openers=("我", "我们"),
    follow_up_openers=("那",),
    question_connectors=("另外", "以及", "还有"),
    asking_announcements=("问",),
    slots={"level": ("高级工", "技师")},
    rank_asks=("能不能评",),
)


def test_a_message_that_lists_its_questions_asks_with_each_item():
    reading = read_message("想问两个事：一个是见习补贴的标准，另一个是见习期能有多长", LISTING)
    assert reading.questions == ("见习补贴的标准", "见习期能有多长")
    numbered = read_message("1.见习补贴标准是多少 2.见习期多久", LISTING)
    assert numbered.questions == ("见习补贴标准是多少", "见习期多久")


def test_an_item_asking_nothing_in_a_list_whose_other_items_ask_is_a_question_too():
    # Written for this test: the list's own words ("1.…多少 2.…多久 3.…的时间") say it lists questions,
    # whatever the text before it (cut as a greeting) said.
    reading = read_message("1.见习的补助每月怎么发 2.见习期最长多久 3.一建的考试时间", LISTING)
    assert reading.questions == ("见习的补助每月怎么发", "见习期最长多久", "一建的考试时间")
    # … but one asking item among told ones lists no questions
    told = read_message("1.高级工 2.干了三年 3.能评助理级吗", LISTING)
    assert told.questions[-1].endswith("能评助理级吗") and len(told.questions) == 1


def test_questions_numbered_with_bare_numbers_between_spaces_are_items():
    """Typed on a phone without punctuation: "1 … 2 …" numbers the questions."""
    reading = read_message("两件事 1 见习期间生病请假怎么算 2 留用以后合同怎么签", LISTING)
    assert reading.questions == ("见习期间生病请假怎么算", "留用以后合同怎么签")
    # … but numbers counting something are no list: items that short are not questions.
    assert len(read_message("我干了 1 年 2 个月了能评吗", LISTING).questions) == 1


def test_a_lone_number_or_an_item_list_without_asking_lists_no_questions():
    assert read_message("我干了1.5年，能不能评职称", LISTING).questions == ("我干了1.5年,能不能评职称",)
    told = read_message("单位说了两点：一是要签协议，二是要交材料。要交什么材料", LISTING)
    assert told.questions == ("要交什么材料",)


def test_a_connector_starts_a_further_question_only_when_both_sides_ask():
    two = read_message("见习补贴发多少啊另外见习期最长多久", LISTING)
    assert two.questions == ("见习补贴发多少啊", "见习期最长多久")  # the connector itself is left out
    one = read_message("补贴标准以及申请条件是什么", LISTING)
    assert one.questions == ("补贴标准以及申请条件是什么",)


def test_a_question_ending_in_ma_and_another_after_it_are_two():
    assert read_message("能先上岗吗需要满足什么条件", LISTING).questions == ("能先上岗吗", "需要满足什么条件")


def test_a_word_holding_a_value_but_naming_something_else_states_no_fact():
    lexicon = Lexicon(
        question_markers=("吗", "什么"),
        story_openers=("我",),
        slots={"level": ("高级技师", "技师")},
        not_values=("技师学院",),
    )
    school = read_message("我在一所高级技师学院读最后一年。毕业时能拿到什么证？", lexicon)
    assert school.story_facts == ()  # a school, not the level the user holds
    holder = read_message("我是技师，这几年一直在市里的技师学院教书。能评什么职称吗？", lexicon)
    assert holder.story_facts == ("技师",)


def test_what_is_told_for_a_later_question_is_not_the_story_of_an_earlier_one():
    reading = read_message(
        "我们是太原的一家小公司。见习单位能不能靠组织见习赚钱？给见习生发的补贴那部分，要不要算进社保缴费基数？",
        LEXICON,
    )
    assert reading.questions == ("见习单位能不能靠组织见习赚钱", "要不要算进社保缴费基数")
    assert reading.story_for(0) == "我们是太原的一家小公司"  # told before every question: the first's too
    assert reading.story_for(1) == "我们是太原的一家小公司 给见习生发的补贴那部分"


def test_what_is_told_after_a_question_leads_to_the_next_one_with_its_facts():
    reading = read_message("见习不满一个月，生活补助怎么算，我拿到高级工证书满两年，能不能评助理？", LISTING)
    assert reading.questions == ("生活补助怎么算", "我拿到高级工证书满两年，能不能评助理")
    between = read_message("见习不满一个月，生活补助怎么算？我拿到高级工证书满两年，能不能评助理？", LISTING)
    assert between.questions == ("生活补助怎么算", "能不能评助理")
    assert between.with_facts_at(0) == "生活补助怎么算"  # 高级工 is the second question's fact
    assert between.with_facts_at(1) == "能不能评助理 高级工"


def test_facts_told_before_every_question_go_with_each_they_bear_on():
    reading = read_message("我是技师，在厂里干了好些年了。能不能评职称？评上以后补贴有多少？", LISTING)
    assert reading.with_facts_at(0).endswith("技师")
    # where the asker stands bears on a question about the ladder, not on one about the pay
    assert "技师" not in reading.with_facts_at(1)


def test_facts_a_question_tells_in_its_own_sentence_are_that_questions():
    reading = read_message("拿到技师证书满三年了，能不能评职称？厂里发的补贴有多少？", LISTING)
    assert reading.with_facts_at(0).endswith("技师")
    assert "技师" not in reading.with_facts_at(1)


def test_a_value_a_question_names_itself_replaces_the_storys_value_of_that_kind():
    lexicon = Lexicon(
        question_markers=("吗", "什么"),
        story_openers=("我",),
        slots={"level": ("高级工", "技师"), "title": ("助理级",)},
        linked_slots={"level": ("title",), "title": ("level",)},
    )
    reading = read_message("拿到高级工证书满两年，可以申报助理级职称吗，我有技师证，干了3年，能评什么职称？", lexicon)
    assert reading.with_facts_at(0).endswith("高级工")
    assert "高级工" not in reading.with_facts_at(1)  # it names its own level
    assert "高级工" not in without_restated(reading.story_text, reading.questions[1], lexicon)
    assert "高级工" in without_restated(reading.story_text, "补贴有多少", lexicon)


def test_two_things_offered_to_choose_from_ask_which():
    reading = read_message("评价机构一共分几类？认定机构是备案还是遴选", LEXICON)
    assert reading.questions == ("评价机构一共分几类", "认定机构是备案还是遴选")


def test_two_things_offered_across_a_comma_ask_which_when_a_question_mark_ends_them(real_kb):
    # Written for this test: with its question mark the choice asks, beside a plain question after it
    reading = read_message("职称评审的论文是要自己先寄过去，还是有别的途径？另外评审费是多少？", real_kb.lexicon)
    assert reading.questions == ("职称评审的论文是要自己先寄过去,还是有别的途径", "评审费是多少")
    # without it, 还是 may be "still": a story
    reading = read_message("我是技师，还是想评职称。评审费是多少？", real_kb.lexicon)
    assert len(reading.questions) == 1 and reading.questions[0].endswith("评审费是多少")


def test_a_day_asked_after_another_question_in_the_same_sentence_is_a_question_of_its_own(real_kb):
    # Written for this test: 几号 asks a day (几 alone may count what is told)
    reading = read_message("技师证到手后要等多久才能评中级，还有一建几号考", real_kb.lexicon, short_as_one=False)
    assert reading.questions == ("技师证到手后要等多久才能评中级", "一建几号考")


def test_how_many_before_something_stops_asks_even_beside_a_plain_question():
    reading = read_message("见习人员无故缺勤，缺几天就不发补助了，单位怎么处理", LEXICON)
    assert "缺几天就不发补助了" in reading.questions[0]


def test_how_much_of_a_rate_asks_a_rate():
    lexicon = Lexicon(
        question_markers=("多少",),
        follow_up_openers=("那",),
        rate_words=("比例",),
        rate_units=("%", "成"),
        money_words=("补贴",),
        quantities={"钱": ("元",)},
    )
    asked = quantity_asked("派遣用工比例最多不能超过多少", lexicon)
    assert asked == QuantityAsk("多少", ("%", "成"))
    assert states_quantity("补贴为最低工资标准的60%", asked, "比例是多少", lexicon)
    assert not states_quantity("应当规范派遣用工", asked, "比例是多少", lexicon)


def test_whoever_named_with_an_indefinite_which_is_the_subject_of_the_question(real_kb):
    # 或者哪家协会 names any association at all: the clause is who the question after it asks about
    reading = read_message("市里或者哪家协会，能不能给会员发上岗证？", real_kb.lexicon)
    assert reading.questions == ("市里或者哪家协会,能不能给会员发上岗证",)
    # … while a clause asking which one is a question of its own
    assert len(read_message("归哪家协会管，能不能网上办？", real_kb.lexicon).questions) == 2


def test_formal_question_words_ask(real_kb):
    """有何, 何年, 何谓 … ask as plainly as 什么 does: the clause holding one is a question, not story."""
    reading = read_message(
        "请问该通知对个体工商户有何要求，招收无证人员从事技术工种，劳动监察部门会管吗？", real_kb.lexicon
    )
    assert reading.questions[0].endswith("有何要求")
    assert len(reading.questions) == 2
    assert read_message("知识更新工程自何年起实施", real_kb.lexicon).questions == ("知识更新工程自何年起实施",)
    # 作何 asks too: a sentence holding it is a question beside the one after it, not that one's story
    two = read_message("新办法对原先发的上岗证作何交代？外省来的师傅如何参评？", real_kb.lexicon)
    assert two.questions == ("新办法对原先发的上岗证作何交代", "外省来的师傅如何参评")


RUN_ON_LEXICON = Lexicon(
    question_markers=("吗", "什么", "怎么", "能不能"),
    story_openers=("我", "我们"),
    follow_up_openers=("那",),
    clause_openers=("我想问", "听说", "但是", "去年", "现在"),
    clause_enders=("啊", "吗"),
    subject_pronouns=("我们", "我"),
    no_clause_after=("像", "到", "说"),
)
# Written for these tests: a voice-typed message with no punctuation at all.
VOICE_TYPED = (
    "我女儿去年夏天从长治的一所大专毕业到现在一直在家里没找到工作听说山西有就业见习我想问一下像她这种情况能不能去见习"
)


def test_a_message_typed_without_punctuation_is_read_as_if_punctuated():
    reading = read_message(VOICE_TYPED, RUN_ON_LEXICON)
    assert reading.questions == ("我想问一下像她这种情况能不能去见习",)
    assert "，听说山西有就业见习" in reading.story_text
    assert "在家里没找到工作" in reading.story_text


def test_run_on_cuts_come_before_openers_and_pronouns_and_after_enders_but_never_inside_a_phrase():
    text = "我们厂里的老师傅说我可以去评职称但是我不知道像我这种情况要在厂里再干几年才行啊是不是还要先考一门理论"
    assert cut_run_ons(text, RUN_ON_LEXICON) == (
        "我们厂里的老师傅说我可以去评职称，但是，我不知道像我这种情况要在厂里再干几年才行啊，是不是还要先考一门理论"
    )
    # 说我 (an object: the pronoun belongs to what was said) and 到现在 are not cut.
    assert "到，现在" not in cut_run_ons(VOICE_TYPED, RUN_ON_LEXICON)


def test_a_pronoun_that_ends_a_run_on_message_is_an_object_and_opens_nothing():
    text = "我们是一家小公司去年招了两个毕业生到现在社保的事一直没谈拢我想问问为什么他们的老板不肯见我们"
    assert cut_run_ons(text, RUN_ON_LEXICON).endswith("老板不肯见我们")


def test_voice_typed_questions_run_together_are_read_as_two_by_the_real_word_lists(real_kb):
    """Written for this test: two questions with no word between them but an ending (怎么办)
    and an opening (还能不能) that the staff's word lists name."""
    text = "我是一家物流公司管人事的去年招了两个应届生说是先上岗再考证结果到现在证还没考下来这种情况怎么办还能不能继续用他们"
    reading = read_message(text, real_kb.lexicon)
    assert len(reading.questions) == 2
    assert reading.questions[0].endswith("怎么办") and reading.questions[1] == "还能不能继续用他们"


JUDGING = Lexicon(
    question_markers=("吗", "什么", "多少"),
    question_endings=("不",),
    judgement_words=("真的", "合理", "有依据"),
    pointing_words=("这样做", "这样", "这", "是", "不是", "啊"),
)


@pytest.mark.parametrize("question", ["是真的吗", "这样合理吗", "这有依据吗", "是不是真的啊", "这样做合理不"])
def test_a_question_judging_what_was_said_names_nothing_of_its_own(question):
    assert asks_judgement_only(question, JUDGING)


@pytest.mark.parametrize("question", ["老板不发补助合理吗", "真的能免考吗", "见习补贴是多少", "这是什么"])
def test_a_question_naming_what_it_asks_about_is_not_a_mere_judgement(question):
    assert not asks_judgement_only(question, JUDGING)


def test_a_punctuated_or_short_message_is_left_as_it_is():
    punctuated = (
        "我女儿去年夏天从长治的一所大专毕业，到现在一直在家里没找到工作，听说山西有就业见习，我想问一下她能不能去见习"
    )
    assert cut_run_ons(punctuated, RUN_ON_LEXICON) == punctuated
    short = "我去年毕业听说有见习补贴我想问能不能去"
    assert cut_run_ons(short, RUN_ON_LEXICON) == short


def test_what_a_question_asks_for_is_told_by_its_asking_words(real_brain):
    facets = real_brain.lexicon.question_facets
    assert facets_asked("评价机构违规了会怎么处理", facets) == {"consequence"}
    assert facets_asked("这两个办法何时施行", facets) == {"when"}
    assert facets_asked("見習單位要具備什麼條件", facets) == {"conditions"}  # traditional characters too
    assert facets_asked("见习补助一个月多少钱", facets) == frozenset()


def test_asking_what_the_outcome_would_be_asks_a_consequence(real_brain):
    # "…会是个啥结果": what follows from a rule broken or a condition unmet, as 后果 asks
    facets = real_brain.lexicon.question_facets
    assert facets_asked("试用期里证没考出来会是个啥结果", facets) == {"consequence"}
    assert facets_asked("拿不到证的话结果会怎样", facets) == {"consequence"}


def test_a_question_ending_before_an_emoji_or_a_particle_still_asks():
    ending = dataclasses.replace(LISTING, question_endings=("不",))
    reading = read_message("先上岗的毕业生能和单位签劳动合同吗？另外，技师证拿满三年能直接评中级不😂", ending)
    assert reading.questions == ("先上岗的毕业生能和单位签劳动合同吗", "技师证拿满三年能直接评中级不😂")
    told = read_message("我们是一家做软件的民营企业，今年招了几个见习生。见习补贴能按月发不啊～", ending)
    assert told.questions == ("见习补贴能按月发不啊~",)


def test_a_request_asks_as_a_question_does(real_kb):
    reading = read_message("请告知这个办法的文号和印发日期。另外见习补贴每月发多少？", real_kb.lexicon)
    assert reading.questions == ("请告知这个办法的文号和印发日期", "见习补贴每月发多少")


@pytest.mark.parametrize(
    "request_", ["请给出政策依据", "请说明依据", "依据是什么", "请告知出处", "省里文件怎么规定的", "原文咋写的"]
)
def test_a_request_for_the_basis_alone_names_nothing_of_its_own(real_kb, request_):
    """Every answer quotes and cites its clauses: "请说明依据" beside a question asks for no more."""
    assert asks_judgement_only(request_, real_kb.lexicon)
    assert not asks_judgement_only("见习补贴的发放依据是什么", real_kb.lexicon)


def test_a_sentence_opening_with_a_word_that_adds_a_question_is_the_subject_of_the_next():
    reading = read_message("我们单位今年接了见习生，见习补贴一个月发多少？另外，单位中途不发补贴 怎么办", LISTING)
    assert reading.questions == ("见习补贴一个月发多少", "单位中途不发补贴，怎么办")
    # … and so is a clause after a question's comma: "…发多少，另外单位中途不发补贴 怎么办".
    clause = read_message("我们单位今年接了见习生 见习补贴一个月发多少，另外单位中途不发补贴 怎么办", LISTING)
    assert clause.questions[-1] == "单位中途不发补贴，怎么办"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("您好！見習補貼怎麼發？謝謝", "見習補貼怎麼發？"),  # traditional thanks too, cut from the text as typed
        ("你好我儿子前年毕业了，能参加见习吗", "我儿子前年毕业了，能参加见习吗"),
        ("见习补贴每月发多少吗谢谢了", "见习补贴每月发多少吗"),
        ("谢谢", "谢谢"),  # nothing else: answered in kind
        ("单位对见习生表示感谢", "单位对见习生表示感谢"),  # 感谢 inside a sentence is no thanks
        ("你好，想问一下，见习补贴每月发多少", "见习补贴每月发多少"),  # an opener announcing the question
        ("请问见习补贴每月发多少", "请问见习补贴每月发多少"),  # … only when a comma ends it
        ("有没有大神知道见习补贴每月发多少", "见习补贴每月发多少"),  # who is asked, in a forum's words
        ("求问：见习补贴每月发多少", "见习补贴每月发多少"),
        ("有人知道吗", "有人知道吗"),  # nothing else: left as it is
        ("谢谢啦，另外见习补贴每月发多少", "另外见习补贴每月发多少"),  # thanks opening a further question
        ("感谢费怎么算", "感谢费怎么算"),  # … only before a break
    ],
)
def test_a_greeting_before_and_thanks_after_a_question_are_not_read(real_kb, typed, read):
    assert without_pleasantries(typed, real_kb.lexicon) == read


def test_a_space_after_a_question_particle_ends_the_question_whatever_follows(real_kb):
    # written for this test: a phone user's space instead of a question mark, before a year
    reading = read_message("护士证能晚点拿吗 2026年护士资格考试是几号", real_kb.lexicon)
    assert reading.questions == ("护士证能晚点拿吗", "2026年护士资格考试是几号")


def test_a_stretch_without_a_letter_or_a_digit_is_no_sentence():
    assert read_message("见习补贴每个月到底能发多少钱？ 🙏", LISTING).questions == ("见习补贴每个月到底能发多少钱",)


@pytest.mark.parametrize(
    ("message", "region"),
    [
        ("我老家在吉林，现在在山西工作。山西的见习补贴怎么发？", "山西"),  # the question names it
        ("我在吉林读的书，毕业后到了浙江。评价机构要什么条件？", "浙江"),  # the story's last, nearest the question
        # … but not a place the asker was before, when the story names another
        ("我是宁波一家机床厂的钳工，之前在深圳电子厂干过几年。技师要几年才能评中级职称？", "浙江"),
        ("我在温州长大，前几年从江西回来的。评价机构要什么条件？", "浙江"),
        ("之前在深圳干过几年电工。技师要几年才能评中级职称？", "广东"),  # the only place told
        # … nor where the asker came from ("是吉林过去的")
        ("我在绍兴一家培训学校上班，是江西过来的。评价机构要什么条件？", "浙江"),
        # … nor where someone else is, or the asker's family (written for this test)
        ("我在嘉兴开叉车，爱人是湖南人，在长沙上班。技师证到手后隔多久能去评中级呀？", "浙江"),
        ("我在大同当见习生，老家内蒙古的。见习补贴怎么发？", "山西"),
        ("我老婆在长沙上班。技师证到手后隔多久能去评中级呀？", "湖南"),  # the only place told
        # … nor a city right after a place of the past, where one grew up, or where the boss is from
        ("我在温州做焊工，早些年在广东东莞打过工。手上高级工有二十来个月了，够格报助理职称不？", "浙江"),
        ("我在湖州当电工，小时候在贵州长大。手上高级工有二十来个月了，够格报助理职称不？", "浙江"),
        ("我在运城一家厂里管人事，厂长是陕西人。单位收见习生有什么补贴？", "山西"),
    ],
)
def test_the_province_asked_about_is_the_questions_else_the_one_the_story_names_last(real_kb, message, region):
    assert read_message(message, real_kb.lexicon).region == region


def test_a_few_years_spent_somewhere_tells_the_story_and_asks_nothing(real_kb):
    reading = read_message("我是宁波的钳工，之前在深圳干过几年。技师多久能评中级职称？", real_kb.lexicon)
    assert reading.questions == ("技师多久能评中级职称",)
    # 不怎么 (hardly) holds 怎么, yet asks nothing
    reading = read_message("我调去管生产了，现在不怎么碰设备。特级技师还能报正高级职称吗？", real_kb.lexicon)
    assert reading.questions == ("特级技师还能报正高级职称吗",)


def test_a_sentence_ending_with_a_question_mark_asks_though_no_question_word_does():
    reading = read_message("在外地考的高级技能证书全省都通用？单位就在太原市小店区。", LEXICON)
    assert reading.questions == ("在外地考的高级技能证书全省都通用",)
    assert reading.story == ("单位就在太原市小店区",)


def test_a_question_mark_alone_asks_before_a_plain_question(real_kb):
    reading = read_message("技能人才评职称得有学历？要交几篇论文？", real_kb.lexicon)
    assert reading.questions == ("技能人才评职称得有学历", "要交几篇论文")


def test_a_claim_heard_or_presumed_with_a_question_mark_tells_the_plain_question_after_it(real_kb):
    """What the user heard ("听说…？") or presumes ("…了吧？") is the story of the question that
    follows it, not a question of its own."""
    reading = read_message("听说拿过省级技能大奖的技师申报职称有快速通道？最快要多少年才能评上？", real_kb.lexicon)
    assert reading.questions == ("最快要多少年才能评上",)
    reading = read_message("浙江管技能评价机构的那份办法去年就已经印发了吧？具体是哪天起开始执行的？", real_kb.lexicon)
    assert reading.questions == ("具体是哪天起开始执行的",)


def test_how_old_asks(real_kb):
    reading = read_message("见习的话，多大年纪的人能参加？补助按什么标准发？", real_kb.lexicon)
    assert len(reading.questions) == 2


def test_a_figure_the_story_tells_is_a_fact_of_the_question(real_kb):
    """ "连续7天没来" is what a rule on absence turns on; a date or a year counts nothing."""
    reading = read_message(
        "本公司从2024年起承接见习任务，一名见习人员上旬连续7天未到岗。当月生活补助是否照发？", real_kb.lexicon
    )
    assert "连续7天" in reading.story_facts
    assert not any("2024" in fact for fact in reading.story_facts)
    assert told_figures("到月底一共上了8个工作日的班，2020年12月31日前报到", real_kb.lexicon) == ("8个工作日",)


def test_an_officials_de_clause_naming_whom_a_rule_is_for_belongs_to_the_question():
    reading = read_message("根据有关规定，见习单位未按期足额发放生活补助的，主管部门会怎么处置？", LEXICON)
    assert reading.questions == ("见习单位未按期足额发放生活补助的，主管部门会怎么处置",)


def test_a_user_saying_where_they_are_from_is_still_their_story():
    reading = read_message("今年第一次接收见习生，我们单位是山西太原的，见习补贴怎么领取？", LEXICON)
    assert reading.questions == ("见习补贴怎么领取",)


def test_an_item_of_an_announced_list_asks_even_when_it_asks_only_weakly(real_kb):
    """ "想问两件事：1. …几年可以报中级？2. …" — an item the message announces as a question is one,
    though 几 and 可以 alone would make it the story of the next."""
    reading = read_message(
        "想问两件事：1. 在杭州，考到高级工以后几年可以报助理？2. 技工院校中级工班毕业，报考统计师按什么学历？",
        real_kb.lexicon,
    )
    assert len(reading.questions) == 2


def test_a_vague_count_tells_and_does_not_ask(real_kb):
    """前几年, 十几年, 好几个 count vaguely: "听说前几年…" is the story of the question before it."""
    reading = read_message("我们单位想问问今年见习单位的补助还发不发？听说前几年发过好几批。", real_kb.lexicon)
    assert reading.questions == ("我们单位想问问今年见习单位的补助还发不发",)


def test_what_a_short_message_tells_after_its_question_stays_its_story(real_kb):
    """A short message is one question with the story told before it, but what is told after
    the question ("…还查吗 听说以前清理过") is not part of what it asks."""
    after = read_message("挂证现在还查吗 听说以前清理过", real_kb.lexicon)
    assert after.questions == ("挂证现在还查吗",)
    before = read_message("见习才干了十天 能拿补助吗", real_kb.lexicon)
    assert len(before.questions) == 1 and "十天" in before.questions[0]
    adding = read_message("见习补助多少？另外注册管理", real_kb.lexicon)  # adds a topic, tells nothing
    assert len(adding.questions) == 1 and "注册管理" in adding.questions[0]


def test_a_clause_about_the_user_after_the_last_question_is_its_story():
    """ "…还管不管，我们这边…": a clause the user tells of themself after the question is story,
    not part of what is asked; any other clause after it stays in the question."""
    lexicon = Lexicon(question_markers=("管不管", "怎么"), story_openers=("我",))
    told = read_message("这种事现在管不管，我们单位里有人在干", lexicon)
    assert told.questions == ("这种事现在管不管",)
    assert told.story == ("我们单位里有人在干",)
    kept = read_message("这种事现在管不管，单位里有人在干", lexicon)
    assert kept.questions == ("这种事现在管不管，单位里有人在干",)


def test_a_clause_naming_only_what_the_question_goes_by_leads_to_the_sentence_before_it():
    lexicon = Lexicon(question_markers=("怎么", "咋"), story_openers=("我",), basis_phrases=("按当时的规定",))
    reading = read_message("我们招的人试用期满了还没拿到证。按当时的规定，我们该咋办？", lexicon)
    assert reading.questions == ("我们该咋办",)
    assert reading.leads == ("我们招的人试用期满了还没拿到证",)  # not "按当时的规定"
    # any other clause before the question stays its lead
    told = read_message("我们招的人试用期满了还没拿到证。照我说，单位该怎么办？", lexicon)
    assert told.leads == ("照我说",)


def test_where_the_asker_stands_is_a_fact_only_of_a_question_about_the_ladder(real_brain):
    # A level told in the story is what "能评什么职称" turns on; a question about something else
    # (the exams a 职称 review may not require) is not about the 职称 a 高级技师 may apply for.
    def read(text):
        return read_message(real_brain.punctuate(real_brain.pipeline.correct(text)), real_brain.lexicon)

    ladder = read("我在厂里干了二十年，去年拿到高级技师证书。请问能评什么职称？")
    assert ladder.questions == ("请问能评什么职称",) and "高级技师" in ladder.with_facts_at(0)
    other = read("我在厂里干了二十年，去年拿到高级技师证书。评审时外语和计算机还卡不卡？")
    assert other.questions == ("评审时外语和计算机还卡不卡",)
    assert "高级技师" not in other.with_facts_at(0) and "高级技师" not in other.with_facts(other.questions[0])


def test_an_ordinal_is_a_point_in_time_not_a_figure_told(real_kb):
    assert told_figures("刚入职第二周领导就安排我独自带班", real_kb.lexicon) == ()
    assert told_figures("第3天就没来了，前后一共来了5天", real_kb.lexicon) == ("5天",)


def test_a_clause_likening_someone_to_the_asker_tells_and_sets_no_condition(real_kb):
    """ "像他这样…的，" describes the person asked about: it is the story the question leans on,
    while an official's "…的" clause naming whom a rule is for stays part of the question."""
    likened = read_message("像他这样离校快两年、做过临时工的，还能不能报名参加见习？", real_kb.lexicon)
    assert likened.questions == ("还能不能报名参加见习",)
    assert likened.leads == ("像他这样离校快两年、做过临时工的",)
    whom = read_message("评价机构对处罚有异议的，可以申请复核吗？", real_kb.lexicon)
    assert whom.questions == ("评价机构对处罚有异议的，可以申请复核吗",)


def test_a_formal_condition_clause_is_part_of_the_question_it_comes_before(real_kb):
    """若要…, 如需… set a condition as 如果 does: the question asks under it, so it is no story."""
    reading = read_message("持有副高职称的技术人员，若要参加高级技师评价，需先具备哪个等级？", real_kb.lexicon)
    assert reading.questions == ("若要参加高级技师评价，需先具备哪个等级",)
    assert reading.leads == ("持有副高职称的技术人员",)


def test_a_statement_of_what_happened_ending_in_de_sets_no_condition(real_kb):
    """ "…，是按先上岗再考证招进来的。" says how someone was hired (是…的): it is the story, not a
    condition the next question asks under."""
    reading = read_message(
        "去年单位录用了一个护理专业应届生，那会儿还没有护士执业资格，是按先上岗再考证招进来的。试用期应该约定多长？",
        real_kb.lexicon,
    )
    assert reading.questions == ("试用期应该约定多长",)


def test_offering_two_categories_to_choose_from_asks_which_one(real_kb):
    reading = read_message("焊工属于准入类还是水平评价类？企业招人能不能把它当门槛？", real_kb.lexicon)
    assert len(reading.questions) == 2
    reading = read_message("茶艺师算准入类还是水平评价类？单位招聘能不能硬性要求？", real_kb.lexicon)
    assert len(reading.questions) == 2


def test_the_claim_a_story_says_was_heard_is_what_follows_the_last_hearsay_word(real_kb):
    lexicon = real_kb.lexicon
    assert heard_claim("我在厂里当焊工，同事说考了证厂里就得涨工资", lexicon) == (
        "考了证厂里就得涨工资",
        "我在厂里当焊工",
    )
    assert heard_claim("我在厂里当焊工，干了十年", lexicon) is None
    assert checks_a_claim("真的假的", lexicon)
    assert checks_a_claim("是这样吗", lexicon)
    assert not checks_a_claim("工资怎么定", lexicon)


@pytest.mark.parametrize("question", ["这么弄对不对", "这么搞合理吗", "这样干行不行"])
def test_doing_it_this_way_judged_is_a_mere_judgement_whatever_the_order_of_the_word_lists(real_kb, question):
    # the staff's pointing words list 这 before 这么弄: the longer word is taken out first
    assert asks_judgement_only(question, real_kb.lexicon)


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("见习补贴每月发多少，还有中途走了的见习生，补贴还给不给", "中途走了的见习生，补贴还给不给"),
        ("补贴什么时候发，还有留下的人超过一半，补贴可不可以多发", "留下的人超过一半，补贴可不可以多发"),
    ],
)
def test_a_clause_a_connector_opens_leads_to_the_question_after_it(real_kb, text, second):
    """Written for this test: "还有…" asking nothing plainly by itself is what the next question is
    about, not a tail of the question before."""
    assert read_message(text, real_kb.lexicon).questions[1:] == (second,)


@pytest.mark.parametrize(
    ("message", "region"),
    [
        # Written for this test: a place told in passing (a master's, the parents') outweighed the
        # asker's own, which this base covers, and the whole message was declined
        ("我在绍兴的厂里当钳工，2024年考下的高级工。我师傅的证是在安徽考的。助理级的职称我够格申报吗？", "浙江"),
        ("闺女在太原念的大专今年毕业，我跟她妈在河北打工。她去见习一个月生活费给多少", "山西"),
        # … but the sentence leading to the question says what it asks of
        ("我在温州做技师，证拿了五年。想问一下江苏那边，技师过几年可以评中级", "江苏"),
    ],
)
def test_a_place_told_in_passing_does_not_outweigh_the_covered_one_asked_about(real_kb, message, region):
    assert read_message(message, real_kb.lexicon).region == region


def test_a_sentence_pointing_at_words_written_tells_and_does_not_ask(real_kb):
    # Written for this test: "这几个字" points at words; its 几 counts nothing asked
    message = "我翻旧档案看到招聘启事上特意写着“先上岗、再考证”这几个字，这是规定必须写上的吗？"
    reading = read_message(message, real_kb.lexicon)
    assert reading.questions == ("这是规定必须写上的吗",)


def test_the_province_the_asker_says_they_are_in_is_their_home_not_anyone_elses(real_kb):
    lexicon = real_kb.lexicon
    assert home_region("我们现在在吉林，浙江那边的做法能照搬吗", lexicon) == "吉林"
    assert home_region("我目前在山西，顺带打听下杭州那边的情况", lexicon) == "山西"
    assert home_region("我是江西人，顺带打听下杭州那边的情况", lexicon) is None  # (where they come from)
    assert home_region("我老婆在吉林上班，浙江那边的做法能照搬吗", lexicon) is None  # (someone else's)
    assert home_region("浙江那边的做法在吉林能照搬吗", lexicon) is None  # (asked of, not told)
