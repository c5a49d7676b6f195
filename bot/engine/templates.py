"""Dialog templates: the same sandbox as FAQ answers, plus number/date filters.

Every prompt, condition label and outcome line is a template. At load time we check the
syntax, that every name it uses is a declared variable, and that every `quote()` cites a
clause that exists (with its start/end text present). At render time `quote()` records the
clauses it quoted, so the citation footer lists exactly what the reply relied on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from markupsafe import Markup, escape

from bot.kb.model import Clause
from bot.kb.render import excerpt

# One sandbox recipe for every staff template (autoescape, StrictUndefined, no attr/map).
from bot.kb.sandbox import TemplateProblem, environment, private_access
from bot.reply import format_date

# Names every template may use besides the dialog's variables.
TEMPLATE_GLOBALS = ("quote", "today", "audience", "labels")


def money(value: Any) -> str:
    """An amount in 元: whole amounts without decimals, others to the fen."""
    if value is None:
        return "（未知）"
    amount = round(float(value), 2)
    return f"{amount:,.0f}元" if amount.is_integer() else f"{amount:,.2f}元"


def pct(value: Any) -> str:
    """A ratio (0.65) as a percentage (65%)."""
    if value is None:
        return "（未知）"
    shown = round(float(value) * 100, 2)
    return f"{shown:g}%"


def cn_date(value: Any) -> str:
    return format_date(value) if isinstance(value, dt.date) else str(value)


class RecordingQuoter:
    """`quote(cite, start, end)` for dialogs: verbatim clause text, remembering what it quoted."""

    def __init__(self, clauses: Mapping[str, Clause]):
        self._clauses = clauses
        self.quoted: list[str] = []

    def __call__(self, cite: str, start: str | None = None, end: str | None = None) -> Markup:
        clause = self._clauses.get(cite)
        if clause is None:
            raise TemplateProblem(f"quote('{cite}'): no such clause")
        self.quoted.append(cite)
        return Markup("「{}」").format(escape(excerpt(clause.text, start, end, cite)))


class Templates:
    """Compiles each distinct template source once; renders with a dialog's values."""

    def __init__(self, clauses: Mapping[str, Clause]):
        self._env = environment()
        self._env.filters.update(money=money, pct=pct, cn_date=cn_date)
        self._clauses = clauses
        self._compiled: dict[str, Any] = {}

    def check(self, source: str, declared: Iterable[str]) -> list[tuple[int, str]]:
        """(line within the template, problem) pairs; empty when the template is fine."""
        try:
            tree = self._env.parse(source)
        except TemplateSyntaxError as exc:
            return [(exc.lineno or 1, f"template syntax error: {exc.message}")]
        private = private_access(tree)
        if private:
            return [(1, f"template reaches for '{private}': private attributes are not allowed")]
        try:  # unknown filters/tests (e.g. the removed `attr`) only fail at code generation
            compiled = self._env.from_string(tree)  # reuse the parsed tree
        except TemplateSyntaxError as exc:
            return [(exc.lineno or 1, f"template error: {exc.message}")]
        problems = []
        allowed = set(declared) | set(TEMPLATE_GLOBALS)
        for name in sorted(meta.find_undeclared_variables(tree) - allowed):
            problems.append(
                (1, f"template uses '{name}', which is not a declared variable; declared: {', '.join(sorted(allowed))}")
            )
        for call in tree.find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "quote"):
                continue
            args = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
            if not args or not isinstance(args[0], str):
                problems.append((call.lineno, 'quote() needs a literal cite such as "doc-id:3.2.1"'))
                continue
            clause = self._clauses.get(args[0])
            if clause is None:
                problems.append((call.lineno, f"quote('{args[0]}'): not a known clause (doc_id:clause_id)"))
                continue
            try:
                start, end = ([*args[1:3], None, None])[:2]
                excerpt(clause.text, start, end, cite=args[0])
            except TemplateProblem as exc:
                problems.append((call.lineno, str(exc)))
        if not problems:
            self._compiled[source] = compiled
        return problems

    def render(self, source: str, values: Mapping[str, Any], quoter: RecordingQuoter) -> str:
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self._env.from_string(source)
        try:
            return template.render(**values, quote=quoter).strip()
        except TemplateProblem:
            raise
        except Exception as exc:  # SecurityError, UndefinedError, TypeError …: a bad template
            raise TemplateProblem(f"template failed to render: {type(exc).__name__}: {exc}") from exc
