"""The immutable exam calendar the specialist, reminders and calendar export read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.kb.vocabulary import ExamWords

# Best first: the primary source of an exam is the best-ranked one that gives it.
RELIABILITY_RANK = {"official_plan": 0, "quoted_official": 1, "provincial_plan": 2, "third_party_unverified": 3}
RELIABILITY_LABEL = {
    "official_plan": "官方计划原文",
    "quoted_official": "转引自官方计划，原页面未直接核对",
    "provincial_plan": "省级官方发布",
    "third_party_unverified": "第三方数据，未经核实",
}
LEVEL_WORDS = ("一级", "二级", "三级", "初级", "中级", "高级")
_LEVEL = re.compile("|".join(LEVEL_WORDS))


def levels_of(level_text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_LEVEL.findall(level_text or "")))


@dataclass(frozen=True)
class SourceRow:
    key: str
    title: str
    role: str
    csv_line: int
    row: str | None
    name: str
    date_text: str
    url: str
    published: str
    reliability: str
    notes: str | None = None

    @property
    def unverified(self) -> bool:
        return self.reliability == "third_party_unverified"

    @property
    def reliability_label(self) -> str:
        return RELIABILITY_LABEL[self.reliability]


@dataclass(frozen=True)
class Milestone:
    text: str
    source: SourceRow
    start: dt.date | None = None
    end: dt.date | None = None
    region: str | None = None


@dataclass(frozen=True)
class Exam:
    year: int
    id: str
    name: str
    official_name: str
    level: str | None
    field: str
    sources: tuple[SourceRow, ...]
    days: tuple[dt.date, ...] = ()
    dates_text: str | None = None
    dates_source: SourceRow | None = None
    dates_note: str | None = None
    dates_region: str | None = None  # the province whose plan the dates come from, when they may differ elsewhere
    sitting: str | None = None
    aliases: tuple[str, ...] = ()
    outside_national_plan: bool = False
    body: str | None = None
    body_source: SourceRow | None = None
    notice: Milestone | None = None
    registration: Milestone | None = None
    results: Milestone | None = None
    disagreements: tuple[str, ...] = ()
    notes: str | None = None
    path: str = ""
    line: int = 0

    @property
    def levels(self) -> tuple[str, ...]:
        return levels_of(self.level)

    @property
    def title(self) -> str:
        """Display name with the sitting, e.g. 计算机软考（下半年）."""
        if self.sitting and self.sitting not in self.name:
            return f"{self.name}（{self.sitting}）"
        return self.name

    @property
    def primary(self) -> SourceRow:
        return next(s for s in self.sources if s.role == "primary")

    @property
    def corroborating(self) -> tuple[SourceRow, ...]:
        return tuple(s for s in self.sources if s.role != "primary")

    @property
    def first_day(self) -> dt.date | None:
        return self.days[0] if self.days else None

    @property
    def last_day(self) -> dt.date | None:
        return self.days[-1] if self.days else None

    @property
    def date_reliability(self) -> str:
        """How sure the exam dates are: the reliability of the row they come from."""
        return (self.dates_source or self.primary).reliability

    @property
    def unverified(self) -> bool:
        return self.date_reliability == "third_party_unverified"


@dataclass(frozen=True)
class YearPlan:
    year: int
    plan_title: str | None
    plan_note: str
    path: str = ""


@dataclass(frozen=True)
class ExamCalendar:
    exams: tuple[Exam, ...] = ()
    plans: Mapping[int, YearPlan] = field(default_factory=lambda: MappingProxyType({}))
    words: ExamWords = field(default_factory=ExamWords)  # knowledge/lexicon/exams.yaml

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.plans))

    def has_year(self, year: int) -> bool:
        return year in self.plans

    def of_year(self, year: int) -> tuple[Exam, ...]:
        return tuple(e for e in self.exams if e.year == year)

    def find(self, year: int, exam_id: str) -> Exam | None:
        return next((e for e in self.exams if e.year == year and e.id == exam_id), None)

    def latest(self, exam_id: str) -> Exam | None:
        """The exam's entry in the most recent year that has it."""
        found = [e for e in self.exams if e.id == exam_id]
        return max(found, key=lambda e: e.year) if found else None

    @property
    def exam_ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.exams)

    def last_held_before(self, day: dt.date) -> Exam | None:
        """The exam with the latest exam day before `day` (the first by id of a tie), if any."""
        held = [(max(d for d in e.days if d < day), e.id, e) for e in self.exams if any(d < day for d in e.days)]
        return max(held, key=lambda h: (h[0], [-ord(c) for c in h[1]]))[2] if held else None

    def dated_between(self, start: dt.date, end: dt.date) -> list[Exam]:
        """Exams with at least one exam day in [start, end], by their first such day."""
        hits = [
            (min(d for d in e.days if start <= d <= end), e)
            for e in self.exams
            if any(start <= d <= end for d in e.days)
        ]
        return [e for _, e in sorted(hits, key=lambda pair: (pair[0], pair[1].id))]
