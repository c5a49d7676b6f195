"""Usage and feedback figures for staff: questions per day, outcome shares, top entries,
👍/👎 per entry and the entries most often marked unhelpful."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
OUTCOME_LABELS = {"answered": "已答复", "ambiguous": "不确定（给出选项）", "declined": "未找到"}


def china_day(stamp: str) -> dt.date | None:
    """The day in China of a stored ISO time (UTC in the files)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA).date()


@dataclass
class UsageStats:
    since: dt.date
    per_day: list[tuple[dt.date, int]] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    top_entries: list[tuple[str, int]] = field(default_factory=list)
    feedback: dict[str, tuple[int, int]] = field(default_factory=dict)  # entry → (👍, 👎)
    unhelpful: list[tuple[str, int, int]] = field(default_factory=list)  # (entry, 👎, 👍), worst first

    @property
    def questions(self) -> int:
        return sum(n for _, n in self.per_day)


def usage_stats(questions: Iterable[dict], feedback: Iterable[dict], since: dt.date, top: int = 10) -> UsageStats:
    stats = UsageStats(since=since)
    days: Counter = Counter()
    entries: Counter = Counter()
    for record in questions:
        day = china_day(record.get("time", ""))
        if day is None or day < since:
            continue
        days[day] += 1
        stats.outcomes[record.get("outcome") or "none"] += 1
        if record.get("outcome") == "answered" and record.get("entry"):
            entries[record["entry"]] += 1
    stats.per_day = sorted(days.items())
    stats.top_entries = entries.most_common(top)
    votes: dict[str, list[int]] = {}
    for record in feedback:
        day = china_day(record.get("time", ""))
        if day is None or day < since:
            continue
        pair = votes.setdefault(record["entry"], [0, 0])
        pair[0 if record["verdict"] == "+" else 1] += 1
    stats.feedback = {entry: (up, down) for entry, (up, down) in sorted(votes.items())}
    stats.unhelpful = sorted(
        ((e, down, up) for e, (up, down) in stats.feedback.items() if down), key=lambda t: (-t[1], t[2], t[0])
    )[:top]
    return stats


def stats_lines(stats: UsageStats, titles: Mapping[str, str]) -> list[str]:
    def name(entry: str) -> str:
        return f"{entry}（{titles[entry]}）" if entry in titles else f"{entry}（已删除）"

    lines = [f"自 {stats.since.isoformat()} 起共 {stats.questions} 个问题"]
    if stats.questions:
        lines.append("每日问题数：" + "，".join(f"{d.strftime('%m-%d')} {n}" for d, n in stats.per_day))
        shares = "，".join(
            f"{OUTCOME_LABELS.get(k, k)} {n}（{100 * n / stats.questions:.0f}%）"
            for k, n in stats.outcomes.most_common()
        )
        lines.append("结果：" + shares)
    if stats.top_entries:
        lines.append("最常答复的条目：")
        lines += [f"  {n} × {name(e)}" for e, n in stats.top_entries]
    if stats.feedback:
        lines.append("反馈（👍/👎）：")
        lines += [f"  {name(e)}：👍 {up} / 👎 {down}" for e, (up, down) in stats.feedback.items()]
    if stats.unhelpful:
        lines.append("最常被标为“没帮助”的条目：")
        lines += [f"  👎 {down}（👍 {up}）{name(e)}" for e, down, up in stats.unhelpful]
    else:
        lines.append("没有条目被标为“没帮助”。")
    return lines
