"""The staff guide's worked examples (knowledge/README.md) are applied, as written, to a copy
of knowledge/ and dialogs/; the result must pass the full check and answer as the guide says.

Examples are marked in the guide with HTML comments, invisible when it is read:
`<!-- example {"id", "op": find|replace|append|create, "file"} -->` before a fenced block, and
`<!-- check {"id", "ask" | "dialog", "entry", "contains", "before", "summary"} -->`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.checks import run_check
from bot.core import Assistant, Brain
from bot.settings import PROJECT_ROOT, Settings
from bot.staff.reload import reload_knowledge
from tests.support import TODAY, full_assistant

GUIDE = PROJECT_ROOT / "knowledge" / "README.md"
MARKER = re.compile(r"<!-- (example|check) (\{.*?\}) -->\n(?:```[a-z]*\n(.*?)```\n)?", re.S)


def parse_guide(text: str) -> tuple[list[dict], list[dict]]:
    edits, checks = [], []
    for kind, data, block in MARKER.findall(text):
        item = json.loads(data)
        if kind == "example":
            assert block, f"example {item} has no fenced block right after its marker"
            edits.append({**item, "text": block})
        else:
            checks.append(item)
    return edits, checks


def apply_edits(root: Path, edits: list[dict]) -> None:
    """root holds knowledge/ and dialogs/; example files are relative to knowledge/."""
    pending_find = None
    for edit in edits:
        op = edit["op"]
        if op == "find":
            pending_find = edit
            continue
        if op == "replace":
            assert pending_find and pending_find["id"] == edit["id"], f"replace without find: {edit['id']}"
            path = root / "knowledge" / pending_find["file"]
            text = path.read_text(encoding="utf-8")
            assert text.count(pending_find["text"]) == 1, f"{edit['id']}: the text to find is not in {path.name} once"
            path.write_text(text.replace(pending_find["text"], edit["text"]), encoding="utf-8")
            pending_find = None
            continue
        path = root / "knowledge" / edit["file"]
        if op == "create":
            assert not path.exists(), f"{edit['id']}: {edit['file']} already exists"
            path.write_text(edit["text"], encoding="utf-8")
        elif op == "append":
            path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + edit["text"], encoding="utf-8")
        else:
            raise AssertionError(f"unknown op {op!r}")
    assert pending_find is None, "a find without its replace"


def make_assistant(kb, dialogs: Path) -> Assistant:
    return full_assistant(Brain(kb), dialogs)


def respond(assistant: Assistant, check: dict):
    session: dict = {}
    ctx = assistant.context()
    if "ask" in check:
        return assistant.ask(check["ask"], ctx, session)
    reply = None
    for step in check["dialog"]:
        if step.startswith("/"):
            name, _, argument = step[1:].partition(" ")
            reply = assistant.handle_command(name, argument, ctx, session)
        elif step.startswith("[") and step.endswith("]"):
            actions = {b.text: b.action for b in reply.all_buttons()}
            assert step[1:-1] in actions, f"no button {step} in {list(actions)}"
            reply = assistant.handle_action(actions[step[1:-1]], ctx, session)
        else:
            reply = assistant.ask(step, ctx, session)
    return reply


@pytest.fixture(scope="module")
def guide() -> tuple[list[dict], list[dict]]:
    return parse_guide(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "knowledge")
    shutil.copytree(PROJECT_ROOT / "dialogs", tmp_path / "dialogs")
    return tmp_path


def test_the_guide_has_an_example_for_each_kind_of_edit(guide):
    edits, checks = guide
    touched = {e["file"].split("/")[0] for e in edits if "file" in e}
    assert {"synonyms", "faq", "sources", "documents", "rules", "exams"} <= touched
    # the document example is checked through the entry that cites it (and by the last test below)
    assert {c["id"] for c in checks} == {e["id"] for e in edits} - {"document"}


def test_every_field_the_loaders_accept_is_named_in_the_guide():
    from bot.engine import spec as dialog_spec
    from bot.kb import rules
    from bot.kb import schema as kb_schema
    from bot.kb.exams import schema as exam_schema

    text = GUIDE.read_text(encoding="utf-8")
    models = [
        kb_schema.DocumentSpec,
        kb_schema.ClauseSpec,
        kb_schema.Relation,
        kb_schema.Temporary,
        kb_schema.Source,
        kb_schema.FaqFileSpec,
        kb_schema.EntrySpec,
        kb_schema.SynonymsFileSpec,
        kb_schema.SynonymGroup,
        rules.RulesFileSpec,
        rules.TableSpec,
        rules.RowSpec,
        exam_schema.ExamYearSpec,
        exam_schema.SourceSpec,
        exam_schema.ExamSpec,
        exam_schema.SourceRowSpec,
        exam_schema.DatesSpec,
        exam_schema.MilestoneSpec,
        dialog_spec.DialogSpec,
        dialog_spec.StepSpec,
        dialog_spec.ChoiceSpec,
        dialog_spec.InputSpec,
        dialog_spec.LookupSpec,
        dialog_spec.ComputeSpec,
        dialog_spec.ConditionSpec,
        dialog_spec.ChoicesFromTable,
        dialog_spec.Transition,
        dialog_spec.Item,
    ]
    missing = sorted({f"{m.__name__}.{name}" for m in models for name in m.model_fields if f"`{name}`" not in text})
    assert not missing, f"fields the loaders accept but knowledge/README.md does not describe: {missing}"


def test_the_worked_examples_pass_the_check_and_change_the_answers_as_the_guide_says(guide, workspace, real_kb):
    edits, checks = guide
    assistant = make_assistant(real_kb, workspace / "dialogs")
    before = {c["id"]: respond(assistant, c) for c in checks}
    apply_edits(workspace, edits)
    settings = Settings(
        knowledge_dir=workspace / "knowledge",
        dialogs_dir=workspace / "dialogs",
        data_dir=workspace / "data",
        today=TODAY,
    )
    result = reload_knowledge(assistant, settings)
    assert result.ok, "\n".join(result.errors)
    summary = "\n".join(result.lines())
    for check in checks:
        old, new = before[check["id"]], respond(assistant, check)
        assert new.plain_text != old.plain_text, f"{check['id']}: the answer did not change"
        if "before" in check:
            assert old.outcome == check["before"], f"{check['id']}: before the edit it was {old.outcome}"
        if "entry" in check:
            assert (new.outcome, new.entry_id) == ("answered", check["entry"]), f"{check['id']}: {new.plain_text[:200]}"
        for expected in check.get("contains", []):
            assert expected in new.plain_text, f"{check['id']}: {expected!r} not in {new.plain_text[:400]}"
        for expected in check.get("summary", []):
            assert expected in summary, f"{check['id']}: {expected!r} not in the reload summary:\n{summary}"


def test_the_document_example_alone_fails_as_the_guide_warns(guide, workspace):
    edits, _ = guide
    apply_edits(workspace, [e for e in edits if e["id"] == "document"])
    errors = [str(e) for e in run_check(workspace / "knowledge", today=TODAY).errors]
    assert errors and all("is cited by no entry" in e for e in errors), errors
    assert errors[0].startswith("knowledge/documents/demo-contest-2026.yaml:") and "clause '1'" in errors[0]
