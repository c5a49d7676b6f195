"""The matcher's three outcomes: a confident answer, "did you mean…", or an honest decline."""

from __future__ import annotations

import dataclasses
import random
import re
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.core import Assistant, Brain
from bot.kb import KbLoadFailed
from bot.kb.knowledge import load_knowledge
from bot.kb.normalise import fold, longest_word_pattern
from bot.matching import TOP_PHRASINGS, Matcher
from bot.resolve import QuestionAlone, ResolvePolicy
from bot.structured import _WRITTEN_TITLES, TITLE_WRITTEN_SCORE, _document_keys, _titles_written_out
from bot.text import TextPipeline
from tests.support import TODAY, copy_real_kb


@pytest.fixture
def mini_assistant(mini_kb_dir):
    return Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=lambda: TODAY)


def test_normalisation_folds_width_traditional_and_case():
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("職業資格證書") == "职业资格证书"


def test_a_year_written_in_chinese_numerals_digit_by_digit_is_folded_to_its_digits():
    assert fold("二〇一七年版") == "2017年版" and fold("二零二一版目录") == "2021版目录"
    assert fold("一九九七年那份") == "1997年那份"
    # … not other numbers, nor one that is not a year of an edition or a date
    assert fold("二十二年") == "二十二年" and fold("一二三四") == "一二三四"


def test_synonyms_rewrite_colloquial_words_before_matching():
    pipeline = TextPipeline({"教资": "教师资格"}, [])
    assert pipeline.canonical("没考教资，能当老师吗？") == "没考教师资格能当老师吗"


def test_a_word_list_pattern_matches_the_longest_word_wherever_one_begins():
    words = ["资格", "资格证", "资格证书", "证书", "书", "职业资格目录", "职业"]
    alternation = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    trie = re.compile(longest_word_pattern(words))
    for text in ("职业资格证书和职业资格目录", "资格证丢了补证书", "职业资格证", "书证资格"):
        assert trie.findall(text) == alternation.findall(text)
    assert trie.findall("职业资格证书") == ["职业", "资格证书"]
    # … and backs off to a shorter word when what follows rules the longer out
    assert re.findall(f"(?:{longest_word_pattern(['人社部', '人社'])})(?!门)", "人社部门") == ["人社"]
    assert longest_word_pattern([]) == "" and longest_word_pattern([""]) == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="资格证书职业目录", min_size=1, max_size=5), max_size=8),
    st.text(alphabet="资格证书职业目录 ", max_size=30),
)
def test_any_word_list_pattern_finds_what_the_longest_first_alternation_finds(words, text):
    alternation = "|".join(map(re.escape, sorted(dict.fromkeys(words), key=len, reverse=True)))
    if words:
        assert re.findall(longest_word_pattern(words), text) == re.findall(alternation, text)


def test_a_clear_question_gets_a_confident_answer(mini_assistant):
    reply = mini_assistant.ask("招应届生时能不能要求必须有职业资格证？")
    assert reply.outcome == "answered"
    assert reply.entry_id == "mini-hiring"
    assert "不得将取得上述职业资格作为限制性条件" in reply.plain_text


def test_traditional_characters_are_understood(mini_assistant):
    reply = mini_assistant.ask("見習不滿一個月，生活補助怎麼算？")
    assert reply.entry_id == "mini-allowance"


def test_cantonese_written_as_spoken_is_read_as_the_mandarin_it_says(real_kb):
    # Written for this test: 嘅, 係唔係, 幾多, 冇 and 唔該 (thanks, not 不该) as the lexicon's
    # dialect_words give them; 係 alone stays (關係 is 关系) and so does 仲裁.
    pipeline = TextPipeline({}, [], dialect_words=real_kb.lexicon.dialect_words)
    assert pipeline.correct("佢嘅證係唔係冇用？考一次收幾多錢？唔該") == "他的证是不是没有用?考一次收多少钱?谢谢"
    assert pipeline.correct("勞動關係仲裁") == "劳动关系仲裁"


def test_an_internet_exclamation_spelled_as_a_place_names_no_place(real_kb):
    # Written for this test: 蚌埠住了 ("can't hold it") is slang, not the city 蚌埠; the city stays
    pipeline = TextPipeline({}, [], dialect_words=real_kb.lexicon.dialect_words)
    assert pipeline.correct("技师评中级要几年 蚌埠住了") == "技师评中级要几年 "
    assert pipeline.correct("蚌埠有见习基地吗") == "蚌埠有见习基地吗"


def test_cantonese_figures_asked_are_declined_when_the_sources_give_none(assistant):
    reply = assistant.ask("浙江啲評價機構考一次收幾多錢？")
    assert reply.outcome == "declined" and "没有这个具体数字（多少钱）" in reply.plain_text


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
    ("text", "expected"),
    [
        ("你好", "请直接输入您的问题"),
        ("謝謝！", "不客气"),
        ("好的谢谢啦", "不客气"),
        ("17", "请用文字输入"),
        # a greeting with fillers, or words announcing a question not yet asked (written for this
        # test: "你好，想咨询一下" was answered with a clause on 咨询 services)
        ("嗨嗨你好啊~", "请直接输入您的问题"),
        ("您好，我想咨询一下", "请直接输入您的问题"),
        ("在不在？有个问题", "请直接输入您的问题"),
    ],
)
def test_greetings_thanks_and_bare_numbers_get_a_human_reply_not_a_policy(assistant, text, expected):
    reply = assistant.ask(text)  # the greetings and their replies are lexicon data
    assert expected in reply.plain_text
    assert reply.citations == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你是谁？", "职业资格政策助手"),  # never a policy entry that happens to say 谁
        ("你能干什么", "考试提醒"),
        ("怎么删除我的数据", "/forget"),
        ("你们存了我哪些数据", "/mydata"),
        ("帮我设置考试提醒", "🔔 提醒我"),
    ],
)
def test_questions_about_the_assistant_itself_are_answered_by_it_not_by_a_policy(assistant, text, expected):
    reply = assistant.ask(text)  # whole messages, listed in the lexicon with their replies
    assert reply.outcome == "small_talk" and expected in reply.plain_text
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


def test_a_common_verb_the_knowledge_never_uses_says_how_a_question_is_put(real_brain):
    """应当 ("should") is one of the few hundred commonest verbs of general Chinese; a formal
    question uses it where the phrasings say 要 or 需要. It is not what the question is about,
    so it costs a match only as much as an unknown word of manner does."""
    matcher = real_brain.matcher
    assert not matcher.knows("应当") and not matcher.knows("足球")
    formal = matcher.score_all("见习单位应当具备什么条件", None, limit=1)[1][0]
    plain = matcher.score_all("见习单位具备什么条件", None, limit=1)[1][0]
    off_topic = matcher.score_all("见习单位足球具备什么条件", None, limit=1)[1][0]
    assert formal.entry_id == plain.entry_id == off_topic.entry_id == "intern-unit-conditions"
    assert plain.score > formal.score > off_topic.score + 0.03


def test_an_entry_two_phrasings_lead_to_outranks_one_a_single_phrasing_resembles(real_kb):
    """A copy of an entry keeping only the phrasing asked matches it exactly as well as the
    entry itself does; the entry, whose other phrasings match the question too, comes first."""
    entry = real_kb.entries["intern-unit-conditions"]
    copy = dataclasses.replace(entry, id="a-copy", questions=entry.questions[:1])
    kb = dataclasses.replace(real_kb, entries=MappingProxyType({**real_kb.entries, "a-copy": copy}))
    ranked = Brain(kb).matcher.score_all(entry.questions[0], None, limit=2)[1]
    assert [c.entry_id for c in ranked] == ["intern-unit-conditions", "a-copy"]
    assert ranked[0].score > ranked[1].score


def test_a_time_word_of_a_story_says_when_not_what(real_brain):
    """当时, 前年, 夏天 say when something happened to the asker; no phrasing needs them, and
    they cost a match only as much as an unknown word of manner does."""
    matcher = real_brain.matcher
    assert not matcher.knows("前年") and not matcher.knows("足球")
    told = matcher.score_all("前年见习单位具备什么条件", None, limit=1)[1][0]
    off_topic = matcher.score_all("足球见习单位具备什么条件", None, limit=1)[1][0]
    assert told.entry_id == off_topic.entry_id == "intern-unit-conditions"
    assert told.score > off_topic.score + 0.03


def _best_phrasings_unpruned(matched: np.ndarray, mass: np.ndarray, query_mass: float) -> dict[int, float]:
    """The textbook way: the F-measure of every phrasing sharing a term, the best 40 kept."""
    touched = np.flatnonzero(matched > 0)
    f_measure, _ = Matcher._f_measure(matched[touched], mass[touched], query_mass)
    best = np.argsort(-f_measure, kind="stable")[:TOP_PHRASINGS]
    return dict(zip(touched[best].tolist(), f_measure[best].tolist(), strict=True))


@given(st.integers(0, 2**32 - 1), st.integers(1, 3000), st.floats(0.5, 40))
@settings(max_examples=80, deadline=None)
def test_pruning_by_the_share_matched_never_changes_which_phrasings_are_best(seed, touched, query_mass):
    """Most phrasings share only a common word with a question (tens of thousands at 100×
    knowledge); the matcher looks closely only at those matching enough of it, and the best
    phrasings it finds must be those of the full computation, best first (phrasings tied on
    the last place may be either)."""
    rng = np.random.default_rng(seed)
    n = 4000
    mass = rng.uniform(0.5, 40, n)
    matched = np.zeros(n)
    hit = rng.choice(n, size=min(touched, n), replace=False)
    matched[hit] = np.minimum(rng.exponential(query_mass / rng.uniform(2, 30), len(hit)), mass[hit])
    matcher = Matcher.__new__(Matcher)  # only the index's phrasing masses are read
    matcher._phrasing_mass = mass
    pids, f_measure, _ = matcher._best_phrasings(matched, query_mass)
    expected = _best_phrasings_unpruned(matched, mass, query_mass)
    assert f_measure.tolist() == sorted(expected.values(), reverse=True)
    last = min(expected.values())
    assert {p for p, f in expected.items() if f > last} <= set(pids.tolist())


def test_the_scores_of_chosen_entries_are_those_of_the_whole_ranking(real_brain):
    """`score_entries` works out a few entries' scores without ranking them all. The best entries,
    whose best two phrasings are among the best 40 the whole ranking looks at closely, get the
    same score from both; further down, an entry's next phrasing may fall outside those 40, and
    `score_entries`, which reads all of the entry's phrasings, never scores it lower."""
    matcher = real_brain.matcher
    question = "见习期间生活补助按什么标准发放"
    ranked = matcher.score_all(question, None, limit=8)[1]
    chosen = matcher.score_entries(question, [c.entry_id for c in ranked])
    assert {c.entry_id: chosen[c.entry_id] for c in ranked[:3]} == {c.entry_id: c.score for c in ranked[:3]}
    assert all(chosen[c.entry_id] >= c.score for c in ranked)


def test_a_part_read_with_its_story_and_then_alone_is_scored_alone_once(real_brain, monkeypatch):
    """A message's part is resolved with its story, which asks how the part scores by itself,
    and then often by itself: one scoring of the part alone serves both. Its scores are the
    whole ranking's; an entry that ranking leaves out is scored on demand."""
    matcher = real_brain.matcher
    question = "见习期间的补助依照什么标准给"
    matcher.forget()
    picked: list[tuple[str, ...]] = []
    score_entries = matcher.score_entries
    monkeypatch.setattr(
        matcher, "score_entries", lambda q, ids, *a: picked.append(tuple(ids)) or score_entries(q, ids, *a)
    )
    alone = QuestionAlone(matcher, question, None)
    first = alone("intern-allowance")
    ranked = {c.entry_id: c.score for c in matcher.score_all(question, None, limit=len(matcher.entry_ids))[1]}
    assert matcher._scored.cache_info().misses == 1 and not picked  # one scoring, remembered
    assert first == ranked["intern-allowance"]
    assert all(alone(entry) == score for entry, score in list(ranked.items())[:4])
    unranked = next(e for e in matcher.entry_ids if e not in ranked)
    assert alone(unranked) == score_entries(question, [unranked]).get(unranked, 0.0)
    assert picked == [(unranked,)]


def test_no_story_and_an_empty_story_are_read_alike(real_brain):
    """Reading one message asks for its parts with and without a story: an empty story is no
    story, and the resolution worked out once serves both."""
    resolver = real_brain.resolver
    without = resolver.resolve("见习补贴有多少", None, None, None, frozenset())
    assert resolver.resolve("见习补贴有多少", "", None, None, frozenset()) is without


@given(
    st.lists(
        st.sampled_from(["见习", "补贴", "技师", "ab", "12", " ", "  ", "，", "%", "-", "職稱", "x.y"]), max_size=12
    )
)
@settings(max_examples=60, deadline=None)
def test_words_remembered_run_by_run_are_the_tokenizers_own(real_brain, pieces):
    """The pipeline remembers the words of each run of word characters (a message's parts and
    the whole message share them); put together they are the words of the whole text."""
    pipeline = real_brain.pipeline
    text = "".join(pieces)
    assert pipeline.tokens(text) == pipeline._tokenizer.lcut(text, HMM=False)


def test_a_demonstrative_says_nothing_about_which_policy_is_meant(real_brain):
    # 这种 / 这类 / 此类 point at the story ("这种情况去哪考"); as words of the question they would
    # only count against every entry that does not happen to say them.
    _, features = real_brain.pipeline.features("这种情况去哪考，这类单位和此类人员呢")
    assert not {"这种", "这类", "此类"} & set(features)
    assert "单位" in features


def test_the_words_of_an_entrys_answer_count_towards_what_the_entry_explains(mini_kb_dir):
    """A question may use a word only the answer says (here 事业单位): the entry as a whole still
    explains it, at a discount — a word no phrasing anywhere uses stays unknown."""
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8").replace(
        "      - 见习补助发放\n", "      - 见习补助发放\n      - 事业单位见习补助\n"
    )
    faq.write_text(text, encoding="utf-8")

    def score(answer_words: str) -> float:
        faq.write_text(text.replace("按当时的规定，不能。", answer_words), encoding="utf-8")
        kb = load_knowledge(mini_kb_dir, today=TODAY)
        matcher = Brain(kb).matcher
        return next(c.score for c in matcher.score_all("事业单位招聘限制性条件")[1] if c.entry_id == "mini-hiring")

    assert score("按当时的规定，事业单位招聘也不能。") > score("按当时的规定，不能。")


def test_a_kind_of_small_talk_without_its_reply_is_a_load_error(tmp_path):
    root = copy_real_kb(tmp_path)
    path = root / "lexicon" / "understanding.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  privacy: |-")
    end = text.index("  reminders: |-")
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # the reply goes, the messages stay
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=TODAY)
    assert any("phrases missing: privacy" in e.message for e in failed.value.errors)


def test_titles_written_out_are_found_alike_with_and_without_the_shared_characters_bound(real_kb):
    """`_WrittenTitles.may_reach` skips titles sharing too few characters with the text to reach the
    score: the titles found are exactly those scoring every title finds."""
    _document_keys(real_kb)
    written = _WRITTEN_TITLES[real_kb.version]
    rng = random.Random(3)
    texts = ["请问该政策是哪天起执行", "见习的补贴标准一个月几块钱"]
    for title in written.titles:  # pieces of titles, with words around them and a typo or two
        start = rng.randrange(len(title))
        piece = list(title[start : rng.randrange(start, len(title) + 1)] + title[: rng.randrange(len(title))])
        for _ in range(rng.randrange(3)):
            if piece:
                piece[rng.randrange(len(piece))] = "的"
        texts.append("那个" + "".join(piece) + "哪年发的")
    skipped = 0
    for text in texts:
        scores = process.cdist(written.titles, (text,), scorer=fuzz.partial_ratio, score_cutoff=TITLE_WRITTEN_SCORE)
        every = frozenset(written.places[i] for i in np.flatnonzero(scores[:, 0]))
        assert _titles_written_out(text, real_kb) == every, text
        skipped += len(written.titles) - len(written.may_reach(text, TITLE_WRITTEN_SCORE))
    assert skipped > len(texts)  # the bound does skip titles
