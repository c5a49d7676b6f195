"""“国家职业资格目录一共多少项”: the catalogue's item counts, answered from the data (bot.kb.counts).

A specialist (see bot.core.Specialist), registered like the category questions. It answers only a
message every asking sentence of which counts the catalogue or a part of it ("2021版目录总共几项？
其中技能类几项？"), and passes everything else to FAQ matching. Beside other questions, it
answers its own and the brain the others, in one reply (`answers_part`). A count no source states
(how the 13 skill qualifications of 2021 split by category) is said to be unknown: that reply is a
decline, logged as unanswered. Right after a count answer, a short message naming only a part
("准入类几项", "那技能人员的呢") counts that part of the same edition.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core import LAST_TURN_KEY, Context, Session, Specialist
from bot.kb.category import CategoryBook
from bot.kb.counts import CountBook
from bot.kb.model import KnowledgeBase
from bot.reply import MENU_BUTTON, Reply
from bot.structured import document_facts
from bot.understanding import split_sentences

OUTCOME = "answered"
DECLINED = "declined"
LAST_KEY = "counts.last"  # session: the editions the previous message's count answer was of
PARTS_KEY = "counts.parts"  # session: the parts (group, category) it counted


class CountSpecialist(Specialist):
    """Answers how many qualifications the national catalogue holds; passes everything else."""

    def __init__(self, kb: KnowledgeBase | Callable[[], KnowledgeBase]):
        # A callable follows knowledge reloads (e.g. lambda: assistant.kb).
        self._kb = kb if callable(kb) else (lambda: kb)

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        kb = self._kb()
        book: CountBook | None = kb.counts if kb is not None else None
        # Only the message right after a count answer may lean on it ("准入类几项").
        earlier = session.pop(LAST_KEY, None)
        earlier_parts = _parts(session.pop(PARTS_KEY, None))
        if book is None:
            return None
        ask = None
        category = kb.category
        if category is not None and category.asks_publishing(text):
            # "17版目录是哪天公布的": the earlier edition's publishing, from its notice's card (the
            # current one's is the category book's own question)
            earlier_edition = book.earlier_edition_named(text)
            if earlier_edition is not None:
                return _published(kb, category, earlier_edition, text, ctx)
        if book.may_ask(text):
            ask = book.question_in(text, split_sentences(text), kb.lexicon.question_markers)
        elif isinstance(earlier, list) and all(isinstance(e, str) for e in earlier):
            ask = book.follow_up(text, tuple(earlier), earlier_parts)
            if ask is None and len(earlier) == 1 and category and category.asks_published(text, of_it=True):
                # "哪年发布的" right after one edition's count: when and by whom it was published
                return _published(kb, category, earlier[0], text, ctx)
        elif isinstance(last := session.get(LAST_TURN_KEY), dict) and isinstance(last.get("q"), str):
            # "一共多少项" right after an answer about the catalogue ("现在执行哪一版目录")
            ask = book.topic_follow_up(text, last["q"])
        if ask is None:
            return None
        answer = book.answer(ask, ctx.today)
        session[LAST_KEY] = list(ask.editions)
        session[PARTS_KEY] = [list(p) for p in ask.parts]
        return Reply(answer.text, buttons=((MENU_BUTTON,),), outcome=OUTCOME if answer.known else DECLINED)

    def _book(self) -> tuple[CountBook, tuple[str, ...]] | None:
        kb = self._kb()
        return (kb.counts, kb.lexicon.question_markers) if kb is not None and kb.counts is not None else None

    def may_answer_a_part(self, text: str) -> bool:
        held = self._book()
        return held is not None and held[0].may_ask(text)

    def answers_part(self, question: str, ctx: Context) -> bool:
        held = self._book()
        return held is not None and held[0].question_in(question, [question], held[1]) is not None

    def about_its_part(self, question: str) -> bool:
        # 「其中准入类几项」 beside a count asks a part of the same count
        held = self._book()
        return held is not None and held[0].counts_in(question)


def _published(kb: KnowledgeBase, category: CategoryBook, edition_id: str, text: str, ctx: Context) -> Reply | None:
    """When and by whom an edition was published: the current one from the source its rows are read
    from; an earlier one from the card of the document whose 文号 its title names (what that says)."""
    edition = next((e for e in kb.counts.spec.editions if e.id == edition_id), None) if kb.counts else None
    if edition is None:
        return None
    if edition.current:
        answer = category.published_answer(text, ctx.today)
        return Reply(answer.text, buttons=((MENU_BUTTON,),), outcome=OUTCOME if answer.known else DECLINED)
    document = next((d for d in kb.documents.values() if d.doc_no and d.doc_no in edition.title), None)
    if document is None:
        return None
    return Reply(
        kb.lexicon.say("document_card", **document_facts(document)), buttons=((MENU_BUTTON,),), outcome=OUTCOME
    )


def _parts(stored: object) -> tuple[tuple[str | None, str | None], ...]:
    """The parts a session recorded (a list of [group, category] pairs, as JSON keeps them);
    the whole count when it recorded none or something else."""
    if (
        isinstance(stored, list)
        and stored
        and all(isinstance(p, list) and len(p) == 2 and all(v is None or isinstance(v, str) for v in p) for p in stored)
    ):
        return tuple((p[0], p[1]) for p in stored)
    return ((None, None),)
