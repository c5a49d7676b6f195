"""Knowledge sections beyond documents/faq/synonyms, each with its own loader.

A section loader is `load(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> object`:
it reads `knowledge/<section>/`, appends `KbError`s (file:line: message) for every problem,
and returns an immutable object stored in `kb.extras[<name>]`. Add one line per section.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.kb.errors import KbError
from bot.kb.model import KnowledgeBase

SectionLoader = Callable[[Path, KnowledgeBase, list[KbError]], Any]


def section_loaders() -> dict[str, SectionLoader]:
    """Imported lazily so that the core does not depend on every section at import time."""
    from bot.category import load_category
    from bot.engine.rules import load_rules
    from bot.exams.loader import load_exam_calendar
    from bot.kb.lexicon import load_lexicon

    loaders: dict[str, SectionLoader] = {"exams": load_exam_calendar, "lexicon": load_lexicon}
    loaders["rules"] = load_rules  # knowledge/rules: dated rule values and tables (bot/engine)
    loaders["category"] = load_category  # knowledge/category: “X是准入类还是水平评价类” (bot/category.py)
    return loaders
