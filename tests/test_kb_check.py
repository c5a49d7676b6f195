"""`kb check` adds whole-base checks to the loader's: reachability, self-consistency, coverage."""

from __future__ import annotations

from bot.checks import run_check
from tests.support import TODAY


def test_the_minimal_knowledge_passes_and_reports_coverage(mini_kb_dir):
    report = run_check(mini_kb_dir, today=TODAY)
    assert report.ok, report.errors
    assert report.coverage["mini.txt"] == 100.0


def test_a_clause_no_entry_cites_is_reported_at_its_line(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8")
    start = text.index("  - id: mini-allowance")
    faq.write_text(text[:start], encoding="utf-8")
    report = run_check(mini_kb_dir, today=TODAY)
    messages = [str(e) for e in report.errors]
    assert any(
        m.startswith("knowledge/documents/mini-doc.yaml:20: clause '2' (二) is cited by no entry") for m in messages
    )


def test_two_entries_with_the_same_phrasing_fail_self_consistency(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8").replace("      - 见习补助发放", "      - 招聘限制性条件")
    faq.write_text(text, encoding="utf-8")
    report = run_check(mini_kb_dir, today=TODAY)
    assert any("its phrasing '招聘限制性条件'" in str(e) for e in report.errors)


def test_coverage_below_target_is_an_error(mini_kb_dir):
    source = mini_kb_dir / "sources" / "mini.txt"
    source.write_text(
        source.read_text(encoding="utf-8")
        + "三、这是一段没有被任何条款收录的政策文字，用来测试覆盖率是否会被报告出来。" * 3,
        encoding="utf-8",
    )
    report = run_check(mini_kb_dir, today=TODAY)
    assert any("of the policy text; at least 97.0% is required" in str(e) for e in report.errors)


def test_a_template_error_in_a_region_or_audience_branch_is_caught_with_its_line(mini_kb_dir):
    """security review H1: every entry is rendered for every audience × region (and the dates that
    flip its measures), so a bad quote inside `{% if region == … %}` fails the check, not a user."""
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8").replace(
        '      {{ quote("mini-doc:2") }}\n',
        '      {{ quote("mini-doc:2") }}\n      {% if region == "浙江" %}{{ quote("mini-doc:2", "不存在的开头") }}{% endif %}\n'
        '      {% if audience == "staff" %}{{ no_such_name }}{% endif %}\n',
    )
    faq.write_text(text, encoding="utf-8")
    messages = [str(e) for e in run_check(mini_kb_dir, today=TODAY).errors]
    assert any(
        m.startswith("knowledge/faq/mini.yaml:22: entry 'mini-allowance' answer: fails when rendered for")
        and "region=浙江" in m
        and "不存在的开头" in m
        for m in messages
    ), messages
    assert any("audience=staff" in m and "no_such_name" in m for m in messages), messages


# ---- issue 11: what answers say about time and place (bot/policy_checks.py) ------------------------
def test_a_bare_yes_no_about_an_ended_measure_is_an_error_at_the_answer(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("按当时的规定，不能。", "不能。"), encoding="utf-8")
    messages = [str(e) for e in run_check(mini_kb_dir, today=TODAY).errors]
    assert any(
        m.startswith("knowledge/faq/mini.yaml:12: entry 'mini-hiring' answer opens with 「不能」 but cites mini-doc:1")
        for m in messages
    ), messages


def test_a_self_bounded_clause_without_a_time_note_is_an_error(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    text = doc.read_text(encoding="utf-8")
    text = text.replace(
        'status: ended\ntemporary:\n  until: "2020-12-31"\n  note: 招聘限制条件的规定适用于2020年12月31日前的招聘\n',
        "status: in_force\n",
    )
    doc.write_text(text, encoding="utf-8")
    messages = [str(e) for e in run_check(mini_kb_dir, today=TODAY).errors]
    assert any(
        "mini-doc.yaml:" in m and "clause '1' says 「2020年12月31日前」 but has no valid_until" in m for m in messages
    ), messages


def test_time_notes_and_regional_only_citations_are_warned_about(real_kb):
    import dataclasses
    from types import MappingProxyType

    from bot.kb.model import Entry
    from bot.policy_checks import regional_only_checks, time_note_checks

    errors, warnings = time_note_checks(real_kb)
    assert errors == []
    plan = real_kb.documents["zj-exam-plan-2023"]
    if not plan.expires and not all(
        c.valid_until or c.standing for c in plan.clauses
    ):  # until its clauses all have ends
        assert any(
            str(w).startswith(
                "knowledge/documents/zj-exam-plan-2023.yaml:1: document 'zj-exam-plan-2023' is a 2023年度 text"
            )
            for w in warnings
        ), warnings
    regional_only = Entry(
        id="probe",
        topic="probe",
        title="probe",
        audience=("graduate",),
        questions=(),
        answer="x",
        cites=("zj-catalogue-forward-2017:2.2",),
        path="knowledge/faq/probe.yaml",
        line=3,
    )
    kb = dataclasses.replace(real_kb, entries=MappingProxyType({"probe": regional_only}))
    assert [str(w) for w in regional_only_checks(kb)] == [
        "knowledge/faq/probe.yaml:3: entry 'probe' cites only regional clauses, but zj-catalogue-forward-2017:2.2 (浙江) "
        "says what the national mohrss-catalogue-2017:3.5 says (95% of its wording): cite the national clause too, "
        "so users elsewhere are not told the rule is only regional"
    ]
