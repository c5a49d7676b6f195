"""The exam calendar in knowledge/exams/: strict loading, and every row traceable to the source CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from bot.checks import run_check
from bot.kb import KbLoadFailed
from bot.kb.exams.cn_dates import parse_exam_days, parse_window
from bot.kb.knowledge import load_knowledge
from bot.settings import PROJECT_ROOT
from tests.support import MINI_EXAMS

SOURCE_CSV = PROJECT_ROOT.parent / "shared" / "data" / "exam_plan_2026.csv"


def _write_exams(root: Path, text: str) -> Path:
    (root / "exams").mkdir(exist_ok=True)
    path = root / "exams" / "2026.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _load_errors(root: Path) -> list[str]:
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=dt.date(2026, 11, 21))
    return [str(e) for e in failed.value.errors]


# ---- Chinese date wording ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9月12日、13日", ["2026-09-12", "2026-09-13"]),
        ("5月16日—18日", ["2026-05-16", "2026-05-17", "2026-05-18"]),
        ("10月31日、11月1日", ["2026-10-31", "2026-11-01"]),
        ("6月27日、9月19日", ["2026-06-27", "2026-09-19"]),
    ],
)
def test_exact_wording_becomes_every_day_it_names(text, expected):
    assert [d.isoformat() for d in parse_exam_days(text, 2026)] == expected


@pytest.mark.parametrize("text", ["9月5[截断]", "[缺失]", "6月中旬", "待定", "", "3月中下旬", "2月30日"])
def test_vague_missing_or_truncated_wording_is_never_a_date(text):
    assert parse_exam_days(text, 2026) is None


def test_registration_window_only_when_both_ends_are_exact():
    assert parse_window("2月26日— 3月5日", 2026) == (dt.date(2026, 2, 26), dt.date(2026, 3, 5))
    assert parse_window("3月中下旬", 2026) is None
    assert parse_window("2026年2月26日—3月5日(吉林)", 2026) is None


# ---- the real calendar --------------------------------------------------------------------
def test_the_2026_calendar_loads_with_one_entry_per_exam(real_kb):
    calendar = real_kb.exams
    assert calendar.years == (2026,)
    ids = [e.id for e in calendar.exams]
    assert len(ids) == len(set(ids)) >= 40
    assert all(len(i) <= 24 and i.isascii() for i in ids)
    assert calendar.find(2026, "jzs-2").days == (dt.date(2026, 5, 30), dt.date(2026, 5, 31))


def test_missing_and_truncated_cells_stay_unknown(real_kb):
    calendar = real_kb.exams
    truncated = calendar.find(2026, "zaq-cj")
    assert truncated.days == () and "截断" in truncated.dates_note
    assert calendar.find(2026, "hpgcs").days == ()
    second_architect = calendar.find(2026, "zcjzs-2")
    assert second_architect.registration is None and second_architect.notice is None  # merged cell, not copied


def test_every_exam_names_its_primary_source_and_reliability(real_kb):
    for exam in real_kb.exams.exams:
        assert exam.primary.reliability in (
            "official_plan",
            "provincial_plan",
            "quoted_official",
            "third_party_unverified",
        )
        assert exam.primary.url and exam.primary.published


def test_merged_rows_keep_the_best_source_as_primary(real_kb):
    calendar = real_kb.exams
    first_builder = calendar.find(2026, "jzs-1")
    assert first_builder.primary.key == "CPTA-via-repo"
    assert [r.key for r in first_builder.corroborating] == ["GH-app"]
    consulting = calendar.find(2026, "zxgcs")
    assert consulting.primary.key == "SH-233" and {r.key for r in consulting.corroborating} == {
        "JL-jianshe99",
        "GH-app",
    }
    junior_accounting = calendar.find(2026, "kj-cj")
    assert junior_accounting.primary.key == "SH-233" and junior_accounting.dates_source.key == "GH-app"
    assert junior_accounting.unverified  # the date itself comes from the unverified app


def test_teacher_qualification_is_marked_outside_the_national_plan(real_kb):
    teacher = [e for e in real_kb.exams.exams if e.id.startswith("jszg")]
    assert len(teacher) == 4 and all(e.outside_national_plan and e.unverified for e in teacher)


@pytest.mark.skipif(
    not SOURCE_CSV.exists(), reason=f"source data {SOURCE_CSV} is absent (../shared beside the checkout)"
)
def test_every_exam_row_is_traceable_to_its_csv_row(real_kb):
    with SOURCE_CSV.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    header = lines[0]
    used = set()
    for exam in real_kb.exams.exams:
        for source in exam.sources:
            assert 2 <= source.csv_line <= len(lines), f"{exam.id}: csv_line {source.csv_line} does not exist"
            row = dict(zip(header, lines[source.csv_line - 1], strict=True))
            where = f"{exam.id} ← {SOURCE_CSV.name}:{source.csv_line}"
            assert row["来源键"] == source.key, where
            assert row["来源中序号"] == (source.row or ""), where
            assert row["考试名称(按来源原文)"] == source.name, where
            assert row["考试日期(按来源原文)"] == source.date_text, where
            assert row["来源"] == source.url, where
            assert row["来源日期"] == source.published, where
            used.add(source.csv_line)
        if exam.days:
            assert parse_exam_days(exam.dates_source.date_text, exam.year) == exam.days
    assert used == set(range(2, len(lines) + 1)), "every CSV row should be in the calendar"


# ---- the loader rejects what staff must not write ---------------------------------------------
def test_a_valid_exam_file_loads(mini_kb_dir):
    _write_exams(mini_kb_dir, MINI_EXAMS)
    kb = load_knowledge(mini_kb_dir, today=dt.date(2026, 11, 21))
    assert kb.exams.find(2026, "test-exam").first_day == dt.date(2026, 5, 16)


def test_kb_check_rejects_an_exam_without_reliability(mini_kb_dir):
    _write_exams(mini_kb_dir, MINI_EXAMS.replace("        reliability: provincial_plan\n", ""))
    report = run_check(mini_kb_dir, today=dt.date(2026, 11, 21))
    messages = [str(e) for e in report.errors]
    assert not report.ok
    assert any(
        m.startswith("knowledge/exams/2026.yaml:") and "missing required key 'exams.0.sources.0.reliability'" in m
        for m in messages
    ), messages


def test_kb_check_rejects_an_exam_without_source(mini_kb_dir):
    text = MINI_EXAMS[: MINI_EXAMS.index("    sources:\n      - key: SRC")]
    _write_exams(mini_kb_dir, text)
    errors = _load_errors(mini_kb_dir)
    assert any("knowledge/exams/2026.yaml:11: missing required key 'exams.0.sources'" in e for e in errors), errors


def test_an_empty_source_list_is_rejected(mini_kb_dir):
    text = MINI_EXAMS[: MINI_EXAMS.index("    sources:\n      - key: SRC")] + "    sources: []\n"
    _write_exams(mini_kb_dir, text)
    assert any("sources" in e and "at least 1" in e for e in _load_errors(mini_kb_dir))


def test_a_guessed_day_for_vague_wording_is_rejected(mini_kb_dir):
    text = MINI_EXAMS.replace("text: 5月16日—18日", "text: 5月中旬").replace(
        "date_text: 5月16日—18日", "date_text: 5月中旬"
    )
    _write_exams(mini_kb_dir, text)
    assert any("never fill a vague or truncated cell by guess" in e for e in _load_errors(mini_kb_dir))


def test_days_must_follow_from_the_wording(mini_kb_dir):
    _write_exams(mini_kb_dir, MINI_EXAMS.replace('"2026-05-18"]', '"2026-05-19"]'))
    assert any("days must be every day of '5月16日—18日'" in e for e in _load_errors(mini_kb_dir))


def test_reliability_cannot_be_upgraded_per_row(mini_kb_dir):
    text = MINI_EXAMS.replace("        reliability: provincial_plan\n", "        reliability: official_plan\n")
    _write_exams(mini_kb_dir, text)
    assert any("reliability 'official_plan' differs from source 'SRC'" in e for e in _load_errors(mini_kb_dir))


def test_unknown_keys_and_unknown_fields_are_rejected_with_their_line(mini_kb_dir):
    text = MINI_EXAMS.replace("    field: 其他\n", "    field: 体育\n    colour: red\n")
    _write_exams(mini_kb_dir, text)
    errors = _load_errors(mini_kb_dir)
    assert any("2026.yaml:15: exams.0.field" in e for e in errors), errors
    assert any("2026.yaml:16: unknown key 'colour'" in e for e in errors), errors


def test_disagreeing_sources_must_be_recorded(mini_kb_dir):
    second = """      - key: SRC2
        role: corroborating
        csv_line: 3
        row: "2"
        name: 测试师
        date_text: 5月23日
        url: https://example.org/app
        published: 未注明
        reliability: third_party_unverified
"""
    registry = "  SRC2:\n    title: 第三方\n    reliability: third_party_unverified\n    url: https://example.org/app\n    published: 未注明\n"
    text = MINI_EXAMS.replace("exams:\n", registry + "exams:\n") + second
    _write_exams(mini_kb_dir, text)
    assert any("record it under disagreements" in e for e in _load_errors(mini_kb_dir))
    _write_exams(
        mini_kb_dir,
        text.replace(
            "    sources:\n      - key: SRC\n",
            "    disagreements: [第三方应用的日期为5月23日]\n    sources:\n      - key: SRC\n",
        ),
    )
    assert load_knowledge(mini_kb_dir, today=dt.date(2026, 11, 21)).exams.find(2026, "test-exam").disagreements
