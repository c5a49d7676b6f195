"""Homophone typos of the knowledge's own words are read as those words; real words never are."""

from __future__ import annotations

import pytest

from bot.kb.normalise import fold


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("先上刚再考正", "先上岗再考证"),
        ("见习单位留用律高于80", "留用率"),
        ("职业资格证书挂kao", "挂靠"),  # pinyin typed when the input method failed
        ("高级技师想评付高级职成", "副高级职称"),
        ("见习和同怎么签", "合同"),
        ("国家职业资歌目录", "职业资格目录"),  # the real word 职业 stays, only 歌 was mistyped
        ("先上岗期间单位给不给交社宝", "社保"),  # a colloquial word staff listed as a synonym
        ("准入类只格有哪几个", "准入类资格"),  # zh typed for z (and ch/sh for c/s): a common accent
        ("这项资格由哪个部门实失", "实施"),  # 事实 sounds alike too, but keeps no typed character in place
        ("评价机构心级评定看什么", "星级评定"),  # in typed for ing (and en for eng): a common accent too
        ("招见习生的补帖怎么领", "补贴"),  # (the knowledge once wrote this typo itself, so never corrected it)
    ],
)
def test_a_homophone_typo_of_a_known_word_is_read_as_that_word(real_brain, typed, meant):
    assert meant in real_brain.pipeline.correct(typed)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("招聘启事里还能写", "启事里"),  # 事里 is not 市里: it ends the real word 启事
        ("事业单位招聘", "事业单位"),  # 事业 and 失业 sound alike; both are words
        ("营业收入和机构数量各是多少", "各是多少"),  # 是 is never a typo of 市
        ("出了事谁负责", "出了事"),  # nor 出了 of 除了
        ("我准备考一建", "一建"),  # 一建 and 意见 share no character
        ("考了个焊工证", "焊工证"),  # 工证 is not 公证: 焊工 is one word
        ("自公布之日起施行", "之日起"),  # the knowledge itself writes 日起: not a typo of 日期
        ("招人时把资格证当门槛", "招人时"),  # nor 人时 of 人事
        ("证书拿到手后过几年能报中级", "后过几年"),  # 过 is never a typo (of 果 in 后果)
        ("各设区市人社局备案", "设区市"),  # the sources' own term, not 社区
        ("这笔钱最后由谁怎么发", "怎么发"),  # paid, not 怎么罚 (fined)
        ("我在县人社局上班", "在县"),  # not 在线
        ("它跟浙人社发的文件什么关系", "浙人社发"),  # a 文号's province, not 着
        ("要去哪办", "哪办"),  # 办 is never a typo (of 版)
        ("我20年先上岗进的单位", "20年先上岗"),  # 年 right after a number is its unit: not 年限
        ("这个理由还站得住吗", "站得住"),  # rare words of jieba's full dictionary are real too:
        ("店里墙上贴着价目表", "价目表"),  # not 得主, not 目标
        ("我司今年招了两个见习生", "我司"),  # words general Chinese lacks (the lexicon's not_typos): not 我市
        ("专技类的证有几项", "专技类"),  # … nor 专几类
        ("老版目录还能参考吗", "老版"),  # … nor 老板
        ("我司先上刚的员工", "先上岗"),  # … and a typo beside one is still corrected
        ("他们那边说得先备案", "说得"),  # 说 is never a typo (of 所 in 所得)
        ("这事都谁能管", "都谁能"),  # nor 谁 (of 水 in 水能)
        ("最多一个月能补到多少", "能补到"),  # nor 补 (of 不)
        ("我爸讲九几年就这么规定", "讲九几年"),  # nor 九 (of 究 in 讲究)
        ("要先经人社部门审批吗", "先经人社"),  # nor 经 (of 进)
        ("机构得留个联系方式吧", "留个"),  # nor 留 (of 六)
        ("以前的资格证还能用来聘职称吗", "聘职称"),  # nor 聘 (of 评): appointed to a post, not reviewed
        ("发现挂正的要处罚吗", "挂正的"),  # 挂正 is a way the knowledge knows 挂证 is written: 正的 is not 真的
    ],
)
def test_real_words_are_never_corrected(real_brain, written, kept):
    assert kept in real_brain.pipeline.correct(written)


def test_a_typo_question_gets_the_answer_the_correct_spelling_gets(assistant):
    typed = assistant.ask("先上刚再考正适用于哪几类证书")
    correct = assistant.ask("先上岗再考证适用于哪几类证书")
    assert correct.outcome == "answered"
    assert typed.plain_text == correct.plain_text


def test_a_word_typed_by_its_initials_is_read_as_that_word(assistant):
    # "zc" is how a chat types 职称 (a synonym): the question gets the 技师 → 中级职称 rule
    reply = assistant.ask("当上技师要过几年才能评中级zc")
    assert reply.outcome == "answered" and reply.entry_id == "gt-jishi-zhongji"


def test_the_specialists_read_a_question_with_its_typos_corrected(tmp_path):
    # The catalogue's categories answer "哪个部门实施" of a listed qualification: so they do when
    # 实施 was mistyped, as the brain would read it
    from bot.assembly import build_assistant
    from bot.settings import Settings
    from tests.support import TODAY

    assistant = build_assistant(Settings(today=TODAY, data_dir=tmp_path))
    reply = assistant.ask("注册会计师的实失部门是哪个")
    assert reply.outcome == "category" and "财政部" in reply.plain_text


def test_the_policy_texts_themselves_are_never_corrected(real_brain, real_kb):
    # every clause is written correctly: whatever the corrector would change there, it must not
    pipeline = real_brain.pipeline
    changed = [
        c.cite for d in real_kb.documents.values() for c in d.clauses if pipeline.correct(c.text) != fold(c.text)
    ]
    assert changed == []


def test_an_approximate_count_is_read_as_its_figure(real_brain):
    canonical = real_brain.pipeline.canonical
    assert canonical("见习了十来天能拿补助吗") == canonical("见习了十天能拿补助吗")
    assert "回来" in canonical("见习生回来了")  # 来 after a verb is no approximation
