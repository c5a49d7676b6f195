"""Closed schema of `knowledge/exams/<year>.yaml` (strict: unknown keys and wrong types are errors).

The YAML keeps the source's wording (`text`) next to any structured date, and says for every
exam which source row it comes from and how reliable that source is. See docs/knowledge-format.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Reliability = Literal["official_plan", "provincial_plan", "quoted_official", "third_party_unverified"]
ExamField = Literal[
    "建设工程",
    "工程技术",
    "财会",
    "经济",
    "金融",
    "医药卫生",
    "计算机",
    "法律",
    "教育",
    "社会工作",
    "文化旅游",
    "其他",
]
# An ISO day kept as text (the calendar parses it itself, with the row's line for errors).
DateText = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
ExamId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,23}$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceSpec(_Closed):
    """One source of the year's data (the file's `sources:` registry, keyed by 来源键)."""

    title: Text  # how replies name it, e.g. 上海市2026年度计划（233网转载）
    reliability: Reliability
    url: Text  # the CSV's 来源 cell, verbatim
    published: Text  # the CSV's 来源日期 cell, verbatim
    notes: str | None = None


class SourceRowSpec(_Closed):
    """The source row an exam entry was built from (one per source that gives this exam)."""

    key: Text  # 来源键: a key of `sources:`
    role: Literal["primary", "corroborating"]
    csv_line: Annotated[int, Field(ge=2)]  # line in ../shared/data/exam_plan_2026.csv (header = line 1)
    row: str | None  # 来源中序号 (the source's own row number), null when it has none
    name: Text  # 考试名称, verbatim
    date_text: Text  # 考试日期, verbatim (may be "[缺失]" or truncated)
    url: Text
    published: Text
    reliability: Reliability
    notes: str | None = None


class DatesSpec(_Closed):
    text: str | None  # the source's wording; null when no source gives it
    days: list[DateText] = []  # exact days only (a range expands to each day); [] when not exact
    source: str | None  # 来源键 of the row the wording comes from
    note: str | None = None  # why unknown (missing, truncated …)
    region: str | None = None  # e.g. 上海: the dates are that province's plan (exams run by each province)


class MilestoneSpec(_Closed):
    """Notice / registration / results: the source's wording, exact dates only where exact."""

    text: Text
    start: DateText | None = None
    end: DateText | None = None
    region: str | None = None  # e.g. 上海: the window is that province's
    source: Text


class ExamSpec(_Closed):
    id: ExamId
    name: Text  # what users call it, e.g. 一级建造师
    official_name: Text  # the plan's name, e.g. 建造师（一级）
    level: str | None  # e.g. 一级 / 初级、中级、高级; null when the exam has no levels
    sitting: str | None = None  # e.g. 上半年 / 下半年·笔试 / 主观题, when one row is one part of the year
    field: ExamField
    aliases: list[Text] = []  # what users type; a generic alias may be shared by several exams
    outside_national_plan: bool = False
    body: str | None = None  # responsible body, where a source names it
    body_source: str | None = None
    dates: DatesSpec
    notice: MilestoneSpec | None = None
    registration: MilestoneSpec | None = None
    results: MilestoneSpec | None = None
    sources: Annotated[list[SourceRowSpec], Field(min_length=1)]
    disagreements: list[Text] = []
    notes: str | None = None


class ExamYearSpec(_Closed):
    year: int
    plan_title: str | None  # the national notice for the year, where known
    plan_note: Text  # what is (not) known about the plan, shown in listings
    sources: dict[str, SourceSpec]
    exams: list[ExamSpec]
