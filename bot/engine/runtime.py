"""Where the user is in a dialog, derived from their answers alone.

The state is just `answers` (step id → stored value). The current step is found by
replaying the dialog from its first step: follow the transitions while the steps met have
answers; the first unanswered step is the question to ask, or an outcome is reached.
This replay is what makes 修改 cheap and precise: change one answer, replay, and only the
steps that the new answer leads to (and that have no answer yet) are asked; answers to
steps off the new path are kept but ignored, so switching back restores them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from bot.engine.calculators import CALCULATORS
from bot.engine.conditions import Cond, Tri, evaluate
from bot.engine.model import Dialog, DialogBook, Step
from bot.engine.spec import LookupSpec
from bot.engine.values import load_value
from bot.kb.rules import Row


@dataclass
class Scope:
    """Every variable's current value (None = unknown) plus the rule rows that gave them."""

    values: dict[str, Any]
    rule_cites: list[str] = field(default_factory=list)
    lookup_cites: dict[str, str] = field(default_factory=dict)  # lookup name → cite of the row read
    rule_rows: list[Row] = field(default_factory=list)  # rows read by cited lookups, for "所用规则值"

    def check(self, dialog: Dialog, condition_id: str) -> Tri:
        named = dialog.conditions[condition_id]
        return evaluate(named.test, self.values, lambda other: self.check(dialog, other))

    def holds(self, dialog: Dialog, cond: Cond) -> Tri:
        return evaluate(cond, self.values, lambda other: self.check(dialog, other))


@dataclass(frozen=True)
class Position:
    path: tuple[str, ...]  # answered steps on the way, in order
    current: Step  # the question to ask now, or the outcome reached
    scope: Scope


def answer_valid(step: Step, stored: Any) -> bool:
    """A stored answer still fits the step (the dialog file may have changed since)."""
    if stored is None:
        return bool(step.input and step.input.unknown_label) or any(c.unknown for c in step.choices)
    if step.input is not None:
        return True
    choice = step.choice(stored)
    return choice is not None and not choice.unknown


def build_scope(
    dialog: Dialog,
    book: DialogBook,
    answers: Mapping[str, Any],
    path: tuple[str, ...],
    today: dt.date,
    audience: str | None,
    region: str | None = None,
) -> Scope:
    values: dict[str, Any] = dict.fromkeys(dialog.variables)
    values.update(today=today, audience=audience, region=region)
    for sid in path:
        step = dialog.steps[sid]
        values[cast(str, step.var)] = load_value(answers[sid], step.input.type if step.input else "choice")
    scope = Scope(values)
    late_names = {name for comp in dialog.compute for name in comp.outputs}
    late = []
    for lk in dialog.lookups:  # read after the calculators: keyed by an output, or by a late lookup
        if lk.key in late_names or lk.dated_by in late_names:
            late.append(lk)
            late_names.add(lk.name)
    _read_lookups(book, scope, [lk for lk in dialog.lookups if lk not in late], today)
    for comp in dialog.compute:
        outputs = CALCULATORS[comp.calculator].run({p: values.get(v) for p, v in comp.inputs.items()}, book.catalogue)
        values.update({name: outputs.get(name) for name in comp.outputs})
        scope.rule_cites.extend(outputs.get("_cites", []))
    _read_lookups(book, scope, late, today)
    return scope


def _read_lookups(book: DialogBook, scope: Scope, lookups: Iterable[LookupSpec], today: dt.date) -> None:
    values = scope.values
    for lookup in lookups:
        table = book.rules.tables[lookup.table]
        key = lookup.row if lookup.row is not None else values.get(cast(str, lookup.key))
        if lookup.column in ("valid_from", "valid_until"):
            # A row's dates are asked to say *when* a measure applied, so any date's row will do.
            row = table.any_row(str(key)) if key is not None else None
            values[lookup.name] = getattr(row, lookup.column) if row else None
        else:
            day = values.get(lookup.dated_by) if lookup.dated_by else today
            row = table.row(str(key), day) if key is not None and isinstance(day, dt.date) else None
            values[lookup.name] = row.values.get(lookup.column) if row else None
        if row:
            if lookup.cited:
                scope.rule_cites.append(row.cite)
                scope.rule_rows.append(row)
            scope.lookup_cites[lookup.name] = row.cite


def locate(
    dialog: Dialog,
    book: DialogBook,
    answers: Mapping[str, Any],
    today: dt.date,
    audience: str | None,
    region: str | None = None,
) -> Position:
    path: list[str] = []
    step = dialog.steps[dialog.start]
    while True:
        scope = build_scope(dialog, book, answers, tuple(path), today, audience, region)
        if step.end or step.id not in answers or step.id in path or not answer_valid(step, answers[step.id]):
            return Position(tuple(path), step, scope)
        path.append(step.id)
        scope = build_scope(dialog, book, answers, tuple(path), today, audience, region)
        step = dialog.steps[next_step(dialog, step, answers[step.id], scope)]


def next_step(dialog: Dialog, step: Step, stored: Any, scope: Scope) -> str:
    choice = step.choice(stored) if step.choices else None
    if choice is None and stored is None and step.choices:
        choice = next((c for c in step.choices if c.unknown), None)
    if choice is not None and choice.goto:
        return choice.goto
    for cond, target in step.transitions:
        # An unknown condition does not take a branch: only a condition that holds does.
        if cond is None or scope.holds(dialog, cond) is True:
            return target
    raise AssertionError(f"step '{step.id}' has no default transition")  # excluded by the loader
