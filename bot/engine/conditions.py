"""Declarative conditions: parsed, checked against declared variables, evaluated in 3 values.

A condition is data, never an expression string:

    {var: years, gte: {var: required_years}}      compare (eq ne in not_in gt gte lt lte)
    {var: honour, known: true}                     answered with a value (not "不确定")
    {all: [...]}, {any: [...]}, {not: {...}}       combine
    {check: appraisal}                             a named condition of the dialog

Evaluation is three-valued (Kleene): a comparison with an unknown value is unknown (❔),
`all` is false if any part is false, `any` is true if any part is true. That is what lets
an outcome say "met / not met / unknown" instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

COMPARE_OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte")
ORDER_OPS = ("gt", "gte", "lt", "lte")
Tri = bool | None  # True met, False not met, None unknown


@dataclass(frozen=True)
class VarInfo:
    """What a variable may hold, so conditions can be checked at load time."""

    kind: str  # choice | integer | number | date | text | lookup | computed | builtin
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class Ref:
    var: str


@dataclass(frozen=True)
class Compare:
    var: str
    op: str
    operand: Any  # a literal, a list (in/not_in) or a Ref


@dataclass(frozen=True)
class Known:
    var: str
    expected: bool


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    part: Cond


@dataclass(frozen=True)
class CheckRef:
    check: str


Cond = Compare | Known | AllOf | AnyOf | Not | CheckRef


class ConditionProblem(Exception):
    def __init__(self, message: str, loc: tuple[Any, ...] = ()):
        self.loc = loc  # path inside the condition, to find its YAML line
        super().__init__(message)


def parse(data: Any, variables: Mapping[str, VarInfo], checks: set[str], loc: tuple[Any, ...] = ()) -> Cond:
    """Parse and check one condition; raise ConditionProblem naming what is wrong and allowed."""
    if not isinstance(data, dict) or not data:
        raise ConditionProblem("a condition must be a mapping such as {var: years, gte: 3}", loc)
    keys = set(data)
    for combinator, cls in (("all", AllOf), ("any", AnyOf)):
        if combinator in data:
            if keys != {combinator} or not isinstance(data[combinator], list) or not data[combinator]:
                raise ConditionProblem(f"'{combinator}' takes a non-empty list and nothing else beside it", loc)
            parts = [parse(p, variables, checks, (*loc, combinator, i)) for i, p in enumerate(data[combinator])]
            return cls(tuple(parts))
    if "not" in data:
        if keys != {"not"}:
            raise ConditionProblem("'not' takes one condition and nothing else beside it", loc)
        return Not(parse(data["not"], variables, checks, (*loc, "not")))
    if "check" in data:
        if keys != {"check"}:
            raise ConditionProblem("'check' takes a condition id and nothing else beside it", loc)
        if data["check"] not in checks:
            raise ConditionProblem(
                f"unknown condition id '{data['check']}'; declared: {', '.join(sorted(checks)) or 'none'}",
                (*loc, "check"),
            )
        return CheckRef(data["check"])
    if "var" not in data:
        raise ConditionProblem(
            "unknown condition form; use var + one of "
            f"{', '.join((*COMPARE_OPS, 'known'))}, or all / any / not / check",
            loc,
        )
    name = data["var"]
    info = _declared(name, variables, (*loc, "var"))
    ops = keys - {"var"}
    if len(ops) != 1:
        raise ConditionProblem(
            f"give exactly one operator with var '{name}'; allowed: {', '.join((*COMPARE_OPS, 'known'))}", loc
        )
    op = ops.pop()
    value = data[op]
    if op == "known":
        if not isinstance(value, bool):
            raise ConditionProblem("'known' takes true or false", (*loc, op))
        return Known(name, value)
    if op not in COMPARE_OPS:
        raise ConditionProblem(f"unknown operator '{op}'; allowed: {', '.join((*COMPARE_OPS, 'known'))}", (*loc, op))
    operand = _operand(op, value, info, variables, (*loc, op))
    if op in ORDER_OPS and info.kind in ("choice", "text"):
        raise ConditionProblem(f"'{op}' compares numbers or dates, but '{name}' is a {info.kind}", (*loc, op))
    return Compare(name, op, operand)


def _declared(name: Any, variables: Mapping[str, VarInfo], loc: tuple[Any, ...]) -> VarInfo:
    if not isinstance(name, str) or name not in variables:
        raise ConditionProblem(f"variable '{name}' is not declared; declared: {', '.join(sorted(variables))}", loc)
    return variables[name]


def _operand(op: str, value: Any, info: VarInfo, variables: Mapping[str, VarInfo], loc: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        if set(value) != {"var"}:
            raise ConditionProblem("an operand is a literal or {var: name}", loc)
        _declared(value["var"], variables, (*loc, "var"))
        return Ref(value["var"])
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionProblem(f"'{op}' takes a non-empty list", loc)
        for item in value:
            _literal_fits(item, info, loc)
        return tuple(value)
    _literal_fits(value, info, loc)
    return value


def _literal_fits(value: Any, info: VarInfo, loc: tuple[Any, ...]) -> None:
    if info.choices is not None and value not in info.choices:
        raise ConditionProblem(f"'{value}' is not one of the choices: {', '.join(sorted(info.choices))}", loc)
    if info.kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            raise ConditionProblem(f"'{value}' is not a quoted date \"YYYY-MM-DD\"", loc) from None


def variables_of(cond: Cond) -> set[str]:
    if isinstance(cond, Compare):
        return {cond.var} | ({cond.operand.var} if isinstance(cond.operand, Ref) else set())
    if isinstance(cond, Known):
        return {cond.var}
    if isinstance(cond, (AllOf, AnyOf)):
        return set().union(*(variables_of(p) for p in cond.parts))
    if isinstance(cond, Not):
        return variables_of(cond.part)
    return set()


def evaluate(cond: Cond, values: Mapping[str, Any], check: Callable[[str], Tri]) -> Tri:
    if isinstance(cond, Known):
        return (values.get(cond.var) is not None) == cond.expected
    if isinstance(cond, Compare):
        return _compare(cond, values)
    if isinstance(cond, AllOf):
        results = [evaluate(p, values, check) for p in cond.parts]
        return False if False in results else (None if None in results else True)
    if isinstance(cond, AnyOf):
        results = [evaluate(p, values, check) for p in cond.parts]
        return True if True in results else (None if None in results else False)
    if isinstance(cond, Not):
        result = evaluate(cond.part, values, check)
        return None if result is None else not result
    return check(cond.check)


def _compare(cond: Compare, values: Mapping[str, Any]) -> Tri:
    left = values.get(cond.var)
    right: Any = values.get(cond.operand.var) if isinstance(cond.operand, Ref) else cond.operand
    if left is None or right is None:
        return None
    if isinstance(left, dt.date) and isinstance(right, str):
        right = dt.date.fromisoformat(right)
    if cond.op == "in":
        return left in right
    if cond.op == "not_in":
        return left not in right
    try:
        outcomes: dict[str, bool] = {
            "eq": left == right,
            "ne": left != right,
            "gt": left > right,
            "gte": left >= right,
            "lt": left < right,
            "lte": left <= right,
        }
        return outcomes[cond.op]
    except TypeError:  # e.g. a date compared with a number: treat as unknown, never crash
        return None


def describe(cond: Cond) -> str:
    """Readable form for the preview (staff review)."""
    symbols = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "∈", "not_in": "∉"}
    if isinstance(cond, Compare):
        operand = cond.operand
        shown = (
            operand.var
            if isinstance(operand, Ref)
            else ("{" + ", ".join(map(str, operand)) + "}" if isinstance(operand, tuple) else str(operand))
        )
        return f"{cond.var} {symbols[cond.op]} {shown}"
    if isinstance(cond, Known):
        return f"{cond.var} {'已知' if cond.expected else '未知'}"
    if isinstance(cond, AllOf):
        return " 且 ".join(f"({describe(p)})" for p in cond.parts)
    if isinstance(cond, AnyOf):
        return " 或 ".join(f"({describe(p)})" for p in cond.parts)
    if isinstance(cond, Not):
        return f"非 ({describe(cond.part)})"
    return f"条件[{cond.check}]"
