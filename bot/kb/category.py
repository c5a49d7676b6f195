"""The category book: what `knowledge/category/*.yaml` says about answering
“X是准入类还是水平评价类”, with the catalogue it answers from (bot.kb.catalogue).

The catalogue holds the qualifications and their categories (the catalogue rows, the 先上岗 list
and the names the hiring dialog knows), each with its source (and reliability) or a kb clause
that states the category; this file holds every word of the reply (templates, trigger words,
the verbatim span of each clause that states a category). Staff change wording there, not here.

`load_category` (a section of bot.kb.knowledge) validates that file and renders every template
for every catalogue row, so `qualbot kb check` and /reload reject a template that fails for any
qualification. The specialist that answers with it is bot.category.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import Template
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

from bot.kb.catalogue import Catalogue, Match, Qualification, normalise
from bot.kb.errors import KbError
from bot.kb.normalise import CLAUSE_BREAK, fold, strip_to_words
from bot.kb.render import Quoter, excerpt
from bot.kb.sandbox import TemplateProblem, compile_replies
from bot.kb.schema import CiteRef, IsoDate, Slug, Text
from bot.kb.validate import read_one_file_section

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

VAGUE = ""  # name_in's answer when the question names no qualification
CHANGES_ASKED_CHARS = 40  # a question of what the editions changed is at most this long (words only)
STATUS_ASKED_CHARS = 30  # … and one of whether a named qualification is still in the catalogue
SECTION = "category"
_CHECK_DAY = dt.date(2026, 1, 1)  # templates are test-rendered at load with this date


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TriggerSpec(_Closed):
    category_words: list[Text] = Field(min_length=1)  # 准入类, 水平评价类 …
    link_words: list[Text] = Field(min_length=1)  # 是, 属于 … between the name and the question
    ask_words: list[Text] = Field(default_factory=list)  # 哪一类, 什么类 … asking without naming a category
    tail_words: list[Text] = Field(default_factory=list)  # what else may follow: 还是, 吗, 职业资格 …
    lead_words: list[Text] = Field(default_factory=list)  # what may precede the name: 请问, 想问一下 …
    not_a_name: list[Text] = Field(default_factory=list)  # a "name" containing these is not one (哪些, 区别 …)
    vague_words: list[Text] = Field(default_factory=list)  # a "name" made only of these (我的证, 这个) names nothing
    # "它是准入类吗": a "name" made only of these points back to the one qualification just
    # answered about or named in the same message; with none, it is a name the list lacks
    pronouns: list[Text] = Field(default_factory=list)
    # "导游和护士是准入类吗": a "name" made only of two or more of the list's names and these
    # asks of each in turn
    name_joiners: list[Text] = Field(default_factory=list)
    # "X在2021版目录里吗": asking whether a name is in the catalogue is asking the same book.
    place_words: list[Text] = Field(default_factory=list)  # 目录里, 目录中 … right after 在 and the qualifiers
    place_qualifiers: list[Text] = Field(default_factory=list)  # 2021版, 国家职业资格 … between 在 and the place
    # "…是国家职业资格吗，新版目录里有没有": after a membership question, the place asked of again
    place_asks: list[Text] = Field(default_factory=list)
    # "目录里还有X吗": the catalogue placed first, then one of these and a name of the list
    # (asking words among `contains_tails` may follow the name) asks whether X is in it
    contains_words: list[Text] = Field(default_factory=list)
    contains_tails: list[Text] = Field(default_factory=list)
    name_tails: list[Text] = Field(default_factory=list)  # 这个职业, 这个工种 … after a name, naming nothing more
    # "X还是国家职业资格吗": after a link word, naming the catalogue's kind of qualification asks
    # whether X is in the catalogue, as "X在目录里吗" does
    membership_words: list[Text] = Field(default_factory=list)
    # "…是准入类吗？实施部门是哪个？": words asking what a catalogue row records beside the category
    # (its department, its legal basis). A further question asking only that is answered from the
    # row, or told that the list does not record it (replies.attributes) …
    attribute_asks: dict[Literal["department", "basis"], list[Text]] = Field(default_factory=dict)
    attribute_labels: dict[Literal["department", "basis"], Text] = Field(default_factory=dict)
    attribute_length: int = Field(default=30, ge=1)  # … when it is this short (a longer one asks more)
    # … and those of the words that make a sentence naming one qualification such a question by
    # itself ("教师资格的实施部门是哪个"; 哪个部门 alone may ask where to go, not the row).
    attribute_standalone: list[Text] = Field(default_factory=list)
    # "专利代理人现在叫什么": a sentence naming one qualification with one of these asks whether it
    # was renamed (replies.renamed; the catalogue's `formerly`, as its `renamed_source` says)
    rename_words: list[Text] = Field(default_factory=list)
    # "乡村兽医资格证还有吗", "精算师是新加进目录的吗": a short sentence naming one qualification with
    # one of these asks whether it is still in the catalogue, left it or was added to it (answered as
    # "X在目录里吗", with what its source says of the 2021 edition's changes)
    status_asks: list[Text] = Field(default_factory=list)
    # "2021版目录新增了哪些": a message naming the catalogue (`catalogue_names`) and an edition
    # (`change_editions`) with one of these asks what the 2021 edition added, removed or renamed
    # (replies.changes: the catalogue entries marked added, left or formerly, as their source says)
    change_asks: list[Text] = Field(default_factory=list)
    catalogue_names: list[Text] = Field(default_factory=list)
    change_editions: list[Text] = Field(default_factory=list)
    # "目录第三项是什么": a message naming the catalogue (`catalogue_names`) asks its row of that
    # number, counted in one of `row_counters` (项, 个) — not when it names one of `other_editions`
    # (the 2017 list, whose rows the knowledge does not hold)
    row_counters: list[Text] = Field(default_factory=list)
    other_editions: list[Text] = Field(default_factory=list)
    # "新版目录是哪天发布的": a short message naming the catalogue (`catalogue_names`) and its 2021
    # edition (`published_editions`) with one of these asks when and by whom it was published
    # (replies.published: the date and issuer of the source its rows are read from)
    published_asks: list[Text] = Field(default_factory=list)
    published_editions: list[Text] = Field(default_factory=list)
    # … and of these, ask its 文号, which no source reads (the reply says so: a decline)
    number_asks: list[Text] = Field(default_factory=list)


class EvidenceSpec(_Closed):
    cite: CiteRef
    intro: Text
    start: Text | None = None
    end: Text | None = None


class RepliesSpec(_Closed):
    title: Text  # headline
    known: Text  # the knowledge base knows the category
    no_category: Text  # the name is known, its category is not
    not_found: Text  # the name is not in the list
    ask_name: Text  # the question names no qualification (「这个证是准入类吗」)
    attributes: Text = ""  # what the row records (`held`: label/value pairs) and does not (`missing`)
    attributes_title: Text = ""  # headline of a reply asking only those
    # a line put after the title of an answer that quotes the book's `cites` (whether qualifications
    # may be tied to jobs), saying the category of the one qualification its question names
    in_answer: Text = ""
    left: Text = ""  # the name is of a qualification that left the catalogue (its source says)
    renamed: Text = ""  # whether the qualification named was renamed (its old and new names)
    renamed_title: Text = ""  # headline of that reply
    changes: Text = ""  # what the 2021 edition added, removed and renamed (`added`, `left`, `renamed`)
    changes_title: Text = ""  # headline of that reply
    row_found: Text = ""  # what the row asked by its number is (`row`, `name`, `source_title`)
    row_unknown: Text = ""  # a row number asked that no entry of the list has (`row`, `rows_held`)
    published: Text = ""  # when and by whom the 2021 edition was published (`sources`: title, date, issuer, url)
    published_title: Text = ""  # headline of that reply


class CategoryFileSpec(_Closed):
    id: Slug
    title: Text
    last_reviewed: IsoDate
    trigger: TriggerSpec
    cites: list[CiteRef] = Field(min_length=1)
    evidence: list[EvidenceSpec] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    replies: RepliesSpec


@dataclass(frozen=True)
class CategoryAnswer:
    """A category reply: its HTML text, the clauses it cites, the FAQ entries it points to."""

    text: str
    citations: tuple[str, ...]
    related: tuple[str, ...]
    known: bool = True  # False: the book cannot say the category (a decline, logged as unanswered)


@dataclass(frozen=True)
class CategoryBook:
    """One knowledge version's category answers: the catalogue plus compiled wording."""

    kb: KnowledgeBase  # the base it was loaded with: its documents, clauses and entries
    catalogue: Catalogue
    spec: CategoryFileSpec
    templates: Mapping[str, Template]
    evidence: Mapping[str, EvidenceSpec]
    pattern: re.Pattern[str]

    # ---- recognising the question --------------------------------------------------------
    def may_ask(self, text: str) -> bool:
        """Whether the text holds a word every category or catalogue-row question needs (准入类,
        哪一类, 目录里, 实施部门 …): a cheap test before the whole message is read."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        # (Not `membership_words`: 国家职业资格 is named in many a question about the rules, and
        # only a message that is nothing but "X还是国家职业资格吗" asks it — read whole, not in parts.)
        needed = (*trig.category_words, *trig.ask_words, *trig.place_words, *trig.attribute_standalone)
        return any(w in words for w in needed) or (
            any(w in words for w in trig.catalogue_names)
            and (
                any(w in words for w in (*trig.change_asks, *trig.published_asks))
                or ("第" in words and any(c in words for c in trig.row_counters))
            )
        )

    def points_back(self, typed: str) -> bool:
        """Whether a "name" only points back (它, 它们): it names what was just spoken of."""
        return bool(typed) and strip_to_words(typed) in self.spec.trigger.pronouns

    def names_listed(self, asked: str) -> list[str]:
        """The qualifications a "name" lists (「导游和护士」, 「导游、护士」): two or more of the list's
        names and nothing else but `name_joiners`; [] for any other name."""
        matches = self.catalogue.find_in(asked)
        if len({m.qualification.name for m in matches}) < 2:
            return []
        rest = strip_to_words(asked)
        for match in matches:
            rest = rest.replace(strip_to_words(match.text), " ", 1)
        joiners = sorted(self.spec.trigger.name_joiners, key=len, reverse=True)
        for word in joiners:
            rest = rest.replace(word, " ")
        return [] if rest.strip() else list(dict.fromkeys(m.qualification.name for m in matches))

    def name_in(self, text: str) -> str | None:
        """The name a category question asks about; VAGUE if it names none (「我的证」); None if not one."""
        asked = self.question_in(text)
        return asked[0] if asked is not None else None

    def question_in(self, text: str) -> tuple[str, bool] | None:
        """(the name asked about, whether the question asks if it is in the catalogue at all:
        「美容师在2021版目录里吗」) for a category question; None if the text is not one.

        Read whole first; when that names no qualification of the list, the clauses the message
        ends with are read too: 「学生问我…我答不上来，想知道教师资格在目录里属于哪一类」 asks of
        教师资格, which a name running from the story's first word would hide."""
        words = strip_to_words(fold(text))
        found = self._question_in_words(words)
        if found is not None and (found[0] == VAGUE or self.find(found[0]) is not None):
            return found
        trig = self.spec.trigger
        if not self.may_ask(text) and not any(w in words for w in trig.membership_words):
            return found  # (no clause of it can ask a category: most messages, read once)
        clauses = [c for c in CLAUSE_BREAK.split(fold(text)) if c.strip()]
        for start in range(1, len(clauses)):
            later = self._question_in_words(strip_to_words("".join(clauses[start:])))
            if later is not None and later[0] != VAGUE and self.find(later[0]) is not None:
                return later
        return found

    def _question_in_words(self, words: str) -> tuple[str, bool] | None:
        name = self._placed(words) or self._contained(words)
        if name is not None:
            return name, True
        # Every place a link word (是, 属于 …) occurs may split name from question: 「精算师属于…」
        # must not split at the 算 of 精算师.
        for match in self.pattern.finditer(words):
            name = self._shape(words[: match.start()], words[match.end() :])
            if name is not None:
                return name, False
        for match in self.pattern.finditer(words):
            if self._asks_membership(words[match.end() :]):
                name = self._named(words[: match.start()])
                if name is not None:
                    return name, True
        return None

    def says_only_the_name(self, sentence: str, name: str) -> bool:
        """Whether a sentence says no more than `name` and a follow-up's lead and tail words
        ("那导游资格呢")."""
        trig = self.spec.trigger
        rest = strip_to_words(fold(sentence)).replace(strip_to_words(fold(name)), "")
        return not _without(rest, [*trig.lead_words, *trig.tail_words])

    def asks_rename(self, text: str) -> bool:
        """Whether a text asks whether a qualification was renamed ("…现在改叫啥了")."""
        words = strip_to_words(fold(text))
        return bool(self.spec.replies.renamed) and any(w in words for w in self.spec.trigger.rename_words)

    def rename_answer(self, typed: str, today: dt.date) -> CategoryAnswer:
        """The reply to "was `typed` renamed": its old and new names as its source says, or that
        the knowledge records no rename of it."""
        q = None if typed == VAGUE else self.find(typed)
        body = self._render("renamed", typed, q, today, [])
        title = self._render("renamed_title", typed, q, today, [])
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        return CategoryAnswer(
            "\n\n".join(p for p in (f"<b>{title}</b>", body) if p), (), related, known=bool(q and q.formerly)
        )

    def may_ask_status(self, text: str) -> bool:
        """Whether some sentence of a text may ask a named qualification's status (`status_asked`)."""
        words = strip_to_words(fold(text))
        return any(w in words for w in self.spec.trigger.status_asks) and bool(self.catalogue.find_in(text))

    def status_asked(self, text: str) -> str | None:
        """The name (as typed) of 「乡村兽医资格证还有吗」「精算师是新加进目录的吗」: a short text naming
        one qualification of the list and asking whether it is still there, left or was added
        (`status_asks`); None for any other text."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        if len(words) > STATUS_ASKED_CHARS or not any(w in words for w in trig.status_asks):
            return None
        match = self.one_named(text)
        return match.text if match is not None else None

    def asks_changes(self, text: str) -> bool:
        """Whether a text asks what the 2021 edition added or removed ("新版目录增加了哪几项"):
        it names the catalogue, an edition and a change (a qualification it names is in the list
        answered, or not)."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        # (a short question: a long story naming a new qualification asks something else)
        return (
            bool(self.spec.replies.changes)
            and len(words) <= CHANGES_ASKED_CHARS
            and any(w in words for w in trig.change_asks)
            and any(w in words for w in trig.catalogue_names)
            and any(w in words for w in trig.change_editions)
        )

    def asks_published(self, text: str, of_it: bool = False) -> bool:
        """Whether a short text asks when or by whom the 2021 edition was published ("新版目录是
        哪天发布的"): it names the catalogue, that edition and the publishing, and no other edition.
        `of_it`: right after an answer about that edition ("哪年发布的"), the publishing is enough."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        return (
            self.asks_publishing(text)
            and (of_it or any(w in words for w in trig.catalogue_names))
            and (of_it or any(w in words for w in trig.published_editions))
            and not any(w in words for w in trig.other_editions)
        )

    def asks_publishing(self, text: str) -> bool:
        """Whether a short text asks when or by whom something was published (哪天发布, 文号), of
        whatever edition it names."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        return (
            bool(self.spec.replies.published)
            and len(words) <= CHANGES_ASKED_CHARS
            and any(w in words for w in (*trig.published_asks, *trig.number_asks))
        )

    def published_answer(self, text: str, today: dt.date) -> CategoryAnswer:
        """When and by whom the 2021 edition was published, as the source its rows are read from
        says; its 文号, asked in `text`, no source reads (a decline)."""
        sources = list(
            {q.source.id: q.source for q in self.catalogue.entries if q.row is not None and q.source}.values()
        )
        words = strip_to_words(fold(text))
        number = any(w in words for w in self.spec.trigger.number_asks)
        values = {"sources": sources, "number": number, "today": today}
        title, body = (self._render_plain(k, values) for k in ("published_title", "published"))
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        known = not number and any(s.date or s.issuer for s in sources)
        return CategoryAnswer("\n\n".join(p for p in (f"<b>{title}</b>", body) if p), (), related, known=known)

    def row_entry(self, row: int) -> Qualification | None:
        return next((q for q in self.catalogue.entries if q.row == row), None)

    def row_answer(self, row: int, q: Qualification, today: dt.date, attributes: tuple[str, ...]) -> CategoryAnswer:
        """The reply to "目录第N项是什么": the row's name (`replies.row_found`), then its category
        answer with what the row records."""
        answer = self.answer(q.name, today, attributes=attributes)
        source = q.source.title if q.source else None
        lead = self._render_plain("row_found", {"row": row, "name": q.name, "source_title": source, "today": today})
        return CategoryAnswer(f"{lead}\n\n{answer.text}", answer.citations, answer.related, known=answer.known)

    def row_unknown_answer(self, row: int, today: dt.date) -> CategoryAnswer:
        """The reply to a row number no entry has: which rows the list holds, from which source."""
        held = sorted(q.row for q in self.catalogue.entries if q.row is not None)
        sources = sorted({q.source.title for q in self.catalogue.entries if q.row is not None and q.source})
        values = {"row": row, "rows_held": held, "source_titles": sources, "today": today}
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        return CategoryAnswer(self._render_plain("row_unknown", values), (), related, known=False)

    def changes_answer(self, today: dt.date) -> CategoryAnswer:
        """What the 2021 edition added, removed and renamed, as the catalogue's sources say."""
        entries = self.catalogue.entries
        added = [q for q in entries if q.added]
        left = [q for q in entries if q.left]
        renamed = [q for q in entries if q.formerly and q.renamed_source]
        sources = {q.source.title for q in (*added, *left) if q.source} | {
            q.renamed_source.title for q in renamed if q.renamed_source
        }
        values = {
            "added": [(q.name, q.category) for q in added],
            "left": [q.name for q in left],
            "renamed": [(" / ".join(q.formerly), q.name) for q in renamed],
            "source_titles": sorted(sources),
            "today": today,
        }
        title, body = (self._render_plain(k, values) for k in ("changes_title", "changes"))
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        known = bool(added or left or renamed)
        return CategoryAnswer("\n\n".join(p for p in (f"<b>{title}</b>", body) if p), (), related, known=known)

    def _render_plain(self, kind: str, values: Mapping[str, object]) -> str:
        """Template `kind` rendered with `values`; a failure is a TemplateProblem (a bad template)."""
        try:
            return self.templates[kind].render(**values).strip()
        except TemplateProblem:
            raise
        except Exception as exc:  # SecurityError, UndefinedError … mean a bad template
            raise TemplateProblem(f"{kind}: template failed to render: {type(exc).__name__}: {exc}") from exc

    def asks_of_none(self, text: str) -> bool:
        """Whether a text asks a category and names nothing at all, not even vaguely ("属于什么
        类型", "是准入类吗"): right after an answer about one qualification, asked of that one."""
        trig = self.spec.trigger
        words = strip_to_words(fold(text))
        return any(
            not _without(words[: m.start()], [*trig.lead_words, *trig.tail_words])
            and self._asks_category(words[m.end() :])
            for m in self.pattern.finditer(words)
        )

    def _asks_membership(self, rest: str) -> bool:
        """Whether `rest` only asks whether the name is one of the catalogue's ("国家职业资格吗"),
        maybe asking it again of the catalogue's place ("…吗，新版目录里有没有")."""
        trig = self.spec.trigger
        if not any(w in rest for w in trig.membership_words):
            return False
        rest = _without(rest, [*trig.membership_words, *trig.tail_words])
        if not rest or not any(p in rest for p in trig.place_words):
            return not rest
        asked_again = [*trig.place_qualifiers, *trig.place_words, *trig.place_asks, *trig.tail_words]
        return not _without(re.sub(r"\d", "", rest), asked_again)

    def _placed(self, words: str) -> str | None:
        """The name of 「X在(2021版国家职业资格)目录里吗(，属于哪一类)」: nothing but the catalogue
        it is placed in, and maybe a category question, follows it."""
        trig = self.spec.trigger
        qualifiers = sorted(trig.place_qualifiers, key=len, reverse=True)
        for at in (i for i, ch in enumerate(words) if ch == "在"):
            after = words[at + 1 :]
            while stripped := next((q for q in qualifiers if after.startswith(q)), ""):
                after = after[len(stripped) :]
            place = next((p for p in sorted(trig.place_words, key=len, reverse=True) if after.startswith(p)), None)
            if place is None:
                continue
            rest = after[len(place) :]
            # Only asking words (吗, 呢) may follow, or a category question (「吗，属于哪类」, 「哪一类」).
            linked = any(
                not _without(rest[: m.start()], trig.tail_words) and self._asks_category(rest[m.end() :])
                for m in self.pattern.finditer(rest)
            )
            if linked or self._asks_category(rest) or not _without(rest, trig.tail_words):
                return self._named(words[:at])
        return None

    def _contained(self, words: str) -> str | None:
        """The name of 「(2021版)目录里(还)有X吗」: the catalogue comes first, then whether it holds
        X, a name of the list (another "name" — 多少项, 哪些 — asks something else)."""
        trig = self.spec.trigger
        for place in sorted(trig.place_words, key=len, reverse=True):
            at = words.find(place)
            if at < 0 or _without(words[:at], [*trig.place_qualifiers, *trig.lead_words]):
                continue
            after = words[at + len(place) :]
            ask = next((w for w in sorted(trig.contains_words, key=len, reverse=True) if after.startswith(w)), "")
            if not ask:
                return None
            name = after[len(ask) :]
            tails = sorted(trig.contains_tails, key=len, reverse=True)
            while cut := next((t for t in tails if name.endswith(t) and len(name) > len(t)), ""):
                name = name[: -len(cut)]
            named = self._named(name)
            return named if named not in (None, VAGUE) and self.find(named) is not None else None
        return None

    def _shape(self, name: str, rest: str) -> str | None:
        # More than a category question after the link word (「…是水平评价类的，单位能要求吗」): not one.
        # The catalogue it is placed in may come first (「…是新版目录中的准入类吗」).
        return self._named(name) if self._asks_category(self._after_place(rest)) else None

    def _after_place(self, rest: str) -> str:
        """`rest` without a catalogue it starts by naming (「现行目录中的」), or `rest` itself."""
        trig = self.spec.trigger
        after = rest
        qualifiers = sorted(trig.place_qualifiers, key=len, reverse=True)
        while stripped := next((q for q in qualifiers if after.startswith(q)), ""):
            after = after[len(stripped) :]
        place = next((p for p in sorted(trig.place_words, key=len, reverse=True) if after.startswith(p)), None)
        return after[len(place) :] if place is not None else rest

    def _asks_category(self, rest: str) -> bool:
        """Whether `rest` is only a category question: category or asking words, and tail words."""
        trig = self.spec.trigger
        return any(w in rest for w in (*trig.category_words, *trig.ask_words)) and not _without(
            rest, [*trig.category_words, *trig.ask_words, *trig.tail_words]
        )

    def _named(self, name: str) -> str | None:
        """What is left of the words before the question once the lead and a vague tail are cut;
        VAGUE if only vague words are; None if they are not a name."""
        trig = self.spec.trigger
        # 「2021版目录里，保安员是…」: the catalogue told before the name is not part of it.
        place = next((p for p in sorted(trig.place_words, key=len, reverse=True) if p in name), None)
        if place is not None:
            name = name[name.rindex(place) + len(place) :]
        tails = sorted(trig.name_tails, key=len, reverse=True)
        name = next((name[: -len(t)] for t in tails if name.endswith(t) and len(name) > len(t)), name)
        for word in sorted(trig.lead_words, key=len, reverse=True):
            if name.startswith(word):
                name = name[len(word) :]
                break
        if not _without(name, trig.tail_words):  # 「…目录里吗」 left nothing but asking words
            return None
        bare = name
        for word in sorted(trig.vague_words, key=len, reverse=True):
            bare = bare.replace(word, "")
        if not bare:
            return VAGUE
        if any(w in name for w in trig.not_a_name):
            return None
        return name

    def find(self, name: str) -> Qualification | None:
        """The whole name first (「船员资格（含船员、渔业船员）」 is not 渔业船员资格), then one named inside it."""
        for candidate in (name, name.upper()):
            match = self.catalogue.match(candidate)
            if match is not None:
                return match.qualification
        found = self.catalogue.find_in(name)
        return found[0].qualification if len(found) == 1 else None

    def attributes_asked(self, sentence: str, standalone: bool = False) -> tuple[str, ...]:
        """The row attributes (department, basis) a short sentence asks (「实施部门是哪个」); with
        `standalone`, only when it asks one in the words that do by themselves; () otherwise."""
        trig = self.spec.trigger
        words = strip_to_words(fold(sentence))
        # "2021版国家职业资格目录里，…" says where the row is, not more to ask: not counted.
        where = next((p for p in trig.place_words if p in words), None)
        if len(words.split(where, 1)[1] if where else words) > trig.attribute_length:
            return ()
        if standalone and not any(w in words for w in trig.attribute_standalone):
            return ()
        return tuple(a for a, asks in trig.attribute_asks.items() if any(w in words for w in asks))

    def named_beside_asks(self, sentence: str) -> list[Match]:
        """The qualifications a sentence asking of a row names, its asking words aside: the 法律 of
        "依据什么法律设定" names no 法律职业资格."""
        trig = self.spec.trigger
        asks = [*(w for words in trig.attribute_asks.values() for w in words), *trig.attribute_standalone]
        return self.catalogue.find_in(_without(fold(sentence), asks))

    def asks_category_in(self, sentence: str) -> bool:
        """Whether a sentence asks the category too (资格类别, 哪一类, 准入类…), among other asks."""
        trig = self.spec.trigger
        words = strip_to_words(fold(sentence))
        return any(w in words for w in (*trig.category_words, *trig.ask_words))

    # ---- answering ---------------------------------------------------------------------------
    def answer(
        self, typed: str, today: dt.date, membership: bool = False, attributes: tuple[str, ...] = ()
    ) -> CategoryAnswer:
        """The reply to a category question about `typed` (VAGUE: it named none); `membership`:
        it asked whether the name is in the catalogue at all; `attributes`: what further questions
        asked of its row (department, basis), answered after the category."""
        q = None if typed == VAGUE else self.find(typed)
        if typed == VAGUE:
            kind = "ask_name"
        elif q is None:
            kind = "not_found"
        elif q.left and self.spec.replies.left:
            kind = "left"
        else:
            kind = "known" if q.category else "no_category"
        used: list[str] = []
        body = self._render(kind, typed, q, today, used, membership)
        if attributes and self.spec.replies.attributes:
            body += "\n\n" + self._render("attributes", typed, q, today, used, membership, attributes)
        title = self._render("title", typed, q, today, [], membership)
        own = q.cite if q is not None and q.category and q.cite else None
        cites = [*([own] if own else []), *dict.fromkeys(used)]
        parts = [f"<b>{title}</b>", body, self._footer(cites)]
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        return CategoryAnswer(
            "\n\n".join(p for p in parts if p), tuple(cites), related, known=kind in ("known", "ask_name", "left")
        )

    def one_named(self, text: str) -> Match | None:
        """Where a text names one qualification of the list (however many times); None for none or several."""
        return _the_one(self.catalogue.find_in(text))

    def in_answer(self, question: str, cites: Iterable[str], today: dt.date, answer: str = "") -> str | None:
        """The line saying which category the one qualification a question names is in ("招审计岗
        能不能要求有注册会计师证": 准入类), for an answer quoting the rule on tying qualifications to
        jobs (the book's `cites`); None when the answer quotes none, or the question names no
        qualification of known category, or several, or the `answer` names it already (the 先上岗
        nurse entry speaks of 护士执业资格 itself)."""
        if not self.spec.replies.in_answer or self.spec.cites[0] not in cites:
            return None
        match = _the_one(self.named_beside_asks(question))
        if match is None or not match.qualification.category or match.qualification.name in answer:
            return None
        return self._render("in_answer", match.text, match.qualification, today, []) or None

    def attributes_answer(self, typed: str, today: dt.date, attributes: tuple[str, ...]) -> CategoryAnswer:
        """The reply to questions asking only what the row of `typed` records (its department,
        its basis): the row's words, or that the list does not record them (a decline)."""
        q = self.find(typed)
        body = self._render("attributes", typed, q, today, [], attributes=attributes)
        title = self._render("attributes_title", typed, q, today, [], attributes=attributes)
        held = q is not None and any(getattr(q, a) for a in attributes)
        related = tuple(e for e in self.spec.related if e in self.kb.entries)
        return CategoryAnswer("\n\n".join(p for p in (f"<b>{title}</b>", body) if p), (), related, known=held)

    def _render(
        self,
        kind: str,
        typed: str,
        q: Qualification | None,
        today: dt.date,
        used: list[str],
        membership: bool = False,
        attributes: tuple[str, ...] = (),
    ) -> str:
        quoter = Quoter(self.kb.clauses, tuple(self.spec.cites))

        def quote(cite: str, start: str | None = None, end: str | None = None) -> Markup:
            used.append(cite)
            return quoter(cite, start, end)

        labels: dict[str, str] = {str(k): v for k, v in self.spec.trigger.attribute_labels.items()}
        evidence = self.evidence.get(q.cite) if q is not None and q.category and q.cite else None
        source = q.source if q is not None else None
        values = {
            "typed": typed,
            "name": q.name if q else None,
            "category": q.category if q else None,
            "kind": q.kind if q else None,
            "unverified": bool(q and q.reliability == "unverified"),
            # what the row records beside the category comes from its source, whatever states the category
            "row_unverified": bool(source and source.reliability == "unverified"),
            "source_title": source.title if source else None,
            "source_url": source.url if source else None,
            "xiangang": bool(q and q.xiangang),
            "note": q.note if q else None,
            "row_doubt": q.row_doubt if q else None,
            "formerly": list(q.formerly) if q else [],
            "typed_is_former": bool(q and normalise(typed) in {normalise(n) for n in q.formerly}),
            "added": bool(q and q.added),
            "renamed_title": q.renamed_source.title if q and q.renamed_source else None,
            "evidence_intro": evidence.intro if evidence else None,
            "evidence": (
                Markup("「{}」").format(
                    escape(excerpt(self.kb.clauses[evidence.cite].text, evidence.start, evidence.end, evidence.cite))
                )
                if evidence
                else None
            ),
            "quote": quote,
            "today": today,
            "membership": membership,
            "held": [(labels.get(a, a), getattr(q, a)) for a in attributes if q is not None and getattr(q, a)],
            "missing": [labels.get(a, a) for a in attributes if q is None or not getattr(q, a)],
        }
        return self._render_plain(kind, values)

    def _footer(self, cites: list[str]) -> str:
        by_doc: dict[str, list[str]] = {}
        for cite in cites:
            clause = self.kb.clauses[cite]
            by_doc.setdefault(clause.doc_id, []).append(clause.label)
        if not by_doc:
            return ""
        lines = ["📎 <b>依据</b>："]
        lines += [
            f"• {escape(self.kb.documents[d].display_name)} {escape('、'.join(dict.fromkeys(labels)))}"
            for d, labels in by_doc.items()
        ]
        return "\n".join(lines)


def _the_one(matches: list[Match]) -> Match | None:
    """The match of the one qualification `matches` name (however many times); None for none or several."""
    named = {m.qualification.name: m for m in matches}
    return next(iter(named.values())) if len(named) == 1 else None


def _without(text: str, words: list[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _pattern(trigger: TriggerSpec) -> re.Pattern[str]:
    links = "|".join(re.escape(w) for w in sorted(trigger.link_words, key=len, reverse=True))
    return re.compile(links)


def load_category(root: Path, kb: KnowledgeBase, catalogue: Catalogue, errors: list[KbError]) -> CategoryBook | None:
    """Read knowledge/category/*.yaml (one file), to answer from `catalogue`; every problem becomes
    a file:line error."""
    found = read_one_file_section(root, SECTION, CategoryFileSpec, errors)
    if found is None:
        return None
    display, loaded, spec = found
    problems_before = len(errors)
    for i, cite in enumerate(spec.cites):
        if cite not in kb.clauses:
            errors.append(
                KbError(display, loaded.line_of(("cites", i)), f"cites '{cite}', which is not a known clause")
            )
    evidence: dict[str, EvidenceSpec] = {}
    for i, ev in enumerate(spec.evidence):
        line = loaded.line_of(("evidence", i))
        if ev.cite not in kb.clauses:
            errors.append(KbError(display, line, f"evidence cites '{ev.cite}', which is not a known clause"))
            continue
        try:
            excerpt(kb.clauses[ev.cite].text, ev.start, ev.end, ev.cite)
        except TemplateProblem as exc:
            errors.append(KbError(display, line, str(exc)))
            continue
        evidence[ev.cite] = ev
    for i, entry_id in enumerate(spec.related):
        if entry_id not in kb.entries:
            errors.append(
                KbError(display, loaded.line_of(("related", i)), f"related entry '{entry_id}' does not exist")
            )
    replies = {kind: getattr(spec.replies, kind) for kind in RepliesSpec.model_fields}
    templates = compile_replies(replies, display, lambda kind: loaded.line_of(("replies", kind)), errors)
    if len(errors) > problems_before:
        return None
    book = CategoryBook(kb, catalogue, spec, templates, evidence, _pattern(spec.trigger))
    # Every template, for every row of the catalogue and for an unknown name: a branch that
    # fails for one qualification is caught here, before it goes live.
    for q in catalogue.entries:
        if q.category and q.cite and q.cite not in evidence:
            errors.append(
                KbError(
                    display,
                    loaded.line_of(("evidence",)),
                    f"catalogue entry '{q.name}' takes its category from '{q.cite}': add an evidence span for it",
                )
            )
    for typed in [*(q.name for q in catalogue.entries), "（不在名单中的名称）", VAGUE]:
        try:
            book.answer(typed, _CHECK_DAY)
            book.answer(typed, _CHECK_DAY, membership=True)
            book.answer(typed, _CHECK_DAY, attributes=("department", "basis"))
            book.attributes_answer(typed, _CHECK_DAY, ("department", "basis"))
            book.rename_answer(typed, _CHECK_DAY)
            if typed != VAGUE:
                book.in_answer(typed, spec.cites, _CHECK_DAY)
        except TemplateProblem as exc:
            errors.append(KbError(display, loaded.line_of(("replies",)), f"rendering for '{typed}': {exc}"))
    try:
        book.changes_answer(_CHECK_DAY)
        if spec.replies.row_unknown:
            book.row_unknown_answer(99, _CHECK_DAY)
        for q in catalogue.entries:
            if q.row is not None and spec.replies.row_found:
                book.row_answer(q.row, q, _CHECK_DAY, ("department", "basis"))
    except TemplateProblem as exc:
        errors.append(KbError(display, loaded.line_of(("replies", "changes")), f"rendering the changes: {exc}"))
    return book if len(errors) == problems_before else None
