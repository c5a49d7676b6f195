"""Scores replies by the rules of ../shared/eval/README.md (same rules as its score.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DECLINE_MARKERS = ("没有找到", "未找到", "无法回答", "暂无", "不在", "抱歉", "没有相关", "未收录", "超出", "不属于")
_CITE = re.compile(r"〔\s*\d{4}\s*〕")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()


@dataclass(frozen=True)
class Verdict:
    passed: bool
    why: str


def judge(record: dict, reply: str) -> Verdict:
    r = normalise(reply)
    if not record["answerable"]:
        declined = any(normalise(d) in r for d in DECLINE_MARKERS)
        ok = declined and not _CITE.search(reply)
        return Verdict(ok, "declined" if ok else ("cited a document" if declined else "answered out-of-scope"))
    missing = [e for e in record.get("expect_all", []) if normalise(e) not in r]
    if missing:
        return Verdict(False, f"missing {missing}")
    anys = record.get("expect_any", [])
    if anys and not any(normalise(e) in r for e in anys):
        return Verdict(False, f"none of {anys}")
    cites = record.get("cite_any", [])
    if cites and not any(normalise(c) in r for c in cites):
        return Verdict(False, f"no citation of {cites}")
    return Verdict(True, "ok")


@dataclass(frozen=True)
class Scored:
    """One question of a set, as asked, with the reply's outcome and its verdict."""

    record: dict
    outcome: str | None
    verdict: Verdict

    @property
    def confident_wrong(self) -> bool:
        """A confident answer that fails its expectations, or any answer to an out-of-scope question."""
        if self.verdict.passed:
            return False
        if not self.record["answerable"]:
            return self.outcome not in ("declined", "ambiguous", "small_talk")
        return self.outcome == "answered"


def conversations(records: list[dict]) -> list[list[dict]]:
    """Lines grouped into conversations: a line with `after` joins the conversation of that line."""
    groups: dict[str, list[dict]] = {}
    order: list[list[dict]] = []
    for record in records:
        parent = record.get("after")
        if parent and parent in groups:
            group = groups[parent]
        else:
            group = []
            order.append(group)
        group.append(record)
        groups[str(record.get("id"))] = group
    return order


def kind_table(scored: list[Scored]) -> list[str]:
    """Lines of a per-kind table: kind, passed/total, accuracy, confident-wrong, did-you-mean."""
    kinds: dict[str, list[Scored]] = {}
    for item in scored:
        kinds.setdefault(item.record.get("kind") or "all", []).append(item)
    lines = [f"{'kind':<16} {'pass':>7} {'acc':>7} {'conf-wrong':>10} {'did-you-mean':>12}"]
    for kind, items in sorted(kinds.items()):
        passed = sum(i.verdict.passed for i in items)
        wrong = sum(i.confident_wrong for i in items)
        dym = sum(i.outcome == "ambiguous" for i in items)
        lines.append(
            f"{kind:<16} {passed:>3}/{len(items):<3} {100.0 * passed / len(items):>6.1f}% {wrong:>10} {dym:>12}"
        )
    return lines


def totals(scored: list[Scored]) -> str:
    answerable = [i for i in scored if i.record["answerable"]]
    wrong = sum(i.confident_wrong for i in scored)
    dym = sum(i.outcome == "ambiguous" for i in answerable)
    rate = 100.0 * dym / max(1, len(answerable))
    return f"confident-wrong {wrong}, did-you-mean {dym}/{len(answerable)} answerable ({rate:.1f}%)"


def summary(results: list[tuple[dict, Verdict]]) -> str:
    a_ok = sum(v.passed for r, v in results if r["answerable"])
    a_n = sum(1 for r, _ in results if r["answerable"])
    d_ok = sum(v.passed for r, v in results if not r["answerable"])
    d_n = len(results) - a_n
    total = 100.0 * (a_ok + d_ok) / max(1, len(results))
    return f"answerable {a_ok}/{a_n}, declined {d_ok}/{d_n}, total {total:.1f}%"
