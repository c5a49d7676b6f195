"""`qualbot kb check`: everything the loader checks, plus whole-base properties.

- every clause is cited by at least one entry (reachable from questions people ask);
- every entry's own phrasings retrieve that entry as a confident answer (self-consistency);
- coverage: the share of each source file's policy text (page chrome and frame aside)
  that clauses carry;
- what answers say about time and place (bot/policy_checks.py): ⏳ notes for clauses of
  documents with a validity period, no bare yes/no about an ended measure, no regional-only
  citation where a national clause says the same — some of these are warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.knowledge import load_knowledge
from bot.kb.loader import squeeze
from bot.kb.model import KnowledgeBase
from bot.kb.normalise import fold
from bot.understanding import find_region

COVERAGE_TARGET = 97.0


@dataclass
class CheckReport:
    errors: list[KbError] = field(default_factory=list)
    warnings: list[KbError] = field(default_factory=list)  # listed, but do not fail the check or a reload
    coverage: dict[str, float] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    kb: KnowledgeBase | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def overall_coverage(self) -> float:
        return self.stats.get("covered_chars", 0) * 100.0 / max(1, self.stats.get("policy_chars", 0))


def _mark(source: str, fragment: str, mask: bytearray, value: int) -> None:
    """Mark the first occurrence of `fragment` not already fully marked with `value`."""
    if not fragment:
        return
    start = source.find(fragment)
    first = start
    while start >= 0:
        if any(mask[i] != value for i in range(start, start + len(fragment))):
            break
        start = source.find(fragment, start + 1)
    if start < 0:
        start = first
    if start < 0:
        return
    for i in range(start, start + len(fragment)):
        if mask[i] == 0 or value == 1:
            mask[i] = value


def coverage(kb: KnowledgeBase) -> tuple[dict[str, float], int, int]:
    """Per source file: % of policy characters carried by clauses. Mask: 1 clause, 2 frame/chrome."""
    result: dict[str, float] = {}
    covered_total = policy_total = 0
    for name, text in kb.sources.items():
        source = squeeze(text)
        mask = bytearray(len(source))
        docs = [d for d in kb.documents.values() if d.source_file == name]
        for doc in docs:
            for fragment in (*doc.frame, *doc.chrome):
                _mark(source, squeeze(fragment), mask, 2)
        for doc in docs:
            for clause in doc.clauses:
                for part in (clause.heading, clause.text, clause.responsible):
                    if part:
                        _mark(source, squeeze(part), mask, 1)
        covered = mask.count(1)
        policy = len(source) - mask.count(2)
        result[name] = 100.0 * covered / max(1, policy)
        covered_total += covered
        policy_total += policy
    return result, covered_total, policy_total


def run_check(root: Path, today: dt.date | None = None, dialogs_dir: Path | None = None) -> CheckReport:
    """Every check staff need before a reload; `dialogs_dir` defaults to the folder beside `root`."""
    from bot.core import Brain  # the check uses the real matcher
    from bot.engine import check_dialogs
    from bot.engine.specialist import check_conversation

    report = CheckReport()
    try:
        kb = load_knowledge(root, today=today)
    except KbLoadFailed as exc:
        report.errors = exc.errors
        return report
    report.kb = kb
    dialogs = Path(dialogs_dir) if dialogs_dir else Path(root).resolve().parent / "dialogs"
    if dialogs.is_dir():
        report.errors += check_dialogs(dialogs, kb)
        report.errors += check_conversation(dialogs)
    cited = {c for e in kb.entries.values() for c in e.cites}
    for doc in kb.documents.values():
        for clause in doc.clauses:
            if clause.cite not in cited:
                report.errors.append(
                    KbError(
                        doc.path,
                        clause.line,
                        f"clause '{clause.id}' ({clause.label}) is cited by no entry, so no question can reach it",
                    )
                )
    brain = Brain(kb)
    for entry in kb.entries.values():
        if len(entry.questions) < 3:
            report.errors.append(
                KbError(
                    entry.path,
                    entry.line,
                    f"entry '{entry.id}' needs at least 3 phrasings (has {len(entry.questions)})",
                )
            )
        for question in entry.questions:
            # Read as the bot reads it (the region it names); an entry that gives the same policy
            # for more regions may answer a phrasing naming none (bot.resolve.related).
            region = find_region(fold(question), brain.lexicon)
            result = brain.resolver.resolve(question, None, None, region, brain.lexicon.covered_regions)
            best = result.entry_id or (result.candidates[0].entry_id if result.candidates else None)
            alike = best is not None and best != entry.id and brain.resolver.related(best, entry.id)
            if result.decision != "entry" or (best != entry.id and not alike):
                other = f"'{best}'" if best else "nothing"
                report.errors.append(
                    KbError(
                        entry.path,
                        entry.line,
                        f"entry '{entry.id}': its phrasing '{question}' gives {result.decision} → {other}; "
                        "make the phrasings of the two entries more distinct",
                    )
                )
    from bot.policy_checks import leading_yes_no_checks, regional_only_checks, time_note_checks

    for errors, warnings in (time_note_checks(kb), leading_yes_no_checks(kb, today or dt.date.today())):
        report.errors += errors
        report.warnings += warnings
    report.warnings += regional_only_checks(kb)
    report.warnings.sort()
    per_file, covered, policy = coverage(kb)
    report.coverage = per_file
    report.stats = {
        "documents": len(kb.documents),
        "clauses": len(kb.clauses),
        "entries": len(kb.entries),
        "phrasings": sum(len(e.questions) for e in kb.entries.values()),
        "synonyms": len(kb.synonyms),
        "covered_chars": covered,
        "policy_chars": policy,
    }
    if report.overall_coverage < COVERAGE_TARGET:
        report.errors.append(
            KbError(
                "knowledge/sources",
                1,
                f"clauses cover {report.overall_coverage:.1f}% of the policy text; at least {COVERAGE_TARGET}% is required",
            )
        )
    return report
