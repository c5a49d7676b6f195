"""Whole-base checks on what answers *say* about time and place, for `kb check` and /reload.

- time notes: a clause whose document (or own text) has a validity period must get a ⏳ note
  in replies after that period — checked by asking `time_notes()` itself, the day after;
- leading yes/no: an answer that opens with a bare 可以/能/需要/不能… while a clause it cites
  belongs to a measure that has ended (it answers today's question with yesterday's rule);
- regional only: an entry citing only regional clauses where a national clause says the same
  (the reply would then tell users elsewhere that the rule is only Zhejiang's, say).

Each returns (errors, warnings) as file:line KbErrors. Errors stop a reload; warnings are
listed and do not. Entries of the current knowledge that trip an error-level check are listed in
KNOWN_* below and reported as warnings until they are fixed — a listed entry that no longer trips
is reported too, so the list shrinks instead of hiding new cases.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import get_args

from bot.kb.errors import KbError
from bot.kb.model import Clause, Document, Entry, KnowledgeBase
from bot.kb.schema import Audience
from bot.timeliness import time_notes

# Entries (and clauses) of the knowledge that trip an error-level check, reported as warnings until
# fixed. Empty: every entry that tripped these checks when they were written has been fixed.
KNOWN_LEADING_YES_NO: frozenset[str] = frozenset()
KNOWN_UNDATED_CLAUSES: frozenset[str] = frozenset()

# A clause that names its own end: 本年度, 今年, 延续至2022年底, 2020年12月31日前, 截至2023年 …
SELF_BOUNDED = re.compile(r"本年度|今年|当年|延续至|\d{4}年底|\d{4}年\d{1,2}月\d{1,2}日前|截至\d{4}年")
ANNUAL_TITLE = re.compile(r"(\d{4})年度")
# A bare yes/no opening an answer: 「可以。」「不能，」「需要：」 (not 「可以先…」, which says what may be done).
LEADING_YES_NO = re.compile(
    r"^(?:不可以|可以|不能|能|不需要|需要|不用|不必|必须|不会|会|不算|算|不是|是|没有|有|不行|行|不得|应当|要)"
    r"(?=[。，,！!；;：:、\s「]|$)"
)
_TAGS = re.compile(r"<[^>]+>")
SIMILAR = 0.8  # share of a regional clause's character bigrams found in one national clause
MIN_BIGRAMS = 8


# ---- time notes ---------------------------------------------------------------------------------------
def _period_end(doc: Document) -> tuple[dt.date | None, str]:
    """The end of a document's validity and where it comes from ('declared' or 'title')."""
    if doc.temporary_until or doc.expires:
        return doc.temporary_until or doc.expires, "declared"
    year = ANNUAL_TITLE.search(doc.title)
    if year:
        return dt.date(int(year.group(1)), 12, 31), "title"
    return None, ""


def _probe(kb: KnowledgeBase, clause: Clause, day: dt.date) -> bool:
    entry = Entry(
        id="kb-check",
        topic="kb-check",
        title="kb check",
        audience=(),
        questions=(),
        answer="",
        cites=(clause.cite,),
        path="",
        line=1,
    )
    return any(note.startswith("⏳") for note in time_notes(entry, kb, day, None))


def time_note_checks(kb: KnowledgeBase) -> tuple[list[KbError], list[KbError]]:
    errors: list[KbError] = []
    warnings: list[KbError] = []
    for doc in kb.documents.values():
        end, why = _period_end(doc)
        silent: list[str] = []
        for clause in doc.clauses:
            bounded = SELF_BOUNDED.search(clause.text)
            clause_end = clause.valid_until or end
            if clause_end is None:
                if bounded:
                    problem = KbError(
                        doc.path,
                        clause.line,
                        f"clause '{clause.id}' says 「{bounded.group(0)}」 but has no valid_until and its "
                        "document no period: replies after it ends get no ⏳ time note; add valid_until",
                    )
                    (warnings if clause.cite in KNOWN_UNDATED_CLAUSES else errors).append(problem)
                continue
            if _probe(kb, clause, clause_end + dt.timedelta(days=1)):
                continue
            if bounded:
                problem = KbError(
                    doc.path,
                    clause.line,
                    f"clause '{clause.id}' says 「{bounded.group(0)}」 but replies after "
                    f"{clause_end.isoformat()} get no ⏳ time note; add valid_until",
                )
                (warnings if clause.cite in KNOWN_UNDATED_CLAUSES else errors).append(problem)
            elif why == "declared":  # the document has a period and still no note: an engine problem
                errors.append(
                    KbError(
                        doc.path,
                        clause.line,
                        f"clause '{clause.id}' gets no ⏳ time note after "
                        f"{clause_end.isoformat()}, although its document ends then",
                    )
                )
            elif not clause.standing:
                silent.append(clause.id)
        for clause in doc.clauses:
            if clause.cite in KNOWN_UNDATED_CLAUSES and clause.valid_until:
                warnings.append(
                    KbError(
                        doc.path,
                        clause.line,
                        f"clause '{clause.id}' now has valid_until: remove "
                        f"{clause.cite} from KNOWN_UNDATED_CLAUSES in bot/policy_checks.py",
                    )
                )
        if silent:
            assert end is not None  # only a clause without its own end under a period is silent
            warnings.append(
                KbError(
                    doc.path,
                    1,
                    f"document '{doc.id}' is a {end.year}年度 text (its title), but clauses "
                    f"{', '.join(silent)} get no ⏳ time note after {end.isoformat()}: set the "
                    "document's expires, or valid_until on the clauses that were that year's",
                )
            )
    return errors, warnings


# ---- a leading yes/no about an ended measure ----------------------------------------------------------
def _ended(kb: KnowledgeBase, clause: Clause, today: dt.date) -> bool:
    doc = kb.documents[clause.doc_id]
    ends = [d for d in (clause.valid_until, doc.temporary_until, doc.expires) if d]
    return any(d < today for d in ends) or doc.status == "ended"


def leading_yes_no_checks(kb: KnowledgeBase, today: dt.date) -> tuple[list[KbError], list[KbError]]:
    errors: list[KbError] = []
    warnings: list[KbError] = []
    renderer = kb.renderer
    for entry in kb.entries.values():
        ended = [c for c in entry.cites if _ended(kb, kb.clauses[c], today)]
        tripped = False
        if ended:
            for variant, audience in _variants(entry):
                try:
                    text = html.unescape(_TAGS.sub("", renderer.render(entry, audience, today, None))).strip()
                except Exception:  # render failures are reported by the loader
                    continue
                lead = LEADING_YES_NO.match(text)
                if lead is None:
                    continue
                tripped = True
                line = entry.template_lines.get(variant, entry.line) + 1
                problem = KbError(
                    entry.path,
                    line,
                    f"entry '{entry.id}' {variant} opens with 「{lead.group(0)}」 but cites "
                    f"{', '.join(ended[:3])}, a measure that has ended: say first what applies now, "
                    "then what the ended measure said",
                )
                (warnings if entry.id in KNOWN_LEADING_YES_NO else errors).append(problem)
        if entry.id in KNOWN_LEADING_YES_NO and not tripped:
            warnings.append(
                KbError(
                    entry.path,
                    entry.line,
                    f"entry '{entry.id}' no longer opens with a bare yes/no about "
                    "an ended measure: remove it from KNOWN_LEADING_YES_NO "
                    "in bot/policy_checks.py",
                )
            )
    return errors, warnings


def _variants(entry: Entry) -> Iterable[tuple[str, str | None]]:
    yield "answer", next((a for a in get_args(Audience) if a not in entry.answer_for), None)
    for audience in entry.answer_for:
        yield audience, audience


# ---- regional only, where a national clause says the same ---------------------------------------------
def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\d,，。;；:：、()（）“”\"《》〈〉·\-]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def regional_only_checks(kb: KnowledgeBase) -> list[KbError]:
    def region(clause: Clause) -> str:
        return clause.region or kb.documents[clause.doc_id].region

    national = [(c.cite, _bigrams(c.text)) for c in kb.clauses.values() if region(c) == "全国"]
    warnings: list[KbError] = []
    for entry in kb.entries.values():
        cited = [kb.clauses[c] for c in entry.cites]
        if not cited or any(region(c) == "全国" for c in cited):
            continue
        for clause in cited:
            grams = _bigrams(clause.text)
            if len(grams) < MIN_BIGRAMS:
                continue
            best = max(((len(grams & other) / len(grams), cite) for cite, other in national), default=(0.0, ""))
            if best[0] >= SIMILAR:
                warnings.append(
                    KbError(
                        entry.path,
                        entry.line,
                        f"entry '{entry.id}' cites only regional clauses, but {clause.cite} "
                        f"({region(clause)}) says what the national {best[1]} says "
                        f"({best[0]:.0%} of its wording): cite the national clause too, so users "
                        "elsewhere are not told the rule is only regional",
                    )
                )
                break
    return warnings
