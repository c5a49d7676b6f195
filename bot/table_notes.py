"""Notes an answer gets from the rule tables it quotes, about what the user told or asked.

- The years told for a level ("技师证拿了两年", "干了快三年"), checked against the years a row asks
  (a table with `label` and `years` columns: 取得技师后…满3年). The everyday phrase is read as a
  dialog step reads it (bot.everyday_numbers): "快两年" is under two years. Only one level named and
  one number of years told, outside a clause that asks ("要满几年"), are checked: anything else is
  left to the dialog the answer offers.
- A qualification asked about that a rule's whole list does not hold (a table that `lists`
  qualifications: the 2020 先上岗 list holds no 医师).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.everyday_numbers import everyday_years
from bot.kb.catalogue import Catalogue
from bot.kb.lexicon import Lexicon
from bot.kb.model import KnowledgeBase
from bot.kb.normalise import fold
from bot.kb.rules import Table
from bot.understanding import asks, find_slots

# A number of years: not a calendar year (2019年), a school year (三年级) or a point in time (两年前).
_YEARS = re.compile(
    r"(?<![\d年第])((?:快|将近|接近|近|不到|差不多|大概|大约)?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)"
    r"(?:年半|个半年|年多|多年|年))(?![前级底初末内后以])"
)
_CLAUSE = re.compile(r"[，,。.；;？?！!\s]+")


@dataclass(frozen=True)
class ToldYears:
    told: str  # as the user put it: 快两年
    years: float  # its reading: 1
    required: int  # what the row asks: 2
    label: str  # the row: 高级工
    cite: str


def told_years(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> ToldYears | None:
    """The years the message tells for the one level it names, with the years the row of that level
    asks, when the answer quotes that row (`cites`); None otherwise."""
    levels = find_slots(text, lexicon).get("level", ())
    if len(levels) != 1:
        return None
    rows = [
        row
        for table in kb.rules.tables.values()
        if {"label", "years"} <= set(table.columns)
        for row in table.rows
        if row.cite in cites and row.values["label"] == levels[0]
    ]
    if len(rows) != 1:
        return None
    told = [
        m.group(1)
        for clause in _CLAUSE.split(fold(text))
        if not asks(clause, lexicon)
        for m in _YEARS.finditer(clause)
        if not any(w in clause[: m.start()] for w in lexicon.career_years_words)  # (工龄十八年: a whole career)
    ]
    if len(told) != 1 or (years := everyday_years(told[0])) is None:
        return None
    row = rows[0]
    return ToldYears(told[0], years, int(row.values["years"]), levels[0], row.cite)


def not_on_its_list(question: str, quoted: Iterable[Table], kb: KnowledgeBase, lexicon: Lexicon) -> str | None:
    """The line saying the qualifications the question names are not on the list a quoted rule
    table holds (one of `quoted` that `lists` qualifications), with that list; None when there is
    no such table or the question names one on it (or none)."""
    if kb.category is None:
        return None
    catalogue = kb.category.catalogue
    for table in quoted:
        if table.lists != "qualifications":
            continue
        named = catalogue.find_in(question)
        listed = _listed_qualifications(table, catalogue)
        if named and all(m.qualification.name not in listed for m in named):
            names = "、".join(f"“{m.text}”" for m in named)
            labels = "、".join(dict.fromkeys(str(row.values["label"]) for row in table.rows))
            return lexicon.say("not_on_list", name=names, list=table.description, labels=labels)
    return None


_LISTED: dict[int, tuple[Table, frozenset[str]]] = {}  # id(table) → (the table, its qualifications)


def _listed_qualifications(table: Table, catalogue: Catalogue) -> frozenset[str]:
    """The catalogue's names for the qualifications a table lists, remembered per table object
    (a reload brings new tables; a few versions at most are kept)."""
    held = _LISTED.get(id(table))
    if held is None or held[0] is not table:
        if len(_LISTED) >= 16:
            _LISTED.clear()
        listed = frozenset(
            m.qualification.name for row in table.rows for m in catalogue.find_in(str(row.values["label"]))
        )
        held = _LISTED[id(table)] = (table, listed)
    return held[1]
