"""The data behind /hiring and /internship: catalogue rules, fuzzy names, posting findings,
and the subsidy arithmetic at its edges."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.engine.calculators import CALCULATORS
from bot.engine.posting import check_posting
from bot.kb.catalogue import Catalogue, load_catalogue, normalise
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def catalogue(real_kb) -> Catalogue:
    errors: list = []
    result = load_catalogue(PROJECT_ROOT / "knowledge", real_kb, errors)
    assert errors == []
    return result


def _catalogue_errors(tmp_path: Path, kb, body: str) -> list[str]:
    root = tmp_path / "knowledge"
    (root / "catalogue").mkdir(parents=True)
    (root / "catalogue" / "x.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    errors: list = []
    load_catalogue(root, kb, errors)
    return [str(e) for e in errors]


HEAD = """\
id: x
title: 测试
last_reviewed: "2026-11-21"
sources:
  - {id: names, title: 只有名称, reliability: unverified, names_only: true}
entries:
"""


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "  - name: 导游资格\n    category: 准入类\n    source: names\n",
            "x.yaml:8: entry '导游资格': source 'names' gives names only, "
            "so it cannot state a category; add a cite or remove the category",
        ),
        (
            "  - name: 导游资格\n    source: names\n    department: 文化和旅游部\n",
            "x.yaml:9: entry '导游资格': department needs a source that reads the catalogue row (not names only)",
        ),
    ],
)
def test_a_names_only_source_states_nothing_beyond_the_name(tmp_path, real_kb, entry, error):
    # neither a category nor what the catalogue row records (its department, its legal basis)
    assert _catalogue_errors(tmp_path, real_kb, HEAD + entry) == [f"knowledge/catalogue/{error}"]


@pytest.mark.parametrize(
    ("field", "error"),
    [
        ("row_doubt: 换行两可", "row_doubt is said of a department or basis, and it has neither"),
        ("formerly: [乙]", "formerly needs a renamed_source that is a known source, not names only"),
        ("added: true", "added needs a source that says it was added (not names only), and not left"),
        ("row: 3", "row needs a source that reads the catalogue row (not names only)"),
    ],
)
def test_what_a_row_records_beyond_its_name_needs_a_source_that_says_it(tmp_path, real_kb, field, error):
    # a doubt of cells the entry does not have; a former name, an addition or a row number of a
    # names-only source
    entry = f"  - name: 甲\n    source: names\n    {field}\n"
    assert _catalogue_errors(tmp_path, real_kb, HEAD + entry) == [f"knowledge/catalogue/x.yaml:9: entry '甲': {error}"]


def test_a_qualification_is_found_by_its_former_name(catalogue):
    match = catalogue.match("专利代理人")
    assert match is not None and match.qualification.name == "专利代理师资格"


def test_catalogue_entry_errors(tmp_path, real_kb):
    entries = (
        "  - name: 甲\n    source: nowhere\n"
        '  - name: 乙\n    cite: "city-xiangang-2020:n99"\n'
        "  - name: 丙证书\n    source: names\n"
        "  - name: 丙\n    source: names\n"
    )
    errors = _catalogue_errors(tmp_path, real_kb, HEAD + entries)
    joined = "\n".join(errors)
    assert "unknown source 'nowhere'" in joined
    assert "cites 'city-xiangang-2020:n99', which is not a known clause" in joined
    assert "name '丙' also belongs to '丙证书'" in joined


@pytest.mark.parametrize(
    ("typed", "name", "category"),
    [
        ("护士证", "护士执业资格", "准入类"),
        ("教资", "教师资格", "准入类"),
        ("注会", "注册会计师", "准入类"),
        ("一级建造师", "建造师", None),
        ("精算师证书", "精算师", "水平评价类"),
        ("律师资格", "法律职业资格", "准入类"),
    ],
)
def test_fuzzy_names(catalogue, typed, name, category):
    match = catalogue.match(typed)
    assert match is not None and match.qualification.name == name and match.qualification.category == category


@pytest.mark.parametrize("typed", ["电工证", "软件工程师", "驾照", ""])
def test_unknown_names_are_not_guessed(catalogue, typed):
    assert catalogue.match(typed) is None


def test_normalise_strips_certificate_suffixes():
    assert normalise("护士执业资格证书") == "护士执业" and normalise("证") == "证"


def test_posting_findings(catalogue):
    findings = check_posting("须持有护士执业证书；有导游证者优先。持有电工证，身份证、毕业证书。", catalogue)
    assert [(f["name"], f["verdict"], f["strength"]) for f in findings] == [
        ("护士执业资格", "allowed", "required"),
        ("导游资格", "unknown", "preferred"),
        ("电工证", "unknown", "required"),
    ]


# ---- internship subsidy arithmetic ---------------------------------------------------------------
PARAMS = {
    "min_wage": 2000,
    "interns": 1,
    "months": 1,
    "early_contracts": 0,
    "early_months": None,
    "base_rate": 60,
    "step_rate": 5,
    "retention_step": 10,
    "retention_floor": 50,
    "full_rate_above": 80,
    "full_rate": 100,
    "insurance": 240,
    "early_max_months": None,
}


@pytest.mark.parametrize(
    ("retention", "rate"),
    [
        (None, 0.6),
        (0, 0.6),
        (50, 0.6),
        (55, 0.6),
        (60, 0.65),
        (79.9, 0.70),
        (80, 0.75),
        (80.1, 1.0),
        (100, 1.0),
    ],
)
def test_internship_rate_steps(retention, rate):
    result = CALCULATORS["internship-subsidy"].run({**PARAMS, "retention": retention}, Catalogue())
    assert result["rate"] == pytest.approx(rate)


def test_internship_early_contracts_are_capped_and_dated():
    run = CALCULATORS["internship-subsidy"].run
    early = {**PARAMS, "retention": 0, "interns": 2, "months": 6, "early_contracts": 2, "early_months": 5}
    capped = run({**early, "early_max_months": 3}, Catalogue())
    assert capped["early_counted_months"] == 3 and capped["early_total"] == pytest.approx(2 * 3 * 1200)
    # issue 11 (user-qa W4): the early signers' months are counted once — 1 month served each
    assert capped["base_total"] == pytest.approx(2 * 1 * 1200)
    ended = run({**early, "early_max_months": None}, Catalogue())
    assert ended["early_total"] == 0 and ended["total"] == pytest.approx(2 * 1200 + 2 * 240)


def test_internship_early_signers_are_not_counted_twice():
    """user-qa W4: 10 interns × 6 months at 1,980 (100 %), 2 sign with 4 months left → 117,240, not 133,080."""
    result = CALCULATORS["internship-subsidy"].run(
        {
            **PARAMS,
            "retention": 85,
            "min_wage": 1980,
            "interns": 10,
            "months": 6,
            "early_contracts": 2,
            "early_months": 4,
            "early_max_months": 3,
        },
        Catalogue(),
    )
    assert result["intern_months"] == 52 and result["total"] == pytest.approx(117240)


def test_retention_row_agrees_with_the_estimate():
    """user-qa U12: 55 % is above 50 % but applies no raise, so the row must not claim one."""
    run = CALCULATORS["internship-subsidy"].run
    assert run({**PARAMS, "retention": 55}, Catalogue())["rate_raised"] is False
    assert run({**PARAMS, "retention": 60}, Catalogue())["rate_raised"] is True
    assert run({**PARAMS, "retention": None}, Catalogue())["rate_raised"] is None
    unknown = run({**PARAMS, "retention": 0, "min_wage": None}, Catalogue())
    assert unknown["total"] is None


def test_posting_reports_every_requirement_or_says_it_could_not_judge(catalogue):
    """user-qa U14: 「须取得CATTI二级」 was missed; a line naming a certificate without a verb is listed as unjudged."""
    from bot.engine.posting import unjudged_sentences

    text = "6. 翻译：须取得CATTI二级。\n3. 人事：人力资源管理师二级证书。\n须持有PMP认证。本科以上学历。"
    findings = check_posting(text, catalogue)
    names = [f["name"] for f in findings]
    assert "翻译专业资格" in names and any("PMP" in f["mention"] for f in findings)
    assert all("本科" not in f["mention"] for f in findings)
    assert unjudged_sentences(text, findings) == ["3. 人事：人力资源管理师二级证书"]
