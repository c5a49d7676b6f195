"""The immutable in-memory knowledge base that every face of the bot reads: documents, clauses,
FAQ entries and synonyms (bot.kb.loader), and the sections loaded with them (bot.kb.knowledge),
each a typed field with an empty default so that a small fixture can build one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.kb.catalogue import Catalogue
from bot.kb.category import CategoryBook
from bot.kb.counts import CountBook
from bot.kb.exams.model import ExamCalendar
from bot.kb.lexicon import Lexicon
from bot.kb.render import AnswerRenderer
from bot.kb.rules import RuleBook

_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # a Jinja2 expression, statement or comment


def nested_title(title: str) -> str:
    """Chinese style: a title quoted inside 《…》 uses 〈…〉 for its own inner title marks."""
    return title.replace("《", "〈").replace("》", "〉")


@dataclass(frozen=True)
class Relation:
    note: str
    doc: str | None = None
    title: str | None = None
    doc_no: str | None = None


@dataclass(frozen=True)
class Annex:
    """An annex a document names whose contents the knowledge base does not hold."""

    title: str
    names: tuple[str, ...] = ()
    # Word groups that together ask for its items: the question holds one word of every group
    # ("技师学院" and "哪些工种" ask for the trades the Jiangxi schools' annex lists).
    asked_with: tuple[tuple[str, ...], ...] = ()
    # The annex is all the document issues (a notice printing 现将《…办法》印发给你们): a question
    # naming it by its title asks its contents, unless it asks of the document itself (文号, 印发).
    asked_by_title: bool = False
    # Most of its title's words name it — unless that title is what the covering notice and every
    # question about its rules say ("国家职业资格目录"): then only its names and word groups do.
    named_by_title: bool = True


@dataclass(frozen=True)
class Clause:
    doc_id: str
    id: str
    label: str
    text: str
    heading: str | None = None
    keywords: tuple[str, ...] = ()
    parent: str | None = None
    responsible: str | None = None
    region: str | None = None
    valid_until: dt.date | None = None
    lists_documents: bool = False  # its text lists other documents' titles (政策依据)
    standing: bool = False  # states how things stand, not a yearly document's arrangement for its year
    line: int = 1  # where the clause starts in its YAML file, for error messages

    @property
    def cite(self) -> str:
        return f"{self.doc_id}:{self.id}"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    issuer: str
    region: str
    kind: str
    status: str
    source_file: str
    last_reviewed: dt.date
    clauses: tuple[Clause, ...]
    path: str
    short_title: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    published: dt.date | None = None
    in_force: dt.date | None = None
    expires: dt.date | None = None
    plan_year: int | None = None  # the year its plans and targets are for (a yearly plan's 年度)
    temporary_until: dt.date | None = None
    temporary_note: str | None = None
    supersedes: tuple[Relation, ...] = ()
    superseded_by: tuple[Relation, ...] = ()
    source_url: str | None = None
    summary: str | None = None
    keywords: tuple[str, ...] = ()
    frame: tuple[str, ...] = ()
    chrome: tuple[str, ...] = ()
    annexes_not_held: tuple[Annex, ...] = ()
    issued_under: str | None = None  # its own words naming the documents it was issued under
    in_force_words: str | None = None  # its own words `in_force` was reckoned from
    addressees: str | None = None  # whom it is addressed to (主送), verbatim
    forwards: str | None = None  # its words naming the document it forwards, verbatim
    names: tuple[str, ...] = ()  # shorter names people call it by, besides its titles

    @property
    def display_name(self) -> str:
        """《title》（文号） — the form every citation uses; 《》 inside a title become 〈〉."""
        return f"《{nested_title(self.title)}》" + (f"（{self.doc_no}）" if self.doc_no else "")

    @property
    def short_name(self) -> str:
        """《short title》（文号） — for notes that mention a document in passing."""
        return f"《{nested_title(self.short_title or self.title)}》" + (f"（{self.doc_no}）" if self.doc_no else "")

    @property
    def dated(self) -> dt.date | None:
        return self.issued or self.published or self.in_force


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    title: str
    audience: tuple[str, ...]
    questions: tuple[str, ...]
    answer: str
    cites: tuple[str, ...]
    path: str
    line: int
    keywords: tuple[str, ...] = ()
    answer_for: Mapping[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    same_policy_as: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    template_lines: Mapping[str, int] = field(default_factory=dict)  # variant → line of its YAML key

    @property
    def own_words(self) -> str:
        """The entry's answers in its own words: the templates without their tags (whose quotes
        repeat the clauses)."""
        return _TEMPLATE_TAG.sub(" ", " ".join((self.answer, *self.answer_for.values())))


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    entry_ids: tuple[str, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    root: str
    version: str
    documents: Mapping[str, Document]
    clauses: Mapping[str, Clause]
    entries: Mapping[str, Entry]
    topics: Mapping[str, Topic]
    synonyms: Mapping[str, str]
    sources: Mapping[str, str]
    # The sections: every one of them immutable, loaded and checked with the base.
    renderer: AnswerRenderer = field(default_factory=lambda: AnswerRenderer(MappingProxyType({})))
    lexicon: Lexicon = field(default_factory=Lexicon)  # knowledge/lexicon.yaml
    rules: RuleBook = field(default_factory=RuleBook)  # knowledge/rules: dated rule values and tables
    exams: ExamCalendar = field(default_factory=ExamCalendar)  # knowledge/exams: the exam calendar
    catalogue: Catalogue = field(default_factory=Catalogue)  # knowledge/catalogue: qualifications
    category: CategoryBook | None = None  # knowledge/category: “X是准入类还是水平评价类” (None: absent)
    counts: CountBook | None = None  # knowledge/counts: “国家职业资格目录一共多少项” (None: absent)

    def document_of(self, cite: str) -> Document:
        return self.documents[cite.split(":", 1)[0]]

    def same_policy(self, entry_id: str) -> frozenset[str]:
        """The entries giving the same policy as `entry_id` (`same_policy_as`, either way round)."""
        declared = self.entries[entry_id].same_policy_as
        return frozenset((*declared, *(e.id for e in self.entries.values() if entry_id in e.same_policy_as)))

    @property
    def last_reviewed(self) -> dt.date:
        return max(d.last_reviewed for d in self.documents.values())
