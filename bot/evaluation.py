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


def summary(results: list[tuple[dict, Verdict]]) -> str:
    a_ok = sum(v.passed for r, v in results if r["answerable"])
    a_n = sum(1 for r, _ in results if r["answerable"])
    d_ok = sum(v.passed for r, v in results if not r["answerable"])
    d_n = len(results) - a_n
    total = 100.0 * (a_ok + d_ok) / max(1, len(results))
    return f"answerable {a_ok}/{a_n}, declined {d_ok}/{d_n}, total {total:.1f}%"
