"""Load `dialogs/*.yaml` against a knowledge base, with every load-time check as file:line.

Checks: closed schema; unique step ids; every target exists; every step reachable from the
first; an end reachable from every step; callback data ≤ 64 bytes; conditions and
templates use only declared variables; every cite (conditions, outcomes, quote(), rules
tables) resolves; calculators exist with matching inputs and outputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args

from bot.engine import actions, graph
from bot.engine.calculators import CALCULATORS
from bot.engine.conditions import Cond, ConditionProblem, VarInfo, parse, variables_of
from bot.engine.model import CheckUse, Choice, Dialog, DialogBook, Item, NamedCondition, Step
from bot.engine.spec import DialogSpec, StepSpec
from bot.engine.spec import Item as ItemSpec
from bot.engine.templates import Templates
from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.model import KnowledgeBase
from bot.kb.rules import RuleBook
from bot.kb.schema import Audience
from bot.kb.strict_yaml import LoadedYaml
from bot.kb.validate import display_path, read_validated

SECTIONS = ("verdict", "may", "may_not", "next_steps", "notes")
BUILTINS = {
    "audience": VarInfo("builtin", frozenset(get_args(Audience))),  # the ids of bot.kb.schema
    "today": VarInfo("date"),
    "region": VarInfo("text"),
}
DATE_COLUMNS = ("valid_from", "valid_until")  # a row's own dates, readable like columns
_COLUMN_KINDS = {"integer": "number", "number": "number", "date": "date", "text": "text"}


def load_dialogs(dialogs_dir: Path | str, kb: KnowledgeBase) -> DialogBook:
    """All dialogs, checked; raise KbLoadFailed with every problem found."""
    book, errors = _load(Path(dialogs_dir), kb)
    if errors:
        raise KbLoadFailed(errors)
    return book


def check_dialogs(dialogs_dir: Path | str, kb: KnowledgeBase, cases: bool = True) -> list[KbError]:
    """The dialog part of `qualbot kb check`: every load-time problem, then the worked cases
    (dialogs/cases/, run only when the dialogs load), sorted."""
    book, errors = _load(Path(dialogs_dir), kb)
    if cases and not errors:
        from bot.engine.cases import check_cases

        errors = check_cases(Path(dialogs_dir), book)
    return sorted(errors)


def _load(dialogs_dir: Path, kb: KnowledgeBase) -> tuple[DialogBook, list[KbError]]:
    errors: list[KbError] = []
    templates = Templates(kb.clauses)
    rules = kb.rules
    dialogs: dict[str, Dialog] = {}
    commands: dict[str, str] = {}
    if not dialogs_dir.is_dir():
        errors.append(KbError(str(dialogs_dir), 1, "dialogs folder not found"))
    for path in sorted(dialogs_dir.glob("*.yaml")) if dialogs_dir.is_dir() else ():
        display = display_path(dialogs_dir, path)
        dialog = _DialogLoader(path, display, kb, rules, templates, errors).load()
        if dialog is None:
            continue
        if dialog.command in commands:
            errors.append(
                KbError(display, 1, f"command '/{dialog.command}' is also used by dialog '{commands[dialog.command]}'")
            )
        commands[dialog.command] = dialog.id
        dialogs[dialog.id] = dialog
    return DialogBook(MappingProxyType(dialogs), kb, rules, templates, kb.catalogue), errors


class _DialogLoader:
    def __init__(
        self, path: Path, display: str, kb: KnowledgeBase, rules: RuleBook, templates: Templates, errors: list[KbError]
    ):
        self.path, self.display, self.kb, self.rules, self.templates = path, display, kb, rules, templates
        self.errors = errors
        self.loaded: LoadedYaml | None = None

    @property
    def _yaml(self) -> LoadedYaml:
        assert self.loaded is not None, "only while a dialog file is read"
        return self.loaded

    def error(self, loc: tuple[Any, ...], message: str) -> None:
        line = self.loaded.line_of(loc) if self.loaded else 1
        self.errors.append(KbError(self.display, line, message))

    # ---- the whole file ----------------------------------------------------------------
    def load(self) -> Dialog | None:
        result = read_validated(self.path, self.display, DialogSpec, self.errors)
        if result is None:
            return None
        self.loaded, spec = result
        before = len(self.errors)
        if spec.id != self.path.stem:
            self.error(("id",), f"id '{spec.id}' must equal the file name '{self.path.stem}'")
        step_index = self._unique_steps(spec)
        choices = {s.id: self._choices(i, s) for i, s in enumerate(spec.steps)}
        variables, var_step = self._variables(spec, choices)
        check_ids = {c.id for c in spec.conditions}
        conditions = self._conditions(spec, variables, check_ids, var_step, step_index)
        steps = {}
        for i, s in enumerate(spec.steps):
            steps[s.id] = self._step(i, s, choices[s.id], variables, check_ids, step_index)
        self._graph(spec, steps, step_index)
        self._callbacks(spec, steps)
        self._templates(spec, variables)
        if len(self.errors) > before:
            return None
        return Dialog(
            id=spec.id,
            command=spec.command,
            title=spec.title,
            menu_order=spec.menu_order,
            summary=spec.summary,
            region=spec.region,
            steps=MappingProxyType(steps),
            start=spec.steps[0].id,
            lookups=tuple(spec.lookups),
            compute=tuple(spec.compute),
            conditions=MappingProxyType(conditions),
            variables=MappingProxyType(variables),
            var_step=MappingProxyType(var_step),
            path=self.display,
        )

    def _unique_steps(self, spec: DialogSpec) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, step in enumerate(spec.steps):
            if step.id in index:
                first = self._yaml.line_of(("steps", index[step.id], "id"))
                self.error(("steps", i, "id"), f"duplicate step id '{step.id}' (first on line {first})")
                continue
            index[step.id] = i
        return index

    # ---- variables -----------------------------------------------------------------------
    def _choices(self, i: int, step: StepSpec) -> tuple[Choice, ...]:
        result = []
        if step.choices_from is not None:
            table = self.rules.tables.get(step.choices_from.table)
            if table is None:
                self.error(
                    ("steps", i, "choices_from", "table"),
                    f"unknown rules table '{step.choices_from.table}'; known: {', '.join(sorted(self.rules.tables)) or 'none'}",
                )
            elif table.columns.get(step.choices_from.label) != "text":
                self.error(
                    ("steps", i, "choices_from", "label"),
                    f"table '{table.id}' has no text column '{step.choices_from.label}'",
                )
            else:
                for key in table.row_keys():
                    row = table.any_row(key)
                    assert row is not None  # one of the table's own keys
                    result.append(Choice(key, str(row.values[step.choices_from.label])[:30]))
        result += [Choice(c.value, c.label, c.goto, c.unknown) for c in step.choices]
        seen: set[str] = set()
        for j, choice in enumerate(result):
            if choice.value in seen:
                self.error(
                    ("steps", i, "choices", max(0, j - (len(result) - len(step.choices)))),
                    f"duplicate choice value '{choice.value}' in step '{step.id}'",
                )
            seen.add(choice.value)
        return tuple(result)

    def _variables(
        self, spec: DialogSpec, choices: dict[str, tuple[Choice, ...]]
    ) -> tuple[dict[str, VarInfo], dict[str, str]]:
        variables: dict[str, VarInfo] = dict(BUILTINS)
        var_step: dict[str, str] = {}

        def declare(name: str, info: VarInfo, loc: tuple[Any, ...]) -> None:
            if name in variables:
                self.error(
                    loc, f"variable '{name}' is declared twice (names must be unique; built-ins: audience, today)"
                )
                return
            variables[name] = info

        for i, step in enumerate(spec.steps):
            if step.var is None:
                continue
            if step.input is not None:
                info = VarInfo(step.input.type)
            else:
                info = VarInfo("choice", frozenset(c.value for c in choices[step.id] if not c.unknown))
            declare(step.var, info, ("steps", i, "var"))
            var_step.setdefault(step.var, step.id)
        for i, lookup in enumerate(spec.lookups):
            loc = ("lookups", i)
            table = self.rules.tables.get(lookup.table)
            kind = "text"
            if table is None:
                self.error(
                    (*loc, "table"),
                    f"unknown rules table '{lookup.table}'; known: {', '.join(sorted(self.rules.tables)) or 'none'}",
                )
            elif lookup.column in DATE_COLUMNS:
                kind = "date"
            elif lookup.column not in table.columns:
                self.error(
                    (*loc, "column"),
                    f"table '{lookup.table}' has no column '{lookup.column}'; columns: {', '.join(table.columns)}",
                )
            else:
                kind = _COLUMN_KINDS[table.columns[lookup.column]]
                if lookup.row is not None and table.any_row(lookup.row) is None:
                    self.error(
                        (*loc, "row"),
                        f"table '{lookup.table}' has no row '{lookup.row}'; rows: {', '.join(table.row_keys())}",
                    )
            if (lookup.key is None) == (lookup.row is None):
                self.error(
                    loc, "a lookup needs exactly one of key (a variable holding the row key) or row (a fixed key)"
                )
            computed = {name for comp in spec.compute for name in comp.outputs}
            for ref in ("key", "dated_by"):
                name = getattr(lookup, ref)
                # a lookup keyed by a calculator's output is read after the calculators run
                if name is not None and name not in variables and name not in computed:
                    self.error(
                        (*loc, ref),
                        f"variable '{name}' is not declared before this lookup; declared: {', '.join(sorted(variables))}",
                    )
            declare(lookup.name, VarInfo(kind), (*loc, "name"))
        for i, comp in enumerate(spec.compute):
            loc = ("compute", i)
            calc = CALCULATORS.get(comp.calculator)
            if calc is None:
                self.error(
                    (*loc, "calculator"),
                    f"unknown calculator '{comp.calculator}'; known: {', '.join(sorted(CALCULATORS))}",
                )
            else:
                if set(comp.inputs) != set(calc.params):
                    missing, extra = set(calc.params) - set(comp.inputs), set(comp.inputs) - set(calc.params)
                    self.error(
                        (*loc, "inputs"),
                        f"calculator '{comp.calculator}' inputs: missing {sorted(missing)}, unknown {sorted(extra)}",
                    )
                if set(comp.outputs) != set(calc.outputs):
                    self.error(
                        (*loc, "outputs"), f"calculator '{comp.calculator}' outputs are: {', '.join(calc.outputs)}"
                    )
            for param, name in comp.inputs.items():
                if name not in variables:
                    self.error(
                        (*loc, "inputs", param),
                        f"variable '{name}' is not declared; declared: {', '.join(sorted(variables))}",
                    )
            for j, name in enumerate(comp.outputs):
                declare(name, VarInfo("computed"), (*loc, "outputs", j))
        return variables, var_step

    # ---- conditions ----------------------------------------------------------------------
    def _cond(self, data: Any, loc: tuple[Any, ...], variables: dict[str, VarInfo], checks: set[str]) -> Cond | None:
        try:
            return parse(data, variables, checks)
        except ConditionProblem as exc:
            self.error((*loc, *exc.loc), f"condition: {exc}")
            return None

    def _cite(self, cite: str, loc: tuple[Any, ...]) -> None:
        if cite not in self.kb.clauses:
            self.error(loc, f"cite '{cite}' is not a known clause (doc_id:clause_id)")

    def _entry(self, entry_id: str | None, loc: tuple[Any, ...]) -> None:
        if entry_id is not None and entry_id not in self.kb.entries:
            self.error(loc, f"FAQ entry '{entry_id}' does not exist in knowledge/faq")

    def _conditions(
        self,
        spec: DialogSpec,
        variables: dict[str, VarInfo],
        check_ids: set[str],
        var_step: dict[str, str],
        step_index: dict[str, int],
    ) -> dict[str, NamedCondition]:
        result: dict[str, NamedCondition] = {}
        for i, c in enumerate(spec.conditions):
            loc = ("conditions", i)
            if c.id in result:
                self.error((*loc, "id"), f"duplicate condition id '{c.id}'")
            test = self._cond(c.test, (*loc, "test"), variables, check_ids - {c.id})
            self._cite(c.cite, (*loc, "cite"))
            ask = c.ask
            if ask is not None and ask not in step_index:
                self.error((*loc, "ask"), f"step '{ask}' does not exist")
            if ask is None and test is not None:
                asked = [var_step[v] for v in sorted(variables_of(test)) if v in var_step]
                ask = asked[0] if asked else None
            lookups = {lk.name for lk in spec.lookups}
            if c.cite_from is not None and c.cite_from not in lookups:
                self.error(
                    (*loc, "cite_from"),
                    f"cite_from '{c.cite_from}' is not a lookup; lookups: {', '.join(sorted(lookups)) or 'none'}",
                )
            self._entry(c.faq, (*loc, "faq"))
            if test is not None:
                result[c.id] = NamedCondition(c.id, c.label, test, c.cite, ask, c.cite_from, c.faq)
        return result

    # ---- steps ---------------------------------------------------------------------------
    def _step(
        self,
        i: int,
        s: StepSpec,
        choices: tuple[Choice, ...],
        variables: dict[str, VarInfo],
        check_ids: set[str],
        step_index: dict[str, int],
    ) -> Step:
        loc = ("steps", i)
        transitions: list[tuple[Cond | None, str]] = []
        if s.end:
            asking = [k for k in ("ask", "var", "input", "next", "choices_from") if getattr(s, k)] + (
                ["choices"] if s.choices else []
            )
            if asking:
                self.error(loc, f"outcome step '{s.id}' (end: true) cannot have {', '.join(asking)}")
            if not s.headline:
                self.error(loc, f"outcome step '{s.id}' needs a headline")
        else:
            self._question_shape(i, s, choices)
            if isinstance(s.next, str):
                transitions.append((None, s.next))
            elif isinstance(s.next, list):
                for j, t in enumerate(s.next):
                    cond = None
                    if t.when is not None:
                        cond = self._cond(t.when, (*loc, "next", j, "when"), variables, check_ids)
                    elif j != len(s.next) - 1:
                        self.error((*loc, "next", j), "only the last transition may omit `when` (it is the default)")
                    transitions.append((cond, t.goto))
                if s.next and s.next[-1].when is not None:
                    self.error((*loc, "next"), "the last transition must have no `when`: it is the default target")
        for j, name in enumerate(s.depends_on):
            if name not in variables:
                self.error(
                    (*loc, "depends_on", j),
                    f"variable '{name}' is not declared; declared: {', '.join(sorted(variables))}",
                )
        checks = []
        for j, ref in enumerate(s.checks):
            cid, when_data = (ref, None) if isinstance(ref, str) else (ref.id, ref.when)
            if cid not in check_ids:
                self.error(
                    (*loc, "checks", j),
                    f"unknown condition id '{cid}'; declared: {', '.join(sorted(check_ids)) or 'none'}",
                )
            when = self._cond(when_data, (*loc, "checks", j, "when"), variables, check_ids) if when_data else None
            checks.append(CheckUse(cid, when))
        sections = {}
        for name in SECTIONS:
            items = []
            for j, item in enumerate(getattr(s, name)):
                if isinstance(item, ItemSpec):
                    when = self._cond(item.when, (*loc, name, j, "when"), variables, check_ids) if item.when else None
                    items.append(Item(item.text, when))
                else:
                    items.append(Item(item))
            sections[name] = tuple(items)
        for j, cite in enumerate(s.cites):
            self._cite(cite, (*loc, "cites", j))
        for j, entry_id in enumerate(s.related):
            self._entry(entry_id, (*loc, "related", j))
        for target_loc, target in self._targets(i, s):
            if target not in step_index:
                self.error(
                    target_loc, f"target '{target}' is not a step of this dialog; steps: {', '.join(step_index)}"
                )
        return Step(
            id=s.id,
            line=self._yaml.line_of((*loc, "id")),
            title=s.title,
            ask=s.ask,
            var=s.var,
            choices=choices,
            input=s.input,
            transitions=tuple(transitions),
            depends_on=tuple(s.depends_on),
            end=s.end,
            headline=s.headline,
            checks=tuple(checks),
            sections=MappingProxyType(sections),
            cites=tuple(s.cites),
            related=tuple(s.related),
            show_rules=s.show_rules,
        )

    def _question_shape(self, i: int, s: StepSpec, choices: tuple[Choice, ...]) -> None:
        loc = ("steps", i)
        for key in ("title", "ask", "var"):
            if getattr(s, key) is None:
                self.error(loc, f"question step '{s.id}' needs '{key}' (or mark it end: true)")
        has_choices = bool(choices)
        if has_choices == (s.input is not None):
            self.error(loc, f"question step '{s.id}' needs either choices (choices / choices_from) or input, not both")
        every_choice_goes = has_choices and all(c.goto for c in choices)
        if s.next is None and not every_choice_goes:
            self.error(loc, f"question step '{s.id}' needs `next` (or a goto on every choice)")
        if s.input is not None and s.input.type == "date":
            for key in ("min", "max"):
                value = getattr(s.input, key)
                if value is not None and value != "today":
                    try:
                        dt.date.fromisoformat(str(value))
                    except ValueError:
                        self.error(
                            (*loc, "input", key), f'{key}: \'{value}\' is not a quoted date "YYYY-MM-DD" or "today"'
                        )
        for key in ("headline", "cites", "related", *SECTIONS):
            if getattr(s, key):
                self.error((*loc, key), f"'{key}' belongs to outcome steps (end: true), not to question step '{s.id}'")

    def _targets(self, i: int, s: StepSpec) -> Iterable[tuple[tuple[Any, ...], str]]:
        loc = ("steps", i)
        if isinstance(s.next, str):
            yield (*loc, "next"), s.next
        elif isinstance(s.next, list):
            for j, t in enumerate(s.next):
                yield (*loc, "next", j, "goto"), t.goto
        for j, c in enumerate(s.choices):
            if c.goto:
                yield (*loc, "choices", j, "goto"), c.goto

    # ---- graph ---------------------------------------------------------------------------
    def _graph(self, spec: DialogSpec, steps: dict[str, Step], step_index: dict[str, int]) -> None:
        edges = {sid: [t for t in step.targets() if t in steps] for sid, step in steps.items()}
        first = spec.steps[0].id
        for sid in graph.unreachable(first, edges):
            self.error(("steps", step_index[sid], "id"), f"step '{sid}' is unreachable from the first step '{first}'")
        ends = [sid for sid, s in steps.items() if s.end]
        if not ends:
            self.error(("steps",), "the dialog has no outcome step (end: true)")
        for sid in graph.dead_ends(ends, edges):
            self.error(("steps", step_index[sid], "id"), f"no outcome (end: true) can be reached from step '{sid}'")

    def _callbacks(self, spec: DialogSpec, steps: dict[str, Step]) -> None:
        for i, s in enumerate(spec.steps):
            step = steps.get(s.id)
            if step is None:
                continue
            indexes = [str(j) for j in range(len(step.choices))] + (
                ["u"] if step.input and step.input.unknown_label else []
            )
            for data in [actions.encode("choose", spec.id, s.id, j) for j in indexes] + [
                actions.encode("edit", spec.id, s.id)
            ]:
                if actions.too_long(data):
                    self.error(
                        ("steps", i, "id"),
                        f"callback data '{data}' is {len(data.encode())} bytes; Telegram allows {actions.MAX_CALLBACK_BYTES} (shorten the dialog or step id)",
                    )
                    break

    # ---- templates -----------------------------------------------------------------------
    def _templates(self, spec: DialogSpec, variables: dict[str, VarInfo]) -> None:
        declared = set(variables)
        sources: list[tuple[tuple[Any, ...], str]] = []
        for i, c in enumerate(spec.conditions):
            sources.append((("conditions", i, "label"), c.label))
        for i, s in enumerate(spec.steps):
            for key in ("ask", "headline"):
                if getattr(s, key):
                    sources.append((("steps", i, key), getattr(s, key)))
            for name in SECTIONS:
                for j, item in enumerate(getattr(s, name)):
                    text = item.text if isinstance(item, ItemSpec) else item
                    sources.append((("steps", i, name, j), text))
        for loc, source in sources:
            for offset, problem in self.templates.check(source, declared):
                base = self._yaml.line_of(loc)
                self.errors.append(KbError(self.display, base + (offset - 1 if offset > 1 else 0), problem))
