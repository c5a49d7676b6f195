"""Sandboxed rendering of staff-written answer templates.

Templates are Jinja2 in an immutable sandbox with autoescaping and StrictUndefined, so a
template can neither reach Python internals nor silently print nothing; user text is only
ever passed in as data. `quote()` is the one way to put policy wording into an answer: it
copies the clause text verbatim (or a verbatim span of it), so answers cannot drift from
the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from jinja2 import Template, TemplateSyntaxError
from markupsafe import Markup, escape

from bot.kb.sandbox import TemplateProblem, environment, private_access

if TYPE_CHECKING:
    from bot.kb.model import Clause, Entry, KnowledgeBase


class Quoter:
    """The `quote()` template function bound to the knowledge base's clauses."""

    def __init__(self, clauses: Mapping[str, Clause], allowed: tuple[str, ...]):
        self._clauses = clauses
        self._allowed = allowed

    def __call__(self, cite: str, start: str | None = None, end: str | None = None) -> Markup:
        if cite not in self._allowed:
            raise TemplateProblem(f"quote('{cite}') is not listed in this entry's cites")
        clause = self._clauses.get(cite)
        if clause is None:
            raise TemplateProblem(f"quote('{cite}'): no such clause")
        return Markup("「{}」").format(escape(excerpt(clause.text, start, end, cite)))


def excerpt(text: str, start: str | None, end: str | None, cite: str = "") -> str:
    """The verbatim span of `text` from `start` through the next `end` (either optional)."""
    begin = 0
    if start is not None:
        begin = text.find(start)
        if begin < 0:
            raise TemplateProblem(f"quote('{cite}'): start text '{start}' is not in the clause")
    finish = len(text)
    if end is not None:
        at = text.find(end, begin)
        if at < 0:
            raise TemplateProblem(f"quote('{cite}'): end text '{end}' is not in the clause after the start")
        finish = at + len(end)
    return text[begin:finish]


class AnswerRenderer:
    """Compiles entries' templates once per knowledge version (each when first rendered, unless
    compiled beforehand, as the loader does for all) and renders them."""

    def __init__(self, clauses: Mapping[str, Clause]):
        self._env = environment()
        self._clauses = clauses
        self._compiled: dict[tuple[str, str], Template] = {}

    def compile(self, entry: Entry) -> list[tuple[str, TemplateProblem]]:
        """Compile the entry's templates; return (variant, problem) pairs for each failure."""
        problems = []
        for variant, source in (("answer", entry.answer), *entry.answer_for.items()):
            try:
                tree = self._env.parse(source)
            except TemplateSyntaxError as exc:
                problems.append((variant, TemplateProblem(f"template syntax error: {exc.message}", exc.lineno)))
                continue
            private = private_access(tree)
            if private:
                problems.append(
                    (variant, TemplateProblem(f"template reaches for '{private}': private attributes are not allowed"))
                )
                continue
            try:  # unknown filters/tests (e.g. the removed `attr`) only fail here, at code generation
                self._compiled[(entry.id, variant)] = self._env.from_string(source)
            except TemplateSyntaxError as exc:
                problems.append((variant, TemplateProblem(f"template error: {exc.message}", exc.lineno or 1)))
        return problems

    def covers(self, entry_ids: Iterable[str]) -> bool:
        """Whether every one of these entries has its templates compiled here."""
        return all((entry_id, "answer") in self._compiled for entry_id in entry_ids)

    def render(self, entry: Entry, audience: str | None, today: dt.date, region: str | None) -> str:
        variant = audience if audience is not None and audience in entry.answer_for else "answer"
        template = self._compiled.get((entry.id, variant))
        if template is None:  # compiled on first use (a derived knowledge base's entries)
            problems = self.compile(entry)
            if problems:
                raise problems[0][1]
            template = self._compiled[(entry.id, variant)]
        try:
            return template.render(
                quote=Quoter(self._clauses, entry.cites), today=today, audience=audience, region=region
            ).strip()
        except TemplateProblem:
            raise
        except Exception as exc:  # SecurityError, UndefinedError, TypeError … all mean a bad template
            raise TemplateProblem(f"template failed to render: {type(exc).__name__}: {exc}") from exc


def citation_footer(kb: KnowledgeBase, cites: Iterable[str]) -> str:
    """📎 依据: 《title》（文号） labels — one line per document, each label once. The one footer of
    FAQ answers, clause answers and guided-dialog outcomes."""
    by_doc: dict[str, list[str]] = {}
    for cite in cites:
        clause = kb.clauses[cite]
        by_doc.setdefault(clause.doc_id, []).append(clause.label)
    lines = ["📎 <b>依据</b>："]
    for doc_id, labels in by_doc.items():
        lines.append(f"• {escape(kb.documents[doc_id].display_name)} {escape('、'.join(dict.fromkeys(labels)))}")
    return "\n".join(lines)
