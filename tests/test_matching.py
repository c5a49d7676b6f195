"""The matcher's three outcomes: a confident answer, "did you mean…", or an honest decline."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from bot.kb.normalise import fold
from bot.matching import Matcher
from bot.resolve import ResolvePolicy
from bot.text import TextPipeline
from tests.support import TODAY


@pytest.fixture
def mini_assistant(mini_kb_dir):
    return Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=lambda: TODAY)


def test_normalisation_folds_width_traditional_and_case():
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("職業資格證書") == "职业资格证书"


def test_synonyms_rewrite_colloquial_words_before_matching():
    pipeline = TextPipeline({"教资": "教师资格"}, [])
    assert pipeline.canonical("没考教资，能当老师吗？") == "没考教师资格能当老师吗"


def test_a_clear_question_gets_a_confident_answer(mini_assistant):
    reply = mini_assistant.ask("招应届生时能不能要求必须有职业资格证？")
    assert reply.outcome == "answered"
    assert reply.entry_id == "mini-hiring"
    assert "不得将取得上述职业资格作为限制性条件" in reply.plain_text


def test_traditional_characters_are_understood(mini_assistant):
    reply = mini_assistant.ask("見習不滿一個月，生活補助怎麼算？")
    assert reply.entry_id == "mini-allowance"


def test_an_unrelated_question_is_declined_without_citations(mini_assistant):
    reply = mini_assistant.ask("今天北京天气怎么样？")
    assert reply.outcome == "declined"
    assert "抱歉" in reply.plain_text
    assert "〔" not in reply.plain_text
    assert reply.citations == ()


def test_a_question_whose_runner_up_is_within_the_margin_asks_did_you_mean(mini_kb_dir):
    brain = Brain(load_knowledge(mini_kb_dir, today=TODAY), resolve_policy=ResolvePolicy(margin=0.2, agree_margin=0.2))
    reply = Assistant(brain, clock=lambda: TODAY).ask("招聘限制条件和见习补助")
    assert reply.outcome == "ambiguous"
    assert "抱歉" in reply.plain_text and "您是想问" in reply.plain_text
    assert set(reply.candidates) == {"mini-hiring", "mini-allowance"}
    assert {b.action for b in reply.all_buttons()} >= {"e:mini-hiring", "e:mini-allowance"}


def test_empty_or_punctuation_only_text_asks_for_words(mini_assistant):
    for text in ("", "   ", "？？！！", "\u200b\u200b"):
        reply = mini_assistant.ask(text)
        assert reply.outcome == "declined"
        assert "请用文字输入" in reply.plain_text


@pytest.mark.parametrize(
    "question",
    [
        "今天北京天气怎么样",
        "公务员考试什么时候报名",
        "驾照科目一怎么预约",
        "推荐几部好看的电影",
        "个人所得税怎么退",
        "股票明天会涨吗",
        "考研复试分数线多少",
    ],
)
def test_out_of_scope_questions_are_declined_by_the_real_knowledge(assistant, question):
    reply = assistant.ask(question)
    assert reply.outcome == "declined", (reply.entry_id, reply.score)


def test_every_answer_cites_its_clauses_in_the_footer(assistant):
    reply = assistant.ask("技能人才评价机构的设立有效期是几年？")
    assert reply.outcome == "answered"
    assert "📎 依据" in reply.plain_text
    for cite in reply.citations:
        doc = assistant.kb.document_of(cite)
        assert doc.title in reply.plain_text


@pytest.mark.parametrize(
    ("text", "expected"), [("你好", "请直接输入您的问题"), ("謝謝！", "不客气"), ("17", "请用文字输入")]
)
def test_greetings_thanks_and_bare_numbers_get_a_human_reply_not_a_policy(assistant, text, expected):
    reply = assistant.ask(text)  # the greetings and their replies are lexicon data
    assert expected in reply.plain_text
    assert reply.citations == ()


def test_remembered_scores_are_the_scores_worked_out_afresh(real_kb):
    """A message's parts are scored several times; the remembered scores must be exactly what a
    fresh brain works out, whatever `limit` each caller asks for."""
    remembering, fresh = Brain(real_kb), Brain(real_kb)
    question, story = "要延续的话怎么弄", "我们是被遴选的职业技能等级认定机构"
    remembering.matcher.score_all(question, None, limit=12, context=story)
    for limit in (1, 3, 12):
        assert remembering.matcher.score_all(question, None, limit=limit, context=story) == (
            fresh.matcher.score_all(question, None, limit=limit, context=story)
        )
    first = remembering.resolver.resolve(question, story, None, None, frozenset())
    remembering.forget()
    assert remembering.resolver.resolve(question, story, None, None, frozenset()) == first


def test_pronouns_and_connectors_say_nothing_about_which_policy_is_meant(real_brain):
    """Asking "另外她们…" is asking "…": neither word weighs against the match."""
    pipeline = real_brain.pipeline
    _, features = pipeline.features("另外她们没证能不能单独带班")
    assert not {"另外", "她们"} & set(features)
    plain = real_brain.matcher.score_all("没证能不能单独带班", None, limit=1)[1][0]
    told = real_brain.matcher.score_all("另外她们没证能不能单独带班", None, limit=1)[1][0]
    assert told.entry_id == plain.entry_id


def test_the_matchers_f_measure_is_the_harmonic_mean_of_capped_precision_and_recall():
    rng = np.random.default_rng(7)
    matched = np.concatenate([[0.0, 3.0, 5.0], rng.uniform(0, 6, 500)])
    mass = np.concatenate([[2.0, 2.0, 9.0], rng.uniform(0.1, 6, 500)])
    query_mass = 4.0
    precision = np.minimum(matched / mass, 1.0)
    recall = np.minimum(matched / query_mass, 1.0)
    with np.errstate(invalid="ignore"):
        textbook = np.where(matched > 0, 2 * precision * recall / (precision + recall), 0.0)
    f_measure, got_precision = Matcher._f_measure(matched, mass, query_mass)
    assert np.allclose(f_measure, textbook) and np.allclose(got_precision, precision)


def test_an_unknown_word_of_manner_weighs_less_against_a_match_than_an_unknown_topic(real_brain):
    """An official's register ("将…", "何种…") adds words the phrasings never use; they say how
    the question is put, not what it is about, so they cost a match less than a word naming
    something the knowledge does not hold."""
    matcher = real_brain.matcher
    assert not matcher.knows("何种") and not matcher.knows("足球")
    formal = matcher.score_all("评价机构采用何种监管方式", None, limit=1)[1][0]
    off_topic = matcher.score_all("评价机构采用足球监管方式", None, limit=1)[1][0]
    assert formal.entry_id == off_topic.entry_id == "evalorg-how-supervised"
    assert formal.score > off_topic.score
