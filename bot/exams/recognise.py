"""Is this text a question about exam dates, and about which exams and which period?

Deliberately conservative: the exam specialist runs before FAQ matching, so anything it
claims is never seen by the FAQ. It claims only questions about an exam's *dates* — when it
is held, registration, results, admission tickets — or about the calendar itself ("下个月有什么
考试", "2027年的考试计划出来了吗"):
- the asking words must stand in the same clause as the exam's name (or an exam word such as
  考/报名/成绩), so a story that mentions an exam and then asks something else is not taken;
- questions about exam *rules* (date changes, score validity, 告知承诺制, "still applies?",
  "what if …") and exams the FAQ declines (公务员, 驾照 …) are left to the FAQ path;
- a date question about an exam the calendar does not hold (护士执业资格考试, or a typo that
  is as close to two exams as to one) is claimed as "missing", so the answer can say that the
  calendar has no date for it and what it does have, instead of the nearest FAQ entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from bot.kb.exams.model import LEVEL_WORDS, Exam
from bot.kb.normalise import fold, strip_to_words
from bot.kb.vocabulary import ExamWords

# The word lists (asking "when", the FAQ's topics, other exams, sittings, calendar words …) are
# knowledge: knowledge/lexicon/exams.yaml, compiled into `ExamWords` and carried by the calendar.
_CLAUSE_BREAK = re.compile(r"[，,。.！!？?；;、\s]+")
_SENTENCE_END = re.compile(r"[。！!；;\n]+")
_ASKS = re.compile(r"[？?吗呢么]")
# A clause that asks, its question mark gone ("…挂靠资质，想知道…考试是哪天"): its words.
_CLAUSE_ASKS = re.compile(
    r"吗|呢|么|啥|咋|谁|什么|怎么|怎样|如何|哪|多少|几|是否|能否|可否|要不要|能不能|可不可以|会不会|有没有|行不行"
)
# "Is the plan out yet": the calendar's own news.
_PLAN_PUBLISHED = re.compile("(计划|日程|时间表|安排|日期)(出来|公布|发布|出了|有了|下来|定了|出台)")
# What may surround an exam's name in a bare-name message besides the name itself (a follow-up's
# opening word too: "那执业药师呢" asks for that exam's card as "执业药师呢" does).
_BARE_FILLER = re.compile(
    r"今年|明年|后年|20\d{2}年?度?|(?<!\d)2\d年度?|考试|资格证书|资格证|资格|证书|证|的|呢|吗|啊|呀|考|那么|那|还有"
)
_CALENDAR_LIST = re.compile("(有什么|有哪些|有啥|哪些|什么)(职业资格|资格|专业技术人员职业资格|职业)?考试")
_YEAR = re.compile(r"(20\d{2})(?:年|年度)?")
# A year written short ("26年一建", "护士考试27年"): not a span ("干了26年", "26年前", "26年多").
_SHORT_YEAR = re.compile(r"(?<![\d了满干做近有第共约过])(2\d)年(?!多|以|左|内|之|间|后|前|来|半|工)")
SHORT_YEAR_REACH = 5  # a short year this far from today's at most; further it is more likely a span
_RELATIVE_YEAR = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "大前年": -3, "前年": -2}  # (大前年 before 前年)
_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_MONTH = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])月|(十[一二]?|[一二三四五六七八九])月")
FUZZY_MIN_CHARS = 5  # shorter aliases must be typed exactly: one wrong character in 4 is another word
FUZZY_MAX_TEXT = 80  # near-miss search is quadratic-ish; date questions are short
# An exam the calendar may not hold: a name ending in one of these, said before the asking words.
_EXAM_NOUN = re.compile("(考试|资格证书|资格证|资格|证书|证|考|(?<=..)师)$")  # (…师: 消防工程师, not 老师)
_NAME_FILLER = re.compile(
    r"^(请问|我想问一?下?|想问一?下?|问一?下|我?想问问|我?想知道|我?想了解一?下?|麻烦问一?下|你好|您好)|20\d{2}年?度?|(?<!\d)2\d年度?|今年|明年|后年|去年|大?前年|[上下]半年|的$|是$|在$|又$|则$|呢$|一般$|大概$"
)
# … unless it holds a word that makes it a sentence: a pronoun, a modal (能, 会), a question word —
# not the 能 of 技能 or the 会 of 会计 and 协会, which are names' own.
_NOT_A_NAME = re.compile(
    "我|你|他|她|们|这|那|哪|啥|什么|怎么|(?<![技职功才体])能|要|想|(?<![协学委工社机])会(?!计)|有没有|吗|呢"
)
MAX_NAME_CHARS = 16


def key(text: str) -> str:
    """The form aliases and questions are compared in: folded, simplified, letters and digits only."""
    return strip_to_words(fold(text))


@dataclass(frozen=True)
class Miss:
    """The user named an exam family but a level or sitting the calendar does not have."""

    alias: str
    wanted: tuple[str, ...]
    available: tuple[str, ...]  # exam ids the alias does cover


@dataclass(frozen=True)
class ExamQuestion:
    kind: str  # "exams" | "period" | "plan" | "missing"
    exam_ids: tuple[str, ...] = ()  # for "missing": exams whose names are as near as a typo
    misses: tuple[Miss, ...] = ()
    year: int | None = None  # explicitly asked year
    period: tuple[dt.date, dt.date] | None = None
    period_label: str = ""
    wants: frozenset[str] = field(default_factory=frozenset)  # "registration", "results"
    unknown: str = ""  # for "missing": the exam's name as the user wrote it
    bare: bool = False  # the message is only an exam's name (with fillers: "那一建呢")
    region: str | None = None  # the province asked about (named in the message, else the user's own)


class AliasIndex:
    """alias key → exam ids, built once per calendar version."""

    def __init__(self, exams: Iterable[Exam], words: ExamWords | None = None):
        self.words = words if words is not None else ExamWords()  # knowledge/lexicon/exams.yaml
        self.ids_by_alias: dict[str, list[str]] = {}
        self.exams_by_id: dict[str, Exam] = {}
        for exam in exams:
            self.exams_by_id.setdefault(exam.id, exam)
            for alias in (*exam.aliases, exam.name, exam.official_name):
                alias_key = key(alias)
                if len(alias_key) >= 2:
                    ids = self.ids_by_alias.setdefault(alias_key, [])
                    if exam.id not in ids:
                        ids.append(exam.id)
        self._by_length = sorted(self.ids_by_alias, key=len, reverse=True)

    def find(self, text_key: str) -> list[tuple[int, int, str]]:
        """Non-overlapping alias spans (start, end, alias), longest alias first; then near-misses."""
        return self.find_all(text_key)[0]

    def find_all(self, text_key: str) -> tuple[list[tuple[int, int, str]], list[str]]:
        """The spans of `find`, plus the exam ids of typos that are as near to two exams as to
        one ("一级建照师": 建造师 or 建筑师?): those are not guessed, only offered."""
        taken = [False] * len(text_key)
        spans: list[tuple[int, int, str]] = []
        unsure: list[str] = []

        def claim(start: int, end: int, alias: str) -> None:
            spans.append((start, end, alias))
            for i in range(start, end):
                taken[i] = True

        for alias in self._by_length:
            start = text_key.find(alias)
            while start >= 0:
                if not any(taken[start : start + len(alias)]):
                    claim(start, start + len(alias), alias)
                start = text_key.find(alias, start + 1)
        for alias in self._by_length if len(text_key) <= FUZZY_MAX_TEXT else ():
            if len(alias) < FUZZY_MIN_CHARS:
                continue
            for start in range(len(text_key) - len(alias) + 1):
                window = text_key[start : start + len(alias)]
                if any(taken[start : start + len(alias)]) or not _one_typo(window, alias):
                    continue
                rivals = {
                    i
                    for other in self._by_length
                    if len(other) == len(alias) and _one_typo(window, other)
                    for i in self.ids_by_alias[other]
                }
                if rivals == set(self.ids_by_alias[alias]):
                    claim(start, start + len(alias), alias)
                else:
                    unsure += [i for i in self.exams_by_id if i in rivals and i not in unsure]
        return sorted(spans), unsure


def _one_typo(window: str, alias: str) -> bool:
    return window[0] == alias[0] and sum(a != b for a, b in zip(window, alias, strict=True)) == 1


def _mask(text_key: str, spans: list[tuple[int, int, str]]) -> str:
    chars = list(text_key)
    for start, end, _ in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _select(alias: str, index: AliasIndex, outside: str, beside: bool = False) -> tuple[list[str], Miss | None]:
    """The exams an alias names, narrowed by a level or sitting word said outside any alias
    (`beside`: in the same message as the alias, so that a level it names itself is asked too)."""
    ids = index.ids_by_alias[alias]
    exams = [index.exams_by_id[i] for i in ids]
    wanted: list[str] = []
    levels = [w for w in LEVEL_WORDS if w in outside]
    if levels and any(e.levels for e in exams):
        wanted += levels
        # "注册建筑师一级和二级": an alias naming one level, another level said beside it — both are
        # asked, of the family a shorter alias inside it names (注册建筑师: 一级 and 二级).
        own = [w for w in LEVEL_WORDS if w in alias] if beside else []
        if own:
            exams = [index.exams_by_id[i] for i in dict.fromkeys([*ids, *_family(alias, index)])]
        exams = [e for e in exams if any(level in e.levels for level in (*levels, *own))]
    sittings = [w for w in index.words.sitting_words if w in outside]
    if sittings and any(e.sitting for e in exams):
        wanted += sittings
        # "软考上半年…，下半年呢": an alias naming one sitting, another said beside it — both, as
        # levels are
        own = [w for w in index.words.sitting_words if w in alias] if beside else []
        if own:
            exams = [index.exams_by_id[i] for i in dict.fromkeys([*ids, *_family(alias, index)])]
        exams = [e for e in exams if e.sitting and any(all(w in e.sitting for w in ws) for ws in (sittings, own) if ws)]
    if not exams:
        return [], Miss(alias, tuple(wanted), tuple(ids))
    return [e.id for e in exams], None


def _family(alias: str, index: AliasIndex) -> list[str]:
    """The exams a shorter alias inside `alias` names (注册建筑师 inside 一级注册建筑师, 软考 inside
    软考上半年): its family."""
    return [i for other, named in index.ids_by_alias.items() if other != alias and other in alias for i in named]


def asked_year(text_key: str, today: dt.date) -> int | None:
    match = _YEAR.search(text_key)
    if match:
        return int(match.group(1))
    for short in _SHORT_YEAR.finditer(text_key):
        year = 2000 + int(short.group(1))
        if abs(year - today.year) <= SHORT_YEAR_REACH:
            return year
    for word, delta in _RELATIVE_YEAR.items():
        if word in text_key:
            return today.year + delta
    return None


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _period(text_key: str, today: dt.date, year: int | None) -> tuple[tuple[dt.date, dt.date], str] | None:
    """The period a calendar question names (a month, a half-year, "soon"), or None for a whole year."""
    if "下个月" in text_key or "下月" in text_key:
        start = _month_start(today.year, today.month + 1)
        return (start, _month_start(start.year, start.month + 1) - dt.timedelta(1)), f"{start.year}年{start.month}月"
    if "上个月" in text_key or "上月" in text_key:
        start = _month_start(today.year, today.month - 1)
        return (start, _month_start(today.year, today.month) - dt.timedelta(1)), f"{start.year}年{start.month}月"
    week_start = today - dt.timedelta(today.weekday())  # (this week's Monday)
    for words, weeks, label in (
        (("下周", "下星期", "下个星期", "下个礼拜", "下礼拜"), 1, "下周"),
        (("上周", "上星期", "上个星期", "上个礼拜", "上礼拜"), -1, "上周"),
        (("这周", "本周", "这星期", "这个星期", "这个礼拜", "这礼拜", "这一周"), 0, "本周"),
    ):
        if any(w in text_key for w in words):
            start = week_start + dt.timedelta(weeks=weeks)
            return (start, start + dt.timedelta(days=6)), label
    for word, days in (("昨天", -1), ("今天", 0), ("明天", 1), ("后天", 2)):
        if word in text_key:
            day = today + dt.timedelta(days)
            return (day, day), word
    if any(w in text_key for w in ("本月", "这个月", "这月", "月底")):
        start = _month_start(today.year, today.month)
        return (today, _month_start(start.year, start.month + 1) - dt.timedelta(1)), f"{today.year}年{today.month}月"
    month_match = _MONTH.search(text_key)
    if month_match:
        month = int(month_match.group(1)) if month_match.group(1) else _CN_MONTH[month_match.group(2)]
        start = dt.date(year or today.year, month, 1)
        return (start, _month_start(start.year, month + 1) - dt.timedelta(1)), f"{start.year}年{month}月"
    if "上半年" in text_key or "下半年" in text_key:
        y = year or today.year
        first_half = "上半年" in text_key
        start, end = (dt.date(y, 1, 1), dt.date(y, 6, 30)) if first_half else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        return (start, end), f"{y}年{'上' if first_half else '下'}半年"
    if any(w in text_key for w in ("近期", "最近", "接下来", "即将", "马上", "快要", "近两个月")):
        return (today, today + dt.timedelta(days=60)), "近两个月"
    if "年底" in text_key:
        return (today, dt.date(today.year, 12, 31)), f"{today.year}年年底前"
    return None


def _clauses(text: str) -> list[str]:
    return [c for c in (key(part) for part in _CLAUSE_BREAK.split(fold(text))) if c]


def _unknown_exam_name(clause: str, words: ExamWords) -> str | None:
    """The exam a date question names before its asking words, when that is a particular exam
    ("护士执业资格考试", "护士证"), not the calendar as a whole ("职业资格考试") or a sentence."""
    if not words.when.search(clause):
        return None
    name = clause[: cast("re.Match[str]", words.date_intent.search(clause)).start()]  # `when` matched
    for _ in range(3):  # "2025年护士执业资格考试是" → "护士执业资格考试"
        name = _NAME_FILLER.sub("", name)
    ending = _EXAM_NOUN.search(name)
    if ending is None or len(name) > MAX_NAME_CHARS or _NOT_A_NAME.search(name[: ending.start()]):
        return None
    core = name[: ending.start()]
    return None if core in words.generic_names or not words.whole_calendar.sub("", core) else name


def _unknown_exam_asked_after(clause: str, words: ExamWords) -> str | None:
    """The exam a bare "X考试呢" right after a date question names ("…哪几天，执业医师考试呢"),
    when that is a particular exam: asked of the same dates."""
    if not clause.endswith("呢"):
        return None
    opener = words.switch_opener.match(clause)
    name = clause[opener.end() if opener else 0 : -1]
    return _unknown_exam_name(f"{name}什么时候", words)


def _asking_sentences(text: str, index: AliasIndex) -> str:
    """The sentences of a message that ask (a question mark, 吗/呢/么, a date word), when one of
    them asks when an exam it names is: a FAQ topic told in a sentence around it ("公司要我今年一定
    考下来。…哪天报名") asks nothing. (One asking "这种情况怎么说" asks of the story's topics.)"""
    words = index.words
    sentences = [s for s in _SENTENCE_END.split(fold(text)) if s.strip()]
    # (sentences that ask by their mark first: "我打算今年报考" tells a plan, a later "…是哪天？" asks)
    asking = [s for s in sentences if _ASKS.search(s)] or [s for s in sentences if words.date_intent.search(key(s))]
    if len(sentences) > 1 and any(words.when.search(key(s)) and index.find(key(s)) for s in asking):
        return "。".join(asking)
    return text


def adds_an_exam(text: str, index: AliasIndex) -> bool:
    """Whether a question only adds an exam to the one before it: an opener (还有, 另外), the
    exam's name and nothing else ("还有税务师"). ("那X" is a follow-up of its own, asked with 呢.)"""
    text_key = key(text)
    opener = index.words.switch_opener.match(text_key)
    if opener is None or opener.group() == "那":
        return False
    found = index.find(text_key)
    return bool(found) and not _BARE_FILLER.sub("", _mask(text_key, found)[opener.end() :].replace(" ", ""))


def understand(text: str, today: dt.date, index: AliasIndex) -> ExamQuestion | None:
    """An ExamQuestion when the text is clearly about exam dates; None to let the FAQ answer."""
    words = index.words
    text_key = key(text)

    # (考过了 tells a certificate held, a FAQ topic; "考试考过了吗" asks whether it has been held.)
    def names_faq_topic(k: str) -> bool:
        return bool(words.faq_topic.search(words.held.sub(" ", k)))

    @functools.cache
    def asked_key() -> str:  # the asking sentences' key, worked out once, when first needed
        return key(_asking_sentences(text, index))

    # (Only a message naming a FAQ topic somewhere is split into sentences to see where it is;
    # so is one naming another exam: "本人在事业单位统计科…？统计考试是哪天" asks no 事业单位 exam.)
    def asks_faq_topic() -> bool:
        """Whether a FAQ topic is what is asked: told only in a clause asking nothing ("老板催着考证挂靠资质，
        想知道…咨询工程师哪天考") it is story — when a clause asking a date names the exam."""
        clauses = [key(c) for c in _CLAUSE_BREAK.split(fold(_asking_sentences(text, index)))]
        asking = [c for c in clauses if _CLAUSE_ASKS.search(c)]
        # (an exam the story names, asked of by a clause naming none: "…机构的同事要报社工。请问哪天
        # 考、哪天报名" — the story's 机构 is told, not asked)
        named = len({tuple(index.ids_by_alias[alias]) for _, _, alias in index.find(text_key)}) == 1
        return any(names_faq_topic(c) for c in asking) or not any(
            words.asks_date(c) and (index.find(c) or (named and words.when.search(c) and words.exam_words.search(c)))
            for c in asking
        )

    if not text_key or (names_faq_topic(text_key) and names_faq_topic(asked_key()) and asks_faq_topic()):
        return None
    if words.other_exams.search(text_key) and words.other_exams.search(asked_key()):
        # An exam this calendar does not keep (公务员, 事业单位…) asked by its name ("事业单位招聘考试
        # 哪天考"): the calendar has no date for it, and says which it has. Otherwise the FAQ,
        # which says it is not covered ("考公需要什么条件").
        unknown = next(
            (
                name
                for c in _clauses(text)
                if words.asks_date(c) and (name := _unknown_exam_name(c, words)) and words.other_exams.search(name)
            ),
            None,
        )
        if unknown is None:
            return None
        return ExamQuestion("missing", (), year=asked_year(text_key, today), unknown=unknown)
    if words.eligibility.search(text_key) and not words.when.search(text_key) and len(_clauses(text)) > 1:
        # "我在厂里干了八年钳工，现在是技师，想考经济师，能不能报名": who they are, then whether they
        # may — a FAQ question. (A bare "二建能报名吗" may ask whether sign-up is open: the card says.)
        return None
    asking = [c for c in _clauses(text) if words.asks_date(c)]
    bare = False
    if not asking and not _CALENDAR_LIST.search(text_key) and not _PLAN_PUBLISHED.search(text_key):
        # A message that is just an exam's name ("一建", "明年一建", "CATTI") asks for its card.
        if len(text_key) > BARE_NAME_CHARS:
            return None  # cheap exit: most FAQ questions never reach the alias scan
        found = index.find(text_key)
        # (what opens a follow-up switching to it, "另外问下一建呢", is no word of its own either)
        rest = words.switch_opener.sub("", _BARE_FILLER.sub("", _mask(text_key, found).replace(" ", "")))
        if not found or rest:
            return None
        bare = True
    spans, unsure = index.find_all(text_key)
    named_in = text_key  # where the exams asked about are named
    if len(spans) > 1:
        # Exams only the story names ("手里有二建证…请问一建哪天考") are not asked about,
        # nor are its level words.
        asked_spans = index.find_all(asked_key())[0]
        if asked_spans and asked_key() != text_key:
            spans, named_in = asked_spans, asked_key()
    # (the year the date question asks, before one the story tells: "我2018年拿到二建…想知道2027年一建哪天")
    year = next(filter(None, (asked_year(c, today) for c in asking)), None) or asked_year(text_key, today)
    wants = _dates_wanted(text_key)
    if spans:
        # The asking words must be about the exam: in a clause with its name or an exam word.
        if not bare and not any(index.find(c) or words.exam_words.search(c) for c in asking):
            return None
        outside = _mask(named_in, spans)
        ids: list[str] = []
        misses: list[Miss] = []
        for _, _, alias in spans:
            chosen, miss = _select(alias, index, outside, beside=True)
            ids += [i for i in chosen if i not in ids]
            if miss:
                misses.append(miss)
        # ("卫生资格几号考？护士资格呢？": an exam beside them the calendar lacks is said so)
        beside = next((n for c in asking if not index.find(c) and (n := _unknown_exam_name(c, words))), "")
        if not beside and asking:  # ("…哪几天，执业医师考试呢": the same dates of another exam)
            beside = next(
                (n for c in _clauses(text) if not index.find(c) and (n := _unknown_exam_asked_after(c, words))), ""
            )
        return ExamQuestion("exams", tuple(ids), tuple(misses), year, wants=wants, bare=bare, unknown=beside)
    unknown = next((name for c in asking if (name := _unknown_exam_name(c, words))), None)
    if asking and (unknown or unsure):
        return ExamQuestion("missing", tuple(unsure), year=year, wants=wants, unknown=unknown or "")
    if asking and _when_of_no_exam_named(text_key, words):
        # "什么时候报名": when of an exam's schedule, naming none — the calendar to choose from,
        # not a rule whose words happen to match (the 先上岗 period's "什么时候")
        # (bare: never one question of several, and right after an exam's dates it asks of that exam)
        return ExamQuestion("plan", year=year if year is not None else today.year, bare=True)
    calendar_words: object = words.calendar_words.search(text_key) and (asking or _PLAN_PUBLISHED.search(text_key))
    calendar_words = calendar_words or (year is not None and any("考试" in c for c in asking))
    if not calendar_words and not _CALENDAR_LIST.search(text_key):
        return None
    period = _period(text_key, today, year)
    if period is not None:
        return ExamQuestion("period", year=year, period=period[0], period_label=period[1])
    if year is not None or calendar_words:
        # (bare: never one question of several, and right after an exam's dates it asks of that exam)
        return ExamQuestion("plan", year=year if year is not None else today.year, bare=True)
    return None


BARE_NAME_CHARS = 20  # a message only naming an exam ("翻译资格考试CATTI 2026") is this short at most
SCHEDULE_FOLLOW_UP_CHARS = 14  # a follow-up asking another date of the same exam is this short at most


def _when_of_no_exam_named(text_key: str, words: ExamWords) -> bool:
    """Whether a short message asks only when of an exam's schedule ("什么时候报名", "成绩一般
    什么时候出"): its asking and schedule words (`when_words`, `exam_words`) and fillers
    (`schedule_fillers`) are all it says."""
    if len(text_key) > SCHEDULE_FOLLOW_UP_CHARS or not (
        words.when.search(text_key) and words.exam_words.search(text_key)
    ):
        return False
    rest = words.exam_words.sub("", _BARE_FILLER.sub("", words.when.sub("", text_key)))  # (考试 before 考)
    return not words.schedule_filler.sub("", _BARE_FILLER.sub("", rest))


def schedule_follow_up(text: str, asked: tuple[str, ...], year: int | None, index: AliasIndex) -> ExamQuestion | None:
    """ "那成绩啥时候出" right after the dates of `asked`: the same exams' card again, for the date
    it asks (成绩, 报名 …) — a short message asking when (`when_words`) of a word of an exam's
    schedule (`exam_words`) that names no exam and no FAQ topic."""
    words = index.words
    text_key = key(text)
    if not asked or not text_key or len(text_key) > SCHEDULE_FOLLOW_UP_CHARS:
        return None
    if words.faq_topic.search(text_key) or words.other_exams.search(text_key) or index.find(text_key):
        return None
    # ("报名呢" asks it by its 呢 alone: right after an exam's dates, its own date is what is asked)
    if not ((words.when.search(text_key) or text_key.endswith("呢")) and words.exam_words.search(text_key)):
        return None
    return ExamQuestion("exams", asked, (), year, wants=_dates_wanted(text_key))


def card_follow_up(text: str, asked: tuple[str, ...], year: int | None, index: AliasIndex) -> ExamQuestion | None:
    """ "这个靠谱吗", "是人社部计划里的吗" right after the dates of `asked`: what the card itself says
    (where the dates come from, how reliable, whether the exam is in the ministry's plan) — its
    card again. A short message with a `card_asks` word, naming no exam and no FAQ topic; or one
    asking where the dates come from (`source_asks`) and nothing else a FAQ answers."""
    words = index.words
    text_key = key(text)
    if not asked or not text_key or len(text_key) > SCHEDULE_FOLLOW_UP_CHARS + 2:
        return None
    if index.find(text_key):
        return None
    # ("依据是哪个文件" asks where the card's dates come from, though 依据 and 文件 are FAQ topics:
    # asked of nothing else, the card's sources answer it)
    # (not of a plan named with its year: that asks of the document)
    rest = words.source_asks.sub(" ", text_key)
    if (
        rest != text_key
        and not words.faq_topic.search(rest)
        and not any(ch.isdigit() for ch in rest)
        and not words.about_exam.search(rest)
        and not words.calendar_words.search(rest)
    ):
        return ExamQuestion("exams", asked, (), year)
    if not words.card_asks.search(text_key) or words.faq_topic.search(text_key):
        return None
    return ExamQuestion("exams", asked, (), year)


def bare_filler(text_key: str) -> str:
    """What is left of a follow-up besides years and filler words ("那…的呢"): empty when it says nothing else."""
    return _BARE_FILLER.sub("", text_key)


def year_follow_up(text: str, asked: tuple[str, ...], today: dt.date, index: AliasIndex) -> ExamQuestion | None:
    """ "那2027年的呢" right after the dates of `asked`: the same exams, for the year it names — a
    short message saying nothing but a year and filler words."""
    text_key = key(text)
    if not asked or not text_key or len(text_key) > SCHEDULE_FOLLOW_UP_CHARS:
        return None
    year = asked_year(text_key, today)
    if year is None or _BARE_FILLER.sub("", text_key):
        return None
    return ExamQuestion("exams", asked, (), year)


def _dates_wanted(text_key: str) -> frozenset[str]:
    """Which of an exam's dates besides the sitting a question asks of (its card says even when unknown)."""
    return frozenset(
        name
        for name, pattern in (("registration", "报名"), ("results", "成绩|出分|查分"))
        if re.search(pattern, text_key)
    )


def level_follow_up(
    text: str, asked: tuple[str, ...], family: tuple[str, ...], year: int | None, index: AliasIndex
) -> ExamQuestion | None:
    """ "二级的呢" right after a question about 一级建造师 (`asked`; `family`: those exams and the
    ones of their family the calendar offered instead of a level it lacks): the same family at the
    level (or sitting) the follow-up names, for the year asked before. None when the text says
    anything besides a level or sitting and filler words, or asks again what was answered."""
    text_key = key(text)
    named = [w for w in (*LEVEL_WORDS, *index.words.sitting_words) if w in text_key]
    if not named or not family:
        return None
    rest = text_key
    for word in named:
        rest = rest.replace(word, "")
    # "高级也是这天吗", "二级什么时候考": the same question of that level
    rest = index.words.when.sub("", index.words.same_day.sub("", rest))
    # … and "翻译三级呢": the family named again beside the level
    spans = index.find(rest)
    if spans and all(not set(family).isdisjoint(index.ids_by_alias.get(alias, ())) for _, _, alias in spans):
        rest = _mask(rest, spans).replace(" ", "")
    if _BARE_FILLER.sub("", rest):
        return None
    # Every alias naming one of the family's exams ("建造师" names 一建 and 二建).
    ids: list[str] = []
    misses: list[Miss] = []
    for alias, named_ids in index.ids_by_alias.items():
        if set(family).isdisjoint(named_ids):
            continue
        chosen, miss = _select(alias, index, text_key)
        ids += [i for i in chosen if i not in ids]
        if miss is not None:
            misses.append(miss)
    if ids:
        # (a level the exam just answered holds, "中级呢" after 社会工作者 of 初级、中级、高级: its card again)
        return ExamQuestion("exams", tuple(ids), (), year)
    if not misses:
        return None
    # No exam of the family at that level: said so, with the family's exams the calendar has.
    widest = max(misses, key=lambda m: (len(m.available), -len(m.alias)))
    return ExamQuestion("exams", (), (widest,), year)
