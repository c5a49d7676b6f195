"""Transcript tests: every outcome branch of every dialog, walked through the Assistant.

Each file in tests/dialog_transcripts/ holds transcripts staff can read and extend:

    dialog: title
    transcripts:
      - name: 技师满3年 → 中级
        audience: graduate            # optional (default none); today: "YYYY-MM-DD" optional
        steps:
          - command: title            # or say: 文本 / press: 按钮文字 / action: dlg:...
          - press: 技师
            asks: years               # the question now shown (step id)
          - say: "3"
          - press: 以上都没有
            outcome: regular          # the outcome reached (step id)
            expect: [中级职称, ✅]     # text the reply must contain (plain text)
            absent: [❌]               # text it must not contain
            cites: ["zj-guantong-2022:3.2.1.2"]   # citations it must include

The driver round-trips the session through JSON after every step (restart safety).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core import Assistant, Context
from bot.engine import DialogSpecialist
from bot.engine.driver import DialogDriver
from bot.kb.strict_yaml import read_yaml
from bot.settings import PROJECT_ROOT
from tests.support import TODAY

TRANSCRIPTS = Path(__file__).parent / "dialog_transcripts"
DIALOGS = PROJECT_ROOT / "dialogs"


def _cases():
    for path in sorted(TRANSCRIPTS.glob("*.yaml")):
        data = read_yaml(path, path.name).data
        for case in data["transcripts"]:
            yield pytest.param(data["dialog"], case, id=f"{path.stem}:{case['name']}")


@pytest.fixture(scope="module")
def dialog_assistant(real_brain):
    assistant = Assistant(real_brain, clock=lambda: TODAY)
    assistant.specialists.append(DialogSpecialist(DIALOGS, lambda: assistant.kb))
    return assistant


def run_step(driver: DialogDriver, step: dict, dialog: str, number: int) -> None:
    where = f"step {number} {step}"
    if "command" in step:
        reply = driver.command(step["command"], step.get("argument", ""))
    elif "say" in step:
        reply = driver.say(str(step["say"]))
    elif "press" in step:
        reply = driver.press(step["press"])
    elif "action" in step:
        reply = driver.action(step["action"])
    else:
        raise AssertionError(f"{where}: needs command, say, press or action")
    text = reply.plain_text
    if "asks" in step:
        assert reply.outcome == "dialog_question" and reply.entry_id == f"{dialog}:{step['asks']}", (
            f"{where}: expected question '{step['asks']}', got {reply.outcome} {reply.entry_id}\n{text}"
        )
    if "outcome" in step:
        assert reply.outcome == "dialog_outcome" and reply.entry_id == f"{dialog}:{step['outcome']}", (
            f"{where}: expected outcome '{step['outcome']}', got {reply.outcome} {reply.entry_id}\n{text}"
        )
    for fragment in step.get("expect", []):
        assert fragment in text, f"{where}: '{fragment}' not in reply:\n{text}"
    for fragment in step.get("absent", []):
        assert fragment not in text, f"{where}: '{fragment}' should not be in reply:\n{text}"
    for cite in step.get("cites", []):
        assert cite in reply.citations, f"{where}: citation {cite} missing; have {reply.citations}"
    for button in reply.all_buttons():
        assert len(button.action.encode()) <= 64, f"{where}: callback data too long: {button.action}"
    assert len(text) <= 4096 or reply.outcome == "dialog_outcome", f"{where}: question longer than a message"


@pytest.mark.parametrize(("dialog", "case"), list(_cases()))
def test_transcript(dialog_assistant, dialog, case):
    today = dt.date.fromisoformat(case["today"]) if "today" in case else TODAY
    driver = DialogDriver(
        dialog_assistant, Context(today=today, audience=case.get("audience"), region=case.get("region"))
    )
    for number, step in enumerate(case["steps"], 1):
        run_step(driver, step, dialog, number)


def test_every_outcome_of_every_dialog_is_walked(dialog_assistant):
    """Each outcome step of each dialog appears in at least one transcript."""
    book = dialog_assistant.specialists[-1].book()
    walked = {
        (dialog, step["outcome"])
        for dialog, case in (p.values for p in _cases())
        for step in case["steps"]
        if "outcome" in step
    }
    missing = [
        f"{d.id}:{s.id}"
        for d in book.dialogs.values()
        for s in d.steps.values()
        if s.end and (d.id, s.id) not in walked
    ]
    assert not missing, f"outcomes without a transcript: {missing}"
