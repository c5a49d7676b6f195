"""Worked cases: staff-kept examples that `kb check` (and so /reload) runs through every dialog.

`dialogs/cases/<dialog>.yaml` holds, per dialog, cases written the way a user answers:

    dialog: title
    today: "2026-11-30"              # the day the cases were worked out (a case may override it)
    cases:
      - name: 高级技师满3年 → 技师的路径，中级
        answers:                      # step id: the button's text, or what the user types
          level: 高级技师
          years: "3"
          appraisal: 符合
          honour: 以上都没有
        outcome: regular              # the outcome step the dialog must reach
        checks: {lower-route: met, appraisal: met}     # met | not-met | unknown, per condition
        values: {regular_title: 中级职称}               # a variable's value (amounts: numbers)
        says: [中级职称]               # text the outcome must contain (optional)

Each case is driven through the real step function (`machine.advance`), so a rule value, a
condition or a calculator that changes a verdict is caught with the case's file:line. Every
outcome of every dialog must be reached by at least one case.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.machine import Event, advance
from bot.engine.model import DialogBook
from bot.engine.runtime import locate
from bot.kb.errors import KbError
from bot.kb.schema import IsoDate, Slug, Text
from bot.kb.strict_yaml import LoadedYaml
from bot.kb.validate import display_path, read_validated

MARK = {"met": True, "not-met": False, "unknown": None}
SHOWN = {True: "met", False: "not-met", None: "unknown"}
MAX_STEPS = 60
Scalar = str | int | float | bool | None


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CaseSpec(_Closed):
    name: Text
    today: IsoDate | None = None
    audience: Literal["graduate", "employer", "staff"] | None = None
    region: Text | None = None
    answers: dict[str, str | int | float] = Field(default_factory=dict)
    outcome: Slug
    checks: dict[str, Literal["met", "not-met", "unknown"]] = Field(default_factory=dict)
    values: dict[str, Scalar] = Field(default_factory=dict)
    says: list[Text] = Field(default_factory=list)
    not_says: list[Text] = Field(default_factory=list)


class CasesFileSpec(_Closed):
    dialog: Slug
    today: IsoDate
    cases: list[CaseSpec] = Field(min_length=1)


def check_cases(dialogs_dir: Path, book: DialogBook) -> list[KbError]:
    """Run every worked case; every outcome of every dialog needs one. Problems as file:line."""
    errors: list[KbError] = []
    reached: dict[str, set[str]] = {d: set() for d in book.dialogs}
    folder = Path(dialogs_dir) / "cases"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in files:
        display = display_path(Path(dialogs_dir), path)
        result = read_validated(path, display, CasesFileSpec, errors)
        if result is None:
            continue
        loaded, spec = result
        if spec.dialog not in book.dialogs:
            errors.append(
                KbError(
                    display,
                    loaded.line_of(("dialog",)),
                    f"dialog '{spec.dialog}' does not exist; dialogs: {', '.join(sorted(book.dialogs))}",
                )
            )
            continue
        if path.stem != spec.dialog:
            errors.append(KbError(display, loaded.line_of(("dialog",)), f"file name must be {spec.dialog}.yaml"))
        for i, case in enumerate(spec.cases):
            problems = run_case(book, spec, case)
            for loc, message in problems:
                errors.append(KbError(display, loaded.line_of(("cases", i, *loc)), f"case '{case.name}': {message}"))
            reached[spec.dialog].add(case.outcome)
    for dialog in book.dialogs.values():
        for step in dialog.steps.values():
            if step.end and step.id not in reached[dialog.id]:
                errors.append(
                    KbError(
                        dialog.path,
                        step.line,
                        f"outcome '{step.id}' of dialog '{dialog.id}' has no worked case; add one to "
                        f"dialogs/cases/{dialog.id}.yaml (knowledge/README.md, 实例七)",
                    )
                )
    return errors


def _plain(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


def run_case(book: DialogBook, spec: CasesFileSpec, case: CaseSpec) -> list[tuple[tuple[Any, ...], str]]:
    """[(location inside the case, problem)]: empty when the case holds."""
    dialog = book.dialogs[spec.dialog]
    day = case.today or spec.today
    today = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    problems: list[tuple[tuple[Any, ...], str]] = []
    state, reply = advance(book, None, Event("start", dialog.id), today, case.audience, case.region)
    used: set[str] = set()
    assert state is not None and reply is not None  # a start always shows the first step
    position = locate(dialog, book, state["answers"], today, case.audience, case.region)
    for _ in range(MAX_STEPS):
        step = position.current
        if step.end:
            break
        if step.id not in case.answers:
            return [(("answers",), f"the dialog asks '{step.id}' ({step.title}) but the case gives no answer for it")]
        answer = str(case.answers[step.id])
        used.add(step.id)
        state, reply = advance(book, state, Event("text", text=answer), today, case.audience, case.region)
        if state is None or reply is None:
            return [
                (
                    ("answers", step.id),
                    f"answer '{answer}' to '{step.id}' ended the dialog (取消/重新开始 words are not answers)",
                )
            ]
        position = locate(dialog, book, state["answers"], today, case.audience, case.region)
        if position.current.id == step.id:
            said = _plain(reply.text).split("\n\n")
            why = next((p for p in said if p.startswith("⚠️")), "")
            return [(("answers", step.id), f"answer '{answer}' to '{step.id}' is refused: {why}")]
    else:
        return [(("answers",), "the dialog did not reach an outcome")]
    reached = position.current.id
    unused = [sid for sid in case.answers if sid not in used]
    if unused:
        problems.append(
            (("answers", unused[0]), f"the dialog never asks {', '.join(unused)} on this path (it reached '{reached}')")
        )
    if reached != case.outcome:
        problems.append((("outcome",), f"expected outcome '{case.outcome}', the dialog reached '{reached}'"))
        return problems
    scope = position.scope
    for cid, expected in case.checks.items():
        if cid not in dialog.conditions:
            problems.append((("checks", cid), f"unknown condition '{cid}'; conditions: {', '.join(dialog.conditions)}"))
            continue
        actual = scope.check(dialog, cid)
        if actual is not MARK[expected]:
            problems.append((("checks", cid), f"condition '{cid}' is {SHOWN[actual]}, expected {expected}"))
    for name, value in case.values.items():
        if name not in scope.values:
            problems.append((("values", name), f"unknown variable '{name}'"))
            continue
        actual = scope.values[name]
        if not _same(actual, value):
            problems.append((("values", name), f"{name} is {_show(actual)}, expected {_show(value)}"))
    text = _plain(reply.text)
    for fragment in case.says:
        if fragment not in text:
            problems.append((("says",), f"the outcome does not say '{fragment}'"))
    for fragment in case.not_says:
        if fragment in text:
            problems.append((("not_says",), f"the outcome says '{fragment}'"))
    return problems


def _same(actual: Any, expected: Scalar) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        return actual is expected or actual == expected
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=0.005)
    if isinstance(actual, dt.date):
        return actual.isoformat() == str(expected)
    return str(actual) == str(expected)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


__all__ = ["LoadedYaml", "check_cases", "run_case"]
