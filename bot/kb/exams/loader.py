"""Loads `knowledge/exams/<year>.yaml` into an ExamCalendar, reporting every problem as file:line.

Loaded with the knowledge (bot/kb/knowledge.py, into `kb.exams`), so `qualbot kb check` and every reload run these checks:
an exam without a source row or a reliability level, a date that does not follow from the
source's wording, a structured date where the wording is vague, or sources that disagree
without the disagreement being recorded — each is a KbError.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from bot.kb.errors import KbError
from bot.kb.exams.cn_dates import parse_exam_days, parse_window
from bot.kb.exams.model import RELIABILITY_RANK, Exam, ExamCalendar, Milestone, SourceRow, YearPlan
from bot.kb.exams.schema import ExamSpec, ExamYearSpec, MilestoneSpec
from bot.kb.normalise import fold, strip_to_words
from bot.kb.strict_yaml import LoadedYaml
from bot.kb.validate import display_path, read_validated
from bot.kb.vocabulary import read_exam_words

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

EXAMS_DIR = "exams"


class _FileErrors:
    def __init__(self, display: str, loaded: LoadedYaml, errors: list[KbError]):
        self.display, self.loaded, self.errors = display, loaded, errors

    def add(self, loc: tuple[Any, ...], message: str) -> None:
        self.errors.append(KbError(self.display, self.loaded.line_of(loc), message))


def load_exam_calendar(root: Path, kb: KnowledgeBase | None, errors: list[KbError]) -> ExamCalendar:
    """Section loader: `knowledge/exams/*.yaml` → ExamCalendar (empty when the folder is absent)."""
    exams: list[Exam] = []
    plans: dict[int, YearPlan] = {}
    for path in sorted((Path(root) / EXAMS_DIR).glob("*.yaml")):
        display = display_path(Path(root), path)
        result = read_validated(path, display, ExamYearSpec, errors)
        if result is None:
            continue
        loaded, spec = result
        file_errors = _FileErrors(display, loaded, errors)
        if path.stem != str(spec.year):
            file_errors.add(("year",), f"year {spec.year} must equal the file name '{path.stem}'")
        if spec.year in plans:
            file_errors.add(("year",), f"year {spec.year} is already defined in {plans[spec.year].path}")
            continue
        plans[spec.year] = YearPlan(spec.year, spec.plan_title, spec.plan_note, display)
        seen: dict[str, int] = {}
        for index, exam_spec in enumerate(spec.exams):
            loc = ("exams", index)
            if exam_spec.id in seen:
                file_errors.add(
                    (*loc, "id"), f"duplicate exam id '{exam_spec.id}' (first at exams[{seen[exam_spec.id]}])"
                )
                continue
            seen[exam_spec.id] = index
            exam = _build_exam(spec, exam_spec, loc, file_errors, display)
            if exam is not None:
                exams.append(exam)
    return ExamCalendar(tuple(exams), MappingProxyType(plans), read_exam_words(Path(root), errors))


class _NotADate(ValueError):
    pass


def _real_date(text: str | None, where: tuple[Any, ...], errs: _FileErrors) -> dt.date | None:
    """A YYYY-MM-DD that is a real day, else a file:line error (not a traceback; review M2)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errs.add(where, f"'{text}' is not a real calendar date (YYYY-MM-DD)")
        raise _NotADate(text) from None


def _build_exam(
    year_spec: ExamYearSpec, spec: ExamSpec, loc: tuple[Any, ...], errs: _FileErrors, display: str
) -> Exam | None:
    year = year_spec.year
    ok = True
    rows: dict[str, SourceRow] = {}
    for i, row in enumerate(spec.sources):
        registry = year_spec.sources.get(row.key)
        if registry is None:
            errs.add(
                (*loc, "sources", i, "key"),
                f"exam '{spec.id}': source key '{row.key}' is not in `sources:` (have: {', '.join(year_spec.sources)})",
            )
            ok = False
            continue
        for attr in ("reliability", "url", "published"):
            if getattr(row, attr) != getattr(registry, attr):
                errs.add(
                    (*loc, "sources", i, attr),
                    f"exam '{spec.id}': {attr} '{getattr(row, attr)}' differs from "
                    f"source '{row.key}' ('{getattr(registry, attr)}')",
                )
                ok = False
        if row.key in rows:
            errs.add((*loc, "sources", i, "key"), f"exam '{spec.id}': source '{row.key}' is listed twice")
            ok = False
        rows[row.key] = SourceRow(
            key=row.key,
            title=registry.title,
            role=row.role,
            csv_line=row.csv_line,
            row=row.row,
            name=row.name,
            date_text=row.date_text,
            url=row.url,
            published=row.published,
            reliability=row.reliability,
            notes=row.notes,
        )
    primaries = [r for r in rows.values() if r.role == "primary"]
    if len(primaries) != 1:
        errs.add(
            (*loc, "sources"), f"exam '{spec.id}' needs exactly one source with role: primary (has {len(primaries)})"
        )
        ok = False
    elif any(RELIABILITY_RANK[r.reliability] < RELIABILITY_RANK[primaries[0].reliability] for r in rows.values()):
        errs.add((*loc, "sources"), f"exam '{spec.id}': the primary source must be the most reliable one")
        ok = False

    try:
        days = cast(
            tuple[dt.date, ...],  # the schema admits no empty day
            tuple(_real_date(d, (*loc, "dates", "days", i), errs) for i, d in enumerate(spec.dates.days)),
        )
    except _NotADate:
        return None
    ok &= _check_dates(spec, year, days, rows, loc, errs)
    milestones: dict[str, Milestone | None] = {}
    for name in ("notice", "registration", "results"):
        milestone_spec: MilestoneSpec | None = getattr(spec, name)
        milestones[name] = None
        if milestone_spec is None:
            continue
        source = rows.get(milestone_spec.source)
        if source is None:
            errs.add(
                (*loc, name, "source"),
                f"exam '{spec.id}': {name} source '{milestone_spec.source}' is not one of its sources",
            )
            ok = False
            continue
        try:
            start = _real_date(milestone_spec.start, (*loc, name, "start"), errs)
            end = _real_date(milestone_spec.end, (*loc, name, "end"), errs)
        except _NotADate:
            ok = False
            continue
        if (start, end) != (None, None) and parse_window(milestone_spec.text, year) != (start, end):
            errs.add(
                (*loc, name),
                f"exam '{spec.id}': {name} start/end must be exactly the window in '{milestone_spec.text}' "
                f"(leave them out when the wording is not exact)",
            )
            ok = False
        milestones[name] = Milestone(milestone_spec.text, source, start, end, milestone_spec.region)
    body_source = rows.get(spec.body_source) if spec.body_source else None
    if spec.body and body_source is None:
        errs.add((*loc, "body_source"), f"exam '{spec.id}': body needs body_source naming one of its sources")
        ok = False
    for j, alias in enumerate(spec.aliases):
        if len(strip_to_words(fold(alias))) < 2:
            errs.add((*loc, "aliases", j), f"exam '{spec.id}': alias '{alias}' is too short to recognise safely")
            ok = False
    if not ok:
        return None
    return Exam(
        year=year,
        id=spec.id,
        name=spec.name,
        official_name=spec.official_name,
        level=spec.level,
        field=spec.field,
        sources=tuple(sorted(rows.values(), key=lambda r: (r.role != "primary", RELIABILITY_RANK[r.reliability]))),
        days=days,
        dates_text=spec.dates.text,
        dates_source=rows.get(spec.dates.source or ""),
        dates_note=spec.dates.note,
        dates_region=spec.dates.region,
        sitting=spec.sitting,
        aliases=tuple(spec.aliases),
        outside_national_plan=spec.outside_national_plan,
        body=spec.body,
        body_source=body_source,
        notice=milestones["notice"],
        registration=milestones["registration"],
        results=milestones["results"],
        disagreements=tuple(spec.disagreements),
        notes=spec.notes,
        path=display,
        line=errs.loaded.line_of(loc),
    )


def _check_dates(
    spec: ExamSpec,
    year: int,
    days: tuple[dt.date, ...],
    rows: dict[str, SourceRow],
    loc: tuple[Any, ...],
    errs: _FileErrors,
) -> bool:
    """Exam days must follow from the source wording; sources giving exact days must agree."""
    dates = spec.dates
    where = (*loc, "dates")
    if dates.text is None:
        if days or dates.source:
            errs.add(where, f"exam '{spec.id}': dates without the source's wording (text)")
            return False
        return True
    source = rows.get(dates.source or "")
    if source is None:
        errs.add((*where, "source"), f"exam '{spec.id}': dates.source '{dates.source}' is not one of its sources")
        return False
    if dates.text != source.date_text:
        errs.add(
            (*where, "text"),
            f"exam '{spec.id}': dates.text '{dates.text}' is not the wording of source "
            f"'{source.key}' ('{source.date_text}')",
        )
        return False
    exact = parse_exam_days(dates.text, year)
    if exact is None and days:
        errs.add(
            (*where, "days"),
            f"exam '{spec.id}': '{dates.text}' is not an exact date, so days must be [] "
            "(never fill a vague or truncated cell by guess)",
        )
        return False
    if exact is not None and days != exact:
        shown = ", ".join(d.isoformat() for d in exact)
        errs.add((*where, "days"), f"exam '{spec.id}': days must be every day of '{dates.text}': [{shown}]")
        return False
    if not spec.disagreements:
        for row in rows.values():
            other = parse_exam_days(row.date_text, year)
            if other is not None and exact is not None and other != exact:
                errs.add(
                    (*loc, "sources"),
                    f"exam '{spec.id}': source '{row.key}' says '{row.date_text}' but the dates "
                    f"say '{dates.text}'; record it under disagreements",
                )
                return False
    return True
