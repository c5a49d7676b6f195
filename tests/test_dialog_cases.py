"""Worked cases (dialogs/cases/*.yaml) run in `kb check`: wrong verdicts and missing outcomes are
reported as file:line, and every outcome of every dialog has a case (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.loader import check_dialogs
from bot.settings import PROJECT_ROOT

DIALOGS = PROJECT_ROOT / "dialogs"


@pytest.fixture
def dialogs(tmp_path: Path) -> Path:
    shutil.copytree(DIALOGS, tmp_path / "dialogs")
    return tmp_path / "dialogs"


def messages(dialogs: Path, kb) -> list[str]:
    return [str(e) for e in check_dialogs(dialogs, kb)]


def test_the_real_cases_pass_and_cover_every_outcome(real_kb):
    assert messages(DIALOGS, real_kb) == []
    names = {p.stem for p in (DIALOGS / "cases").glob("*.yaml")}
    assert names == {p.stem for p in DIALOGS.glob("*.yaml")}


def test_a_changed_verdict_is_reported_with_the_case_line(dialogs, real_kb):
    path = dialogs / "cases" / "title.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "values: {regular_title: 中级职称, route_level: technician",
            "values: {regular_title: 副高级职称, route_level: technician",
        ),
        encoding="utf-8",
    )
    found = messages(dialogs, real_kb)
    assert any(
        m.startswith("dialogs/cases/title.yaml:16: case '高级技师满3年") and "expected '副高级职称'" in m for m in found
    ), found


def test_a_wrong_outcome_a_refused_answer_and_a_missing_answer_are_reported(dialogs, real_kb):
    path = dialogs / "cases" / "equivalence.yaml"
    path.write_text(
        """dialog: equivalence
today: "2026-11-30"
cases:
  - name: wrong outcome
    answers: {school-class: 高级工班, exam: 会计, zhejiang: 是}
    outcome: not-covered
  - name: refused
    answers: {school-class: 博士班, exam: 会计, zhejiang: 是}
    outcome: equivalent
  - name: missing
    answers: {school-class: 高级工班}
    outcome: equivalent
  - name: wrong check
    answers: {school-class: 高级工班, exam: 会计, zhejiang: 是}
    outcome: equivalent
    checks: {in-zhejiang: not-met}
""",
        encoding="utf-8",
    )
    found = messages(dialogs, real_kb)
    assert (
        "dialogs/cases/equivalence.yaml:6: case 'wrong outcome': expected outcome 'not-covered', the dialog reached 'equivalent'"
        in found
    )
    assert any(m.startswith("dialogs/cases/equivalence.yaml:8: case 'refused': answer '博士班'") for m in found), found
    assert any("case 'missing': the dialog asks 'exam'" in m for m in found), found
    assert any("case 'wrong check': condition 'in-zhejiang' is met, expected not-met" in m for m in found), found
    # the cases above reach only 'equivalent': the other outcomes are reported on the dialog's lines
    assert any(
        m.startswith("dialogs/equivalence.yaml:")
        and "outcome 'unclear' of dialog 'equivalence' has no worked case" in m
        for m in found
    ), found
