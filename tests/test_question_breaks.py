"""Where a question typed without punctuation ends: learnt from the knowledge's own clauses."""

from __future__ import annotations

import functools

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kb.lexicon import Lexicon
from bot.question_breaks import QuestionBreaks

BREAK_LEXICON = Lexicon(
    question_markers=("吗", "什么", "怎么", "谁", "多久", "几", "请说明"),
    weak_question_markers=frozenset({"几"}),
    request_openers=("请说明",),
    not_asking=("这么",),
    story_openers=("我们", "我"),
)
# Written for these tests: how the knowledge phrases things, each clause punctuated.
KNOWLEDGE = (
    "评价机构谁来监管",
    "机构违规了怎么处理",
    "机构收费有什么规定",
    "见习单位要满足什么条件",
    "见习单位，要提供什么",
    "单位提交申请，多久能审完",
    "申请以后，多久有结果",
)


@functools.cache
def _breaks() -> QuestionBreaks:
    tokenizer = jieba.Tokenizer()
    return QuestionBreaks(lambda: KNOWLEDGE, lambda text: tokenizer.lcut(text, HMM=False), BREAK_LEXICON)


def test_two_questions_typed_in_one_stretch_are_parted_where_the_knowledge_ends_and_starts_clauses():
    assert _breaks().punctuate("评价机构到底由谁来监管机构违规了会怎么处理") == (
        "评价机构到底由谁来监管，机构违规了会怎么处理"
    )


def test_the_break_comes_soon_after_the_first_question_word():
    # 申请 starts clauses as often as 单位 does; the nearer break wins.
    assert _breaks().punctuate("见习单位要满足什么条件单位提交了申请多久能审完") == (
        "见习单位要满足什么条件，单位提交了申请多久能审完"
    )


def test_a_story_told_first_ends_where_the_question_clause_starts():
    assert _breaks().punctuate("我们是一家刚成立的物流公司见习单位要满足什么条件") == (
        "我们是一家刚成立的物流公司，见习单位要满足什么条件"
    )


def test_a_request_said_first_asks_the_question_that_follows_it():
    # 请说明 is no question of its own beside the 什么 after it …
    assert (
        _breaks().punctuate("烦请说明新成立的见习单位究竟得满足什么条件")
        == "烦请说明新成立的见习单位究竟得满足什么条件"
    )
    # … though the same question said after another one still starts a question of its own
    assert _breaks().punctuate("评价机构到底由谁来监管请说明机构违规了会怎么处理") != (
        "评价机构到底由谁来监管请说明机构违规了会怎么处理"
    )


def test_punctuated_short_or_single_questions_are_left_as_they_are():
    breaks = _breaks()
    punctuated = "评价机构到底由谁来监管，机构违规了会怎么处理"
    assert breaks.punctuate(punctuated) == punctuated
    assert breaks.punctuate("谁来监管机构违规怎么处理") == "谁来监管机构违规怎么处理"  # too short to hold two
    one = "评价机构在开展评价的时候收费要遵守什么规定"
    assert breaks.punctuate(one) == one


def test_weak_question_words_and_words_that_ask_nothing_are_no_questions():
    breaks = _breaks()
    assert breaks.question_word_spots("想设几个岗位这么做要满足什么条件") == [(12, 14)]


def test_the_real_knowledge_parts_a_story_from_the_question_typed_after_it(real_brain):
    text = "我们是宁波一家物流公司打算给自家员工做职业技能等级认定要到哪一级人社部门申请"
    assert real_brain.punctuate(text) == (
        "我们是宁波一家物流公司打算给自家员工做职业技能等级认定，要到哪一级人社部门申请"
    )


def test_two_questions_typed_without_punctuation_both_get_an_answer(assistant):
    reply = assistant.ask("山西见习单位得具备哪些条件见习生每月的生活补助发多少")
    assert reply.outcome == "answered"
    assert "依法登记注册" in reply.plain_text  # what a 见习单位 must be
    assert "不低于当地最低工资标准" in reply.plain_text  # what a 见习生 is paid


PIECES = (
    "评价机构",
    "谁来监管",
    "机构违规了",
    "怎么处理",
    "我们",
    "见习单位",
    "什么条件",
    "多久",
    "吗",
    "几个",
    "这么",
    "🤔",
    "a1",
)


@given(st.lists(st.sampled_from(PIECES), max_size=60))
@settings(max_examples=60, deadline=None)
def test_parting_only_ever_adds_commas(pieces):
    text = "".join(pieces)
    parted = _breaks().punctuate(text)
    assert parted.replace("，", "") == text.replace("，", "")
    assert "，，" not in parted and not parted.startswith("，") and not parted.endswith("，")
