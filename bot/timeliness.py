"""Time- and place-awareness: what a reply must say about dates, later texts and regions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from markupsafe import escape

from bot.kb.model import Document, Entry, KnowledgeBase, nested_title
from bot.reply import format_date


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


def time_notes(entry: Entry, kb: KnowledgeBase, today: dt.date, region: str | None) -> list[str]:
    """Notes (HTML) on expired measures, clauses past their end, later texts and region scope."""
    notes: list[str] = []
    cited_docs: list[Document] = list(dict.fromkeys(kb.document_of(c) for c in entry.cites))
    cited_ids = {d.id for d in cited_docs}
    if entry.valid_until and entry.valid_until < today:
        notes.append(f"⏳ 本答复依据的规定执行至{format_date(entry.valid_until)}，现已届满。")
    mentioned_pairs: set[frozenset[str]] = set()
    for doc in cited_docs:
        name = escape(doc.short_name)
        if doc.temporary_until:
            note = escape(doc.temporary_note or "")
            if doc.temporary_until < today:
                notes.append(
                    f"⏳ 时效提示：这是阶段性措施，已于{format_date(doc.temporary_until)}届满（今天是{format_date(today)}），"
                    f"以上是当时的规定，现行做法请以最新政策为准。{note}"
                )
            else:
                days = (doc.temporary_until - today).days
                notes.append(
                    f"⏳ 时效提示：《{name}》是阶段性措施，执行至{format_date(doc.temporary_until)}（还有{days}天）。"
                )
        if doc.expires and doc.expires < today:
            notes.append(f"⏳ {name}已于{format_date(doc.expires)}失效。")
        if doc.in_force and doc.in_force > today:
            notes.append(f"⏳ {name}自{format_date(doc.in_force)}起施行，目前尚未施行。")
        for rel in doc.superseded_by:
            pair = frozenset((doc.id, rel.doc or rel.title or ""))
            if pair in mentioned_pairs:
                continue
            mentioned_pairs.add(pair)
            notes.append(
                f"🔄 较新的规定：{escape(_relation_name(kb, rel.doc, rel.title, rel.doc_no))}晚于{name}。{escape(rel.note)}"
            )
        for rel in doc.supersedes:
            # An earlier text is mentioned only when the answer cites it too: "cite both, say which is later".
            pair = frozenset((doc.id, rel.doc or rel.title or ""))
            if pair in mentioned_pairs or rel.doc not in cited_ids:
                continue
            mentioned_pairs.add(pair)
            notes.append(
                f"🔄 {name}是较新的文件，晚于{escape(_relation_name(kb, rel.doc, rel.title, rel.doc_no))}。{escape(rel.note)}"
            )
    for cite in entry.cites:
        clause = kb.clauses[cite]
        if clause.valid_until and clause.valid_until < today:
            snippet = escape(_clause_snippet(clause.text))
            notes.append(
                f"⏳ 其中{escape(clause.label)}「{snippet}」一项执行至{format_date(clause.valid_until)}，现已结束。"
            )
    notes.extend(region_notes(cited_docs, entry, kb, region))
    return list(dict.fromkeys(notes))


def region_notes(docs: Iterable[Document], entry: Entry, kb: KnowledgeBase, region: str | None) -> list[str]:
    regions = []
    for doc in docs:
        for cite in entry.cites:
            clause = kb.clauses[cite]
            if clause.doc_id == doc.id:
                regions.append(clause.region or doc.region)
    regions = list(dict.fromkeys(regions))
    local = [r for r in regions if r != "全国"]
    if not local:
        return []
    words = kb.lexicon.profile  # how a region is named: knowledge/lexicon/profile.yaml
    where = "、".join(words.scope_label(r) for r in local)
    part = "其中部分内容是" if "全国" in regions else "以上是"
    if region and region != "全国" and region not in local:
        return [f"📍 注意：{part}{where}的规定，您关注的是{region}，当地规定可能不同，请以当地人社部门的文件为准。"]
    if region in local:
        return []
    return [f"📍 适用范围：{part}{where}的规定，其他地区请以当地政策为准。"]
