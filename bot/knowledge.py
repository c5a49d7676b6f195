"""A knowledge version, assembled: the base `bot.kb` reads (documents, FAQ, synonyms), its answer
templates compiled and rendered for every audience, region and date that can change them, and the
sections other packages own (rules, exam calendar, category catalogue, lexicon) — one list here,
so `bot.kb` at the bottom imports nothing above it.

A section loader is `load(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> object`:
it reads `knowledge/<section>/`, appends `KbError`s (file:line: message) for every problem,
and returns an immutable object stored in `kb.extras[<name>]`. Add one line per section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.loader import LoadContext, load_base
from bot.kb.model import Clause, Document, Entry, KnowledgeBase
from bot.kb.vocabulary import ProfileWords, read_profile_words

SectionLoader = Callable[[Path, KnowledgeBase, list[KbError]], Any]


def section_loaders() -> dict[str, SectionLoader]:
    """Imported lazily so that loading the base does not import every section."""
    from bot.category import load_category
    from bot.engine.rules import load_rules
    from bot.exams.loader import load_exam_calendar
    from bot.kb.lexicon import load_lexicon

    loaders: dict[str, SectionLoader] = {"exams": load_exam_calendar, "lexicon": load_lexicon}
    loaders["rules"] = load_rules  # knowledge/rules: dated rule values and tables (bot/engine)
    loaders["category"] = load_category  # knowledge/category: “X是准入类还是水平评价类” (bot/category.py)
    return loaders


def _render_days(
    entry: Entry, documents: dict[str, Document], clauses: dict[str, Clause], today: dt.date
) -> list[dt.date]:
    """Today plus the day before and after every date that can flip a `today` branch of this entry."""
    marks: list[dt.date] = [d for d in (entry.valid_from, entry.valid_until) if d]
    for cite in entry.cites:
        clause = clauses.get(cite)
        doc = documents.get(clause.doc_id) if clause else None
        if clause and clause.valid_until:
            marks.append(clause.valid_until)
        if doc:
            marks += [d for d in (doc.temporary_until, doc.expires, doc.in_force) if d]
    days = {d for mark in marks for d in (mark - dt.timedelta(days=1), mark, mark + dt.timedelta(days=1))}
    return [today, *sorted(days - {today})]


def _render_every_variant(
    ctx: LoadContext,
    root: Path,
    renderer: Any,
    entry: Entry,
    documents: dict[str, Document],
    clauses: dict[str, Clause],
    today: dt.date,
    words: ProfileWords,
) -> None:
    failed: dict[tuple[str, str], list[str]] = {}
    for day in _render_days(entry, documents, clauses, today):
        for audience in (None, *words.audiences):  # knowledge/lexicon/profile.yaml
            for region in (None, *words.regions):
                try:
                    renderer.render(entry, audience, day, region)
                except Exception as exc:
                    variant = audience if audience is not None and audience in entry.answer_for else "answer"
                    shown = f"audience={audience or '未设置'}, region={region or '未设置'}" + (
                        f", today={day.isoformat()}" if day != today else ""
                    )
                    failed.setdefault((variant, str(exc)), []).append(shown)
    for (variant, message), combos in failed.items():
        line = entry.template_lines.get(variant, entry.line) + 1
        more = f" (and {len(combos) - 1} more)" if len(combos) > 1 else ""
        ctx.error(
            root.parent / entry.path,
            line,
            f"entry '{entry.id}' {variant}: fails when rendered for {combos[0]}{more}: {message}",
        )


def load_knowledge(root: Path | str, today: dt.date | None = None) -> KnowledgeBase:
    """Load and fully validate the knowledge in `root`; raise KbLoadFailed listing every error."""
    from bot.render import AnswerRenderer

    kb, ctx = load_base(root)
    root = ctx.root
    renderer = AnswerRenderer(dict(kb.clauses))
    today = today or dt.date.today()
    for entry in kb.entries.values():
        entry_path = root.parent / entry.path
        for variant, problem in renderer.compile(entry):
            line = entry.template_lines.get(variant, entry.line) + problem.line
            ctx.error(entry_path, line, f"entry '{entry.id}' {variant}: {problem}")
    if not ctx.errors:
        words = read_profile_words(root, [])  # its errors are the lexicon section's to report
        for entry in kb.entries.values():
            _render_every_variant(ctx, root, renderer, entry, dict(kb.documents), dict(kb.clauses), today, words)

    extras: dict[str, Any] = {"renderer": renderer}
    for name, loader in section_loaders().items():
        extras[name] = loader(root, kb, ctx.errors)
    if ctx.errors:
        raise KbLoadFailed(ctx.errors)
    object.__setattr__(kb, "extras", MappingProxyType(extras))
    return kb
