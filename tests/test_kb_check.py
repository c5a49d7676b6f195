"""`kb check` adds whole-base checks to the loader's: reachability, self-consistency, coverage."""

from __future__ import annotations

from bot.kb.check import run_check
from tests.conftest import TODAY


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
    assert any(m.startswith("knowledge/documents/mini-doc.yaml:20: clause '2' (二) is cited by no entry") for m in messages)


def test_two_entries_with_the_same_phrasing_fail_self_consistency(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8").replace("      - 见习补助发放", "      - 招聘限制性条件")
    faq.write_text(text, encoding="utf-8")
    report = run_check(mini_kb_dir, today=TODAY)
    assert any("its phrasing '招聘限制性条件'" in str(e) for e in report.errors)


def test_coverage_below_target_is_an_error(mini_kb_dir):
    source = mini_kb_dir / "sources" / "mini.txt"
    source.write_text(source.read_text(encoding="utf-8") + "三、这是一段没有被任何条款收录的政策文字，用来测试覆盖率是否会被报告出来。" * 3, encoding="utf-8")
    report = run_check(mini_kb_dir, today=TODAY)
    assert any("of the policy text; at least 97.0% is required" in str(e) for e in report.errors)


def test_a_template_error_in_a_region_or_audience_branch_is_caught_with_its_line(mini_kb_dir):
    """security review H1: every entry is rendered for every audience × region (and the dates that
    flip its measures), so a bad quote inside `{% if region == … %}` fails the check, not a user."""
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8").replace(
        '      {{ quote("mini-doc:2") }}\n',
        '      {{ quote("mini-doc:2") }}\n      {% if region == "浙江" %}{{ quote("mini-doc:2", "不存在的开头") }}{% endif %}\n'
        '      {% if audience == "staff" %}{{ no_such_name }}{% endif %}\n')
    faq.write_text(text, encoding="utf-8")
    messages = [str(e) for e in run_check(mini_kb_dir, today=TODAY).errors]
    assert any(m.startswith("knowledge/faq/mini.yaml:22: entry 'mini-allowance' answer: fails when rendered for")
               and "region=浙江" in m and "不存在的开头" in m for m in messages), messages
    assert any("audience=staff" in m and "no_such_name" in m for m in messages), messages
