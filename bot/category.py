"""“X是准入类还是水平评价类”, “X在目录里吗”: the category of a named qualification, answered from the data.

A specialist (see bot.core.Specialist), registered like the exam calendar. It answers only a
message whose whole shape is a category question about one name — 「护士执业资格是准入类还是
水平评价类」, 「注册会计师是准入类吗」, 「精算师属于哪一类职业资格」 — and passes everything else
(「水平评价类和准入类有什么区别」, 「准入类资格要国务院决定才行吗」) to FAQ matching. Beside other
questions, it answers its own and the brain the others, in one reply (`answers_part`).

The knowledge it answers from, and every word of the reply, is the knowledge base's category
book (`kb.category`, bot.kb.category: `knowledge/catalogue/` and `knowledge/category/`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from bot.callbacks import ENTRY
from bot.core import LAST_NAMED_KEY, PART_COUNTS, PART_NUMERALS, Context, Session, Specialist
from bot.everyday_numbers import chinese_number
from bot.kb.category import VAGUE, CategoryAnswer, CategoryBook
from bot.kb.lexicon import Lexicon
from bot.kb.model import KnowledgeBase
from bot.kb.normalise import CLAUSE_BREAK, ORDINAL, fold, strip_to_words
from bot.reply import MENU_BUTTON, Button, Reply
from bot.understanding import asks_judgement_only, read_message, split_sentences

OUTCOME = "category"
DECLINED = "declined"  # the book knows no category for the name: counted as unanswered
# session: the message before got a category answer — the name of the one qualification it was
# about (or True when that was not one): "实施部门呢" right after asks that row's department
LAST_KEY = "category.last"
# session: the row attributes (department, basis) the message before asked of it, alone
ATTRIBUTES_KEY = "category.attributes"
RENAMED, MEMBERSHIP = "renamed", "membership"  # … or whether it was renamed, or is still in the catalogue
FOLLOW_UP_CHARS = 16  # "那导游资格呢" is short; a longer message asks more than the category


def category_reply(
    book: CategoryBook, typed: str, today: dt.date, membership: bool = False, attributes: tuple[str, ...] = ()
) -> Reply:
    """The book's answer about `typed`, with buttons to its related FAQ entries and the menu."""
    return _reply(book, book.answer(typed, today, membership, attributes))


def _reply(book: CategoryBook, answer: CategoryAnswer) -> Reply:
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

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        reply = self._category_answer(text, ctx)
        if reply is not None:
            book = self._book()
            match = book.one_named(text) if book is not None else None
            if match is None:
                session[LAST_KEY] = True
            else:
                _remember(session, match.qualification.name, match.text)
                # "教师资格依据啥法设定" asked only what its row records: "那注册会计师呢" asks the same;
                # so does one after whether it was renamed, or is still in the catalogue
                attributes = book.attributes_asked(text, standalone=True) if book is not None else ()
                if attributes and book is not None and book.question_in(text) is None:
                    session[ATTRIBUTES_KEY] = list(attributes)
                elif book is not None and book.asks_rename(text):
                    session[ATTRIBUTES_KEY] = [RENAMED]
                elif book is not None and book.status_asked(text) is not None:
                    session[ATTRIBUTES_KEY] = [MEMBERSHIP]
        return reply

    def on_follow_up(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        """Right after a category answer, "那导游呢" asks the category of the one name it switches to."""
        book = self._book()
        earlier = session.pop(LAST_KEY, None)
        exam_names = session.pop(LAST_NAMED_KEY, None)
        asked_before = tuple(
            a for a in session.pop(ATTRIBUTES_KEY, None) or () if a in ("department", "basis", RENAMED, MEMBERSHIP)
        )
        if book is None or len(text) > FOLLOW_UP_CHARS:
            return None
        asked = book.question_in(text)
        vague = asked is not None and not asked[1] and (asked[0] == VAGUE or book.points_back(asked[0]))
        if isinstance(exam_names, list) and (vague or book.asks_of_none(text)):
            # "这个是准入类吗" right after an exam's dates: the category of that exam's qualification
            exam_of = next((q for n in exam_names if isinstance(n, str) and (q := book.find(n)) is not None), None)
            if exam_of is not None:
                _remember(session, exam_of.name)
                return category_reply(book, exam_of.name, ctx.today)
        if not earlier:
            return None
        named = book.catalogue.find_in(text)
        attributes = book.attributes_asked(text)
        # (the 法律 of "它依据的是哪部法律" names no 法律职业资格)
        if (
            isinstance(earlier, str)
            and attributes
            and all(m.qualification.name == earlier for m in book.named_beside_asks(text))
        ):
            # "实施部门呢", "设定依据是啥": what the row of the qualification just answered records
            _remember(session, earlier)
            session[ATTRIBUTES_KEY] = list(attributes)
            return _reply(book, book.attributes_answer(earlier, ctx.today, attributes))
        if isinstance(earlier, str) and asks_judgement_only(text, self._kb().lexicon):
            # "你确定吗", "有文件依据吗" right after the answer: that answer again, with its source
            _remember(session, earlier)
            return category_reply(book, earlier, ctx.today)
        reading = read_message(text, self._kb().lexicon)
        if not reading.leans_on_previous or len(named) != 1:
            return None
        if not book.says_only_the_name(text, named[0].text):  # "那一建哪天考" asks more than its category
            return None
        _remember(session, named[0].qualification.name, named[0].text)
        if asked_before in ((RENAMED,), (MEMBERSHIP,)):  # "专利代理人现在叫什么？" … "那土地登记代理人呢"
            session[ATTRIBUTES_KEY] = list(asked_before)
            if asked_before == (RENAMED,):
                return _reply(book, book.rename_answer(named[0].text, ctx.today))
            return category_reply(book, named[0].qualification.name, ctx.today, membership=True)
        if asked_before:  # (the message before asked only what a row records: the same of this one)
            session[ATTRIBUTES_KEY] = list(asked_before)
            return _reply(book, book.attributes_answer(named[0].qualification.name, ctx.today, asked_before))
        return category_reply(book, named[0].qualification.name, ctx.today)

    def _category_answer(self, text: str, ctx: Context) -> Reply | None:
        kb = self._kb()
        book = self._book()
        if book is None:
            return None
        text = text[:200]
        reply = _answer(book, text, ctx, kb.lexicon)
        if reply is not None:
            return reply
        if not book.may_ask(text):
            return None
        # What the user tells around the question ("我们心理学专业的学生想考") is not part of it.
        reading = read_message(text, kb.lexicon)
        if not reading.story or not reading.questions:
            return None
        return _answer(book, "？".join(reading.questions), ctx, kb.lexicon)

    def _book(self) -> CategoryBook | None:
        kb = self._kb()
        return kb.category if kb is not None else None

    def may_answer_a_part(self, text: str) -> bool:
        book = self._book()
        return book is not None and (book.may_ask(text) or book.may_ask_status(text))

    def answers_part(self, question: str, ctx: Context) -> bool:
        book = self._book()
        return book is not None and (
            book.question_in(question) is not None
            or _names_asked(book, question) is not None
            or book.asks_changes(question)
            or book.asks_published(question)
            or book.status_asked(question) is not None
            or _attributes_of_one_named(book, split_sentences(question)) is not None
        )

    def about_its_part(self, question: str) -> bool:
        # 「现在考算哪一类」, 「目录里还有…吗」, 「实施部门是哪个」 beside a category question may ask
        # more of the same name: the whole message is read as before
        book = self._book()
        return book is not None and (book.may_ask(question) or bool(book.attributes_asked(question)))


MAX_NAMES_ANSWERED = len(PART_NUMERALS)  # names asked of in one message, each answered in turn


def _remember(session: Session, name: str, typed: str = "") -> None:
    """The one qualification just answered about: "实施部门呢" next asks of its row, "2026年什么
    时候考" of its exam (bot.exams.specialist), as typed first ("一级建造师", not 建造师)."""
    session[LAST_KEY] = name
    session[LAST_NAMED_KEY] = [typed, name] if typed and typed != name else [name]


def _answer(book: CategoryBook, text: str, ctx: Context, lexicon: Lexicon) -> Reply | None:
    """The reply to a message made only of a category question or of questions about a named
    qualification's row, or of such questions about several; None for any other message."""
    several = _each_named(book, text, ctx, lexicon)
    if several is not None:
        return several
    beside = _changes_beside_categories(book, text, ctx)
    if beside is not None:  # "精算师算哪类？2017版的哪些被拿掉了": each in turn
        return _reply(book, _numbered(beside, lexicon))
    if book.asks_changes(text):  # "新版目录增加了哪几项"
        return _reply(book, book.changes_answer(ctx.today))
    if book.asks_published(text):  # "新版目录是哪天发布的"
        return _reply(book, book.published_answer(text, ctx.today))
    rows = _rows_asked(book, text)
    if rows:  # "目录第三项是什么": each row's name, category and what it records
        return _rows_answer(book, rows, ctx, lexicon)
    if book.asks_rename(text):  # "专利代理人现在改叫啥了"
        match = book.one_named(text)
        if match is not None:
            return _reply(book, book.rename_answer(match.text, ctx.today))
    status = book.status_asked(text)
    if status is not None:  # "乡村兽医资格证还有吗": whether it is in the catalogue, and what changed
        return category_reply(book, status, ctx.today, membership=True)
    asked = book.question_in(text)
    attributes: tuple[str, ...] = ()
    sentences = split_sentences(text) if asked is None else []
    if asked is None:
        asked, attributes = _with_attribute_asks(book, sentences)
    if asked is not None and (asked[0] == VAGUE or book.points_back(asked[0])):
        # 「X归哪个部委？它算哪类」: 它 is the one qualification the message names
        names = {m.qualification.name for m in book.catalogue.find_in(text)}
        if len(names) == 1:
            asked = (names.pop(), asked[1])
            attributes = tuple(dict.fromkeys(a for s in split_sentences(text) for a in book.attributes_asked(s)))
    if asked is not None:
        name, membership = asked
        listed = book.names_listed(name)[:MAX_NAMES_ANSWERED]  # (as many as one reply numbers)
        if listed:
            return _answered_in_turn(book, [_Asked(n, membership, attributes, True) for n in listed], ctx, lexicon)
        return category_reply(book, name, ctx.today, membership, attributes)
    named = _attributes_of_one_named(book, sentences)
    if named is None:
        return None
    if any(book.asks_category_in(s) for s in sentences):  # 「…的实施部门、资格类别及设定依据」: all three
        return category_reply(book, named[0], ctx.today, attributes=named[1])
    return _reply(book, book.attributes_answer(named[0], ctx.today, named[1]))


def _changes_beside_categories(book: CategoryBook, text: str, ctx: Context) -> list[CategoryAnswer] | None:
    """The answers to a message of two or three sentences, one asking what the 2021 edition
    changed and each other the category of a qualification it names; None for any other message."""
    if not book.may_ask(text):  # (cheap: most messages name neither the catalogue nor a category)
        return None
    sentences = split_sentences(text)
    if not 2 <= len(sentences) <= MAX_NAMES_ANSWERED or not any(book.asks_changes(s) for s in sentences):
        return None
    answers = []
    for sentence in sentences:
        if book.asks_changes(sentence):
            answers.append(book.changes_answer(ctx.today))
            continue
        asked = book.question_in(sentence)
        if asked is None or asked[0] == VAGUE or book.find(asked[0]) is None:
            return None
        answers.append(book.answer(asked[0], ctx.today, asked[1]))
    return answers


def _with_attribute_asks(book: CategoryBook, sentences: list[str]) -> tuple[tuple[str, bool] | None, tuple[str, ...]]:
    """A message (its `sentences`) of a category question and further short questions asking only
    what the row records (「茶艺师是准入类还是水平评价类？实施部门是哪个？」): (the category
    question, the attributes those ask); (None, ()) for any other message."""
    if len(sentences) < 2:
        return None, ()
    found = [book.question_in(s) for s in sentences]
    asked = [a for a in found if a is not None]
    if len(asked) != 1:
        return None, ()
    further = [book.attributes_asked(s) for s, a in zip(sentences, found, strict=True) if a is None]
    if not all(further):
        return None, ()
    return asked[0], tuple(dict.fromkeys(a for attrs in further for a in attrs))


def _attributes_of_one_named(book: CategoryBook, sentences: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """(the name, the attributes asked) of a message (its `sentences`) asking only what the row of
    one named qualification records (「2021版目录里教师资格的实施部门是哪个？设定依据呢？」); None otherwise."""
    if not sentences:
        return None
    first = book.attributes_asked(sentences[0], standalone=True)
    if not first:  # most messages: the names are looked for only when the row is asked about
        return None
    further = [book.attributes_asked(s) for s in sentences[1:]]
    named = book.named_beside_asks(sentences[0]) if all(further) else []
    if len(named) != 1:
        return None
    return named[0].text, tuple(dict.fromkeys(a for attrs in (first, *further) for a in attrs))


class _Asked(NamedTuple):
    """What one sentence of a message naming several qualifications asks of its one."""

    name: str  # the list's name (as typed, for a rename: the reply tells old from new)
    membership: bool  # whether it is in the catalogue at all
    attributes: tuple[str, ...]  # what its row records: department, basis
    category: bool  # whether its category is asked
    renamed: bool = False  # whether it was renamed, and what it is called now


def _names_asked(book: CategoryBook, text: str) -> list[_Asked] | None:
    """What a message asks of each qualification it names, when its every sentence (or clause)
    asks of another one (「护士执业资格是准入类吗？注册会计师呢？」, 「教师资格按哪部法设定？法律职业
    资格由哪个部门实施」), a bare 「X呢」 as the one before asked it; None for any other message
    (one name, a sentence naming none or several, a sentence asking something else)."""
    parts = split_sentences(text)
    if len(parts) < 2:
        parts = [c for c in CLAUSE_BREAK.split(fold(text)) if strip_to_words(c)]
    if not 2 <= len(parts) <= MAX_NAMES_ANSWERED:
        return None
    asked: list[_Asked] = []
    for part in parts:
        named = {m.qualification.name: m for m in book.catalogue.find_in(part)}
        if len(named) != 1:
            return None
        match = next(iter(named.values()))
        question = book.question_in(part)
        attributes = tuple(book.attributes_asked(part, standalone=True))
        if question is not None and question[0] != VAGUE and book.find(question[0]) is match.qualification:
            asked.append(_Asked(match.qualification.name, question[1], attributes, True))
        elif attributes and len(match.text) > 2:  # (not the 法律 of "按哪部法律设定")
            asked.append(_Asked(match.qualification.name, False, attributes, False))
        elif book.asks_rename(part):  # "专利代理人现在叫什么"
            asked.append(_Asked(match.text, False, (), False, renamed=True))
        elif asked and book.says_only_the_name(part, match.text):
            before = asked[-1]  # "注册会计师呢": asked as the one before
            name = match.text if before.renamed else match.qualification.name
            asked.append(before._replace(name=name))
        else:
            return None
    return asked if len({book.find(a.name) or a.name for a in asked}) >= 2 else None


def _each_named(book: CategoryBook, text: str, ctx: Context, lexicon: Lexicon) -> Reply | None:
    """The reply to a message asking of several named qualifications (`_names_asked`): each
    answered in turn, as a message of several questions is."""
    asked = _names_asked(book, text)
    return _answered_in_turn(book, asked, ctx, lexicon) if asked is not None else None


def _rows_asked(book: CategoryBook, text: str) -> list[int]:
    """The catalogue rows a message asks by their number ("目录第三项是什么，第四项呢"), in order."""
    trig = book.spec.trigger
    folded = fold(text)
    if not trig.row_counters or not any(w in folded for w in trig.catalogue_names):
        return []
    if any(w in folded for w in trig.other_editions):
        return []
    counters = "|".join(re.escape(w) for w in trig.row_counters)
    rows = []
    for raw in re.findall(rf"{ORDINAL}(?:{counters})", folded):
        number = raw if raw.isdigit() else chinese_number(raw)
        if number is not None and int(number) > 0:
            rows.append(int(number))
    return list(dict.fromkeys(rows))[:MAX_NAMES_ANSWERED]  # (as many as one reply numbers)


def _rows_answer(book: CategoryBook, rows: list[int], ctx: Context, lexicon: Lexicon) -> Reply:
    """The catalogue rows asked by number: each held one led by what it is (`replies.row_found`),
    then its category question with its department and basis; one the list does not hold, said so."""
    held = [(row, q) for row in rows if (q := book.row_entry(row)) is not None]
    missing = [row for row in rows if book.row_entry(row) is None]
    if missing or not held:
        return _reply(book, book.row_unknown_answer(missing[0] if missing else rows[0], ctx.today))
    attributes = ("department", "basis")
    answers = [book.row_answer(row, q, ctx.today, attributes) for row, q in held]
    return _reply(book, answers[0] if len(answers) == 1 else _numbered(answers, lexicon))


def _answered_in_turn(book: CategoryBook, asked: list[_Asked], ctx: Context, lexicon: Lexicon) -> Reply:
    """One reply answering what is asked of each qualification in turn, numbered."""
    answers = [
        book.rename_answer(a.name, ctx.today)
        if a.renamed
        else book.answer(a.name, ctx.today, a.membership, a.attributes)
        if a.category
        else book.attributes_answer(a.name, ctx.today, a.attributes)
        for a in asked
    ]
    return _reply(book, _numbered(answers, lexicon))


def _numbered(answers: list[CategoryAnswer], lexicon: Lexicon) -> CategoryAnswer:
    """Several answers as one, numbered after a line saying how many questions there were."""
    intro = lexicon.say("multi_intro", count=PART_COUNTS[len(answers) - 1])
    blocks = [intro, *(f"<b>{PART_NUMERALS[i]}、</b>{a.text}" for i, a in enumerate(answers))]
    return CategoryAnswer(
        "\n\n".join(blocks),
        tuple(dict.fromkeys(c for a in answers for c in a.citations)),
        tuple(dict.fromkeys(e for a in answers for e in a.related)),
        known=any(a.known for a in answers),
    )
