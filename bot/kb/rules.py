"""`knowledge/rules/*.yaml`: dated rule values and tables, every row citing a clause.

Dialogs never hold a number, a percentage, a date or an amount themselves: they look rows
up here by table id and key. A table declares typed columns; each row gives those columns
plus `cite` (a `doc:clause` that must resolve) and, for values that change over time,
`valid_from` / `valid_until` — the OpenFisca habit of dating every parameter.

    id: internship-sx-2022            # = file stem
    title: 山西就业见习补贴参数（2022）
    last_reviewed: "2026-11-21"
    tables:
      - id: internship-subsidy
        description: 见习单位补贴参数
        columns: {label: text, value: number}
        rows:
          - key: base-rate
            label: 就业见习补贴（占当地最低工资标准）
            value: 0.6
            cite: "sx-internship-2022:3.2.1"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.kb.errors import KbError
from bot.kb.schema import CiteRef, IsoDate, Slug, Text
from bot.kb.strict_yaml import LoadedYaml
from bot.kb.validate import display_path, read_validated

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

ColumnType = Literal["text", "integer", "number", "date"]
_RESERVED = ("key", "cite", "valid_from", "valid_until", "note")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RowSpec(BaseModel):
    # Columns are declared per table, so extra keys are allowed here and checked by hand
    # against the table's `columns` (with a file:line error naming the allowed ones).
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    key: Slug
    cite: CiteRef
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None
    note: Text | None = None


class TableSpec(_Closed):
    id: Slug
    description: Text
    columns: dict[Slug, ColumnType] = Field(min_length=1)
    rows: list[RowSpec] = Field(min_length=1)
    # `qualifications`: its rows' labels are the whole list of qualifications a rule covers, so
    # an answer quoting it says when the qualification asked about is not on it.
    lists: Literal["qualifications"] | None = None


class RulesFileSpec(_Closed):
    id: Slug
    title: Text
    last_reviewed: IsoDate
    tables: list[TableSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Row:
    table: str
    key: str
    values: Mapping[str, Any]
    cite: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    note: str | None
    path: str
    line: int

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class Table:
    id: str
    description: str
    columns: Mapping[str, str]
    rows: tuple[Row, ...]
    path: str
    line: int
    lists: str | None = None

    def row_keys(self) -> list[str]:
        return list(dict.fromkeys(r.key for r in self.rows))

    def row(self, key: str, day: dt.date) -> Row | None:
        """The row for `key` in force on `day` (None if the key is unknown or not valid then)."""
        for row in self.rows:
            if row.key == key and row.valid_on(day):
                return row
        return None

    def any_row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True)
class RuleBook:
    tables: Mapping[str, Table] = field(default_factory=lambda: MappingProxyType({}))


def _check_value(kind: str, value: Any) -> tuple[Any, str | None]:
    """(converted value, problem) for one cell of a declared column type."""
    if kind == "text":
        return (value, None) if isinstance(value, str) and value else (None, "expected non-empty text")
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return (value, None) if ok else (None, "expected a whole number")
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (value, None) if ok else (None, "expected a number")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            pass
    return None, 'expected a quoted date "YYYY-MM-DD"'


def load_rules(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> RuleBook:
    """Section loader for `knowledge/rules/`; appends file:line errors to `errors`."""
    tables: dict[str, Table] = {}
    for path in sorted((root / "rules").glob("*.yaml")):
        display = display_path(root, path)
        result = read_validated(path, display, RulesFileSpec, errors)
        if result is None:
            continue
        loaded, spec = result

        def error(loc: tuple[Any, ...], message: str, display: str = display, loaded: LoadedYaml = loaded) -> None:
            errors.append(KbError(display, loaded.line_of(loc), message))

        if spec.id != path.stem:
            error(("id",), f"id '{spec.id}' must equal the file name '{path.stem}'")
        for t, table in enumerate(spec.tables):
            if table.id in tables:
                other = tables[table.id]
                error(("tables", t, "id"), f"duplicate table id '{table.id}' (also in {other.path}:{other.line})")
                continue
            rows = []
            for r, row in enumerate(table.rows):
                loc = ("tables", t, "rows", r)
                extra = dict(row.model_extra or {})
                values: dict[str, Any] = {}
                for name in extra:
                    if name not in table.columns:
                        allowed = ", ".join([*table.columns, *_RESERVED])
                        error((*loc, name), f"unknown column '{name}' in table '{table.id}'; allowed: {allowed}")
                for name, kind in table.columns.items():
                    if name not in extra:
                        error(loc, f"row '{row.key}' of table '{table.id}' lacks column '{name}' ({kind})")
                        continue
                    value, problem = _check_value(kind, extra[name])
                    if problem:
                        error((*loc, name), f"row '{row.key}' column '{name}': {problem} (got {extra[name]!r})")
                    values[name] = value
                if row.cite not in kb.clauses:
                    error(
                        (*loc, "cite"),
                        f"row '{row.key}' cites '{row.cite}', which is not a known clause (doc_id:clause_id)",
                    )
                if row.valid_from and row.valid_until and row.valid_from > row.valid_until:
                    error((*loc, "valid_until"), f"row '{row.key}': valid_until is before valid_from")
                rows.append(
                    Row(
                        table=table.id,
                        key=row.key,
                        values=MappingProxyType(values),
                        cite=row.cite,
                        valid_from=row.valid_from,
                        valid_until=row.valid_until,
                        note=row.note,
                        path=display,
                        line=loaded.line_of(loc),
                    )
                )
            _check_overlaps(rows, errors)
            tables[table.id] = Table(
                id=table.id,
                description=table.description,
                columns=MappingProxyType(dict(table.columns)),
                rows=tuple(rows),
                path=display,
                line=loaded.line_of(("tables", t, "id")),
                lists=table.lists,
            )
    return RuleBook(tables=MappingProxyType(tables))


def _check_overlaps(rows: list[Row], errors: list[KbError]) -> None:
    """Two rows for one key must not both be in force on the same day (which would win?)."""
    far_past, far_future = dt.date.min, dt.date.max
    for i, a in enumerate(rows):
        for b in rows[:i]:
            if a.key != b.key:
                continue
            if (a.valid_from or far_past) <= (b.valid_until or far_future) and (b.valid_from or far_past) <= (
                a.valid_until or far_future
            ):
                errors.append(
                    KbError(
                        a.path,
                        a.line,
                        f"row '{a.key}' overlaps in time with the row on line {b.line}; "
                        "give the rows non-overlapping valid_from/valid_until",
                    )
                )
