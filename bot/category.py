"""“X是准入类还是水平评价类”, “X在目录里吗”: the category of a named qualification, answered from the data.

A specialist (see bot.core.Specialist), registered like the exam calendar. It answers only a
message whose whole shape is a category question about one name — 「护士执业资格是准入类还是
水平评价类」, 「注册会计师是准入类吗」, 「精算师属于哪一类职业资格」 — and passes everything else
(「水平评价类和准入类有什么区别」, 「准入类资格要国务院决定才行吗」) to FAQ matching.

The knowledge it answers from, and every word of the reply, is the knowledge base's category
book (`kb.category`, bot.kb.category: `knowledge/catalogue/` and `knowledge/category/`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.callbacks import ENTRY
from bot.core import Context, Session, Specialist
from bot.kb.category import CategoryBook
from bot.kb.model import KnowledgeBase
from bot.reply import MENU_BUTTON, Button, Reply

OUTCOME = "category"
DECLINED = "declined"  # the book knows no category for the name: counted as unanswered


def category_reply(book: CategoryBook, typed: str, today: dt.date, membership: bool = False) -> Reply:
    """The book's answer about `typed`, with buttons to its related FAQ entries and the menu."""
    answer = book.answer(typed, today, membership)
    buttons = tuple((Button(book.kb.entries[e].title, ENTRY(e)),) for e in answer.related)
    return Reply(
        answer.text,
        buttons=(*buttons, (MENU_BUTTON,)),
        outcome=OUTCOME if answer.known else DECLINED,
        citations=answer.citations,
    )


class CategorySpecialist(Specialist):
    """Answers 「X是准入类还是水平评价类」 from the catalogue; passes everything else."""

    def __init__(self, kb: KnowledgeBase | Callable[[], KnowledgeBase]):
        # A callable follows knowledge reloads (e.g. lambda: assistant.kb).
        self._kb = kb if callable(kb) else (lambda: kb)

    @property
    def book(self) -> CategoryBook | None:
        kb = self._kb()
        return kb.category if kb is not None else None

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        book = self.book
        if book is None:
            return None
        asked = book.question_in(text[:200])
        if asked is None:
            return None
        name, membership = asked
        return category_reply(book, name, ctx.today, membership)
