"""A knowledge version, assembled: the base `bot.kb.loader` reads (documents, FAQ, synonyms), its
answer templates compiled and rendered for every audience, region and date that can change them,
and its sections — the lexicon, dated rules, exam calendar, qualification catalogue and category
book — each loaded by its own module here in `bot.kb` into a typed field of the KnowledgeBase.

A section loader reads `knowledge/<section>/`, appends a `KbError` (file:line: message) for every
problem, and returns an immutable object. Add a section: a module in bot/kb, a field on
`KnowledgeBase` (with an empty default), one line in `load_knowledge`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from bot.kb.catalogue import load_catalogue
from bot.kb.category import load_category
from bot.kb.counts import load_counts
from bot.kb.errors import KbLoadFailed
from bot.kb.exams.loader import load_exam_calendar
from bot.kb.lexicon import load_lexicon
from bot.kb.loader import LoadContext, load_base
from bot.kb.model import Clause, Document, Entry, KnowledgeBase
from bot.kb.render import AnswerRenderer
from bot.kb.rules import load_rules
from bot.kb.vocabulary import ProfileWords, read_profile_words


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
    renderer: AnswerRenderer,
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

    exams = load_exam_calendar(root, kb, ctx.errors)
    lexicon = load_lexicon(root, kb, ctx.errors)
    rules = load_rules(root, kb, ctx.errors)
    catalogue = load_catalogue(root, kb, ctx.errors)
    category = load_category(root, kb, catalogue, ctx.errors)
    counts = load_counts(root, kb, ctx.errors)
    if ctx.errors:
        raise KbLoadFailed(ctx.errors)
    return dataclasses.replace(
        kb,
        renderer=renderer,
        lexicon=lexicon,
        rules=rules,
        exams=exams,
        catalogue=catalogue,
        category=category,
        counts=counts,
    )
