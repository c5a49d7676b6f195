"""Where users are left without an answer: declined and low-confidence questions, grouped.

Questions come from the question log (`Storage.questions()`). Similar wordings are grouped
(rapidfuzz on the matcher's canonical text — folded, synonyms applied, punctuation dropped —
and on its segmented words, so word order matters less), most frequent group first, each
with the closest existing entry: staff then either add a phrasing to that entry or write a
new one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.core import Brain

GAP_OUTCOMES = ("declined", "ambiguous")
LOW_SCORE = 0.55  # answered, but barely over the matcher's threshold (MatchPolicy.answer_at, 0.45): worth a look
SIMILAR_AT = 70.0  # rapidfuzz score (0–100) at which two questions count as the same gap


@dataclass
class GapGroup:
    example: str  # the most frequent wording
    count: int = 0
    wordings: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    last_seen: str = ""
    closest_entry: str | None = None
    closest_title: str | None = None
    closest_score: float | None = None


def is_gap(record: dict, low_score: float = LOW_SCORE) -> bool:
    outcome = record.get("outcome")
    if outcome in GAP_OUTCOMES:
        return True
    score = record.get("score")
    return outcome == "answered" and score is not None and score < low_score


def _outcome_label(record: dict) -> str:
    return "low" if record.get("outcome") == "answered" else str(record.get("outcome"))


def find_gaps(
    records: Iterable[dict], brain: Brain, *, low_score: float = LOW_SCORE, similar_at: float = SIMILAR_AT
) -> list[GapGroup]:
    """Gap questions grouped by similarity, most frequent first."""
    pipeline = brain.pipeline
    by_key: dict[str, list[dict]] = {}
    for record in records:
        text = (record.get("text") or "").strip()
        if not text or not is_gap(record, low_score):
            continue
        key = pipeline.canonical(text) or text
        by_key.setdefault(key, []).append(record)
    # Most frequent wordings first, so each group is represented by its commonest form.
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), k))
    reps: list[tuple[str, str]] = []  # (canonical, words joined by spaces) of each group's representative
    groups: list[GapGroup] = []
    for key in keys:
        words = " ".join(pipeline.words(key))
        target = None
        for index, (rep_key, rep_words) in enumerate(reps):
            if max(fuzz.ratio(key, rep_key), fuzz.token_set_ratio(words, rep_words)) >= similar_at:
                target = index
                break
        if target is None:
            reps.append((key, words))
            groups.append(GapGroup(example=by_key[key][0]["text"].strip()))
            target = len(groups) - 1
        group = groups[target]
        for record in by_key[key]:
            group.count += 1
            group.wordings[record["text"].strip()] += 1
            group.outcomes[_outcome_label(record)] += 1
            group.last_seen = max(group.last_seen, str(record.get("time") or ""))
    for group in groups:
        group.example = group.wordings.most_common(1)[0][0]
        _, candidates = brain.matcher.score_all(group.example, limit=1)
        if candidates:
            best = candidates[0]
            group.closest_entry, group.closest_score = best.entry_id, best.score
            group.closest_title = brain.kb.entries[best.entry_id].title
    return sorted(groups, key=lambda g: (-g.count, g.example))


def gap_lines(groups: list[GapGroup], limit: int = 20) -> list[str]:
    if not groups:
        return ["没有未答出或低把握的问题。"]
    total = sum(g.count for g in groups)
    lines = [f"未答出 / 低把握的问题：{total} 次，{len(groups)} 组（按出现次数排序）"]
    for i, group in enumerate(groups[:limit], 1):
        kinds = "、".join(f"{_KIND.get(k, k)} {n}" for k, n in group.outcomes.most_common())
        others = [w for w in group.wordings if w != group.example]
        closest = (
            f"{group.closest_entry}（{group.closest_title}，{group.closest_score:.2f}）"
            if group.closest_entry
            else "无"
        )
        lines.append(f"{i}. ×{group.count} 「{group.example}」 [{kinds}]")
        if others:
            lines.append("   其他说法：" + "；".join(others[:3]) + ("…" if len(others) > 3 else ""))
        lines.append(f"   最接近的条目：{closest}")
    if len(groups) > limit:
        lines.append(f"…另有 {len(groups) - limit} 组；qualbot gaps --csv 导出全部")
    return lines


_KIND = {"declined": "未找到", "ambiguous": "不确定", "low": "低分答复"}

CSV_COLUMNS = (
    "count",
    "example",
    "other_wordings",
    "outcomes",
    "closest_entry",
    "closest_title",
    "closest_score",
    "last_seen",
    "new_entry_id",
    "notes",
)


def gaps_csv(groups: list[GapGroup]) -> str:
    """All groups as CSV (UTF-8 with BOM so spreadsheet programs show the Chinese correctly).

    The last two columns are empty for staff to fill in while they plan new entries."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for g in groups:
        writer.writerow(
            [
                spreadsheet_safe(cell)
                for cell in (
                    g.count,
                    g.example,
                    " | ".join(w for w in g.wordings if w != g.example),
                    " ".join(f"{k}:{n}" for k, n in g.outcomes.most_common()),
                    g.closest_entry or "",
                    g.closest_title or "",
                    "" if g.closest_score is None else f"{g.closest_score:.2f}",
                    g.last_seen,
                    "",
                    "",
                )
            ]
        )
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_safe(cell: object) -> object:
    """Users' text must stay text when staff open the CSV in a spreadsheet: a cell that begins like a
    formula (= + - @, tab, CR, or their full-width forms, which some programs convert) gets a leading '."""
    if isinstance(cell, str) and cell.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
