"""The knowledge base's sections are typed fields with empty defaults (no untyped bag of extras)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import MappingProxyType

from bot.kb.catalogue import Catalogue
from bot.kb.category import CategoryBook
from bot.kb.exams.model import ExamCalendar
from bot.kb.knowledge import load_knowledge
from bot.kb.lexicon import Lexicon
from bot.kb.model import KnowledgeBase
from bot.kb.render import AnswerRenderer
from bot.kb.rules import RuleBook

EMPTY = MappingProxyType({})


def test_a_small_fixture_builds_a_knowledge_base_from_the_base_fields_alone():
    kb = KnowledgeBase("knowledge", "v0", EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY)
    assert kb.rules == RuleBook() and not kb.rules.tables
    assert kb.exams == ExamCalendar() and kb.exams.exams == ()
    assert kb.catalogue == Catalogue() and kb.catalogue.entries == ()
    assert kb.lexicon == Lexicon()
    assert kb.category is None
    assert kb.renderer.covers([])


def test_no_untyped_extras_remain():
    assert "extras" not in {f.name for f in dataclasses.fields(KnowledgeBase)}


def test_the_loader_fills_every_section(mini_kb_dir):
    kb = load_knowledge(mini_kb_dir, today=dt.date(2026, 11, 21))
    assert isinstance(kb.renderer, AnswerRenderer) and kb.renderer.covers(kb.entries)
    assert isinstance(kb.rules, RuleBook)
    assert isinstance(kb.exams, ExamCalendar)
    assert isinstance(kb.catalogue, Catalogue)
    assert isinstance(kb.lexicon, Lexicon)


def test_the_real_knowledge_has_every_section(real_kb):
    assert real_kb.rules.tables and real_kb.exams.exams and real_kb.catalogue.entries
    assert isinstance(real_kb.category, CategoryBook)
    assert real_kb.category.catalogue is real_kb.catalogue  # loaded once, with the knowledge
