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

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.everyday_numbers import everyday_years, number_of
from bot.kb.catalogue import Catalogue
from bot.kb.lexicon import Lexicon
from bot.kb.model import KnowledgeBase
from bot.kb.normalise import fold
from bot.kb.rules import Row, Table
from bot.understanding import asks, find_slots, trade_spans

# A number of years: not a calendar year (2019年), a school year (三年级) or a point in time (两年前).
_YEARS = re.compile(  # (not "哪一年", "每一年": a year asked, or each year)
    r"(?<![\d年第.哪每])((?:快|将近|接近|近|不到|差不多|大概|大约)?(?:\d{1,2}(?:\.\d+)?|[一二两三四五六七八九十]+)"
    r"(?:年零?(?:\d{1,2}|[一二两三四五六七八九十]+)个多?月|年半|个半年|年多|多年|年)"
    # … or of months ("离校已经26个月了"), read as the years they make
    r"|(?:\d{1,3}|[一二两三四五六七八九十]+)个多?月)(?![前级底初末内后以])"
)
_MONTHS = re.compile(r"^(?:(\d{1,2}|[一二两三四五六七八九十]+)年零?)?(\d{1,3}|[一二两三四五六七八九十]+)个(多)?月$")
# … said to fall short of it: "还没满2年", "还差两个月满4年" (read as 快2年, 快4年).
_SHORT_OF = re.compile(r"(?:没满|未满|不满|没到|不够|差)[^，,。；;]{0,6}$")
# A calendar year (and month) something was obtained in: "2025年3月拿的", "技师2024年取得".
_OBTAINED = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(1[0-2]|0?[1-9])\s*月)?(?!\d)")
# Any calendar year named: 2024年, 2024.6, 2024-06 (a second one makes a message ask as of then).
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:年|[.\-/]\d)")
RULE_YEARS_REACH = 3  # characters before a span a word saying a rule asks it may stand ("要干满三年")
_CLAUSE = re.compile(r"[，,。.；;？?！!\s]+")


@dataclass(frozen=True)
class ToldYears:
    told: str  # as the user put it: 快两年, or the year obtained: 2025年3月
    years: float  # its reading: 1
    required: int  # what the row asks: 2
    label: str  # the row: 高级工
    cite: str
    # For a year obtained: the last day one obtained it on has the years by today; `years` is
    # then the fewest years it may be (the month's or year's last day) and `most` the most.
    cutoff: dt.date | None = None
    most: float | None = None

    @property
    def verdict(self) -> str:
        """enough, short, or depends (a year obtained without the month that decides it)."""
        if self.years >= self.required:
            return "enough"
        return "depends" if self.most is not None and self.most >= self.required else "short"


def told_years(
    text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon, today: dt.date | None = None
) -> ToldYears | None:
    """The years the message tells for the one level it names, with the years the row of that level
    asks, when the answer quotes that row (`cites`); None otherwise. With `today`, a year (and
    month) the level was obtained in tells them too ("技师证是2025年3月拿的")."""
    levels = find_slots(text, lexicon).get("level", ())
    if len(levels) != 1:
        return None
    rows = [row for row in _rows_quoted(kb, cites, {"label", "years"}) if row.values["label"] == levels[0]]
    if len(rows) != 1:
        return None
    clauses = [c for c in _CLAUSE.split(fold(text)) if c]
    told = [
        (m.group(1), bool(_SHORT_OF.search(clause[: m.start()])))
        for clause in clauses
        for m in _YEARS.finditer(clause)
        # ("拿证一年半能评吗": a question tells years too, unless it asks them of the rule, "干满两年就能报
        # 吗" — but "还没满两年能报吗" tells how far short the asker is)
        if not (
            clause[: m.start()].endswith(lexicon.asked_years_words)
            and not _SHORT_OF.search(clause[: m.start()])
            and asks(clause, lexicon)
        )
        and not any(w in clause[: m.start()] for w in lexicon.career_years_words)  # (工龄十八年: a whole career)
        and not any(w in clause[max(0, m.start() - 6) : m.start()] for w in lexicon.waiver_words)
        # ("听说外省要求五年": a rule heard of, not the years the asker has)
        and not any(w in clause[max(0, m.start() - RULE_YEARS_REACH) : m.start()] for w in lexicon.rule_years_words)
        and not any(w in clause for w in lexicon.hearsay_markers)
        # ("干了八年机修电工，有技师证": the years in the trade, not since the level)
        and not any(start <= m.start() < end for start, end in trade_spans(clause, lexicon))
    ]
    row = rows[0]
    required = int(row.values["years"])
    if today is not None:
        # The day the level was obtained decides, before any span the user reckons ("2024年3月
        # 拿的高级工…到明年也就不到两年" is over two years by today). (Only a clause telling the
        # level or its obtaining: "2015年毕业" tells no level obtained.)
        obtained = [c for c in clauses if levels[0] in c or any(w in c for w in lexicon.obtained_words)]
        by_date = _obtained_in(obtained, today, required, levels[0], row.cite, lexicon.relative_years)
        spanned = _span_told(told, required, levels[0], row.cite)
        # ("前年拿的高级工，到现在干满两年多"): where the year leaves it open, the span told within
        # what that year allows settles it.
        if (
            by_date is not None
            and by_date.verdict == "depends"
            and spanned is not None
            and by_date.years <= spanned.years <= (by_date.most or by_date.years)
        ):
            return spanned
        if by_date is not None or not told:
            return by_date
    return _span_told(told, required, levels[0], row.cite)


def _years_in(phrase: str) -> float | None:
    """The years a span told in years ("快两年", `everyday_years`) or months ("26个月", "两年零一个月") makes."""
    months = _MONTHS.match(phrase)
    if months is None:
        return everyday_years(phrase)
    years = number_of(months.group(1)) if months.group(1) else 0.0  # ("两年零一个月")
    count = number_of(months.group(2))
    if years is None or count is None:
        return None
    return years + (count + (0.5 if months.group(3) else 0.0)) / 12


def _span_told(told: list[tuple[str, bool]], required: int, label: str, cite: str) -> ToldYears | None:
    """The one span of years told (快两年; 还没满2年 read as 快2年), against the years required."""
    if len(told) != 1:
        return None
    phrase, short = told[0]
    years = _years_in(
        f"快{phrase}" if short and not phrase.startswith(("快", "将近", "接近", "近", "不到")) else phrase
    )
    if years is None:
        return None
    return ToldYears(phrase if not short else f"不满{phrase}", years, required, label, cite)


def _obtained_in(
    clauses: list[str],
    today: dt.date,
    required: int,
    label: str,
    cite: str,
    relative_years: Mapping[str, int],
) -> ToldYears | None:
    """The years since the one calendar year (and month) the clauses tell — or the one year told
    by today ("前年拿的技师": `relative_years`) — when it is in the past: the fewest and the most,
    from the last and the first day it may mean."""
    found = [m for clause in clauses for m in _OBTAINED.finditer(clause)]
    relative = [
        w for clause in clauses for w in relative_years if w in clause and not _inside_longer(w, clause, relative_years)
    ]
    if len(found) + len(relative) != 1:
        return None
    if relative:
        year, month, said = today.year + relative_years[relative[0]], None, relative[0]
    else:
        year, month = int(found[0].group(1)), int(found[0].group(2)) if found[0].group(2) else None
        said = found[0].group(0).replace(" ", "")
    first = dt.date(year, month or 1, 1)
    last = (dt.date(year + (month or 12) // 12, (month or 12) % 12 + 1, 1)) - dt.timedelta(days=1)
    if last >= today:
        return None  # (this year's or later: nothing obtained that long ago)
    cutoff = _years_before(today, required)
    return ToldYears(
        said,
        _years_between(last, today),
        required,
        label,
        cite,
        cutoff=cutoff,
        most=_years_between(first, today),
    )


def _inside_longer(word: str, clause: str, words: Collection[str]) -> bool:
    """Whether every place `word` stands in `clause` is inside a longer one of `words` (前年 in 大前年)."""
    spans = [
        (m.start(), m.start() + len(w)) for w in words if len(w) > len(word) for m in re.finditer(re.escape(w), clause)
    ]
    return all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in re.finditer(re.escape(word), clause))


def _in_year(day: dt.date, year: int) -> dt.date:
    """The same day in another year (28 February for a 29 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _years_before(day: dt.date, years: int) -> dt.date:
    return _in_year(day, day.year - years)


def _years_between(start: dt.date, end: dt.date) -> float:
    """Whole years from `start` to `end` as a 满N年 rule counts them, plus the part of the next."""
    whole = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return whole + (end - _in_year(start, start.year + whole)).days / 366


# A day something was set up: 2023年12月(20日), 2023.12(.20), 2023-12(-20).
_FOUNDED = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[.\-/])\s*(1[0-2]|0?[1-9])\s*(?:月)?(?:\s*(3[01]|[12]\d|0?[1-9])\s*(?:日|号)?)?(?!\d)"
)


@dataclass(frozen=True)
class ToldTerm:
    """When an evaluation body's term ends, and from when renewal may be applied for, reckoned from
    the day the user says it was set up (`exact`: a day told, not only a month)."""

    told: str  # as the user put it: 2023年12月
    years: int  # the term: 3
    months: int  # renewal is applied for within this many months before it ends: 3
    end: dt.date  # the day it ends (a month told: that month's first day)
    window: dt.date  # the first day renewal may be applied for
    exact: bool
    state: str  # before (the window is still ahead), open, ended, or depends (on the day in the month told)
    days: int | None  # days left, when a day was told and the window is open


def told_term(
    text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon, today: dt.date
) -> ToldTerm | None:
    """The term of the body the message says it set up on one day (a clause with a `founding_words`
    word and a year and month), when the answer quotes the term table's row; None otherwise."""
    rows = _rows_quoted(kb, cites, {"term-years", "renew-months"})
    if len(rows) != 1:
        return None
    clauses = [c for c in _CLAUSE.split(fold(text)) if any(w in c for w in lexicon.founding_words)]
    found = [m for clause in clauses for m in _FOUNDED.finditer(clause)]
    if len(found) != 1:
        return None
    year, month, day = (int(g) if g else None for g in found[0].groups())
    assert year is not None and month is not None
    try:
        began = dt.date(year, month, day or 1)
    except ValueError:
        return None
    if began > today:
        return None
    years, months = int(rows[0].values["term-years"]), int(rows[0].values["renew-months"])
    end = _in_year(began, began.year + years)
    window = _months_before(end, months)
    if day is None:  # a month told: the term ends in that month, on a day the approval decides
        last = _months_before(end, -1) - dt.timedelta(days=1)  # (the latest day it may end on)
        if today > last:
            state = "ended"
        elif today >= _months_before(last, months):
            state = "open"
        else:
            state = "before" if today < window else "depends"
    else:
        state = "ended" if today >= end else "open" if today >= window else "before"
    days = (end - today).days if day is not None and state == "open" else None
    return ToldTerm(found[0].group(0).replace(" ", ""), years, months, end, window, day is not None, state, days)


def _rows_quoted(kb: KnowledgeBase, cites: Collection[str], columns: set[str]) -> list[Row]:
    """The rows an answer quotes (`cites`) of the rule tables having all of `columns`."""
    return [
        row
        for table in kb.rules.tables.values()
        if columns <= set(table.columns)
        for row in table.rows
        if row.cite in cites
    ]


def _telling_clauses(folded: str, lexicon: Lexicon) -> list[str]:
    """A message's clauses that tell rather than ask — or, when every one asks ("毕业三年了还能见习吗"),
    all of them: the facts are told in the question itself."""
    clauses = [c for c in _CLAUSE.split(folded) if c]
    return [c for c in clauses if not asks(c, lexicon)] or clauses


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (later, when negative); the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class LevelRoute:
    """What the ladder table says of the level the user names, when the answer quotes another
    level's row or the user asks a 职称 that level does not lead to ("技师…能评副高吗")."""

    told: str  # the level named: 技师
    title: str  # the 职称 it leads to: 中级职称
    years: int | None  # the years it asks (None: the table asks none)
    asked: str | None  # the 职称 asked, when another: 副高级职称
    asked_levels: tuple[str, ...]  # the levels leading to it: 高级技师
    asked_years: int | None


def level_route(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> LevelRoute | None:
    """The route of the one level a message names, from the table of levels → 职称 that the
    answer quotes (`cites`), when the answer quotes no row of that level or the message asks a
    职称 other than the one it leads to; None otherwise."""
    slots = find_slots(text, lexicon)
    levels = slots.get("level", ())
    if len(levels) != 1:
        return None
    tables = list(kb.rules.tables.values())
    ladder = next(
        (
            t
            for t in tables
            if {"label", "title"} <= set(t.columns)
            and any(r.values["label"] == levels[0] for r in t.rows)
            and any(r.cite in cites for r in t.rows)
        ),
        None,
    )
    titles = next((t for t in tables if {"label", "rank"} <= set(t.columns)), None)
    if ladder is None or titles is None:
        return None
    title_of = {r.key: str(r.values["label"]) for r in titles.rows}
    years_of = {
        str(r.values["label"]): int(r.values["years"])
        for t in tables
        if {"label", "years"} <= set(t.columns)
        for r in t.rows
    }
    own = next(r for r in ladder.rows if r.values["label"] == levels[0])
    title = title_of.get(str(own.values["title"]))
    if title is None:
        return None
    asked_titles = [key for value in slots.get("title", ()) for key, label in title_of.items() if value in label]
    asked_key = asked_titles[0] if len(set(asked_titles)) == 1 else None
    quotes_its_row = own.cite in cites
    if quotes_its_row and (asked_key is None or asked_key == own.values["title"]):
        return None
    asked_levels = tuple(str(r.values["label"]) for r in ladder.rows if asked_key and r.values["title"] == asked_key)
    return LevelRoute(
        levels[0],
        title,
        years_of.get(levels[0]),
        title_of[asked_key] if asked_key and asked_key != own.values["title"] else None,
        asked_levels if asked_key != own.values["title"] else (),
        years_of.get(asked_levels[0]) if len(asked_levels) == 1 else None,
    )


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


@dataclass(frozen=True)
class ToldEligibility:
    """Where the user's own facts put them against a rule's groups of people, read from a table with
    `left-school-years` (离校N年内), `age-from` and `age-to` (N–M岁的失业青年) columns: how long ago
    they left school ("毕业三年了", "2024年6月毕业") and how old they are ("今年25岁")."""

    years: int  # the rule's limit since leaving school: 2
    age_from: int
    age_to: int
    left_told: str = ""  # as the user put it: 毕业三年, 2024年6月毕业
    left: str = ""  # within, over, or depends (on the day: at the limit, or a year without its month)
    age_told: str = ""  # 25岁
    age_in: bool = False


# An age told: "25岁", "二十三周岁" (not "16-24岁", a range quoted, nor "几岁", a question).
_AGE = re.compile(r"(?<![\d\-－—~～至到])(\d{2}|[一二两三四五六七八九十]{2,3})\s*周?岁(?![\d\-－—~～至到])")
# Said of the span since leaving school: more than it ("两年多", "三年以上", "超过两年").
_MORE_THAN = re.compile(r"(?:多|以上|出头)")
_APPROXIMATELY = re.compile(r"^(?:快|将近|接近|近|不到|差不多|大概|大约)")  # (差不多 holds 多, not "more")
_OVER_WORDS = ("超过", "超了", "过了", "已过")
# "快三年" is read as two (all a 满N年 threshold may count), yet it is more than two: held against
# an upper limit ("离校2年内"), it is over two.
_ALMOST = re.compile(r"^(?:快|将近|接近)")


def told_eligibility(
    text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon, today: dt.date
) -> ToldEligibility | None:
    """The user's facts against the groups of a rule the answer quotes (`cites`), when the message
    tells how long ago they left school or how old they are; None otherwise."""
    rows = _rows_quoted(kb, cites, {"left-school-years", "age-from", "age-to"})
    if not rows:
        return None
    row = rows[0]
    limit, age_from, age_to = (int(row.values[c]) for c in ("left-school-years", "age-from", "age-to"))
    clauses = _telling_clauses(fold(text), lexicon)
    left_told, left = _left_school(clauses, lexicon, limit, today)
    ages = [m for clause in clauses for m in _AGE.finditer(clause)]
    age = number_of(ages[0].group(1)) if len(ages) == 1 else None
    if not left and age is None:
        return None
    return ToldEligibility(
        limit,
        age_from,
        age_to,
        left_told=left_told,
        left=left,
        age_told=ages[0].group(0).replace(" ", "") if age is not None else "",
        age_in=age is not None and age_from <= age <= age_to,
    )


def _left_school(clauses: list[str], lexicon: Lexicon, limit: int, today: dt.date) -> tuple[str, str]:
    """(the phrase, within / over / depends) for the one clause telling how long ago the user left
    school — a span ("毕业两年半了") or a year (and month) they left in ("2024年6月毕业", "去年毕业").
    A message naming another year besides ("2020年6月毕业…2022年4月想报名") asks as of then, not
    today: nothing is reckoned from a year then."""
    years_named = [m for clause in clauses for m in _A_YEAR.finditer(clause)]
    told = [
        (clause, word)
        for clause in clauses
        # (the first said: "离校已经3年的高校毕业生" tells its span after 离校, not after 毕业)
        for word in (min((w for w in lexicon.left_school_words if w in clause), key=clause.index, default=None),)
        if word is not None
        and (
            _YEARS.search(clause)
            or _OBTAINED.search(clause)
            or _FOUNDED.search(clause)
            or any(w in clause[: clause.index(word)] for w in lexicon.relative_years)
        )
    ]
    if len(told) != 1:
        return "", ""
    clause, word = told[0]
    spans = list(_YEARS.finditer(clause))
    if len(spans) == 1 and spans[0].start() > clause.index(word):
        phrase = spans[0].group(1)
        years = _years_in(phrase)
        if years is None:
            return "", ""
        before = clause[: spans[0].start()]
        if (
            _MORE_THAN.search(_APPROXIMATELY.sub("", phrase))
            or _ALMOST.search(phrase)
            or any(w in before for w in _OVER_WORDS)
        ):
            years += 0.1
        said = clause[clause.index(word) : spans[0].end()]
        return said, "within" if years < limit else "over" if years > limit else "depends"
    if spans or len(years_named) > 1:
        return "", ""
    found = list(_OBTAINED.finditer(clause[: clause.index(word)]))
    relative = next((w for w in lexicon.relative_years if w in clause[: clause.index(word)]), None)
    month: int | None = None
    day: int | None = None
    dated = [m for m in _FOUNDED.finditer(clause[: clause.index(word)]) if m.group(3)]  # ("2024年12月20号离校")
    if len(dated) == 1 and not found:
        year, month, day = (int(g) for g in dated[0].groups())
        said = dated[0].group(0).replace(" ", "")
    elif len(found) == 1:
        year, month = int(found[0].group(1)), int(found[0].group(2)) if found[0].group(2) else None
        said = found[0].group(0).replace(" ", "")
    elif relative is not None and not found:
        year, month, said = today.year + lexicon.relative_years[relative], None, relative
    else:
        return "", ""
    try:
        first = dt.date(year, month or 1, day or 1)
    except ValueError:
        return "", ""
    last = first if day else dt.date(year + (month or 12) // 12, (month or 12) % 12 + 1, 1) - dt.timedelta(days=1)
    if first > today:
        return "", ""  # (leaving school ahead: not yet left)
    fewest, most = _years_between(min(last, today), today), _years_between(first, today)
    verdict = "within" if most < limit else "over" if fewest > limit else "depends"
    return f"{said}{word}", verdict


@dataclass(frozen=True)
class ToldWorkingDays:
    """The days the user tells (a number of working days, or of days), against a rule's threshold
    in working days (a table with `label` and `working-days` columns: 满15个工作日(含)…)."""

    told: str  # as the user put it: 12个工作日, 20天
    days: int  # the rule's threshold: 15
    label: str  # the rule, in the table's words
    verdict: str  # short, enough, or depends (days told, not working days: how many were workdays decides)


# … said to fall short of one: "不满15个工作日", "没做满15个工作日", "不到15天" (not 差不多: about).
_DAYS_SHORT_OF = re.compile(r"(?:(?:没|未|不)(?:有|做|干|待)?(?:满|够|到)|还差)[^，,。；;]{0,4}$")
_ROUGH = re.compile(r"[一二两三四五六七八九]{2}")  # 十六七, 十四五: a figure told roughly
# A number of working days or of days told: "干了12个工作日", "十来天" is no number (rough).
_DAYS = re.compile(r"(?<![\d第])(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(工作日|天)")


@dataclass(frozen=True)
class ToldRecruitment:
    """The day (or month, or year) the user says a recruitment was made or announced ("2021年1月5日
    发的公告"), against a measure's period for recruiting (a table with `start` and `deadline`
    columns: 用人单位在2020年12月31日前招聘高校毕业生的…)."""

    told: str  # the date as the user put it: 2021年1月5日
    deadline: dt.date
    verdict: str  # within, at (the deadline's day), after, before (the period had not begun), depends (on the day)


# A calendar day, month or year: 2020年12月28日, 2021年1月, 2020年, 2021-01-05, 2020.12.28
_A_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(?:(1[0-2]|0?[1-9])\s*月(?:\s*([12]\d|3[01]|0?[1-9])\s*[日号])?)?"
    r"|[.\-/](1[0-2]|0?[1-9])(?:[.\-/]([12]\d|3[01]|0?[1-9]))?)(?!\d)"
)


def told_recruitment(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> ToldRecruitment | None:
    """The one date a message gives a recruitment (`recruiting_words` in its clause), held against
    the recruiting period of a measure the answer quotes (`cites`); None when it tells none,
    several, or the answer quotes no such row. A date of something else (入职, 拿证) is not one."""
    rows = _rows_quoted(kb, cites, {"start", "deadline"})
    if not rows or not lexicon.recruiting_words:
        return None
    row = rows[0]
    start, deadline = (dt.date.fromisoformat(str(row.values[c])) for c in ("start", "deadline"))
    found = [
        (clause, m)
        for clause in _CLAUSE_OF_DATES.split(fold(text))
        if any(w in clause for w in lexicon.recruiting_words)
        for m in _A_DATE.finditer(clause)
    ]
    if len(found) != 1:
        return None
    match = found[0][1]
    year = int(match.group(1))
    month = int(match.group(2) or match.group(4) or 0)
    day = int(match.group(3) or match.group(5) or 0)
    try:
        first = dt.date(year, month or 1, day or 1)
        last = first if day else _last_day(year, month) if month else dt.date(year, 12, 31)
    except ValueError:
        return None
    verdict = (
        "at"  # (the deadline's own day: "在…前" says no more of it)
        if first == last == deadline
        else "within"
        if start <= first and last <= deadline
        else "after"
        if first > deadline
        else "before"
        if last < start
        else "depends"
    )
    return ToldRecruitment(match.group(0).replace(" ", ""), deadline, verdict)


_CLAUSE_OF_DATES = re.compile(r"[，,。；;？?！!\s]+")  # (not "."": it stands inside 2020.12.28)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class ToldAbsence:
    """The days of absence the user tells ("连着6天没来", "一共旷了8天"), against a rule on absence
    in a row or in all (a table with `consecutive-days` and `total-days` columns: 连续5天以上或累计10天以上)."""

    told: str  # as the user put it: 连着6天
    manner: str  # 连续 (in a row), 累计 (in all), or "" (not said)
    consecutive: int  # the rule's days in a row: 5
    total: int  # … and in all: 10
    label: str  # the rule, in the table's words
    verdict: str  # over, at (exactly a threshold), short, run_decides (in all, under the total), manner_decides


_MANNER_REACH = 6  # how far before the number a word saying how it was counted (连着, 一共) may stand


def told_absence(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> ToldAbsence | None:
    """The one number of days of absence a message tells, held against the days in a row and in
    all of a rule the answer quotes (`cites`); None when it tells no absence, no number or several."""
    rows = _rows_quoted(kb, cites, {"label", "consecutive-days", "total-days"})
    if not rows:
        return None
    row = rows[0]
    folded = _without_idioms(text, lexicon)
    if not any(w in folded for w in lexicon.absence_words):
        return None
    # The days a clause saying they were missed tells ("连着6天没来"), else those of any clause
    # ("断断续续加起来11天了") — never days a clause says were leave ("连着请了6天假") or heard of.
    clauses = [
        c
        for c in _telling_clauses(folded, lexicon)
        if not any(w in c for w in (*lexicon.leave_words, *lexicon.hearsay_markers))
    ]
    missed = [c for c in clauses if any(w in c for w in lexicon.absence_words)]
    found = [(c, m) for c in missed for m in _DAYS.finditer(c) if m.group(2) == "天"]
    if len(found) != 1:
        found = [(c, m) for c in clauses for m in _DAYS.finditer(c) if m.group(2) == "天"]
    if len(found) != 1 or _ROUGH.search(found[0][1].group(1)):
        return None
    clause, match = found[0]
    count = number_of(match.group(1))
    if count is None:
        return None
    start = max(0, match.start() - _MANNER_REACH)
    said = [
        (clause.rfind(w, start, match.start()), m) for m in ("连续", "累计") for w in lexicon.count_manners.get(m, ())
    ]
    at, manner = max(((i, m) for i, m in said if i >= 0), default=(match.start(), ""))
    run, total = int(row.values["consecutive-days"]), int(row.values["total-days"])
    if manner == "连续":
        verdict = "over" if count > run else "at" if count == run else "short"
    elif manner == "累计":
        verdict = "over" if count > total else "at" if count == total else "run_decides" if count >= run else "short"
    else:
        verdict = "over" if count > total else "short" if count < run else "manner_decides"
    told = clause[at : match.end()].replace(" ", "")  # ("连着6天", "一共旷了8天")
    return ToldAbsence(told, manner, run, total, str(row.values["label"]), verdict)


def internship_rate(p: Mapping[str, Any]) -> float | None:
    """Subsidy as a share of the minimum wage (0.6 = 60 %), from the retention rate (percent): the
    internship dialog's calculator (bot.engine.calculators) and `told_retention` reckon it alike.

    sx-internship-2022 三（二）: base 60 %; retention above 50 % raises it by 5 % of the
    minimum wage for every full 10 % of retention above 50 %; above 80 % it is 100 %.
    "每提高10%" is read as full steps (55 % → no raise, 60 % → +5 %), and exactly 80 % is not
    "高于80%": 80 % → 60 % + 3 × 5 % = 75 %. Rule values are in percent (knowledge/rules).
    """
    retention: float | None = p["retention"]
    base: float | None = p["base_rate"]
    if base is None:
        return None
    if retention is None:
        return base / 100  # unknown retention: the base rate is the floor of what may be granted
    full_rate: float | None = p["full_rate"]
    if p["full_rate_above"] is not None and full_rate is not None and retention > p["full_rate_above"]:
        return full_rate / 100
    floor, step, step_rate = p["retention_floor"], p["retention_step"], p["step_rate"]
    if None in (floor, step, step_rate) or retention <= floor:
        return base / 100
    raised: float = base + step_rate * math.floor((retention - floor) / step)
    return raised / 100


@dataclass(frozen=True)
class ToldRetention:
    """A retention rate the user tells, held against the retention steps of a subsidy table (rows
    `base-rate`, `retention-floor`, `retention-step`, `step-rate`, `full-rate-above`, `full-rate`),
    with the rate it makes by the reading the internship dialog computes (full steps only)."""

    told: str  # as the user put it: 60%
    rate: str  # the subsidy it makes, in percent of the minimum wage: 65
    base: str  # the rule's values, in percent: 60, 50, 10, 5, 80, 100
    floor: str
    step: str
    step_rate: str
    above: str
    full: str
    state: str  # base (not above the floor), below_step (above it by less than a step), raised,
    # at_full (exactly the full-rate line), full


_RETENTION_ROWS = ("base-rate", "retention-floor", "retention-step", "step-rate", "full-rate-above", "full-rate")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*[%％]|百分之([一二两三四五六七八九十百零]+)")
_RETENTION_REACH = 8  # how far after a retention word its percentage may stand ("留用率能到60%")


def told_retention(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> ToldRetention | None:
    """The one retention rate a message tells ("留用了60%", "留用率正好80%"), when the answer quotes
    the retention steps (`cites`); None otherwise."""
    if not lexicon.retention_words:
        return None
    folded = fold(text)
    if not any(w in folded for w in lexicon.retention_words):
        return None
    # (the answer quotes the steps; the base rate they raise is its table's too)
    steps = [row for row in _rows_quoted(kb, cites, {"label", "value"}) if row.key in _RETENTION_ROWS[1:]]
    if not steps:
        return None
    rows = {row.key: row for row in kb.rules.tables[steps[0].table].rows if row.key in _RETENTION_ROWS}
    if len(rows) != len(_RETENTION_ROWS):
        return None
    found = [
        m
        for w in lexicon.retention_words
        for at in [i.start() for i in re.finditer(re.escape(w), folded)]
        for m in _PERCENT.finditer(folded, at + len(w), at + len(w) + _RETENTION_REACH + 6)
        if not any(p in folded[at : m.start()] for p in "，,。；;？?！!")
        # ("超过80%的单位", "每提高10%", "80%以上": a line the rule draws, asked about)
        and not any(b in folded[max(0, at - 3) : m.start()] for b in lexicon.bound_words)
        and not folded[m.end() :].lstrip().startswith(lexicon.bound_after_words)
    ]
    told = {m.group(0) for m in found}
    if len(told) != 1:
        return None
    match = found[0]
    percent = float(match.group(1)) if match.group(1) else number_of(match.group(2))
    if percent is None or not 0 < percent <= 100:
        return None
    values = {key: float(rows[key].values["value"]) for key in _RETENTION_ROWS}
    rate = internship_rate(
        {
            "retention": percent,
            "base_rate": values["base-rate"],
            "retention_floor": values["retention-floor"],
            "retention_step": values["retention-step"],
            "step_rate": values["step-rate"],
            "full_rate_above": values["full-rate-above"],
            "full_rate": values["full-rate"],
        }
    )
    if rate is None:
        return None
    state = (
        "full"
        if percent > values["full-rate-above"]
        else "at_full"
        if percent == values["full-rate-above"]
        else "raised"
        if rate * 100 > values["base-rate"]
        else "below_step"
        if percent > values["retention-floor"]
        else "base"
    )

    def shown(x: float) -> str:
        return f"{x:g}"

    return ToldRetention(
        told=match.group(0).replace(" ", ""),
        rate=shown(round(rate * 100, 2)),
        base=shown(values["base-rate"]),
        floor=shown(values["retention-floor"]),
        step=shown(values["retention-step"]),
        step_rate=shown(values["step-rate"]),
        above=shown(values["full-rate-above"]),
        full=shown(values["full-rate"]),
        state=state,
    )


def _without_idioms(text: str, lexicon: Lexicon) -> str:
    """The folded text without set phrases built of figures that count nothing (三天两头)."""
    folded = fold(text)
    for idiom in lexicon.figure_idioms:
        folded = folded.replace(idiom, " ")
    return folded


def told_working_days(text: str, cites: Collection[str], kb: KnowledgeBase, lexicon: Lexicon) -> ToldWorkingDays | None:
    """The one number of days a message tells, held against the working-day threshold of a rule the
    answer quotes (`cites`); None when it tells none, several, or the answer quotes no such row."""
    rows = _rows_quoted(kb, cites, {"label", "working-days"})
    if not rows:
        return None
    row = rows[0]
    folded = _without_idioms(text, lexicon)
    clauses = _telling_clauses(folded, lexicon)
    found = [(clause, m) for clause in clauses for m in _DAYS.finditer(clause)]
    if any(w in folded for w in lexicon.absence_words):
        return None  # ("连着6天没来": days missed, which another rule counts, not days worked)
    threshold = int(row.values["working-days"])
    if len(found) != 1:
        return None
    clause, match = found[0]
    if _ROUGH.search(match.group(1)):
        return None  # ("十六七个工作日": told roughly, around a threshold it may straddle)
    count = number_of(match.group(1))
    if count is None:
        return None
    told = match.group(0).replace(" ", "")
    short_of = _DAYS_SHORT_OF.search(clause[: match.start()])  # ("不满15个工作日", "没做满15个工作日")
    if short_of:
        told = f"{short_of.group(0)}{told}"
    if match.group(2) == "工作日":
        verdict = "short" if short_of or count < threshold else "enough"
    else:  # days on the calendar hold at most as many working days
        verdict = "short" if short_of or count < threshold else "depends"
    return ToldWorkingDays(told, threshold, str(row.values["label"]), verdict)
