"""Time- and place-awareness: what a reply must say about dates, later texts and regions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from bot.kb.model import Document, Entry, KnowledgeBase, nested_title
from bot.kb.normalise import fold
from bot.reply import format_date
from bot.understanding import asks, split_sentences


def _relation_name(kb: KnowledgeBase, doc_id: str | None, title: str | None, doc_no: str | None) -> str:
    """How a note names the other document of a relation: its date first when known."""
    if doc_id and doc_id in kb.documents:
        other = kb.documents[doc_id]
        return (f"{format_date(other.dated)}的" if other.dated else "") + other.short_name
    return f"《{nested_title(title or '')}》" + (f"（{doc_no}）" if doc_no else "")


def _clause_snippet(text: str, limit: int = 28) -> str:
    """The clause's opening words, cut at punctuation rather than inside a word."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "，,；;。、：:")
    return text[: cut if cut >= 8 else limit] + "…"


def time_notes(entry: Entry, kb: KnowledgeBase, today: dt.date, region: str | None, scope: bool = True) -> list[str]:
    """Notes (HTML) on expired measures, clauses past their end, later texts and region scope,
    in the lexicon's words (knowledge/lexicon/understanding.yaml `phrases`); without `scope`, not
    the note saying whose rule it is to a question naming no province (`scope_note`, said first)."""
    say = kb.lexicon.say
    notes: list[str] = []
    cited_docs: list[Document] = list(dict.fromkeys(kb.document_of(c) for c in entry.cites))
    cited_ids = {d.id for d in cited_docs}
    if entry.valid_until and entry.valid_until < today:
        notes.append(say("ended_rule_note", until=format_date(entry.valid_until)))
    mentioned_pairs: set[frozenset[str]] = set()
    for doc in cited_docs:
        name = doc.short_name
        if doc.temporary_until:
            until = format_date(doc.temporary_until)
            if doc.temporary_until < today:
                note = doc.temporary_note or ""
                notes.append(say("temporary_ended_note", until=until, today=format_date(today), note=note))
            else:
                days = (doc.temporary_until - today).days
                notes.append(say("temporary_running_note", name=name, until=until, days=days))
        if doc.expires and doc.expires < today:
            notes.append(say("expired_note", name=name, date=format_date(doc.expires)))
        if doc.in_force and doc.in_force > today:
            notes.append(say("not_in_force_note", name=name, date=format_date(doc.in_force)))
        for rel in doc.superseded_by:
            pair = frozenset((doc.id, rel.doc or rel.title or ""))
            if pair in mentioned_pairs:
                continue
            mentioned_pairs.add(pair)
            other = _relation_name(kb, rel.doc, rel.title, rel.doc_no)
            notes.append(say("superseded_note", other=other, name=name, note=rel.note))
        for rel in doc.supersedes:
            # An earlier text is mentioned only when the answer cites it too: "cite both, say which is later".
            pair = frozenset((doc.id, rel.doc or rel.title or ""))
            if pair in mentioned_pairs or rel.doc not in cited_ids:
                continue
            mentioned_pairs.add(pair)
            other = _relation_name(kb, rel.doc, rel.title, rel.doc_no)
            notes.append(say("supersedes_note", name=name, other=other, note=rel.note))
    for cite in entry.cites:
        clause = kb.clauses[cite]
        if clause.valid_until and clause.valid_until < today:
            snippet = _clause_snippet(clause.text)
            until = format_date(clause.valid_until)
            notes.append(say("clause_ended_note", label=clause.label, snippet=snippet, until=until))
    notes.extend(region_notes(cited_docs, entry, kb, region, scope))
    return list(dict.fromkeys(notes))


def scope_note(entry: Entry, kb: KnowledgeBase, region: str | None) -> str:
    """The note saying whose rule an answer gives ("这是浙江省的规定"), when the question names no
    province and the answer rests on a province's rules alone: said first, not only in a footnote.
    (Beside national rules, "其中部分内容是…" stays a footnote: the answer's first words are the rule.)"""
    regions = _regions(list(dict.fromkeys(kb.document_of(c) for c in entry.cites)), entry, kb)
    if not regions or "全国" in regions or (region and region != "全国"):
        return ""
    where = "、".join(kb.lexicon.profile.scope_label(r) for r in regions)
    return kb.lexicon.say("region_scope_note", partly=False, where=where)


def home_note(entry: Entry, kb: KnowledgeBase, home: str) -> list[str]:
    """The note that an answer gives a province's rules the asker says is not theirs ("我在吉林，
    浙江那套办法我能用吗"): when none of the answer's clauses is the asker's province's or national."""
    regions = _regions(list(dict.fromkeys(kb.document_of(c) for c in entry.cites)), entry, kb)
    local = [r for r in regions if r != "全国"]
    if not local or home in regions or "全国" in regions:
        return []
    where = "、".join(kb.lexicon.profile.scope_label(r) for r in local)
    return [kb.lexicon.say("region_home_note", where=where, region=home)]


def asked_year_note(entry: Entry, kb: KnowledgeBase, message: str, today: dt.date) -> list[str]:
    """The note that the answer's documents were all issued before the year the message asks the
    rule of ("2025年山西见习补贴多少", "今年江西有新办法吗"): the base holds no later change. Not
    of a temporary measure or a text replaced or ended: their own notes speak. (A yearly plan's
    document asked of another year's plan was declined before: `other_year`.)"""
    lexicon = kb.lexicon
    year_rule = lexicon.year_rule_pattern
    if year_rule is None or "年" not in message:
        return []
    folded = fold(message)
    if not year_rule.search(folded):  # (most messages naming a year ask no year's rule)
        return []
    docs = list(dict.fromkeys(kb.document_of(c) for c in entry.cites))
    if any(d.temporary_until or d.expires or d.superseded_by or d.dated is None for d in docs):
        return []
    asked = {  # (in a clause that asks: "今年照省里文件收了几个见习生，…" tells what was done)
        today.year + _RELATIVE_YEARS[y] if y in _RELATIVE_YEARS else int(y)
        for sentence in split_sentences(folded)
        for clause in re.split(r"[,，;；]", sentence)
        if asks(clause, lexicon)
        for y in year_rule.findall(clause)
    }
    latest = max(d.dated.year for d in docs if d.dated)
    # (a year a held document is of names that document: "和2022年那份办法冲突时以哪个为准")
    held = {d.dated.year for d in kb.documents.values() if d.dated}
    later = sorted(y for y in asked if latest < y <= today.year + 1 and y not in held)
    if not later:
        return []
    named = "、".join(f"{format_date(d.dated)}{_DATED_AS[_dated_as(d)]}的{d.short_name}" for d in docs if d.dated)
    return [lexicon.say("asked_year_note", asked=f"{later[-1]}年", name=named)]


_RELATIVE_YEARS = {"今": 0, "明": 1}  # 今年, 明年
_DATED_AS = {"issued": "印发", "published": "公布", "in_force": "起施行"}


def _dated_as(document: Document) -> str:
    """Which of its dates a document's `dated` is."""
    return "issued" if document.issued else "published" if document.published else "in_force"


def _regions(docs: Iterable[Document], entry: Entry, kb: KnowledgeBase) -> list[str]:
    """The regions of the clauses an entry cites from `docs`, in order."""
    regions = []
    for doc in docs:
        for cite in entry.cites:
            clause = kb.clauses[cite]
            if clause.doc_id == doc.id:
                regions.append(clause.region or doc.region)
    return list(dict.fromkeys(regions))


def region_notes(
    docs: Iterable[Document], entry: Entry, kb: KnowledgeBase, region: str | None, scope: bool = True
) -> list[str]:
    """The footnote on whose rules an answer gives: another province's than the one asked about,
    or — to a question naming none, with `scope` or beside national rules — which province's."""
    regions = _regions(docs, entry, kb)
    local = [r for r in regions if r != "全国"]
    if not local:
        return []
    words = kb.lexicon.profile  # how a region is named: knowledge/lexicon/profile.yaml
    where = "、".join(words.scope_label(r) for r in local)
    partly = "全国" in regions  # national rules beside the local ones
    if region and region != "全国" and region not in local:
        return [kb.lexicon.say("region_elsewhere_note", partly=partly, where=where, region=region)]
    if region in local or not (scope or partly):
        return []
    return [kb.lexicon.say("region_scope_note", partly=partly, where=where)]
