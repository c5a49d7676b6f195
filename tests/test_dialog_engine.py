"""Engine tests: load-time checks (file:line), rules, conditions, typed answers, navigation,
resume after restart, preview, and rule values driving outcomes."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

import pytest

from bot.cli import cmd_dialogs_check, cmd_dialogs_preview
from bot.core import Assistant, Brain, Context
from bot.engine import DialogSpecialist, check_dialogs, load_dialogs, preview
from bot.engine.conditions import ConditionProblem, VarInfo, evaluate, parse
from bot.engine.driver import DialogDriver
from bot.engine.values import AnswerProblem, parse_answer
from bot.kb import KbLoadFailed
from bot.kb.knowledge import load_knowledge
from bot.kb.rules import load_rules
from bot.settings import PROJECT_ROOT
from tests.support import TODAY, add_mini_rules, copy_mini_kb

DIALOGS = PROJECT_ROOT / "dialogs"


# The engine's mechanics run on the tiny test knowledge plus a one-table rules file
# (tests/support), so a staff edit to knowledge/ cannot break them; the real dialogs are
# checked against the real knowledge below and walked in tests/dialog_transcripts.
@pytest.fixture(scope="module")
def mini_kb(tmp_path_factory):
    root = copy_mini_kb(tmp_path_factory.mktemp("mini"))
    add_mini_rules(root)
    return load_knowledge(root, today=TODAY)


@pytest.fixture(scope="module")
def mini_brain(mini_kb):
    return Brain(mini_kb)


MINI = """\
id: mini
command: mini
title: 测试对话
menu_order: 1
summary: 只用于测试。
lookups:
  - {name: required_years, table: min-years, key: level, column: years}
conditions:
  - id: enough
    label: 年限够
    test: {var: years, gte: {var: required_years}}
    cite: "mini-doc:1"
steps:
  - id: level
    title: 等级
    ask: 等级？
    var: level
    choices:
      - {value: technician, label: 技师}
      - {value: senior-worker, label: 高级工}
    next: years
  - id: years
    title: 年限
    ask: 几年？
    var: years
    input: {type: integer, min: 0, max: 60, hint: 请输入整数。}
    depends_on: [level]
    next:
      - when: {check: enough}
        goto: ok
      - goto: not-yet
  - id: ok
    end: true
    headline: 可以
    checks: [enough]
  - id: not-yet
    end: true
    headline: 还不行
    checks: [enough]
"""


def write_dialog(folder: Path, text: str, name: str = "mini") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_for(tmp_path: Path, kb, text: str) -> list[str]:
    folder = tmp_path / "dialogs"
    write_dialog(folder, text)
    return [str(e) for e in check_dialogs(folder, kb, cases=False)]  # load-time checks; cases: test_dialog_cases


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


# ---- the real dialogs ------------------------------------------------------------------------
def test_real_dialogs_pass_the_load_time_checks(real_kb):
    assert check_dialogs(DIALOGS, real_kb) == []


def test_preview_renders_every_dialog(real_kb):
    book = load_dialogs(DIALOGS, real_kb)
    assert set(book.dialogs) == {p.stem for p in DIALOGS.glob("*.yaml")}  # every file in dialogs/ loads
    for dialog in book.dialogs.values():
        diagram, walkthrough = preview(dialog.id, book)
        assert diagram.startswith("flowchart TD")
        for step in dialog.steps.values():
            assert f"s_{step.id.replace('-', '_')}" in diagram
            assert f"`{step.id}`" in walkthrough
        assert "```mermaid" in walkthrough


def test_preview_cli_writes_files(real_kb, tmp_path, capsys, monkeypatch):
    from argparse import Namespace

    import bot.kb.knowledge
    from bot.settings import Settings

    monkeypatch.setattr(bot.kb.knowledge, "load_knowledge", lambda *a, **k: real_kb)  # already loaded once

    settings = Settings(today=TODAY)
    assert cmd_dialogs_preview(Namespace(name="title", out=str(tmp_path)), settings) == 0
    assert (tmp_path / "title.mmd").read_text(encoding="utf-8").startswith("flowchart TD")
    assert "引导问答 /title" in (tmp_path / "title.md").read_text(encoding="utf-8")
    assert cmd_dialogs_check(Namespace(), settings) == 0
    assert "dialogs check: OK" in capsys.readouterr().out


# ---- load-time checks with file:line ----------------------------------------------------------
def test_mini_dialog_is_valid(mini_kb, tmp_path):
    assert errors_for(tmp_path, mini_kb, MINI) == []


def test_unknown_target_is_reported_at_its_line(mini_kb, tmp_path):
    broken = MINI.replace("    next: years", "    next: yeers")
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any(
        f"dialogs/mini.yaml:{line_of(broken, 'next: yeers')}: target 'yeers' is not a step" in e for e in errors
    ), errors


def test_unreachable_step_is_reported(mini_kb, tmp_path):
    broken = MINI + "  - id: orphan\n    end: true\n    headline: 没人来\n"
    errors = errors_for(tmp_path, mini_kb, broken)
    assert (
        f"dialogs/mini.yaml:{line_of(broken, 'id: orphan')}: step 'orphan' is unreachable from the first step 'level'"
        in errors
    )


def test_step_without_a_way_to_an_end_is_reported(mini_kb, tmp_path):
    broken = MINI.replace(
        "      - {value: senior-worker, label: 高级工}", "      - {value: senior-worker, label: 高级工, goto: loop}"
    )
    broken += "  - id: loop\n    title: 循环\n    ask: 又问？\n    var: again\n    choices: [{value: a, label: 再来}]\n    next: loop\n"
    errors = errors_for(tmp_path, mini_kb, broken)
    assert errors == [
        f"dialogs/mini.yaml:{line_of(broken, 'id: loop')}: no outcome (end: true) can be reached from step 'loop'"
    ]


def test_duplicate_step_id(mini_kb, tmp_path):
    broken = MINI + "  - id: ok\n    end: true\n    headline: 又一个\n"
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any(f":{len(broken.splitlines()) - 2}: duplicate step id 'ok'" in e for e in errors), errors


def test_undeclared_variable_in_a_condition(mini_kb, tmp_path):
    broken = MINI.replace("test: {var: years, gte:", "test: {var: yeras, gte:")
    errors = errors_for(tmp_path, mini_kb, broken)
    line = line_of(broken, "var: yeras")
    assert any(
        e.startswith(f"dialogs/mini.yaml:{line}: condition: variable 'yeras' is not declared") for e in errors
    ), errors


def test_choice_value_typo_in_a_condition(mini_kb, tmp_path):
    broken = MINI.replace("      - when: {check: enough}", "      - when: {var: level, eq: technican}")
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any("'technican' is not one of the choices: senior-worker, technician" in e for e in errors), errors


def test_undeclared_variable_in_a_template(mini_kb, tmp_path):
    broken = MINI.replace("    headline: 可以", "    headline: 可以申报{{ titel }}")
    errors = errors_for(tmp_path, mini_kb, broken)
    line = line_of(broken, "titel")
    assert any(e.startswith(f"dialogs/mini.yaml:{line}: template uses 'titel'") for e in errors), errors


def test_step_id_longer_than_the_callback_budget_is_rejected_at_its_line(mini_kb, tmp_path):
    broken = MINI.replace("  - id: level", "  - id: level-with-a-very-long-name-indeed")
    errors = errors_for(tmp_path, mini_kb, broken)
    line = line_of(broken, "level-with-a-very-long-name-indeed")
    assert any(e.startswith(f"dialogs/mini.yaml:{line}: steps.0.id") for e in errors), errors


def test_callback_check_catches_overlong_data(mini_kb, tmp_path, monkeypatch):
    from bot.engine import actions

    monkeypatch.setattr(actions, "MAX_CALLBACK_BYTES", 16)
    errors = errors_for(tmp_path, mini_kb, MINI)
    assert any(
        f"dialogs/mini.yaml:{line_of(MINI, 'id: level')}: callback data 'dlg:c:mini:level:0'" in e for e in errors
    ), errors


def test_dangling_cite_is_reported(mini_kb, tmp_path):
    broken = MINI.replace('cite: "mini-doc:1"', 'cite: "mini-doc:9.9"')
    errors = errors_for(tmp_path, mini_kb, broken)
    assert (
        f"dialogs/mini.yaml:{line_of(broken, '9.9')}: cite 'mini-doc:9.9' is not a known clause (doc_id:clause_id)"
        in errors
    )


def test_dangling_quote_in_a_template_is_reported(mini_kb, tmp_path):
    broken = MINI.replace("    headline: 可以", '    headline: 可以{{ quote("mini-doc:1", "没有这句话") }}')
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any("start text '没有这句话' is not in the clause" in e for e in errors), errors


def test_unknown_key_and_yaml_traps_are_schema_errors(mini_kb, tmp_path):
    broken = MINI.replace("    headline: 还不行", "    headline: 还不行\n    headlin: typo")
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any(f":{line_of(broken, 'headlin: typo')}: unknown key 'headlin'" in e for e in errors), errors
    broken = MINI.replace("      - {value: technician, label: 技师}", "      - {value: yes, label: 是}")
    errors = errors_for(tmp_path, mini_kb, broken)
    assert any("ambiguous value 'yes'" in e for e in errors), errors


def test_unknown_rules_table_and_column(mini_kb, tmp_path):
    broken = MINI.replace("table: min-years, key: level, column: years", "table: nope, key: level, column: years")
    assert any("unknown rules table 'nope'" in e for e in errors_for(tmp_path, mini_kb, broken))
    broken = MINI.replace("column: years}", "column: yaers}")
    assert any("has no column 'yaers'" in e for e in errors_for(tmp_path, mini_kb, broken))


def test_load_dialogs_raises_with_every_error(mini_kb, tmp_path):
    folder = tmp_path / "dialogs"
    write_dialog(folder, MINI.replace("next: years", "next: nowhere").replace("{var: years", "{var: nope"))
    with pytest.raises(KbLoadFailed) as caught:
        load_dialogs(folder, mini_kb)
    assert len(caught.value.errors) >= 2


# ---- rules -----------------------------------------------------------------------------------
MINI_RULES = PROJECT_ROOT / "tests" / "support" / "rules" / "mini.yaml"


def _rules_errors(tmp_path: Path, kb, name: str, text: str) -> list[str]:
    """Run only the rules section loader on one file (against the tiny test knowledge)."""
    root = tmp_path / "knowledge"
    (root / "rules").mkdir(parents=True)
    (root / "rules" / name).write_text(text, encoding="utf-8")
    errors: list = []
    load_rules(root, kb, errors)
    return [str(e) for e in errors]


def test_rules_errors_have_file_and_line(tmp_path, mini_kb):
    text = MINI_RULES.read_text(encoding="utf-8")
    text = text.replace('years: 3, cite: "mini-doc:1"', 'years: "3", cite: "mini-doc:9"')
    text = text.replace("{key: senior-worker, years: 2,", "{key: senior-worker, yeras: 2, years: 2,")
    messages = _rules_errors(tmp_path, mini_kb, "mini.yaml", text)
    line = line_of(text, "mini-doc:9")
    assert (
        f"knowledge/rules/mini.yaml:{line}: row 'technician' column 'years': expected a whole number (got '3')"
        in messages
    )
    assert any(m.startswith(f"knowledge/rules/mini.yaml:{line}: row 'technician' cites 'mini-doc:9'") for m in messages)
    assert any("unknown column 'yeras' in table 'min-years'" in m for m in messages)


def test_rules_file_schema_errors(tmp_path, mini_kb):
    messages = _rules_errors(tmp_path, mini_kb, "x.yaml", "id: x\ntitle: t\nlast_reviewed: 2026-11-21\ntables: []\n")
    assert "knowledge/rules/x.yaml:4: tables: List should have at least 1 item after validation, not 0" in messages


def test_overlapping_dated_rows_are_rejected(tmp_path, mini_kb):
    messages = _rules_errors(
        tmp_path,
        mini_kb,
        "extra.yaml",
        textwrap.dedent("""\
        id: extra
        title: 测试
        last_reviewed: "2026-11-21"
        tables:
          - id: dated
            description: 测试
            columns: {value: number}
            rows:
              - {key: a, value: 1, valid_until: "2022-12-31", cite: "mini-doc:2"}
              - {key: a, value: 2, valid_from: "2022-06-01", cite: "mini-doc:2"}
    """),
    )
    assert any("extra.yaml:10: row 'a' overlaps in time with the row on line 9" in m for m in messages), messages


def test_changing_one_rule_value_changes_the_outcome(tmp_path):
    """技师 + 2 years is 'not yet' with the fixture's rules (技师 3 years); with 1 in the rules it is 'ok'."""

    def outcome_with(root: Path) -> str:
        kb = load_knowledge(root, today=TODAY)
        assistant = Assistant(Brain(kb), clock=lambda: TODAY)
        assistant.specialists.append(DialogSpecialist(folder, lambda: kb))
        driver = DialogDriver(assistant, Context(today=TODAY))
        driver.command("mini")
        driver.press("技师")
        return driver.say("2").entry_id

    folder = tmp_path / "dialogs"
    write_dialog(folder, MINI)
    root = copy_mini_kb(tmp_path)
    rules = add_mini_rules(root)
    assert outcome_with(root) == "mini:not-yet"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("{key: technician, years: 3,", "{key: technician, years: 1,"),
        encoding="utf-8",
    )
    assert outcome_with(root) == "mini:ok"


# ---- conditions and typed answers ----------------------------------------------------------------
VARS = {"a": VarInfo("integer"), "b": VarInfo("integer"), "c": VarInfo("choice", frozenset({"x", "y"}))}


@pytest.mark.parametrize(
    ("cond", "values", "expected"),
    [
        ({"var": "a", "gte": 3}, {"a": 3}, True),
        ({"var": "a", "gte": {"var": "b"}}, {"a": 1, "b": 2}, False),
        ({"var": "a", "gte": {"var": "b"}}, {"a": 1, "b": None}, None),
        ({"all": [{"var": "a", "eq": 1}, {"var": "b", "eq": 1}]}, {"a": 2, "b": None}, False),
        ({"all": [{"var": "a", "eq": 1}, {"var": "b", "eq": 1}]}, {"a": 1, "b": None}, None),
        ({"any": [{"var": "a", "eq": 1}, {"var": "b", "eq": 1}]}, {"a": 1, "b": None}, True),
        ({"not": {"var": "c", "in": ["x"]}}, {"c": "y"}, True),
        ({"not": {"var": "c", "in": ["x"]}}, {"c": None}, None),
        ({"var": "c", "known": False}, {"c": None}, True),
    ],
)
def test_three_valued_conditions(cond, values, expected):
    assert evaluate(parse(cond, VARS, set()), values, lambda _: None) is expected


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"var": "z", "eq": 1}, "variable 'z' is not declared"),
        ({"var": "a", "eq": 1, "ne": 2}, "exactly one operator"),
        ({"var": "a", "matches": 1}, "unknown operator 'matches'"),
        ({"var": "c", "gt": "x"}, "compares numbers or dates"),
        ({"var": "c", "eq": "q"}, "'q' is not one of the choices"),
        ({"all": []}, "non-empty list"),
        ({"check": "nope"}, "unknown condition id 'nope'"),
        ("a > 3", "must be a mapping"),
    ],
)
def test_bad_conditions_say_what_is_allowed(cond, message):
    with pytest.raises(ConditionProblem, match=message):
        parse(cond, VARS, set())


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "expected"),
    [
        ("3", "integer", 0, 10, 3),
        ("３年", "integer", 0, 10, 3),
        ("2,500元", "number", 0, None, 2500.0),
        ("65%", "number", 0, 100, 65.0),
        ("2020年10月1日", "date", None, None, "2020-10-01"),
        ("2020-10", "date", None, None, "2020-10-01"),
        ("2020/12/31", "date", None, "today", "2020-12-31"),
    ],
)
def test_typed_answers_parse(text, kind, low, high, expected):
    assert parse_answer(text, kind, low, high, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "message"),
    [
        ("三个左右", "integer", 0, 10, "不是一个数字"),
        ("十一", "integer", 0, 10, "大于"),
        ("2.5", "integer", 0, 10, "需要整数"),
        ("11", "integer", 0, 10, "大于"),
        ("-1", "number", 0, None, "小于"),
        ("2021-02-30", "date", None, None, "不是真实存在的日期"),
        ("明年", "date", None, None, "不是可以识别的日期"),
        ("2030-01-01", "date", None, "today", "晚于"),
    ],
)
def test_typed_answers_that_do_not_fit(text, kind, low, high, message):
    with pytest.raises(AnswerProblem, match=message):
        parse_answer(text, kind, low, high, TODAY)


# ---- navigation through the Assistant --------------------------------------------------------------
@pytest.fixture
def mini_driver(mini_brain, tmp_path):
    folder = tmp_path / "dialogs"
    write_dialog(folder, MINI)
    assistant = Assistant(mini_brain, clock=lambda: TODAY)
    assistant.specialists.append(DialogSpecialist(folder, lambda: assistant.kb))
    return DialogDriver(assistant, Context(today=TODAY))


def test_change_keeps_unaffected_answers_and_reasks_dependent_ones(mini_driver):
    d = mini_driver
    d.command("mini")
    d.press("技师")
    assert d.say("5").entry_id == "mini:ok"
    d.press("修改回答")
    d.press("等级：技师")
    reply = d.press("高级工")
    # years depends on level: asked again, since "5 years as 技师" says nothing about 高级工
    assert reply.entry_id == "mini:years"
    assert d.say("1").entry_id == "mini:not-yet"


def test_change_to_the_same_answer_keeps_dependents(mini_driver):
    d = mini_driver
    d.command("mini")
    d.press("技师")
    d.say("5")
    d.press("修改回答")
    d.press("等级：技师")
    assert d.press("技师").entry_id == "mini:ok"


def test_back_from_an_outcome_and_from_the_first_question(mini_driver):
    d = mini_driver
    d.command("mini")
    assert "这已经是第一个问题" not in d.last.plain_text
    d.press("技师")
    d.say("5")
    assert d.say("返回").entry_id == "mini:years"
    assert d.press("返回").entry_id == "mini:level"
    assert "这已经是第一个问题" in d.say("返回").plain_text


def test_back_while_changing_keeps_the_old_answer(mini_driver):
    d = mini_driver
    d.command("mini")
    d.press("技师")
    d.say("5")
    d.press("修改回答")
    d.press("年限：5")
    reply = d.press("返回")
    assert reply.entry_id == "mini:ok" and "已放弃修改" in reply.plain_text


def test_stale_button_from_an_earlier_question(mini_driver):
    d = mini_driver
    first = d.command("mini")
    d.press("技师")
    reply = d.action(first.all_buttons()[1].action)  # 高级工 on the first question, pressed again
    assert reply.entry_id == "mini:years" and "来自之前的问题" in reply.plain_text


def test_cancel_command_and_buttons_after_cancel(mini_driver):
    d = mini_driver
    first = d.command("mini")
    assert d.command("cancel").outcome == "dialog_cancelled"
    assert d.action(first.all_buttons()[0].action).outcome == "expired"
    assert d.assistant.handle_command("cancel", "", d.ctx, d.session).outcome == "dialog_nothing_to_cancel"


def test_restart_and_resume_after_a_restart(mini_brain, tmp_path, mini_driver):
    d = mini_driver
    d.command("mini")
    d.press("技师")
    stored = json.dumps(d.session)
    # a new process: new Assistant, new specialist, the session read back from storage
    folder = tmp_path / "dialogs"
    assistant = Assistant(mini_brain, clock=lambda: TODAY)
    assistant.specialists.append(DialogSpecialist(folder, lambda: assistant.kb))
    resumed = DialogDriver(assistant, Context(today=TODAY), json.loads(stored))
    assert resumed.say("4").entry_id == "mini:ok"
    assert resumed.say("重新开始").entry_id == "mini:level"


def test_typed_choice_and_a_wrong_word(mini_driver):
    d = mini_driver
    d.command("mini")
    reply = d.say("博士")
    assert reply.entry_id == "mini:level" and "请点下方按钮选择（技师、高级工）" in reply.plain_text
    assert d.say("高级工").entry_id == "mini:years"


def test_free_text_after_an_outcome_goes_to_the_faq(mini_driver):
    d = mini_driver
    d.command("mini")
    d.press("技师")
    d.say("5")
    reply = d.say("见习十五个工作日发多少补助")
    assert not (reply.outcome or "").startswith("dialog")


def test_command_argument_answers_the_first_question(mini_driver):
    assert mini_driver.command("mini", "技师").entry_id == "mini:years"


def test_dialog_menu_lists_every_dialog(real_brain):
    assistant = Assistant(real_brain, clock=lambda: TODAY)
    specialist = DialogSpecialist(DIALOGS, lambda: assistant.kb)
    assistant.specialists.append(specialist)
    reply = assistant.handle_command("dialogs", "", assistant.context(), {})
    book = specialist.book()
    assert len(reply.all_buttons()) == len(book.dialogs) + 1
    assert [a for _, a in specialist.menu_entries()] == [f"dlg:start:{d.id}" for d in book.ordered()]
    assert assistant.handle_action("dlg:menu", assistant.context(), {}).outcome == "dialog_menu"
    assert assistant.handle_action("dlg:start:nope", assistant.context(), {}).outcome == "expired"


def test_a_knowledge_reload_reloads_the_dialogs(real_kb):
    """The specialist follows the assistant's kb: a new version is checked and served."""
    current = {"kb": real_kb}
    specialist = DialogSpecialist(DIALOGS, lambda: current["kb"])
    first = specialist.book()
    current["kb"] = dataclasses.replace(real_kb, version="reloaded")  # what a reload swaps in
    assert specialist.book() is not first and specialist.book().kb is current["kb"]


def test_a_session_for_a_removed_dialog_is_dropped(mini_driver):
    d = mini_driver
    d.session["dialog"] = {"dialog": "gone", "answers": {"x": 1}, "editing": None}
    reply = d.assistant.handle_action("dlg:b:gone", d.ctx, d.session)
    assert reply.outcome == "expired" and "dialog" not in d.session


def test_advance_is_pure(mini_kb, tmp_path):
    from bot.engine import Event, advance
    from bot.engine.actions import decode

    folder = tmp_path / "dialogs"
    write_dialog(folder, MINI)
    book = load_dialogs(folder, mini_kb)
    state, _ = advance(book, None, Event("start", "mini"), TODAY, None)
    before = json.dumps(state)
    new_state, reply = advance(book, state, Event("action", action=decode("dlg:c:mini:level:0")), TODAY, None)
    assert json.dumps(state) == before  # the old state is untouched
    assert new_state["answers"] == {"level": "technician"} and reply.entry_id == "mini:years"
    again, same = advance(book, state, Event("action", action=decode("dlg:c:mini:level:0")), TODAY, None)
    assert again == new_state and same == reply  # same state + event → same result
