"""`knowledge/counts/*.yaml` (one file): how many qualifications each edition of the national
catalogue holds, where the figures come from, and every word of the reply to "目录一共多少项".

The figures are public reports (../shared/data/catalogue_totals.csv), not clauses: the file names
each edition's source (title, date, url) and the reply says so. Only splits a source states are
recorded — the 13 skill qualifications of 2021 have none — and a question asking one that is not
recorded is told so, never given an estimate. The loader checks that every figure adds up (the
groups to the edition's total, the categories to their group's) and renders the reply for every
question shape, so `qualbot kb check` and /reload reject a file that would answer wrongly or fail.
The specialist that answers with it is bot.counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import Template
from pydantic import BaseModel, ConfigDict, Field

from bot.kb.errors import KbError
from bot.kb.normalise import CLAUSE_BREAK, ORDINAL, fold
from bot.kb.sandbox import compile_replies
from bot.kb.schema import IsoDate, Slug, Text
from bot.kb.validate import read_one_file_section

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

SECTION = "counts"
Group = Literal["专业技术人员职业资格", "技能人员职业资格"]
Category = Literal["准入类", "水平评价类"]
_CHECK_DAY = dt.date(2026, 1, 1)
MAX_CHARS = 200  # a longer message tells more than a count question; the FAQ reads it
# "哪5个", "哪五项": the count told, the items asked (a count question asking names too)
_WHICH_OF_COUNT = re.compile(r"哪\s*(?:[2-9]|[1-9][0-9]+|[两二三四五六七八九十]+)\s*[个项种]")
_ROW_ASKED = re.compile(rf"{ORDINAL}[项个]")  # a row by its number: not a count
_TOLD_COUNT = re.compile(r"[0-9]+\s*[项个种]")  # "81项": a count told, checked in its own clause
FOLLOW_UP_CHARS = 20  # "那准入类几项" right after a count answer; a longer message asks afresh
# A year naming an edition: "2019版", "22年版", "2020年国家职业资格目录" (a year told beside the
# question, "我2019年考的证", names none). Two digits are this century's.
_EDITION_YEAR = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2}|[0-9]{2})\s*(?:年\s*)?(?:版|的?\s*(?:国家)?(?:职业资格)?目录)"
)
# Right after a count answer a year alone names an edition ("那2019年的呢").
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2}|[0-9]{2}(?=\s*年))(?![0-9])")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceSpec(_Closed):
    id: Slug
    title: Text
    url: Text
    date: IsoDate
    note: Text | None = None  # how far to trust it (several reports agree …)


class GroupSpec(_Closed):
    kind: Group
    total: int = Field(ge=0)
    categories: dict[Category, int] = Field(default_factory=dict)  # only the splits a source states


class EditionSpec(_Closed):
    id: Text
    title: Text
    short: Text
    current: bool = False
    source: Slug
    total: int = Field(ge=0)
    groups: list[GroupSpec] = Field(default_factory=list)
    changes: Text | None = None
    # The knowledge holds this edition's list of items (knowledge/catalogue): a question asking
    # which items it holds is not told that the list is missing.
    names_held: bool = False


class TriggerSpec(_Closed):
    count_words: list[Text] = Field(min_length=1)  # 多少项, 几项 …
    catalogue_words: list[Text] = Field(min_length=1)  # 目录 …
    partitive_words: list[Text] = Field(default_factory=list)  # 其中 … a later sentence counting a part
    not_words: list[Text] = Field(default_factory=list)  # 取消, 先上岗 … counting something else
    edition_words: dict[Text, list[Text]] = Field(default_factory=dict)  # edition id → words naming it
    group_words: dict[Group, list[Text]] = Field(default_factory=dict)
    category_words: dict[Category, list[Text]] = Field(default_factory=dict)
    both_words: list[Text] = Field(default_factory=list)  # 各有, 分别 … both categories asked
    # Words that make a sentence ask, beside the lexicon's question markers ("…在不在里面"): a
    # message asking anything besides a count is the FAQ's to read.
    ask_words: list[Text] = Field(default_factory=list)
    # Words asking which items a count is made of ("具体是哪几个"), not only how many.
    names_words: list[Text] = Field(default_factory=list)
    # Words checking a count told ("不是还有81项吗", "是不是72项"): a number of items told with
    # one of them asks the count, to be set right.
    confirm_words: list[Text] = Field(default_factory=list)
    # Words comparing editions ("总共少了多少项"): right after a count, every edition is counted.
    compare_words: list[Text] = Field(default_factory=list)
    # Words counting, said bare right after a count ("专技多少", "跟2021比少了多少"): they ask a count too.
    follow_up_count_words: list[Text] = Field(default_factory=list)


class RepliesSpec(_Closed):
    title: Text
    answer: Text


class CountsFileSpec(_Closed):
    id: Slug
    title: Text
    last_reviewed: IsoDate
    sources: list[SourceSpec] = Field(min_length=1)
    editions: list[EditionSpec] = Field(min_length=1)
    trigger: TriggerSpec
    replies: RepliesSpec


@dataclass(frozen=True)
class CountAsk:
    """What a message asks: the editions (ids) and, per counting sentence, the group and category
    counted (None: all of them)."""

    editions: tuple[str, ...]
    parts: tuple[tuple[str | None, str | None], ...]
    names: bool = False  # which items, too: for an edition whose list the knowledge does not hold
    # Years the message names as an edition that no edition is ("2019版"): told that none such is
    # held, never answered with another edition's figures as if they were its own.
    unheld: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountAnswer:
    text: str
    known: bool  # False: nothing asked is recorded, or the items' names were asked (a decline, logged as unanswered)


@dataclass(frozen=True)
class CountBook:
    spec: CountsFileSpec
    templates: dict[str, Template]

    # ---- recognising the question --------------------------------------------------------
    def may_ask(self, text: str) -> bool:
        """Whether a message names the catalogue and a count at all (most do not: cheap to tell)."""
        folded = fold(text[: MAX_CHARS * 2])
        return self._names_catalogue(folded) and self._asks_how_many(folded)

    def _names_catalogue(self, folded: str) -> bool:
        """Whether a folded text names the catalogue: by a word for it, or by a group and a category
        of its qualifications ("专技类准入几项"), which only the catalogue counts."""
        trigger = self.spec.trigger
        return any(w in folded for w in trigger.catalogue_words) or (
            any(w in folded for w in _words(trigger.group_words))
            and any(w in folded for w in _words(trigger.category_words))
        )

    def _asks_how_many(self, folded: str) -> bool:
        """Whether a folded text asks how many (几项, 多少项: `count_words`), or which items of a
        count it tells (哪5个)."""
        trigger = self.spec.trigger
        return (
            any(w in folded for w in trigger.count_words)
            or bool(_WHICH_OF_COUNT.search(folded))
            or any(
                _TOLD_COUNT.search(clause) and any(w in clause for w in trigger.confirm_words)
                for clause in CLAUSE_BREAK.split(folded)
            )
        )

    def earlier_edition_named(self, text: str) -> str | None:
        """The one edition a text naming the catalogue names, when it is not the current one."""
        trigger = self.spec.trigger
        folded = fold(text[: MAX_CHARS * 2])
        if not any(w in folded for w in trigger.catalogue_words):
            return None
        named = [e for e, words in trigger.edition_words.items() if any(w in folded for w in words)]
        current = next(e.id for e in self.spec.editions if e.current)
        return named[0] if len(named) == 1 and named[0] != current else None

    def counts_in(self, text: str) -> bool:
        """Whether the text asks a count (几项, 多少项: `count_words`), of the catalogue or not."""
        folded = fold(text[: MAX_CHARS * 2])
        return any(w in folded for w in self.spec.trigger.count_words)

    def question_in(self, text: str, sentences: list[str], asking: tuple[str, ...]) -> CountAsk | None:
        """The count question a message asks, when every sentence of it that asks (holds one of
        `asking`, the lexicon's question markers) counts the catalogue or a part of it; else None."""
        trigger = self.spec.trigger
        folded = fold(text)
        if len(folded) > MAX_CHARS or any(w in folded for w in trigger.not_words) or _ROW_ASKED.search(folded):
            return None  # (a row asked by its number, "目录第三项是什么", is the category book's)
        asking = (*asking, *trigger.ask_words)
        asks = [s for s in map(fold, sentences) if any(w in s for w in asking) or self._asks_how_many(s)]
        if not asks or not self._names_catalogue(asks[0]):
            return None
        parts: list[tuple[str | None, str | None]] = []
        for i, sentence in enumerate(asks):
            if i and self._another_edition_too(sentence):
                continue  # "…一共多少项？2021版呢": the same count of that edition as well
            if not self._asks_how_many(sentence):
                return None  # it asks something else too: the FAQ reads the whole message
            # (a later sentence naming an edition counts it too: "…比2017版少了多少项")
            names_part = any(
                w in sentence
                for w in (
                    *trigger.partitive_words,
                    *_words(trigger.group_words),
                    *_words(trigger.category_words),
                    *_words(trigger.edition_words),
                )
            )
            if i and not names_part and not any(w in sentence for w in trigger.catalogue_words):
                return None
            parts += self._parts_of(sentence)
        editions = tuple(e for e, words in trigger.edition_words.items() if any(w in folded for w in words))
        unheld = self._unheld_years(folded)
        current = next(e.id for e in self.spec.editions if e.current)
        editions = editions or (current,)
        # Which items, of an edition whose list the knowledge does not hold: the count, and that.
        names = (any(w in folded for w in trigger.names_words) or bool(_WHICH_OF_COUNT.search(folded))) and not any(
            e.names_held for e in self.spec.editions if e.id in editions
        )
        return CountAsk(editions, tuple(dict.fromkeys(parts)), names, unheld)

    def _another_edition_too(self, sentence: str) -> bool:
        """Whether a later sentence of a count question names only another edition with 呢
        ("2021版呢"), asking the count before of that edition too."""
        short = sentence.strip().rstrip("?？!！。 ")
        return (
            len(short) <= FOLLOW_UP_CHARS
            and short.endswith("呢")
            and any(w in short for w in _words(self.spec.trigger.edition_words))
            and self._parts_of(short) == [(None, None)]  # (a part named, "技能类呢", is a part's count)
        )

    def _unheld_years(self, folded: str, pattern: re.Pattern[str] = _EDITION_YEAR) -> tuple[str, ...]:
        """The years a folded text names as an edition (`pattern`: "2019版") that no edition is."""
        held = {e.id for e in self.spec.editions}
        years = (y if len(y) == 4 else f"20{y}" for y in pattern.findall(folded))
        return tuple(dict.fromkeys(y for y in years if y not in held))

    def follow_up(
        self, text: str, editions: tuple[str, ...], parts: tuple[tuple[str | None, str | None], ...] = ((None, None),)
    ) -> CountAsk | None:
        """The count a short message asks right after a count answer of `parts` of `editions`,
        naming only a part ("准入类几项", "那技能人员的呢") or only another edition ("那2017年的呢":
        the same parts of that one); None when it names neither, asks anything else or counts
        something else."""
        trigger = self.spec.trigger
        folded = fold(text).strip().rstrip("?？!！。 ")
        if len(folded) > FOLLOW_UP_CHARS or any(w in folded for w in (*trigger.not_words, *trigger.ask_words)):
            return None
        counting = (*trigger.count_words, *trigger.follow_up_count_words)
        if not (any(w in folded for w in counting) or folded.endswith("呢")):
            return None
        named = tuple(e for e, words in trigger.edition_words.items() if any(w in folded for w in words))
        unheld = self._unheld_years(folded, _YEAR)
        asked = tuple(p for p in self._parts_of(folded) if p != (None, None))
        compared = any(w in folded for w in trigger.compare_words)
        if not asked and not (named or unheld or compared):
            return None
        if compared:  # ("比老版少了多少项" names one edition: it is compared with the one just counted)
            named = tuple(e.id for e in self.spec.editions)
        return CountAsk(named or editions, asked or parts, unheld=unheld)

    def topic_follow_up(self, text: str, earlier: str) -> CountAsk | None:
        """The count a short message asks ("一共多少项") right after an answer about the catalogue
        (`earlier`, the question it answered, names it): of the edition that question named, or the
        current one; None when the message asks anything else or counts something else."""
        trigger = self.spec.trigger
        folded, before = fold(text).strip().rstrip("?？!！。 "), fold(earlier)
        if len(folded) > FOLLOW_UP_CHARS or any(w in folded for w in (*trigger.not_words, *trigger.ask_words)):
            return None
        if not any(w in folded for w in trigger.count_words) or not any(w in before for w in trigger.catalogue_words):
            return None
        if any(w in before for w in trigger.not_words):
            return None  # (the answer before counted something else: 取消了多少项 …)
        named = tuple(e for e, words in trigger.edition_words.items() if any(w in folded for w in words))
        told = tuple(e for e, words in trigger.edition_words.items() if any(w in before for w in words))
        current = next(e.id for e in self.spec.editions if e.current)
        parts = tuple(dict.fromkeys(self._parts_of(folded)))
        return CountAsk(named or told or (current,), parts, unheld=self._unheld_years(folded, _YEAR))

    def _parts_of(self, sentence: str) -> list[tuple[str | None, str | None]]:
        trigger = self.spec.trigger
        groups: list[str | None] = [g for g, words in trigger.group_words.items() if any(w in sentence for w in words)]
        categories: list[str | None] = [
            c for c, words in trigger.category_words.items() if any(w in sentence for w in words)
        ]
        if any(w in sentence for w in trigger.both_words) and not categories and len(groups) == 1:
            # "专技人员各有几项准入类…" asks both categories (of two groups, "…和技能人员各多少", each total)
            categories = list(trigger.category_words)
        return [(g, c) for g in (groups or [None]) for c in (categories or [None])]

    # ---- answering ----------------------------------------------------------------------
    def answer(self, ask: CountAsk, today: dt.date) -> CountAnswer:
        editions = [e for e in self.spec.editions if e.id in ask.editions]
        asked, unknown = [], []
        for edition in editions:
            for group, category in ask.parts:
                count = _count(edition, group, category)
                asked.append((edition.short, group, category, count))
                if count is None:
                    unknown.append((edition.short, group, category))
        values = {
            "editions": [self._edition_view(e) for e in editions],
            "current": self._edition_view(next(e for e in self.spec.editions if e.current)),
            "asked": asked,
            "unknown": _merged(unknown, len(self.spec.trigger.category_words)),
            "names": ask.names,
            "unheld": list(ask.unheld),
            "held": [self._edition_view(e) for e in self.spec.editions],
            "today": today,
        }
        title = self.templates["title"].render(**values).strip()
        body = self.templates["answer"].render(**values).strip()
        body = re.sub(r"\n\s*\n+", "\n", body)
        return CountAnswer(
            f"<b>{title}</b>\n\n{body}", known=len(unknown) < len(asked) and not ask.names and not ask.unheld
        )

    def _edition_view(self, edition: EditionSpec) -> dict[str, object]:
        source = next(s for s in self.spec.sources if s.id == edition.source)
        return {
            "title": edition.title,
            "short": edition.short,
            "current": edition.current,
            "total": edition.total,
            "changes": edition.changes,
            "groups": [
                {"kind": g.kind, "total": g.total, "categories": list(g.categories.items())} for g in edition.groups
            ],
            "source": {"title": source.title, "url": source.url, "date": source.date.isoformat(), "note": source.note},
        }


def _words(by_key: dict[str, list[str]] | dict[Group, list[str]] | dict[Category, list[str]]) -> list[str]:
    return [w for words in by_key.values() for w in words]


def _count(edition: EditionSpec, group: str | None, category: str | None) -> int | None:
    """The recorded figure, or None when no source states it."""
    groups = [g for g in edition.groups if group is None or g.kind == group]
    if group is None and category is None:
        return edition.total
    if not groups:
        return None
    if category is None:
        return sum(g.total for g in groups)
    split = [g.categories.get(category) for g in groups]  # type: ignore[call-overload]
    return None if any(n is None for n in split) else sum(n for n in split if n is not None)


def _merged(
    unknown: list[tuple[str, str | None, str | None]], categories: int
) -> list[tuple[str, str | None, str | None]]:
    """Unknown figures, with every category of one group asked and unknown said once ("分类别各有几项")."""
    out: list[tuple[str, str | None, str | None]] = []
    for edition, group, category in unknown:
        same = [u for u in unknown if u[0] == edition and u[1] == group]
        if len(same) == categories and category is not None:
            if (edition, group, None) not in out:
                out.append((edition, group, None))
        else:
            out.append((edition, group, category))
    return out


def load_counts(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> CountBook | None:
    """Read knowledge/counts/*.yaml (one file); every problem becomes a file:line error."""
    found = read_one_file_section(root, SECTION, CountsFileSpec, errors)
    if found is None:
        return None
    display, loaded, spec = found
    before = len(errors)
    sources = {s.id for s in spec.sources}
    if sum(e.current for e in spec.editions) != 1:
        errors.append(KbError(display, loaded.line_of(("editions",)), "exactly one edition must be current: true"))
    for i, edition in enumerate(spec.editions):
        line = loaded.line_of(("editions", i))
        if edition.source not in sources:
            errors.append(KbError(display, line, f"edition '{edition.id}': unknown source '{edition.source}'"))
        if edition.groups and sum(g.total for g in edition.groups) != edition.total:
            errors.append(
                KbError(
                    display,
                    line,
                    f"edition '{edition.id}': its groups add up to {sum(g.total for g in edition.groups)}, not {edition.total}",
                )
            )
        for j, group in enumerate(edition.groups):
            if group.categories and sum(group.categories.values()) != group.total:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("editions", i, "groups", j)),
                        f"edition '{edition.id}', {group.kind}: its categories add up to {sum(group.categories.values())}, not {group.total}",
                    )
                )
    for edition_id in spec.trigger.edition_words:
        if edition_id not in {e.id for e in spec.editions}:
            errors.append(
                KbError(
                    display,
                    loaded.line_of(("trigger", "edition_words")),
                    f"edition_words names no edition '{edition_id}'",
                )
            )
    replies = {kind: getattr(spec.replies, kind) for kind in RepliesSpec.model_fields}
    templates = compile_replies(replies, display, lambda kind: loaded.line_of(("replies", kind)), errors)
    if len(errors) > before:
        return None
    book = CountBook(spec, templates)
    # Every edition, alone and together, for every part a question may count: a branch that
    # fails for one of them is caught here, before it goes live.
    trigger = spec.trigger
    shapes = [(None, None), *((g, None) for g in trigger.group_words), *((None, c) for c in trigger.category_words)]
    shapes += [(g, c) for g in trigger.group_words for c in trigger.category_words]
    every = tuple(e.id for e in spec.editions)
    for editions in [*((e,) for e in every), every]:
        for shape in shapes:
            try:
                book.answer(CountAsk(editions, (shape,)), _CHECK_DAY)
                book.answer(CountAsk(editions, (shape,), names=True), _CHECK_DAY)
                book.answer(CountAsk(editions, (shape,), unheld=("2019",)), _CHECK_DAY)
            except Exception as exc:  # a bad template: UndefinedError, SecurityError …
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("replies",)),
                        f"rendering {editions} {shape}: {type(exc).__name__}: {exc}",
                    )
                )
    return book if len(errors) == before else None
