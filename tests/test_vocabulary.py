"""Vocabulary is knowledge (issue 14, part 4): staff change roles, regions, their labels, the exam
words, the calendar's menu label and the hiring verdicts by editing YAML only, and a mistake
there is a file:line error like any other. On the tiny test knowledge (tests/support)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import pages
from bot.core import Assistant, Brain, Context
from bot.engine.posting import check_posting
from bot.exams.specialist import ExamSpecialist
from bot.kb import KbLoadFailed
from bot.kb.errors import KbError
from bot.kb.exams.loader import load_exam_calendar
from bot.kb.knowledge import load_knowledge
from bot.kb.vocabulary import ExamWords, read_profile_words
from tests.support import TODAY, add_mini_exams

CTX = Context(today=dt.date(2026, 3, 1))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def load_errors(root: Path) -> list[str]:
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=TODAY)
    return [str(e) for e in failed.value.errors]


# ---- roles and regions: knowledge/lexicon/profile.yaml -----------------------------------
def test_a_region_added_in_yaml_is_offered_and_may_be_a_documents_region(mini_kb_dir):
    edit(
        mini_kb_dir / "lexicon" / "profile.yaml",
        "  - {name: 其他地区",
        "  - {name: 广东, label: 广东省, offered: true}\n  - {name: 其他地区",
    )
    edit(mini_kb_dir / "documents" / "mini-doc.yaml", "region: 全国", "region: 广东")
    kb = load_knowledge(mini_kb_dir, today=TODAY)
    words = Assistant(Brain(kb)).profile_words
    assert "广东" in [b.text for b in pages.region_question("graduate", words).all_buttons()]
    assert words.region_label("广东") == "广东省"
    answer = Assistant(Brain(kb), clock=lambda: TODAY).answer("mini-hiring", Context(TODAY, "employer", "浙江"))
    assert "以上是广东省的规定，您关注的是浙江" in answer.plain_text  # the scope note names it by its label


def test_a_documents_region_must_be_one_of_the_profile_regions_with_its_line(mini_kb_dir):
    edit(mini_kb_dir / "documents" / "mini-doc.yaml", "region: 全国", "region: 广东")
    errors = load_errors(mini_kb_dir)
    assert any(e.startswith("knowledge/documents/mini-doc.yaml:5: region '广东' is not in") for e in errors), errors


def test_a_role_label_edited_in_yaml_is_what_the_user_sees(mini_kb_dir):
    edit(mini_kb_dir / "lexicon" / "profile.yaml", "label: 用人单位", "label: 招聘单位")
    assistant = Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=lambda: TODAY)
    assert "为<b>招聘单位</b>整理" in assistant.menu(assistant.context("employer")).text
    assert "招聘单位" in [b.text for b in pages.role_question(assistant.profile_words).all_buttons()]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - {id: staff, label: 人社工作人员}",
            "  - {id: staff, label: 人社工作人员}\n  - {id: staff, label: 又一个}",
            ":8: 'staff' is listed twice",
        ),
        ("{id: staff, label: 人社工作人员}", "{id: boss, label: 老板}", ":7: audiences.2.id: Input should be"),
        ("  - {name: 全国, offered: true}", "  - {name: 全国, offerd: true}", ":9: unknown key 'offerd'"),
    ],
)
def test_a_mistake_in_the_profile_vocabulary_is_a_file_line_error(mini_kb_dir, old, new, expected):
    edit(mini_kb_dir / "lexicon" / "profile.yaml", old, new)
    errors: list[KbError] = []
    read_profile_words(mini_kb_dir, errors)
    shown = [str(e) for e in errors]
    assert any(e.startswith("knowledge/lexicon/profile.yaml" + expected) for e in shown), shown
    assert any(e.startswith("knowledge/lexicon/profile.yaml" + expected) for e in load_errors(mini_kb_dir))


def test_kb_check_renders_every_answer_for_every_region_in_the_vocabulary(mini_kb_dir):
    edit(mini_kb_dir / "lexicon" / "profile.yaml", "  - {name: 其他地区", "  - {name: 海南}\n  - {name: 其他地区")
    edit(
        mini_kb_dir / "faq" / "mini.yaml",
        '      {{ quote("mini-doc:2") }}\n',
        '      {{ quote("mini-doc:2") }}\n      {% if region == "海南" %}{{ quote("mini-doc:2", "不存在的开头") }}{% endif %}\n',
    )
    assert any("region=海南" in e for e in load_errors(mini_kb_dir))


# ---- the exam words and the calendar's menu label: knowledge/lexicon/exams.yaml -----------
def exams(root: Path) -> ExamSpecialist:
    errors: list[KbError] = []
    calendar = load_exam_calendar(root, None, errors)
    assert errors == []
    return ExamSpecialist(calendar)


def test_the_calendar_menu_entry_names_the_calendars_own_years(mini_kb_dir):
    add_mini_exams(mini_kb_dir)
    assert [b.text for b in exams(mini_kb_dir).menu_buttons()] == ["🗓 考试日历（2026）"]
    edit(mini_kb_dir / "lexicon" / "exams.yaml", "menu_label: 🗓 考试日历{years}", "menu_label: 🗓 考试时间表{years}")
    assert [b.text for b in exams(mini_kb_dir).menu_buttons()] == ["🗓 考试时间表（2026）"]
    assert ExamWords().menu_text([2026, 2027]) == "🗓 考试日历（2026、2027）"
    assert ExamWords().menu_text([]) == "🗓 考试日历"


def test_an_exam_word_list_edited_in_yaml_changes_which_questions_the_calendar_takes(mini_kb_dir):
    add_mini_exams(mini_kb_dir)
    assert exams(mini_kb_dir).on_text("测试师什么时候考", "", CTX, {}) is not None
    edit(mini_kb_dir / "lexicon" / "exams.yaml", "other_exams: [公务员,", "other_exams: [测试师, 公务员,")
    # an exam the calendar does not keep: its date question asked by name gets no date …
    reply = exams(mini_kb_dir).on_text("测试师什么时候考", "", CTX, {})
    assert reply is not None and "暂无“测试师”的日期" in reply.plain_text
    # … and any other question naming it is left to the FAQ
    assert exams(mini_kb_dir).on_text("测试师的证书还有效吗", "", CTX, {}) is None


def test_a_mistake_in_the_exam_words_is_a_file_line_error(mini_kb_dir):
    edit(mini_kb_dir / "lexicon" / "exams.yaml", "menu_label: 🗓 考试日历{years}", "menu_label: 🗓 考试日历")
    edit(mini_kb_dir / "lexicon" / "exams.yaml", "exam_words: [", "exam_wrods: [")
    errors: list[KbError] = []
    load_exam_calendar(mini_kb_dir, None, errors)
    assert any(str(e).startswith("knowledge/lexicon/exams.yaml:") and "exam_wrods" in str(e) for e in errors)


# ---- the hiring verdicts: knowledge/catalogue/*.yaml `hiring_verdicts` ----------------------
CATALOGUE = """\
id: mini
title: 测试名单
last_reviewed: "2026-11-21"
hiring_verdicts:
  - {category: 准入类, verdict: allowed, cite: "mini-doc:1"}
  - {category: 水平评价类, verdict: not-allowed, cite: "mini-doc:1"}
entries:
  - {name: 测试准入资格, category: 准入类, cite: "mini-doc:1"}
  - {name: 测试水平资格, category: 水平评价类, cite: "mini-doc:1"}
"""


def verdicts(root: Path, text: str) -> dict[str, str]:
    catalogue = load_knowledge(root, today=TODAY).catalogue  # kb.catalogue: loaded and checked with the knowledge
    return {f["name"]: f["verdict"] for f in check_posting(text, catalogue)}


def test_the_hiring_verdicts_come_from_the_catalogue_and_staff_may_change_them(mini_kb_dir):
    (mini_kb_dir / "catalogue").mkdir()
    path = mini_kb_dir / "catalogue" / "mini.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    posting = "须持有测试准入资格证书。须持有测试水平资格证书。"
    assert verdicts(mini_kb_dir, posting) == {"测试准入资格": "allowed", "测试水平资格": "not-allowed"}
    edit(path, '  - {category: 水平评价类, verdict: not-allowed, cite: "mini-doc:1"}\n', "")
    assert verdicts(mini_kb_dir, posting) == {"测试准入资格": "allowed", "测试水平资格": "unknown"}


def test_a_hiring_verdict_must_cite_a_known_clause_and_be_given_once(mini_kb_dir):
    (mini_kb_dir / "catalogue").mkdir()
    path = mini_kb_dir / "catalogue" / "mini.yaml"
    path.write_text(
        CATALOGUE.replace('verdict: not-allowed, cite: "mini-doc:1"', 'verdict: not-allowed, cite: "mini-doc:9"'),
        encoding="utf-8",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("水平评价类, verdict", "准入类, verdict"), encoding="utf-8"
    )
    assert sorted(e for e in load_errors(mini_kb_dir) if e.startswith("knowledge/catalogue/")) == [
        "knowledge/catalogue/mini.yaml:6: hiring verdict cites 'mini-doc:9', which is not a known clause",
        "knowledge/catalogue/mini.yaml:6: hiring verdict for 准入类 is given twice",
    ]
