"""Reading a whole message: which sentences ask and which tell the user's story."""

from __future__ import annotations

from bot.kb.lexicon import Lexicon
from bot.understanding import read_message

LEXICON = Lexicon(
    question_markers=("吗", "什么", "怎么", "几", "多少", "哪"),
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


def test_two_questions_are_both_kept():
    reading = read_message("见习补贴有多少？见习期满发什么证明？", LEXICON)
    assert reading.questions == ("见习补贴有多少", "见习期满发什么证明")
