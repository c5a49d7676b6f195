"""What changed between two knowledge versions, as staff read it after a reload.

Compares entries, documents, clauses, synonyms, rule values (knowledge/rules, `kb.rules`) and
exam dates (`kb.exams`, via bot.exams.reminders.diff_calendars, so the reload summary and
subscriber notices agree on what changed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.kb.model import Clause, Entry, KnowledgeBase


@dataclass(frozen=True)
class Changes:
    """Added / removed / changed ids of one kind of thing (changed: id → what changed)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (id, short description)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.added), len(self.removed), len(self.changed)


@dataclass(frozen=True)
class KnowledgeDiff:
    entries: Changes = Changes()
    documents: Changes = Changes()
    clauses: Changes = Changes()
    synonyms: Changes = Changes()
    rules: Changes = Changes()
    exams: Changes = Changes()
    exam_changes: tuple[Any, ...] = field(default=())  # bot.exams.reminders.ExamChange, for notifiers

    @property
    def empty(self) -> bool:
        return not any((self.entries, self.documents, self.clauses, self.synonyms, self.rules, self.exams))

    def sections(self) -> list[tuple[str, Changes]]:
        labels = (
            ("答复条目", self.entries),
            ("政策文件", self.documents),
            ("条款", self.clauses),
            ("同义词", self.synonyms),
            ("规则值", self.rules),
            ("考试日期", self.exams),
        )
        return [(label, changes) for label, changes in labels if changes]

    def lines(self, limit: int = 8) -> list[str]:
        """Plain-text summary, one line per changed item (at most `limit` per section)."""
        if self.empty:
            return ["内容没有变化。"]
        out: list[str] = []
        for label, changes in self.sections():
            added, removed, changed = changes.counts
            out.append(f"{label}：新增 {added}，删除 {removed}，修改 {changed}")
            items = [f"  + {i}" for i in changes.added] + [f"  - {i}" for i in changes.removed]
            items += [f"  ~ {i}：{what}" for i, what in changes.changed]
            out += items[:limit]
            if len(items) > limit:
                out.append(f"  …另有 {len(items) - limit} 项")
        return out


def _compare(old: Mapping[str, Any], new: Mapping[str, Any], describe) -> Changes:
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = []
    for key in new:
        if key in old:
            what = describe(old[key], new[key])
            if what:
                changed.append((key, what))
    return Changes(added, removed, tuple(changed))


_ENTRY_FIELDS = {
    "title": "标题",
    "audience": "对象",
    "questions": "问法",
    "keywords": "关键词",
    "answer": "答复",
    "answer_for": "分对象答复",
    "cites": "引用",
    "related": "相关问题",
    "valid_from": "生效日",
    "valid_until": "截止日",
    "topic": "话题",
}
_CLAUSE_FIELDS = {
    "text": "条文",
    "label": "编号",
    "heading": "标题",
    "keywords": "关键词",
    "parent": "上级条款",
    "responsible": "责任单位",
    "region": "地区",
    "valid_until": "截止日",
}
_DOCUMENT_FIELDS = {
    "title": "标题",
    "doc_no": "文号",
    "status": "状态",
    "issued": "发布日",
    "in_force": "施行日",
    "expires": "失效日",
    "temporary_until": "阶段性措施截止",
    "last_reviewed": "核对日期",
    "region": "地区",
    "issuer": "发文单位",
}


def _fields(labels: Mapping[str, str]):
    """A describer: the names of the fields (in Chinese) whose values differ."""

    def describe(old: Any, new: Any) -> str:
        names = [label for name, label in labels.items() if _plain(getattr(old, name)) != _plain(getattr(new, name))]
        return "、".join(names)

    return describe


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value


def _value_change(old: Any, new: Any) -> str:
    return "" if old == new else f"{old} → {new}"


def _rule_cells(kb: KnowledgeBase) -> dict[str, Any]:
    """Every rule value as 'table/key[@valid_from]/column' → value (plus the row's cite and dates)."""
    cells: dict[str, Any] = {}
    for table in kb.rules.tables.values():
        for row in table.rows:
            row_id = f"{table.id}/{row.key}" + (f"@{row.valid_from.isoformat()}" if row.valid_from else "")
            for column, value in row.values.items():
                cells[f"{row_id}/{column}"] = value
            cells[f"{row_id}/cite"] = row.cite
            if row.valid_until:
                cells[f"{row_id}/valid_until"] = row.valid_until.isoformat()
    return cells


def _exam_changes(old: KnowledgeBase, new: KnowledgeBase) -> tuple[Changes, tuple[Any, ...]]:
    from bot.exams.reminders import diff_calendars

    found = diff_calendars(old.exams, new.exams)
    added = tuple(
        c.name if c.kind == "plan_added" else f"{c.year} {c.name}" for c in found if c.kind in ("added", "plan_added")
    )
    removed = tuple(f"{c.year} {c.name}" for c in found if c.kind == "removed")
    changed = tuple(
        (
            f"{c.year} {c.name}",
            "；".join(f"{what}：{a or '无'} → {b or '无'}" for what, a, b in c.details) or "考试日期",
        )
        for c in found
        if c.kind == "changed"
    )
    return Changes(added, removed, changed), tuple(found)


def diff_knowledge(old: KnowledgeBase, new: KnowledgeBase) -> KnowledgeDiff:
    entries: Mapping[str, Entry] = new.entries
    clauses: Mapping[str, Clause] = new.clauses
    exams, exam_changes = _exam_changes(old, new)
    return KnowledgeDiff(
        entries=_compare(old.entries, entries, _fields(_ENTRY_FIELDS)),
        documents=_compare(old.documents, new.documents, _fields(_DOCUMENT_FIELDS)),
        clauses=_compare(old.clauses, clauses, _fields(_CLAUSE_FIELDS)),
        synonyms=_compare(old.synonyms, new.synonyms, _value_change),
        rules=_compare(_rule_cells(old), _rule_cells(new), _value_change),
        exams=exams,
        exam_changes=exam_changes,
    )
