"""The one brain: user events in, replies out. No transport code lives here.

Every face — Telegram, the terminal chat, `qualbot ask`, the tests — calls `Assistant`,
so they all answer identically. The assistant holds one immutable knowledge version at a
time (`Brain`); a reload builds a new Brain completely and then swaps the reference.
"""

from __future__ import annotations

import contextvars
import copy
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape
from rapidfuzz import fuzz

from bot import callbacks
from bot.callbacks import CLAUSE, ENTRY, FEEDBACK, MENU, RELATED, SOURCES, TOPIC
from bot.interpret import (
    ELLIPTICAL_CHARS,
    MAX_REMEMBERED_CHARS,
    MAX_SWITCH_CHARS,
    Interpretation,
    asks_only_of_the_document,
    cited_clauses,
    ends_with_ne,
    interpret,
    names_nothing,
)
from bot.kb.lexicon import SMALL_TALK_KINDS, Lexicon
from bot.kb.model import Document, Entry, KnowledgeBase, nested_title
from bot.kb.normalise import fold, strip_to_words
from bot.kb.render import AnswerRenderer, citation_footer
from bot.kb.vocabulary import ProfileWords
from bot.matching import Candidate, Matcher, MatchPolicy
from bot.question_breaks import QuestionBreaks
from bot.reply import MENU_BUTTON, PROFILE_BUTTON, Button, Reply, format_date, format_month
from bot.resolve import DISTINCT_TITLES, Resolution, ResolvePolicy, Resolver
from bot.retrieval import ClauseHit, ClauseIndex
from bot.settings import china_today
from bot.structured import (
    AnnexAsked,
    UnheldDocument,
    annex_asked,
    asks_any,
    document_facts,
    named_documents,
    names_annex,
    names_annex_itself,
    names_by_number,
    only_names_documents,
    unheld_document_named,
    unheld_title_named,
    without_document_names,
    without_named_titles,
    without_pointer_words,
)
from bot.table_notes import (
    level_route,
    not_on_its_list,
    told_absence,
    told_eligibility,
    told_recruitment,
    told_retention,
    told_term,
    told_working_days,
    told_years,
)
from bot.text import TextPipeline
from bot.timeliness import asked_year_note, home_note, scope_note, time_notes
from bot.understanding import (
    NAMED_SLOTS,
    NATIONAL,
    TRAIT_SLOTS,
    QuantityAsk,
    Reading,
    asks,
    asks_only_a_standard,
    asks_plainly,
    corrected_switch,
    cut_run_ons,
    find_region,
    find_slots,
    home_region,
    named_now,
    points_to_figure,
    quantity_asked,
    read_message,
    split_sentences,
    states_quantity,
    without_connector,
    without_pleasantries,
)

ASKS_BESIDE_TITLE = 8  # characters a question must keep without a document's 《title》 to ask beside it
MAX_QUESTION_CHARS = 500  # what FAQ matching reads of a question
MAX_INPUT_CHARS = 5000  # what a specialist sees (a pasted job posting; Telegram allows 4096)
_SEPARATORS = " ，,。.！!？?；;、：:"
_PUNCTUATION_RUN = re.compile(r"[，,。.！!？?；;、：:\s]{2,}")  # where a part was taken out of a message
ROW_QUOTE_START = 12  # characters of a row's clause that tell the line quoting it


@dataclass(frozen=True)
class Context:
    """Who asks, from where, and when."""

    today: dt.date
    audience: str | None = None
    region: str | None = None
    user_id: int | None = None


Session = dict[str, Any]  # per-user, JSON-serialisable conversation state; the face persists it


def _asks_money(text: str, lexicon: Lexicon) -> bool:
    """Whether the text asks an amount of money ("报名费多少")."""
    ask = quantity_asked(text, lexicon)
    return ask is not None and bool(ask.units) and ask.units == lexicon.quantities.get("钱")


class Specialist:
    """A pluggable part of the brain (exam calendar, guided dialogs, category questions …).

    Every hook is declared here with its default, so a specialist overrides only what it uses.
    The event hooks return a Reply when they handle the event, or None to pass. `session` is the
    user's persisted state (a plain dict the specialist may change); `ctx` says who and when.
    """

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        return None

    def on_action(self, action: str, ctx: Context, session: Session) -> Reply | None:
        return None

    def on_command(self, command: str, argument: str, ctx: Context, session: Session) -> Reply | None:
        return None

    def on_follow_up(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        """The reply to a message that only follows up this specialist's answer just given ("那导游
        呢" after a category answer), read before any other specialist may take it; None to pass.
        Called for every message, so a specialist forgets there what only the next one may lean on."""
        return None

    def holds_text(self, session: Session) -> bool:
        """True while the user's next text is this specialist's to read first (a dialog waiting)."""
        return False

    def pending_notice(self, session: Session, ctx: Context) -> str | None:
        """A line said before the next answer (e.g. a dialog that expired); may change `session`."""
        return None

    def resume_buttons(self, session: Session) -> list[Button]:
        """Buttons under an answer given while this specialist waits (↩️ 继续)."""
        return []

    def menu_buttons(self) -> list[Button]:
        """Entries this specialist adds to the main menu."""
        return []

    def offers_for_tables(self, tables: tuple[str, ...]) -> list[Button]:
        """Buttons offered under an answer whose question named a row of these rule tables."""
        return []

    def may_answer_a_part(self, text: str) -> bool:
        """A cheap first look: whether one question of several in `text` may be this
        specialist's (`answers_part`), so that the message is read into questions to see."""
        return False

    def answers_part(self, question: str, ctx: Context) -> bool:
        """Whether this question, one of several in a message, is this specialist's to answer
        ("二建今年什么时候考"), the others the brain's ("没证能先上班吗")."""
        return False

    def about_its_part(self, question: str) -> bool:
        """Whether a question beside one this specialist answers is about the same thing
        ("计划里怎么写的"): then the whole message is the specialist's, as it is without others."""
        return False

    def frames_its_part(self, told: str, ctx: Context) -> bool:
        """Whether a sentence told before this specialist's questions says which of its things
        they ask of ("2023年度计划里，一建哪天考": the plan's year): it is asked with them."""
        return False

    def adds_to_its_part(self, question: str) -> bool:
        """Whether a question right after one this specialist answers only adds another of its
        things to it ("…是哪天 还有税务师"): asked with that question, not by itself."""
        return False

    def on_reload(self) -> None:
        """A new knowledge version is being served: rebuild what is derived from it now, not on a
        user's turn (called by `bot.staff.reload` after the swap; exceptions are logged there)."""


LAST_TURN_KEY = "brain.last"  # session: the previous question (bounded), for follow-ups
# session: the names of the one exam or qualification the previous answer was about, set by the
# specialist that gave it; only the next message may lean on it ("这个是准入类吗" after an exam's dates)
LAST_NAMED_KEY = "named.last"
# How a reply of several parts numbers them (一、二、三) and says how many it answers (两个问题).
PART_NUMERALS = "一二三"
PART_COUNTS = "一两三"
# A year a question names (2025年度, 2024年的计划), and the year a document was made for (its title).
_YEAR_OF_TITLE = re.compile(r"((?:19|20)\d{2})年度")
FACT_SLOTS = ("level", "title", "employer-kind")  # facts of who asks: a ladder's rungs, the kind of employer


class Brain:
    """Everything derived from one knowledge version: text pipeline, indexes, templates."""

    def __init__(
        self,
        kb: KnowledgeBase,
        policy: MatchPolicy | None = None,
        resolve_policy: ResolvePolicy | None = None,
        index_dir: Path | str | None = None,
    ):
        """`index_dir`: the index cache (bot.index_cache) to load this version's index from, or
        to write it to when missing; None builds the index in memory, as tests and benches do."""
        self.kb = kb
        self.index_dir = Path(index_dir) if index_dir is not None else None
        terms = [k for e in kb.entries.values() for k in e.keywords]
        terms += [k for d in kb.documents.values() for c in d.clauses for k in c.keywords]
        terms += list(kb.synonyms.values())
        terms += [v for kind in ("level", "profession") for v in kb.lexicon.slots.get(kind, ())]  # 焊工: one word
        terms += list(kb.lexicon.distinct_terms)  # 失业保险金 is not 失业保险 (+ 金)
        self.lexicon: Lexicon = kb.lexicon
        self.pipeline = TextPipeline(
            kb.synonyms, terms, kb.lexicon.split_words, kb.lexicon.stopwords, kb.lexicon.dialect_words
        )
        matcher_arrays = clause_arrays = None
        if self.index_dir is not None:
            from bot.index_cache import index_arrays

            matcher_arrays, clause_arrays = index_arrays(kb, self.pipeline, self.index_dir)
        self.matcher = Matcher(kb, self.pipeline, policy, arrays=matcher_arrays)
        self.clause_index = ClauseIndex(kb, self.pipeline, arrays=clause_arrays)
        # The indexes are built from the knowledge as written; what users type is read with
        # homophone typos of the knowledge's own words corrected (上刚 → 上岗).
        matcher, clauses = self.matcher, self.clause_index
        # … and of the colloquial words staff listed as synonyms (社宝 → 社保 → 社会保险).
        spoken = {fold(v) for v in kb.synonyms}
        self.pipeline.learn_sounds(
            (w for w in (*matcher.vocabulary(), *clauses.vocabulary(), *spoken) if not w.startswith("#")),
            lambda pair: matcher.knows("#" + pair) or clauses.knows("#" + pair),
            kept=kb.lexicon.not_typos,  # 我司 is no 我市, 老版 (目录) no 老板
        )
        if resolve_policy is None:
            from bot.calibration import calibrated_policy

            resolve_policy = calibrated_policy()
        # Regions, national words, everyday words and the ladder's rungs (初级工, 中级职称): facts
        # the user states, never what makes a question off-topic.
        ignorable = {
            *self.lexicon.region_words,
            *self.lexicon.national_words,
            *self.lexicon.everyday_words,
            *(v for kind in FACT_SLOTS for v in self.lexicon.slots.get(kind, ())),
        }
        # The words that say how a question is put (哪个处, 清单里, 具体都有哪些), never what it asks.
        asking = {
            *self.lexicon.asks_responsible,
            *self.lexicon.asks_document,
            *self.lexicon.annex_kinds,
            *self.lexicon.asks_annex_contents,
        }
        self.resolver = Resolver(
            kb,
            self.matcher,
            self.clause_index,
            resolve_policy,
            frozenset(ignorable),
            tuple(v for kind in NAMED_SLOTS for v in self.lexicon.slots.get(kind, ())),
            frozenset(asking),
            self.lexicon.not_values,
            self.lexicon.question_facets,
            lambda text: asks(text, self.lexicon),
            frozenset(v for kind in TRAIT_SLOTS for v in self.lexicon.slots.get(kind, ())),
            frozenset(v for values in self.lexicon.slots.values() for v in values),
        )
        renderer = kb.renderer
        # A derived knowledge base (scaled for benchmarks, held-out for calibration) gets its own,
        # which compiles an entry's templates when it is first answered (the loader, and so
        # `kb check`, has compiled and rendered every one of the knowledge's own).
        if not renderer.covers(kb.entries):
            renderer = AnswerRenderer(kb.clauses)
        self.renderer: AnswerRenderer = renderer
        self.question_breaks = QuestionBreaks(self._knowledge_texts, self.pipeline.tokens, self.lexicon)

    def punctuate(self, text: str) -> str:
        """A folded message with commas where its writer left them out: between clauses
        (bot.understanding.cut_run_ons) and between a story and a question or two questions
        (bot.question_breaks)."""
        return self.question_breaks.punctuate(cut_run_ons(text, self.lexicon))

    def _knowledge_texts(self) -> Iterator[str]:
        for entry in self.kb.entries.values():
            yield from (fold(q) for q in entry.questions)
        for document in self.kb.documents.values():
            yield from (fold(c.text) for c in document.clauses)

    def forget(self) -> None:
        """Drop every remembered text, score and resolution (benchmarks time each question as new)."""
        self.pipeline.forget()
        self.resolver.forget()


def _switches_value(before: str, now: str, lexicon: Lexicon) -> bool:
    """Whether `now` leans on `before` (那…呢) naming another value of a kind `before` names (高级技师
    after 技师): it asks the same of that one, rather than telling more of the same story."""
    reading = read_message(now, lexicon)
    region_before = find_region(before, lexicon)
    if region_before and reading.region and reading.region != region_before:
        return True  # "江西的技校在校认定", then "浙江有这个吗"
    if not reading.leans_on_previous:
        return False
    named_before, named_now = find_slots(before, lexicon), find_slots(now, lexicon)
    return any(
        set(values) - set(named_before.get(kind, ())) for kind, values in named_now.items() if kind in named_before
    )


def _quoted_most(cites: Sequence[str], kb: KnowledgeBase) -> str | None:
    """The document most of the clauses come from, the first of those: a 先上岗 answer quotes the
    catalogue notice once, for today's rule, and the measure's own table for the rest."""
    quoted = [kb.clauses[c].doc_id for c in cites if c in kb.clauses]
    return max(quoted, key=lambda d: (quoted.count(d), -quoted.index(d)), default=None)


def entry_buttons(entry: Entry) -> tuple[tuple[Button, ...], ...]:
    return (
        (Button("📄 查看原文", SOURCES(entry.id)), Button("🔗 相关问题", RELATED(entry.id))),
        (Button("👍 有帮助", FEEDBACK("+", entry.id)), Button("👎 没帮助", FEEDBACK("-", entry.id))),
    )


class Assistant:
    """Answers questions and button presses for any face."""

    def __init__(
        self,
        brain: Brain,
        clock: Callable[[], dt.date] = china_today,
        specialists: Sequence[Specialist] = (),
    ):
        self.brain = brain
        self.clock = clock
        self.specialists = list(specialists)

    @property
    def kb(self) -> KnowledgeBase:
        return self.brain.kb

    @property
    def profile_words(self) -> ProfileWords:
        """The roles and regions a user may choose, with their labels (knowledge/lexicon/profile.yaml)."""
        return self.brain.lexicon.profile

    def swap(self, brain: Brain) -> None:
        """Atomically serve a new knowledge version (built and validated beforehand)."""
        self.brain = brain

    def context(self, audience: str | None = None, region: str | None = None, user_id: int | None = None) -> Context:
        return Context(today=self.clock(), audience=audience, region=region, user_id=user_id)

    def asked_region(self, text: str) -> str | None:
        """The province a message asks about, as the brain reads it (not where the asker was
        before or someone else is); None when it names none, or only national words."""
        brain = self.brain
        region = read_message(brain.punctuate(text), brain.lexicon).region
        return None if region == NATIONAL else region

    # ---- free text -------------------------------------------------------------------
    def ask(self, text: str, ctx: Context | None = None, session: Session | None = None) -> Reply:
        """Answer typed text. With a session, an active guided dialog sees the text first."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        # Dialogs and questions coexist: a notice when a stale dialog was ended, and a 继续 row
        # under any answer given while a dialog waits (unless the dialog itself answered).
        notices = [n for s in self.specialists if (n := s.pending_notice(session, ctx))]
        held: list[bool] = []
        reply = self._ask(text, ctx, session, held)
        if not held:
            resume = [b for s in self.specialists for b in s.resume_buttons(session)]
            if resume:
                reply = dataclasses.replace(reply, buttons=(*reply.buttons, tuple(resume)))
        if notices:
            reply = dataclasses.replace(reply, text="\n\n".join([*notices, reply.text]))
        return reply

    def _ask(self, text: str, ctx: Context, session: Session, held: list[bool]) -> Reply:
        full = (text or "")[:MAX_INPUT_CHARS]
        text = full[:MAX_QUESTION_CHARS]
        brain = self.brain  # one version for the whole answer, even if a reload swaps mid-way
        # A specialist holding the conversation (a guided dialog waiting for an answer) reads first:
        # a pasted posting that names 教师资格 and 报名时间 is the dialog's answer, not an exam question.
        first = [s for s in self.specialists if s.holds_text(session)]
        if not first:  # "你好，" and "谢谢！" around a question ask nothing (a dialog's answer is left whole)
            full = without_pleasantries(full, brain.lexicon)
            if session and (switch := corrected_switch(full, brain.lexicon)) is not None:
                full = switch  # "不是，我问的是17版", right after a question: "那17版呢"
            text = full[:MAX_QUESTION_CHARS]
        canonical = brain.pipeline.canonical(text)
        # A question goes to the specialists read as the brain reads it: with its homophone typos of
        # the knowledge's words corrected ("哪个部门实失的" asks who 实施 it); a dialog's answer is left whole.
        corrected = brain.pipeline.correct(full)
        corrected_canonical = brain.pipeline.canonical(corrected[:MAX_QUESTION_CHARS])
        # (every specialist sees every message here: what only the next one may lean on is forgotten)
        named_before = session.get(LAST_NAMED_KEY)
        follow_ups = [s.on_follow_up(corrected, corrected_canonical, ctx, session) for s in self.specialists]
        if session.get(LAST_NAMED_KEY) is named_before:  # (not what a follow-up's answer just remembered)
            session.pop(LAST_NAMED_KEY, None)  # (only this message may lean on what the one before was about)
        if not first and (follow_up := next(filter(None, follow_ups), None)) is not None:
            return follow_up
        if not first:
            parted = self._with_a_specialists_part(corrected, ctx, session, brain)
            if parted is not None:
                return parted
        for specialist in (*first, *(s for s in self.specialists if s not in first)):
            # the whole text: a dialog waiting for a pasted posting must not check a silently cut one
            if specialist in first:
                reply = specialist.on_text(full, canonical, ctx, session)
            else:
                reply = specialist.on_text(corrected, corrected_canonical, ctx, session)
            if reply is not None:
                if specialist in first:
                    held.append(True)
                return reply
        if not canonical or canonical.isdigit():
            return Reply(
                brain.lexicon.say("text_only"),
                buttons=((MENU_BUTTON,),),
                outcome="declined",
            )
        # Greetings, thanks and questions about the assistant itself ("你是谁", "怎么删除我的数据")
        # get a human reply instead of "no policy found" (whole messages only).
        lexicon = brain.lexicon
        for kind in SMALL_TALK_KINDS:
            if canonical in lexicon.small_talk.get(kind, ()):
                return Reply(lexicon.say(kind), buttons=((MENU_BUTTON,),), outcome="small_talk")
        if _only_greets(canonical, lexicon):  # ("在吗 我想问个事", "你好，想咨询一下"): nothing asked yet
            return Reply(lexicon.say("hello"), buttons=((MENU_BUTTON,),), outcome="small_talk")
        # (read only when a task word is there at all: most messages have none)
        questions = read_message(corrected, lexicon).questions if asks_any(corrected, lexicon.task_requests) else ()
        if questions and all(asks_any(q, lexicon.task_requests) for q in questions):
            # ("帮我写个招聘启事"): a task, not a question about policy — said so, not answered
            # with whatever rule its words match.
            return Reply(lexicon.say("task_request"), buttons=((MENU_BUTTON,),), outcome="declined")
        return self._answer_question(text, ctx, session, brain)

    def _with_a_specialists_part(
        self,
        text: str,
        ctx: Context,
        session: Session,
        brain: Brain,
        done: tuple[Specialist, ...] = (),
        asked_before: str = "",
    ) -> Reply | None:
        """A message asking, beside other questions, one a specialist answers by itself ("二建今年
        什么时候考？没证能先去上班吗"): the specialist answers its part and the brain the others,
        in one reply — or another specialist some of them, and the brain the rest (`done`: the
        specialists whose parts were taken out already, `asked_before`: their questions, which a part
        naming nothing by itself, "它算哪一类", is read after). Taken whole by either, one question
        would go unanswered without a word."""
        takers = [s for s in self.specialists if s not in done and s.may_answer_a_part(text)]
        if not takers:
            return None
        punctuated = fold(brain.punctuate(text[:MAX_QUESTION_CHARS]))
        reading = read_message(punctuated, brain.lexicon, short_as_one=False)
        # (a date question comma-joined before another is read as the story told before it — one
        # that asks: "报名参加…考试时，学历怎么认定" tells when the question applies)
        lexicon = brain.lexicon
        told = [s for s in reading.story if s not in reading.questions and asks(s, lexicon)]
        pieces = [*reading.questions, *told]
        for specialist in takers:
            own = [p for p in pieces if specialist.answers_part(p, ctx)]
            # "二建考试啥时候？报名呢": a short 呢 right after the specialist's question, which it answers
            # read with that question, asks more of it — as does one naming nothing ("…考几天？哪几天").
            # (and one after that, read with both: "二建哪天考？监理呢？社工呢")
            read_as = {q: q for q in own}
            lent: set[str] = set()  # own questions asked with the brain's question before them
            for i, q in enumerate(reading.questions):
                previous = read_as.get(reading.questions[i - 1]) if i else None
                if (
                    previous is not None
                    and q not in own
                    # (or naming nothing at all: "…要考几天啊 哪几天", or only more of its kind: "…各多少") —
                    # not one another specialist may answer ("…归哪个部委？下半年笔试啥时候")
                    and (
                        ends_with_ne(q)
                        or specialist.about_its_part(q)
                        or specialist.adds_to_its_part(q)
                        or (
                            brain.resolver.thin(q, lexicon.asking_words)
                            and not any(o is not specialist and o.may_answer_a_part(q) for o in self.specialists)
                        )
                    )
                    and len(q) <= MAX_SWITCH_CHARS
                    and specialist.answers_part(f"{previous}，{q}", ctx)
                ):
                    own.append(q)
                    read_as[q] = f"{previous}，{q}"
                elif (
                    i
                    and previous is None
                    and q not in own
                    and len(q) <= MAX_SWITCH_CHARS
                    and specialist.about_its_part(q)
                    and specialist.answers_part(f"{reading.questions[i - 1]}，{q}", ctx)
                ):
                    # "目前执行的是哪一版？总共几项": naming nothing, it counts what the brain's
                    # question before it names — the specialist's, read with that question
                    own.append(q)
                    read_as[q] = f"{reading.questions[i - 1]}，{q}"
                    lent.add(q)
            others = [q for q in reading.questions if q not in own]
            if own and not others and reading.story and not any(asks_plainly(s, lexicon) for s in told):
                # Every question is its own, after a story that asks nothing ("…备课时想对比两版
                # 目录。请问：2017年那版一共有多少项？"): it answers them, the story told aside —
                # but not a sentence of it the specialist answers ("卫生资格2026年考试时间" asks
                # without a question word).
                framing = [
                    s for s in reading.story if specialist.answers_part(s, ctx) or specialist.frames_its_part(s, ctx)
                ]
                asked = "？".join([*framing, *own]) + "？"
                answer = specialist.on_text(asked, brain.pipeline.canonical(asked), ctx, session)
                if answer is not None:
                    return answer
            if not own or not others or any(specialist.about_its_part(q) for q in others):
                continue
            rest = punctuated
            for piece in own:
                if piece not in rest:
                    return None
                rest = rest.replace(piece, "", 1)
            rest = _PUNCTUATION_RUN.sub(lambda run: run.group()[0], rest).strip(_SEPARATORS)
            if not read_message(rest, brain.lexicon).questions:
                continue
            before = copy.deepcopy(session)
            # The rest may be another specialist's question ("一建什么时候考？一建是准入类吗"): its
            # answer, a decline too, is what was asked.
            by_another = self._another_specialists_answer(rest, specialist, ctx, session, brain, "？".join(own))
            if by_another is None and len(done) < 2:
                # ("一建几号考？它算准入类吗？高级工几年评助理": another specialist's part, and the brain's)
                by_another = self._with_a_specialists_part(
                    rest, ctx, session, brain, (*done, specialist), "？".join(own)
                )
            others_answer = by_another or self._answer_question(rest, ctx, session, brain)
            # (declined: most often a sentence about the same exam read as a question, "我们有几个人
            # 要报" — the specialist's answer alone, as if the brain had not been asked; not an amount
            # of money asked, "报名费多少": that the sources state none is the answer to it)
            declined = others_answer.outcome == "declined" and not _asks_money(rest, lexicon) and by_another is None
            if declined:
                _restore(session, before)
            asked = "？".join(read_as[q] if q in lent else q for q in own) + "？"
            answer = specialist.on_text(asked, brain.pipeline.canonical(asked), ctx, session)
            if asked_before and (answer is None or answer.outcome == "declined"):
                # ("…几号开考？它算哪一类": 它 is the exam just named)
                answer = self._read_after(specialist, asked, asked_before, answer, ctx, session, brain) or answer
            if answer is None:
                _restore(session, before)
                return None
            if declined:
                return answer
            # (not how many: the brain may read the rest into more or fewer questions)
            lead = brain.lexicon.say("also_asked")
            confident = others_answer.outcome != "ambiguous"
            return dataclasses.replace(
                others_answer,
                text=f"{answer.text}\n\n{lead}\n\n{others_answer.text}",
                buttons=(*answer.buttons, *others_answer.buttons),
                outcome="answered" if confident else others_answer.outcome,
            )
        return None

    def _another_specialists_answer(
        self, rest: str, taken: Specialist, ctx: Context, session: Session, brain: Brain, own: str = ""
    ) -> Reply | None:
        """The answer of a specialist other than `taken` whose question the whole `rest` is — read
        after `own` (the questions `taken` answers) when by itself it names nothing it can answer of
        ("一建哪天考？它算准入类吗": 它 is 一建's qualification)."""
        for specialist in self.specialists:
            if specialist is taken:
                continue
            takes = specialist.may_answer_a_part(rest)
            # (what it would answer only as a whole message, "今年什么时候考" (the whole calendar),
            # it is asked of after the others first: the exam named there)
            alone_first = takes and (specialist.answers_part(rest, ctx) or not own)
            reply = specialist.on_text(rest, brain.pipeline.canonical(rest), ctx, session) if alone_first else None
            if (
                (reply is None or reply.outcome == "declined")
                and own
                and specialist.may_answer_a_part(f"{own}，{rest}")
            ):
                read = self._read_after(specialist, rest, own, reply, ctx, session, brain)
                if read is not None:
                    return read  # (declined too, it is of what the pronoun points to, not of "它")
            if takes and not alone_first:
                reply = specialist.on_text(rest, brain.pipeline.canonical(rest), ctx, session)
            if reply is not None:
                return reply
        return None

    @staticmethod
    def _read_after(
        specialist: Specialist,
        text: str,
        earlier: str,
        alone: Reply | None,
        ctx: Context,
        session: Session,
        brain: Brain,
    ) -> Reply | None:
        """`text` asked of `specialist` after `earlier` (the questions answered before it, which a
        pronoun in it points to): its answer when that says something else than `alone` (its answer
        by itself); None otherwise, the session left as it was."""
        after = f"{earlier}，{text}"
        before = copy.deepcopy(session)
        read = specialist.on_text(after, brain.pipeline.canonical(after), ctx, session)
        if read is not None and (alone is None or read.text != alone.text):
            return read
        _restore(session, before)
        return None

    # ---- understanding a question -----------------------------------------------------
    def _read(
        self, asked: str, text: str, documents: tuple[str, ...], brain: Brain, *, short_as_one: bool = True
    ) -> Reading:
        """The message `text` read from `asked` (it, or it without the named documents' titles)."""
        lexicon = brain.lexicon
        reading = read_message(brain.punctuate(asked), lexicon, short_as_one=short_as_one)
        if reading.region is None:  # 《浙江省…办法》 still says which province is asked about
            reading = dataclasses.replace(reading, region=find_region(fold(text), lexicon))
        if (
            reading.region is None
            and documents
            and (names_by_number(text) or not named_documents(text, brain.kb, brain.pipeline))
        ):
            # … and so does a province's document named by its 文号 alone, or pointed back to ("这个文件"
            # after its answer). One named by the words of its title ("技能人才评价机构…") says nothing
            # of where the asker is: the answer says whose rule it is.
            regions = {brain.kb.documents[d].region for d in documents}
            if len(regions) == 1 and None not in regions and NATIONAL not in regions:
                reading = dataclasses.replace(reading, region=regions.pop())
        return self._without_pointers(reading, documents, brain)

    def _read_apart(
        self,
        asked: str,
        text: str,
        understood: Interpretation,
        last: dict[str, Any] | None,
        audience: str | None,
        documents: tuple[str, ...],
        brain: Brain,
        asks_apart: int,
    ) -> Interpretation:
        """A short message read as one question (`read_message`'s short_as_one), read again apart.

        Sure of an entry and asking `asks_apart` things ("见习 申请多久审核？单位要啥条件"): its questions
        are answered one by one when each is sure of an answer of its own and one of them is the
        answer to the whole — a short message most often asks one thing, and a part read alone is
        easily led astray (a message about something else may have parts that look in scope).

        Not sure: what it tells may only dilute what it asks, so it is read with that as the story
        around its question(s), kept when every question is then sure, the first answer is the entry
        the whole message already leaned to most, and the story speaks of it (`_story_on_topic`): a
        story read as mere background must not change the topic."""
        whole = understood.chosen[0]
        one_by_one = whole.confident and whole.entry_id is not None and asks_apart > 1
        if not one_by_one and (whole.confident or not whole.candidates):
            return understood
        split = self._read(asked, text, documents, brain, short_as_one=False)
        if (len(split.questions) < 2) if one_by_one else not split.story:
            return understood
        separately = interpret(split, last, audience, documents, brain)
        chosen = separately.chosen
        answers = [r.entry_id for r in chosen]
        if not all(r.confident for r in chosen):
            return understood
        if one_by_one:
            kept = (
                None not in answers
                and len(answers) >= len(split.questions)
                and len(set(answers)) == len(answers)
                and whole.entry_id in answers
            )
        else:
            kept = answers[0] == whole.candidates[0].entry_id and self._story_on_topic(
                split.story_text, answers[0], brain
            )
        return separately if kept else understood

    @staticmethod
    def _story_on_topic(story: str, entry_id: str, brain: Brain) -> bool:
        """Whether a story told beside a question is about what the entry answers: it names
        something the entry speaks of, and nothing the knowledge does not hold (a story naming a
        driving licence is what its message asks about, however well its question alone matches)."""
        resolver = brain.resolver
        return not resolver.unexplained(story, entry_id) and any(
            resolver.speaks_to(entry_id, (word,)) for word in resolver.subject_words(story)
        )

    def _answer_question(self, text: str, ctx: Context, session: Session, brain: Brain) -> Reply:
        """Read the whole message, resolve its question(s) — with the conversation when it
        leans on it — and render one reply."""
        text = brain.pipeline.correct(text)  # 先上刚再考正 is read as 先上岗再考证
        told = self._told_before(text, session, brain)
        fact = self._fact_for_the_answer_before(text, session, brain, ctx.today) if told is None else None
        if fact is not None:
            # "中职毕业生没就业能见习吗", then "我离校已经26个月了": the question before, asked
            # with the fact now told, which the rule just given holds it against.
            text = f"{text}{'' if text.endswith(('。', '！', '!')) else '。'}{fact}"[-MAX_QUESTION_CHARS:]
        if told is not None:
            # "我是江西省…技师学院的毕业班学生。" by itself, then "我们学校能直接给我认定吗": the story
            # told the turn before is this question's story.
            text = f"{told}{text}"[-MAX_QUESTION_CHARS:]
            session.pop(LAST_TURN_KEY, None)
        documents = named_documents(text, brain.kb, brain.pipeline)
        # A part named back to the user is named as they typed it, with the document title the
        # reading took out ("关于“《…通知》里对…”", not "关于“里对…”").
        typed = _TYPED_MESSAGE.set(_TypedMessage(text, documents, brain.kb) if documents else None)
        whole = _WHOLE_MESSAGE.set(text)
        try:
            return self._answer_read(text, documents, ctx, session, brain)
        finally:
            _TYPED_MESSAGE.reset(typed)
            _WHOLE_MESSAGE.reset(whole)

    @staticmethod
    def _told_before(text: str, session: Session, brain: Brain) -> str | None:
        """The message before, when it only told the user's story (no sentence of it asks), and this
        one asks: that story, ending its sentence — whatever answer the story got by itself (a 兽医 graduate's
        story, then whether they may start at an animal clinic, asks as a vet). None otherwise."""
        last = session.get(LAST_TURN_KEY)
        if not isinstance(last, dict) or not isinstance(last.get("q"), str):
            return None
        lexicon = brain.lexicon
        story = last["q"].strip()
        if not story or any(asks(s, lexicon) for s in split_sentences(story)):
            return None
        if not any(asks(s, lexicon) for s in split_sentences(text)):
            return None
        if _switches_value(story, text, lexicon):
            return None  # "技师评职称", then "那高级技师呢": a topic asked, then another of its kind
        # (told with a question mark, "…需要近几年考核合格？", it is still this question's story: with
        # the mark it would ask beside it, and its answer, already given, would come again)
        story = story.rstrip("？?")
        return story if story.endswith(("。", "！", "!", "；", ";")) else f"{story}。"

    @staticmethod
    def _fact_for_the_answer_before(text: str, session: Session, brain: Brain, today: dt.date) -> str | None:
        """The question before, when this message asks nothing and tells a fact the rule of the
        answer just given holds against (a span since leaving school, working days, years since a
        level, the day a body was set up): the told-fact checks of that answer find it. None
        otherwise — a story told to ask about something else next is read as usual."""
        last = session.get(LAST_TURN_KEY)
        if not isinstance(last, dict) or not isinstance(last.get("q"), str):
            return None
        entry = brain.kb.entries.get(str(last.get("entry")))
        lexicon = brain.lexicon
        if entry is None or any(asks(s, lexicon) for s in split_sentences(text)):
            return None
        cites, kb = entry.cites, brain.kb
        held = (
            told_eligibility(text, cites, kb, lexicon, today)
            or told_working_days(text, cites, kb, lexicon)
            or told_absence(text, cites, kb, lexicon)
            or told_retention(text, cites, kb, lexicon)
            or told_recruitment(text, cites, kb, lexicon)
            or told_term(text, cites, kb, lexicon, today)
            or told_years(text, cites, kb, lexicon, today)
        )
        return last["q"] if held is not None else None

    def _answer_read(
        self, text: str, documents: tuple[str, ...], ctx: Context, session: Session, brain: Brain
    ) -> Reply:
        lexicon = brain.lexicon
        untitled = without_named_titles(text, documents, brain.kb)
        # … unless the document is what is asked about ("《国家职业资格目录》里有多少项", "《…办法》的文号").
        # ("按照劳部发〔1997〕258号文，这个通知现在还有效吗" asks nothing besides the document.)
        beside = len(without_pointer_words(untitled, lexicon)) >= ASKS_BESIDE_TITLE and not asks_any(
            text, lexicon.asks_document
        )
        last = session.get(LAST_TURN_KEY) if isinstance(session.get(LAST_TURN_KEY), dict) else None
        # (a document the knowledge only names, by its 文号 or its 《title》: looked for when none held is named)
        unheld = None if documents else unheld_document_named(text, brain.kb) or unheld_title_named(text, brain.kb)
        if unheld is not None:
            reply = self._unheld_document(unheld, text, session, brain)
            if reply is not None:  # ("国发〔2013〕39号讲了啥": a document the knowledge only names)
                return reply
        pointed_back = False
        if not documents and last is not None:
            documents = self._document_pointed_back_to(text, last, brain)
            pointed_back = bool(documents)
        reading = self._read(untitled if beside else text, text, documents, brain)
        cards = self._documents_in_turn(reading, documents, last, brain)
        if cards is not None:  # "54号文还有效吗，146号文呢": each document's own data, in turn
            # (a bare "146号文呢" asked what the message before asked: the next one may lean on that too)
            asked_of = reading.text
            if last is not None and not any(asks_only_of_the_document(q, brain, documents) for q in reading.questions):
                asked_of = str(last.get("q"))
            session[LAST_TURN_KEY] = {"q": asked_of[-MAX_REMEMBERED_CHARS:], "documents": list(documents[:3])}
            return cards
        if len(documents) == 1 and self._asks_only_parts(reading, brain, documents[0]):
            # "劳部发〔1997〕258号分几部分": how the document's text is divided is on its card, whatever
            # entry on one of its parts the words also match.
            session[LAST_TURN_KEY] = {"q": reading.text[-MAX_REMEMBERED_CHARS:], "documents": list(documents)}
            return self._document_card(documents[0], brain, asked=reading.text)
        audience = ctx.audience or reading.audience
        annex = annex_asked(text, brain.kb, lexicon, reading.region if reading.region != NATIONAL else None, documents)
        if annex is not None and asks_any(fold(text), lexicon.asks_annex_list):
            annex = None  # ("有几个附件，叫什么": which annexes, on the card — not what is in one)
        if (
            annex is not None
            and len(reading.questions) > 1
            and not annex.by_title  # (a title named in full: the parts are read without it)
            and not any(self._asks_annex(part, brain) for part in self._parts_with_leads(reading))
        ):
            annex = None  # one part's province and another's 管理办法 do not make an annex asked
        if annex is not None and len(reading.questions) == 1 and self._annex_only_told(annex, reading, lexicon):
            annex = None
        if annex is not None and self._counts_not_lists(reading, lexicon) and not annex.by_title:
            annex = None  # "…总共取消了几项": the notice states its counts, only the items are not held
        understood = None
        if (
            annex is not None
            and not annex.by_title
            and not any(k in a.title for a in annex.annexes for k in lexicon.list_annex_kinds)
            and not any(names_annex_itself(text, a, lexicon) for a in annex.annexes)
        ):
            # Most of a table's title's words, but not the table (nor a 表 or 附件): a question the
            # document's body answers ("浙江…贯通里都包括了哪几个职称系列") is not about the table.
            understood = interpret(reading, last, audience, documents, brain)
            if understood.chosen and all(self._rests_on_document(r, annex.doc_id, brain) for r in understood.chosen):
                annex = None
        if annex is not None:  # a near miss: the list or table asked about is not in the base
            return self._annex_decline(annex, reading, audience, session, brain)
        understood = understood or interpret(reading, last, audience, documents, brain)
        first = understood.chosen[0] if understood.chosen else None
        answered = first.entry_id if first is not None and first.confident else None
        if not documents and answered is not None and answered in brain.kb.entries:
            # Counting the measures and policy points of the 先上岗 table without naming it: the document the
            # answer quotes most is what it counts, and how that document is divided is on its card.
            quoted = _quoted_most(brain.kb.entries[answered].cites, brain.kb)
            if quoted is not None and self._asks_only_parts(reading, brain, quoted):
                session[LAST_TURN_KEY] = {"q": reading.text[-MAX_REMEMBERED_CHARS:], "documents": [quoted]}
                return self._document_card(quoted, brain, asked=reading.text)
        if pointed_back and asks_any(text, lexicon.document_overview_asks):
            understood = self._as_overview(understood, documents[0], brain)
        if (
            len(documents) == 1
            and len(understood.chosen) == 1
            and brain.resolver.overview_entry(documents[0]) is None
            and not self._rests_on_document(understood.chosen[0], documents[0], brain)
            and self._asks_only_overview(text, documents, brain)
        ):
            # "…68号主要讲了什么" of a document no entry tells as a whole: its card and summary, not
            # another document's answer nor a decline.
            return self._document_card(documents[0], brain, overview=True, asked=text)
        if reading.asks_apart:
            understood = self._read_apart(
                untitled if beside else text, text, understood, last, audience, documents, brain, reading.asks_apart
            )
        if beside and untitled != text and not any(r.confident for r in understood.chosen):
            # Without the document's name nothing is sure ("…258号执行，这个文件作废了吗"): the
            # document is what it asks about after all — when the question's own words lean to
            # that answer too (an overview of the document named is no answer to one of its rules).
            titled = interpret(self._read(text, text, documents, brain), last, audience, documents, brain)
            if any(r.confident for r in titled.chosen) and _leans_to(understood.chosen[0], titled.chosen[0]):
                understood = titled
        chosen, reading, documents = understood.chosen, understood.reading, understood.documents
        remembered = understood.remembered
        first = chosen[0]
        place = lexicon.foreign_place_asked(fold(" ".join((*reading.leads, *reading.questions))))
        if place is not None and self._goes_abroad_under_our_rules(reading, first, brain):
            place = None  # ("…派焊工去新加坡船厂，证书复核要办吗": where they go, under China's rules)
        if place is not None and len(chosen) == 1 and (first.confident or first.decision == "ambiguous"):
            # ("韩国的技术资格有多少项": only China's policy is held, whatever the words match here)
            return self._declined_with_topic(first, brain, "foreign_unknown", place=place)
        # (A message naming no province, answered by a rule of the province the conversation is
        # about — "对谁开展认定" after a 江西 question — keeps the conversation there.)
        region = reading.region
        earlier_region = last.get("region") if last is not None else None
        if (
            region is None
            and isinstance(earlier_region, str)
            and first.decision == "entry"
            and (entry := brain.kb.entries.get(first.entry_id or "")) is not None
            and earlier_region in brain.resolver.regions_of(entry.cites) - {NATIONAL}
        ):
            region = earlier_region
        earlier_entry = brain.kb.entries.get(str(last.get("entry"))) if last is not None else None
        if (
            last is not None
            and isinstance(last.get("q"), str)
            and remembered == reading.text
            and (
                (first.decision == "entry" and first.entry_id == last.get("entry"))
                # (… or by a clause of it quoted: "最多补几个月" after the early-contract subsidy)
                or (
                    first.decision == "clauses"
                    and earlier_entry is not None
                    and first.clauses[0].cite in earlier_entry.cites
                )
            )
        ):
            # Answered by itself with the answer just given ("到期怎么延续" after the validity of an
            # evaluation body): the next follow-up leans on both questions, not on this one alone.
            remembered = f"{last['q']} {remembered}"
        # ("被什么代替了" declined, naming nothing of its own: the conversation is still about what
        # was asked before, which the next follow-up may lean on)
        keeps_subject = (
            last is not None
            and all(r.decision == "declined" for r in chosen)
            and len(strip_to_words(reading.text)) <= ELLIPTICAL_CHARS
            and names_nothing(reading.text, brain)
        )
        if not keeps_subject:
            session[LAST_TURN_KEY] = self._last_turn(remembered, region, documents, first)
        if (
            pointed_back
            and len(documents) == 1
            and len(chosen) == 1
            and not first.confident
            and all(asks_only_of_the_document(q, brain, documents, pointed_back) for q in reading.questions)
        ):
            # "这个文件是哪年发的" right after an answer, unsure or declined by itself (its words match
            # another province's document): a fact of the document the answer quoted is its card.
            return self._document_card(documents[0], brain, asked=reading.text)
        answer_ctx = ctx
        if reading.region and reading.region != NATIONAL:
            answer_ctx = Context(ctx.today, audience or ctx.audience, reading.region, ctx.user_id)
        elif audience != ctx.audience:
            answer_ctx = Context(ctx.today, audience, ctx.region, ctx.user_id)
        # (A part answered from another year's plan, "…2024年度浙江的考试工作计划是啥文号？什么时候印发的": the
        # other parts ask of that same document, which is not held either.)
        other_year = next(
            filter(None, (self._other_year(reading.text, res, brain, ctx.today, reading.questions) for res in chosen)),
            None,
        )
        if other_year is not None:
            return other_year
        if (
            len(chosen) == 1
            and len(documents) == 1
            and not self._rests_on_document(first, documents[0], brain)
            and all(asks_only_of_the_document(q, brain, documents) for q in reading.questions)
        ):
            # "那份258号文件是哪天印发的": asked only of the document, and no answer quotes it — its
            # own data (title, 文号, issuer, dates) is the answer.
            return self._document_card(documents[0], brain, asked=reading.text)
        reply = (
            self._multi_answer(chosen, answer_ctx, brain, documents)
            if len(chosen) > 1
            else self._render_resolution(first, answer_ctx, brain)
        )
        if first.decision == "ambiguous" and reply.outcome == "answered" and reply.entry_id:
            # Unsure between two provisions, both were quoted: a bare "依据是啥" next asks for
            # the basis of the first (bot.interpret), which that reply quoted.
            session[LAST_TURN_KEY]["shown"] = reply.entry_id
        # (asked only of the one document named, "54号文是哪天印发的", "…现在还有效吗": its data is
        # the answer, first)
        only_of_it = (
            len(chosen) == 1
            and reply.outcome == "answered"
            and len(documents) == 1
            and all(asks_only_of_the_document(q, brain, documents, pointed_back) for q in reading.questions)
        )
        if (
            len(chosen) == 1
            and reply.outcome == "answered"
            and (only_of_it or asks_any(reading.text, lexicon.asks_document))
        ):
            # (a province the question or a clause leading to it names — not where the asker
            # tells they are, "我在吉林开店，…": that is the story's setting, not what is asked)
            asked = [*reading.questions, *(c for lead in reading.leads for c in re.split(r"[，,；;]", lead))]
            asked_region = find_region(
                fold(" ".join(c for c in asked if not c.startswith(lexicon.story_openers))), lexicon
            )
            reply = self._with_document_card(
                reply, documents, brain, asked_region, first=only_of_it, asked=reading.text
            )
        if len(chosen) == 1 and first.decision == "entry" and first.entry_id and reply.outcome == "answered":
            reply = self._with_told_years(reply, reading.text, first.entry_id, brain, ctx.today)
        unanswered_region = self._later_province_untold(reading, reply, chosen, brain)
        if unanswered_region is not None:
            lead = lexicon.say("other_region_lead", asked=unanswered_region)
            reply = dataclasses.replace(reply, text=f"{lead}\n\n{reply.text}")
        return reply

    def _as_overview(self, understood: Interpretation, doc_id: str, brain: Brain) -> Interpretation:
        """ "主要讲了什么" right after a question naming a document asks what that document says as
        a whole: its overview entry (`Resolver.overview_entry`), unless the answer rests on it."""
        first = understood.chosen[0]
        overview = brain.resolver.overview_entry(doc_id)
        if overview is None or len(understood.chosen) != 1 or self._rests_on_document(first, doc_id, brain):
            return understood
        return dataclasses.replace(understood, chosen=[dataclasses.replace(first, decision="entry", entry_id=overview)])

    @staticmethod
    def _document_pointed_back_to(text: str, last: dict[str, Any], brain: Brain) -> tuple[str, ...]:
        """The document of the answer just given, when the message points back to it and asks a
        fact of it ("这文件是哪年的？"): the one the earlier message named, else the one the answer
        quotes most. (Not "浙江转发这个通知时提了什么要求": that asks of another document.)"""
        lexicon = brain.lexicon
        kb = brain.kb
        named = [d for d in last.get("documents", ()) if d in kb.documents]
        # ("该政策眼下还作数吗": whether the rule just given still holds is its document's status)
        rule_status = any(word in text for word in lexicon.pointing_back_words) and asks_any(
            brain.pipeline.canonical(text), lexicon.document_status_asks
        )
        if not rule_status and not any(word in text for word in lexicon.document_back_words):  # (cheap: most have none)
            # … nor need it: right after a message naming a document, a short one asking a fact of
            # a document and naming nothing else ("什么时候发的") asks it of that one. (One naming a
            # kind of document, "哪个文件说的", asks which document the answer rests on.)
            bare = (
                named
                and len(strip_to_words(text)) <= ELLIPTICAL_CHARS
                # (… or what it says as a whole: "主要讲了什么")
                and (asks_any(text, lexicon.asks_document) or asks_any(text, lexicon.document_overview_asks))
                and not any(len(kind) > 1 and kind in text for kind in lexicon.document_kinds)
                and not brain.resolver.subject_words(text)
            )
            return (named[0],) if bare else ()
        asks_of_it = (
            asks_any(text, lexicon.asks_document)
            or asks_any(brain.pipeline.canonical(text), lexicon.document_status_asks)
            or asks_any(text, lexicon.document_overview_asks)
        )  # ("这个通知还有效吗": whether it still holds, too; "这个文件主要讲了什么": what it says)
        if not asks_of_it:
            return ()
        if named:
            return (named[0],)
        answered = last.get("entry")
        if not isinstance(answered, str):
            return ()
        cites = kb.entries[answered].cites if answered in kb.entries else (answered,)
        most = _quoted_most(cites, kb)
        return (most,) if most else ()

    @staticmethod
    def _goes_abroad_under_our_rules(reading: Reading, first: Resolution, brain: Brain) -> bool:
        """Whether the message tells of going abroad (`going_abroad_words`) and its sure answer's own
        words speak of it too: the country named is where one goes, not whose rules are asked."""
        words = brain.lexicon.going_abroad_words
        entry = brain.kb.entries.get(first.entry_id or "") if first.confident else None
        if entry is None or not any(w in fold(reading.text) for w in words):
            return False
        own = fold(" ".join((entry.title, *entry.questions, *entry.keywords, entry.own_words)))
        return any(w in own for w in words)

    @staticmethod
    def _later_province_untold(reading: Reading, reply: Reply, chosen: list[Resolution], brain: Brain) -> str | None:
        """A province one question of several asks about ("…？陕西那边也给吗", "江苏的…几年？
        跟浙江一样吗") that the one answer given, read as a whole for another province, does not
        rest on: the reply first says the knowledge has no rule of its own for it. (Not a place the
        asker was before or came from: "我以前在广东干过…" asks nothing of 广东; nor one a part of
        the reply already says has no such rule here.)"""
        if reply.outcome != "answered" or len(reading.questions) < 2:
            return None
        cited = brain.resolver.regions_of(reply.citations)
        lexicon = brain.lexicon
        for question in (reading.leads[0] if reading.leads else "", *reading.questions):
            for named in named_now(fold(question), lexicon):
                region = lexicon.region_words[named.group()]
                if region not in (NATIONAL, reading.region) and cited and region not in cited:
                    if any(r.decision == "declined" and r.asked_region == region for r in chosen):
                        continue
                    return region
        return None

    @staticmethod
    def _without_pointers(reading: Reading, documents: tuple[str, ...], brain: Brain) -> Reading:
        """The reading without story sentences that only point at the document the message names
        ("根据劳动部97年的通知，…"): the document is known, and its name told as the story would
        pull the question after it to the document's overview."""
        if not documents or not reading.story:
            return reading
        pointers = {s for s in reading.story if only_names_documents(s, documents, brain.kb, brain.lexicon)}
        if not pointers:
            return reading
        return dataclasses.replace(
            reading,
            story=tuple(s for s in reading.story if s not in pointers),
            leads=tuple("" if lead in pointers else lead for lead in reading.leads),
        )

    @staticmethod
    def _last_turn(
        remembered: str, region: str | None, documents: tuple[str, ...], first: Resolution
    ) -> dict[str, Any]:
        """What the next message may lean on: this question (bounded), its region, documents and answer."""
        return {
            "q": remembered[-MAX_REMEMBERED_CHARS:],
            "region": region,
            "documents": list(documents[:3]),
            "entry": first.entry_id or (first.clauses[0].cite if first.clauses else None),
        }

    @staticmethod
    def _unheld_document(unheld: UnheldDocument, text: str, session: Session, brain: Brain) -> Reply | None:
        """A message asking only of a document the knowledge does not hold, named by its 文号: said
        plainly, with the held sentences naming it quoted. Asked what it is (issuer, title), those
        sentences answer; asked what it says, the knowledge cannot."""
        lexicon = brain.lexicon
        rest = fold(text).replace(unheld.span, " ")
        said = (
            *lexicon.asking_words,
            *lexicon.asks_document,
            *lexicon.document_overview_asks,
            *lexicon.document_status_asks,
            *lexicon.document_status_fillers,
            *lexicon.document_back_words,
            *lexicon.document_kinds,
        )
        if not brain.resolver.thin(rest, said):
            return None  # ("根据国发〔2013〕39号，新设职业资格要…": asks a rule, the brain's)
        kb = brain.kb
        what_it_is = (
            asks_any(rest, lexicon.asks_document)
            or asks_any(brain.pipeline.canonical(rest), lexicon.document_status_asks)
        ) and not asks_any(rest, lexicon.document_overview_asks)
        mentions = "".join(  # (a line each: the template's own line breaks are trimmed)
            f"\n• 《{nested_title(kb.documents[kb.clauses[c].doc_id].title)}》：「{s}」" for c, s in unheld.mentions
        )
        text = lexicon.say("document_not_held", number=unheld.number, mentions=mentions, what_it_is=what_it_is)
        cites = tuple(c for c, _ in unheld.mentions)
        if cites:
            text = f"{text}\n\n{citation_footer(kb, cites)}"
        session[LAST_TURN_KEY] = {"q": unheld.span, "region": None, "documents": [], "entry": None}
        outcome = "answered" if what_it_is and cites else "declined"
        return Reply(text, buttons=((MENU_BUTTON,),), outcome=outcome, citations=cites)

    @staticmethod
    def _asks_only_overview(text: str, documents: tuple[str, ...], brain: Brain) -> bool:
        """Whether a message asks nothing but what the document named or pointed back to says as
        a whole ("这个文件主要讲了什么")."""
        lexicon = brain.lexicon
        asked = without_document_names(text, documents, brain.kb)
        if not asks_any(asked, lexicon.document_overview_asks):
            return False
        said = (
            *lexicon.asking_words,
            *lexicon.document_overview_asks,
            *lexicon.document_status_fillers,
            *lexicon.document_back_words,
        )
        return brain.resolver.thin(asked, said)

    @staticmethod
    def _rests_on_document(res: Resolution, doc_id: str, brain: Brain) -> bool:
        """Whether a confident answer rests on the document: its first clause is the document's
        (an answer from another one is no answer to a question about this one, though it quote
        this one as a later rule: the 1997 notice's overview quotes the 2017 catalogue notice)."""
        cited = cited_clauses(res, brain)
        return res.confident and bool(cited) and cited[0].split(":", 1)[0] == doc_id

    def _documents_in_turn(
        self, reading: Reading, documents: tuple[str, ...], last: dict[str, Any] | None, brain: Brain
    ) -> Reply | None:
        """The reply to a message asking only facts of the documents it names (whether each still
        holds, when it was issued), several of them — "258号文和146号文还有效吗", "54号文还有效吗，146号
        文呢" — or one, right after such a question of another ("146号文呢"): each one's card, in
        turn. None for any other message."""
        if not documents or len(documents) > len(PART_NUMERALS):
            return None
        asked: list[str] = []
        for question in reading.questions:
            named = named_documents(question, brain.kb, brain.pipeline)
            if not named or not set(named) <= set(documents):
                return None
            if not asks_only_of_the_document(question, brain, named):
                # "146号文呢": the document alone, asked as the question before it, or the message before
                rest = without_document_names(question, named, brain.kb)
                before = bool(asked) or self._asked_only_of_other_documents(last, named, brain)
                if not before or not brain.resolver.thin(
                    rest, (*brain.lexicon.asking_words, *brain.lexicon.follow_up_openers)
                ):
                    return None
            asked += [d for d in named if d not in asked]
        if len(asked) < 2 and not self._asked_only_of_other_documents(last, tuple(asked), brain):
            return None  # (one document asked of by itself: the usual reading, its card first)
        cards = [self._card(d, brain, reading.text) for d in asked]
        if len(cards) == 1:
            return Reply(cards[0], outcome="answered")
        intro = brain.lexicon.say("multi_intro", count=PART_COUNTS[len(cards) - 1])
        blocks = [intro, *(f"<b>{PART_NUMERALS[i]}、</b>{card}" for i, card in enumerate(cards))]
        return Reply("\n\n".join(blocks), outcome="answered")

    def _asked_only_of_other_documents(self, last: dict[str, Any] | None, named: tuple[str, ...], brain: Brain) -> bool:
        """Whether the message before asked only facts of documents it named, none of `named`."""
        if last is None or not isinstance(last.get("q"), str) or not isinstance(last.get("documents"), list):
            return False
        # (the documents its question names: after "…？那54号文呢" it is still the question asked first)
        before = named_documents(last["q"], brain.kb, brain.pipeline) or tuple(
            d for d in last["documents"] if d in brain.kb.documents
        )
        return bool(before) and set(named).isdisjoint(before) and asks_only_of_the_document(last["q"], brain, before)

    @staticmethod
    def _asks_only_parts(reading: Reading, brain: Brain, doc_id: str) -> bool:
        """Whether a message asks how a document is divided ("一共分几部分", "列了几条措施") and
        nothing else but, after that, which they are ("分别是什么"). (Not of an interpretation: its
        parts are not those of the rules it explains, whose chapters it may count itself.)"""
        if not _shows_parts(brain.kb.documents[doc_id]):
            return False
        asked = [asks_any(q, brain.lexicon.asks_parts) for q in reading.questions]
        return (
            bool(asked)
            and asked[0]
            and all(a or names_nothing(q, brain) for a, q in zip(asked, reading.questions, strict=True))
        )

    @staticmethod
    def _card(doc_id: str, brain: Brain, asked: str) -> str:
        """A document's card, naming whom it is addressed to, or how its text is divided, when the
        question `asked` asks that."""
        lexicon = brain.lexicon
        folded = fold(asked)
        document = brain.kb.documents[doc_id]
        parts = _shows_parts(document) and asks_any(folded, lexicon.asks_parts)
        facts = document_facts(
            document,
            asks_any(folded, lexicon.asks_addressees),
            parts,
            asks_any(folded, lexicon.asks_forwarded),
            asks_any(folded, lexicon.asks_annex_list),
        )
        return lexicon.say("document_card", **facts)

    def _document_card(self, doc_id: str, brain: Brain, overview: bool = False, asked: str = "") -> Reply:
        """The named document's own data (title, 文号, issuer, dates), as its answer; `overview`:
        with the knowledge's summary of what it governs, when that is what was asked."""
        document = brain.kb.documents[doc_id]
        card = self._card(doc_id, brain, asked)
        if overview and document.summary:
            card = f"{card}\n\n{brain.lexicon.say('document_summary', summary=document.summary)}"
        return Reply(card, outcome="answered")

    def _with_document_card(
        self,
        reply: Reply,
        documents: tuple[str, ...],
        brain: Brain,
        region: str | None = None,
        first: bool = False,
        asked: str = "",
    ) -> Reply:
        """A question about a document itself (its issuer, dates) gets the document's own data:
        of the one document named or quoted — or, of several quoted, the one of the province asked
        about ("浙江转发时发的什么文": the province's forwarding notice, not the national one).
        `first`: the data leads, the answer quoting the document follows it."""
        kb = brain.kb
        docs = documents or tuple(dict.fromkeys(kb.clauses[c].doc_id for c in reply.citations if c in kb.clauses))
        if len(docs) > 1 and region and region != NATIONAL:
            docs = tuple(d for d in docs if kb.documents[d].region == region) or docs
        if len(docs) != 1:
            return reply
        card = self._card(docs[0], brain, asked)
        return dataclasses.replace(reply, text=f"{card}\n\n{reply.text}" if first else f"{reply.text}\n\n{card}")

    def _render_resolution(self, res: Resolution, ctx: Context, brain: Brain, whole: bool = True) -> Reply:
        """`whole`: the resolution answers the whole message (not one part of several)."""
        if (res.confident or res.decision == "ambiguous") and asks_any(res.question, brain.lexicon.future_policy_asks):
            return self._declined_with_topic(res, brain, "future_unknown")  # ("…下一步还会减到多少项": no forecast)
        if res.confident and asks_any(res.question, brain.lexicon.outcome_asks):
            # ("…3万个见习岗位的目标完成了吗"): the text sets the target and records no outcome
            reply = self._render_decided(res, ctx, brain)
            if reply.outcome == "answered":
                lead = brain.lexicon.say("outcome_unknown_lead")
                return dataclasses.replace(reply, text=f"{lead}\n\n{reply.text}")
            return reply
        ask = quantity_asked(res.question, brain.lexicon) if res.confident else None
        if ask is not None and ask.date and asks_any(res.question, brain.lexicon.asks_document):
            ask = None  # the day a document was issued or took effect: its card tells it
        entry = brain.kb.entries.get(res.entry_id or "") if res.decision == "entry" else None
        if ask is not None and ask.date and entry is not None:
            cites = entry.cites
            if told_term(_WHOLE_MESSAGE.get() or res.question, cites, brain.kb, brain.lexicon, ctx.today):
                ask = None  # ("我们…设立的，有效期到哪天"): reckoned from the day told, after the title
        if ask is None:
            return self._render_decided(res, ctx, brain)
        # "多少钱/几期/多久": an answer without that figure is no answer. A clause that states it
        # is quoted beside the answer; without one the user is told plainly there is no figure —
        # instead of the answer when that was all they asked, after it when they asked more.
        reply = self._render_decided(res, ctx, brain)
        if self._states(reply.text, ask, res.question, brain):
            return reply
        parts = split_sentences(res.question)
        if len(parts) == 1:  # ("…必须给我涨工资吗，涨多少": a clause may ask beside the figure)
            parts = [c for c in re.split(r"[，,]", res.question) if c.strip()] or parts
        asking = next((p for p in parts if quantity_asked(p, brain.lexicon) == ask), res.question)
        stating = self._clause_stating(ask, asking, res, reply.citations, ctx, brain)
        if stating is not None:
            if res.decision == "entry":
                widened = dataclasses.replace(res, supplement=(*res.supplement, stating))
            else:
                widened = dataclasses.replace(res, clauses=(*res.clauses, stating))
            return self._render_decided(widened, ctx, brain)
        # Only another part that itself asks makes this a note before the answer to that part (the
        # first thing said is what the knowledge lacks); a fact of the story added to the question
        # ("… 国家") asks nothing. A part the answer leaves unspoken to ("…审批多久能批下来？注册资本
        # 有最低要求吗") is not answered by it either — nor, in a message of several, is it this part's.
        spoken_to = brain.resolver.speaks_to_every_word
        answered_by = reply.citations if res.decision == "clauses" else ()
        if any(
            p != asking
            and self._asks_what_is_there(p, reply.text, brain)
            and asks(p, brain.lexicon)
            and not asks_only_a_standard(p, brain.lexicon)
            and not points_to_figure(p, brain.lexicon)
            and spoken_to(p, res.entry_id if res.decision == "entry" else None, answered_by)
            for p in parts
        ):
            note = brain.lexicon.say("quantity_note", quantity=ask.asked, date=ask.date)
            return dataclasses.replace(reply, text=f"{note}\n\n{reply.text}")
        return self._no_figure(res, ask, brain)

    def _clause_stating(
        self,
        ask: QuantityAsk,
        question: str,
        res: Resolution,
        cited: tuple[str, ...],
        ctx: Context,
        brain: Brain,
    ) -> ClauseHit | None:
        """The best clause (for the whole question, or for its part that asks the figure) that
        states the figure asked, in the region asked."""
        resolver, kb = brain.resolver, brain.kb
        policy = resolver.policy
        region = res.asked_region or ctx.region
        # The part that asks the figure ("设立以后管几年") read with the rest of the message; a
        # clause of a document the answer already cites needs less evidence than a stranger.
        cited_docs = tuple(dict.fromkeys(kb.clauses[c].doc_id for c in cited if c in kb.clauses))
        same = resolver.clauses.search(question, res.question, limit=policy.figure_search_depth, documents=cited_docs)
        own = resolver.clauses.search(question, res.question, limit=policy.figure_search_depth)
        candidates = [(h, policy.figure_same_document_at) for h in same if cited_docs]
        candidates += [(h, policy.figure_clause_at) for h in (*res.clauses_all[: policy.figure_search_depth], *own)]
        # (Unasked, a province's clause beside an answer resting on none of that province's texts is
        # another place's figure: 山西's 见习 subsidy standard is no figure of the 先上岗 subsidy.)
        answer_regions = resolver.regions_of(tuple(c for c in cited if c in kb.clauses))
        for hit, needed in candidates:
            hit_regions = resolver.regions_of((hit.cite,))
            if (
                hit.cite not in cited
                and hit.score >= needed
                and resolver.region_fits(hit_regions, region)
                and (region or not cited or hit_regions <= {NATIONAL} or bool(hit_regions & answer_regions))
                and self._states(kb.clauses[hit.cite].text, ask, res.question, brain)
            ):
                return hit
        return None

    def _asks_what_is_there(self, part: str, text: str, brain: Brain) -> bool:
        """Whether a part of a message asks nothing the reply `text` lacks: no figure, or a day
        the reply (or the document's own data) tells ("…哪一天起实行？全文有几章")."""
        other = quantity_asked(part, brain.lexicon)
        if other is None:
            return True
        return other.date and (asks_any(part, brain.lexicon.asks_document) or self._states(text, other, part, brain))

    @staticmethod
    def _states(text: str, ask: QuantityAsk, question: str, brain: Brain) -> bool:
        body = text.split("📎")[0]  # the footer's 文号 (〔2020〕) is no figure
        return states_quantity(body, ask, question, brain.lexicon)

    def _no_figure(self, res: Resolution, ask: QuantityAsk, brain: Brain) -> Reply:
        topic, action = self._nearest_topic(res, brain)
        text = brain.lexicon.say("quantity_missing", quantity=ask.asked, topic=topic, date=ask.date)
        buttons = ((Button(topic[:60], action),), (MENU_BUTTON,))
        return Reply(text, buttons=buttons, outcome="declined", score=res.score)

    def _declined_with_topic(self, res: Resolution, brain: Brain, phrase: str, **values: str) -> Reply:
        """A decline in the words of `phrase` (a forecast asked, another country's rules), offering
        the topic the question found here as its button."""
        topic, action = self._nearest_topic(res, brain)
        buttons = ((Button(topic[:60], action),), (MENU_BUTTON,))
        return Reply(brain.lexicon.say(phrase, topic=topic, **values), buttons=buttons, outcome="declined")

    @staticmethod
    def _nearest_topic(res: Resolution, brain: Brain) -> tuple[str, str]:
        """The title and button action of what a resolution found (its entry, the first option of
        a doubt, else the document of its first clause)."""
        kb = brain.kb
        entry_id = res.entry_id or (res.candidates[0].entry_id if res.decision == "ambiguous" else None)
        if entry_id:
            return kb.entries[entry_id].title, ENTRY(entry_id)
        cite = res.clauses[0].cite
        return kb.documents[kb.clauses[cite].doc_id].title, CLAUSE(cite)

    def _render_decided(self, res: Resolution, ctx: Context, brain: Brain) -> Reply:
        if res.decision == "entry" and res.entry_id:
            # ("建造师先上岗…试用期多长"): that the measure never covered it comes first
            listing = self._list_entry_for_the_unlisted(res.question, res.entry_id, brain)
            res = dataclasses.replace(res, entry_id=listing) if listing is not None else res
        if res.decision == "entry" and res.entry_id:
            reply = self.answer(
                res.entry_id,
                ctx,
                brain=brain,
                score=res.score,
                supplement=tuple(h.cite for h in res.supplement),
                question=res.question,
                verdict=not res.asked_region,
            )
            focus = brain.resolver.focused_row(res.question, res.entry_id)
            if focus is not None:  # the asker's own row, marked where the answer quotes the table
                reply = dataclasses.replace(reply, text=self._marked_row(reply.text, focus, brain))
            category = (
                brain.kb.category.in_answer(res.question, brain.kb.entries[res.entry_id].cites, ctx.today, reply.text)
                if brain.kb.category is not None
                else None
            )
            unlisted = self._not_on_its_list(res.question, res.entry_id, brain)
            if unlisted:
                reply = _after_title(reply, unlisted)
            if category:  # "能不能要求有注册会计师证": which of the two kinds the rule quoted speaks of
                reply = _after_title(reply, category)
            lead = self._region_lead(res, brain, ctx.region)
            if lead:
                reply = dataclasses.replace(reply, text=f"{lead}\n\n{reply.text}")
            # The answer rests on a rule table's row (or the question named one): offer the dialog
            # that checks the user's own case against the whole table.
            tables = (*res.tables, *brain.resolver.tables_citing(brain.kb.entries[res.entry_id].cites))
            if tables:
                offers = [b for s in self.specialists for b in s.offers_for_tables(tables)]
                if offers:
                    reply = dataclasses.replace(reply, buttons=(*reply.buttons, *((b,) for b in offers[:1])))
            return reply
        if res.decision == "clauses":
            return self.clause_answer(res, ctx, brain)
        if res.decision == "ambiguous":
            listing = self._list_of_the_unlisted(res, brain)
            if listing is not None:
                # "没有建造师证能先上岗再考证吗", unsure between the measure's entries: the one quoting
                # the measure's whole list answers it, saying 建造师 is not on it.
                return self._render_decided(dataclasses.replace(res, decision="entry", entry_id=listing), ctx, brain)
            offer = self._unsure(res, ctx, brain)
            pair = res.pair
            if (
                pair is not None
                and offer.outcome == "ambiguous"
                and offer.candidates[:2] == tuple(p.entry_id for p in pair)
            ):
                return self._multi_answer(list(pair), ctx, brain, intro=self._pair_intro(pair, brain))
            return offer
        return self._decline(res, brain)

    @staticmethod
    def _with_told_years(reply: Reply, text: str, entry_id: str, brain: Brain, today: dt.date) -> Reply:
        """The answer with a line, after its title, saying whether the years the user tells for the
        level they name reach the years the quoted rule asks ("高级工…干了一年" against 满2年; "技师证
        是2025年3月拿的" against 满3年 by today)."""
        cites = brain.kb.entries[entry_id].cites
        route = level_route(text, cites, brain.kb, brain.lexicon)
        if route is not None:
            reply = _after_title(reply, brain.lexicon.say("level_route", **dataclasses.asdict(route)))
        term = told_term(text, cites, brain.kb, brain.lexicon, today)
        if term is not None:  # ("我们2023年12月设立的…有效期到哪天"): reckoned from that day
            reply = _after_title(
                reply,
                brain.lexicon.say(
                    "told_term",
                    told=term.told,
                    years=term.years,
                    months=term.months,
                    end=format_date(term.end) if term.exact else format_month(term.end),
                    window=format_date(term.window) if term.exact else format_month(term.window),
                    exact=term.exact,
                    state=term.state,
                    days=term.days or "",
                    today=format_date(today),
                ),
            )
        days = told_working_days(text, cites, brain.kb, brain.lexicon)
        if days is not None:  # ("见习干了12个工作日发不发生活补助"): held against the rule's threshold
            reply = _after_title(reply, brain.lexicon.say("told_working_days", **dataclasses.asdict(days)))
        absent = told_absence(text, cites, brain.kb, brain.lexicon)
        if absent is not None:  # ("连着6天没来，生活补助还发吗"): against the days in a row and in all
            reply = _after_title(reply, brain.lexicon.say("told_absence", **dataclasses.asdict(absent)))
        retained = told_retention(text, cites, brain.kb, brain.lexicon)
        if retained is not None:  # ("留用了60%，补贴能提到多少"): the rate its retention step makes
            reply = _after_title(reply, brain.lexicon.say("told_retention", **dataclasses.asdict(retained)))
        recruited = told_recruitment(text, cites, brain.kb, brain.lexicon)
        if recruited is not None:  # ("2021年1月5日发的公告，还算先上岗吗"): against the recruiting period
            values = {**dataclasses.asdict(recruited), "deadline": format_date(recruited.deadline)}
            reply = _after_title(reply, brain.lexicon.say("told_recruitment", **values))
        eligibility = told_eligibility(text, cites, brain.kb, brain.lexicon, today)
        if eligibility is not None:  # ("毕业三年了还能见习吗"): where the told facts put the asker
            line = brain.lexicon.say("told_eligibility", **dataclasses.asdict(eligibility), today=format_date(today))
            reply = _after_title(reply, line)
        told = told_years(text, cites, brain.kb, brain.lexicon, today)
        if told is None:
            return reply
        line = brain.lexicon.say(
            "told_years",
            told=told.told,
            label=told.label,
            years=told.required,
            enough=told.years >= told.required,
            verdict=told.verdict,
            cutoff=format_date(told.cutoff) if told.cutoff else "",
            today=format_date(today),
        )
        return _after_title(reply, line)

    def _list_of_the_unlisted(self, res: Resolution, brain: Brain) -> str | None:
        """Of the options of an unsure answer, the one quoting a rule's whole list of
        qualifications, when the question names only qualifications not on it."""
        for cand in res.candidates[:2]:
            if self._not_on_its_list(res.question, cand.entry_id, brain) is not None:
                return self._whole_list_entry(res.question, cand.entry_id, brain)
        return None

    def _list_entry_for_the_unlisted(self, question: str, entry_id: str, brain: Brain) -> str | None:
        """The entry of the same topic quoting a rule's whole list of qualifications, when the
        question names only qualifications not on it and the chosen entry quotes no such list:
        asked whether a qualification the measure never covered may start work first, or how
        its period or probation went, the first thing to say is that the measure did not cover it."""
        kb = brain.kb
        # (under every answer: most questions name no qualification at all, and need look no further)
        if kb.category is None or not kb.category.catalogue.find_in(question):
            return None
        if self._not_on_its_list(question, entry_id, brain) is not None:
            return None  # (its own answer says so)
        topic = kb.entries[entry_id].topic
        listing = next(
            (
                e.id
                for e in kb.entries.values()
                if e.topic == topic and e.id != entry_id and self._not_on_its_list(question, e.id, brain) is not None
            ),
            None,
        )
        return None if listing is None else self._whole_list_entry(question, listing, brain)

    def _whole_list_entry(self, question: str, entry_id: str, brain: Brain) -> str:
        """Of the entries quoting the same list, one about the list as a whole rather than one of its
        items: "执业药师可以吗" is not asked of the 执业兽医 answer that happens to quote the list."""
        kb, resolver = brain.kb, brain.resolver
        if not resolver.named_values(kb.entries[entry_id].title):
            return entry_id
        lists = set(resolver.tables_citing(kb.entries[entry_id].cites))
        topic = kb.entries[entry_id].topic
        general = [
            e.id
            for e in kb.entries.values()
            if e.topic == topic
            and not resolver.named_values(e.title)
            and lists & set(resolver.tables_citing(e.cites))
            and self._not_on_its_list(question, e.id, brain) is not None
        ]
        if not general:
            return entry_id
        scores = resolver.matcher.score_entries(question, general)
        return max(general, key=lambda e: scores.get(e, 0.0))

    @staticmethod
    def _not_on_its_list(question: str, entry_id: str, brain: Brain) -> str | None:
        """A first line saying the qualification asked about is not on the list of those a rule
        covers, when the answer quotes such a list (bot.table_notes): "医师资格适用于先上岗再考证么"
        is answered with the 2020 list, which holds no 医师."""
        kb = brain.kb
        quoted = [kb.rules.tables[t] for t in brain.resolver.tables_citing(kb.entries[entry_id].cites)]
        return not_on_its_list(question, quoted, kb, brain.lexicon)

    @staticmethod
    def _pair_intro(pair: tuple[Resolution, Resolution], brain: Brain) -> str:
        """Says the question fits both provisions, and which document holds them."""
        shared = brain.resolver.shared_document(pair[0].entry_id or "", pair[1].entry_id or "")
        return brain.lexicon.say("pair_intro", document=brain.kb.documents[shared or ""].short_name)

    def _multi_answer(
        self,
        parts: list[Resolution],
        ctx: Context,
        brain: Brain,
        documents: tuple[str, ...] = (),
        intro: str | None = None,
    ) -> Reply:
        numerals = PART_NUMERALS
        blocks = [intro or brain.lexicon.say("multi_intro", count=PART_COUNTS[len(parts) - 1])]
        # A clause another part's answer quotes is said there: no part adds it as a further rule.
        quoted = [set(brain.kb.entries[p.entry_id].cites) if p.entry_id else set() for p in parts]
        parts = [
            dataclasses.replace(
                p,
                supplement=tuple(
                    h for h in p.supplement if not any(h.cite in q for j, q in enumerate(quoted) if j != i)
                ),
            )
            for i, p in enumerate(parts)
        ]
        replies = [self._part_reply(p, parts, ctx, brain, documents) for p in parts]
        for i, reply in enumerate(replies):
            blocks.append(f"<b>{numerals[i]}、</b>{reply.text}")
        first = replies[0]
        extra = tuple(
            (Button(f"{numerals[i]}：{brain.kb.entries[p.entry_id].title}"[:60], ENTRY(p.entry_id)),)
            for i, p in enumerate(parts)
            if i and p.entry_id
        ) + tuple(
            (Button(f"{numerals[i]}：{brain.kb.entries[c].title}"[:60], ENTRY(c)),)
            for i, (p, r) in enumerate(zip(parts, replies, strict=True))
            if p.decision == "ambiguous"
            for c in r.candidates[:2]
        )
        citations = tuple(dict.fromkeys(c for r in replies for c in r.citations))
        return Reply(
            "\n\n".join(blocks),
            buttons=(*first.buttons, *extra),
            outcome="answered",
            entry_id=first.entry_id,
            score=min(p.score for p in parts),
            citations=citations,
        )

    def _part_reply(
        self, part: Resolution, parts: list[Resolution], ctx: Context, brain: Brain, documents: tuple[str, ...]
    ) -> Reply:
        """What one question of several is answered with: the one document the message names,
        when the question asks only a fact of it and its own answer does not quote it; else its
        answer, its did-you-mean, or that nothing was found for it."""
        if (
            len(documents) == 1
            and not self._rests_on_document(part, documents[0], brain)
            and asks_only_of_the_document(part.question, brain, documents)
        ):
            return self._document_card(documents[0], brain, asked=part.question)
        if part.decision == "ambiguous":
            return self._unsure(part, ctx, brain, about=part.question)
        if part.decision == "declined" and part.asked_region and part.nearest:
            return self._decline(part, brain)  # (asked of a province this base holds no rules of)
        if part.decision == "declined":
            said = brain.lexicon.say("part_not_found", part=_as_asked(part.question, brain.lexicon))
            return Reply(said, outcome="declined")
        return self._render_part(part, self._part_context(part, parts, ctx, brain), brain)

    def _render_part(self, part: Resolution, ctx: Context, brain: Brain) -> Reply:
        """One answered question of several; asked about a document itself ("由哪些单位一起印
        发的"), with that document's own data — the message's other documents are not its."""
        reply = self._render_resolution(part, ctx, brain, whole=False)
        if reply.outcome == "answered" and asks_any(part.question, brain.lexicon.asks_document):
            named = named_documents(part.question, brain.kb, brain.pipeline)
            reply = self._with_document_card(reply, named, brain, asked=part.question)
        return reply

    @staticmethod
    def _parts_with_leads(reading: Reading) -> list[str]:
        """Each question of a message with the story told right before it."""
        leads = (*reading.leads, *[""] * len(reading.questions))
        return [f"{lead}，{q}" if lead else q for q, lead in zip(reading.questions, leads, strict=False)]

    @staticmethod
    def _annex_only_told(annex: AnnexAsked, reading: Reading, lexicon: Lexicon) -> bool:
        """Whether the annex is named only in the story told before the question's own lead
        ("学校拿到了增加工种的批复。…信息化有啥要求"): the story tells of it, the question asks
        of another matter."""
        lead = reading.leads[0] if reading.leads else ""
        earlier = " ".join(s for s in reading.story if s != lead)
        asked = f"{lead} {reading.questions[0]}"
        return any(names_annex(earlier, a, lexicon) and not names_annex(asked, a, lexicon) for a in annex.annexes)

    @staticmethod
    def _counts_not_lists(reading: Reading, lexicon: Lexicon) -> bool:
        """Whether every question of a message asks a count (多少项, 几批) and none asks for the
        items one by one (`asks_listing`): a count the text states answers it, unlike a list."""
        return all(
            quantity_asked(q, lexicon) is not None and not any(w in q for w in lexicon.asks_listing)
            for q in reading.questions
        )

    @staticmethod
    def _asks_annex(question: str, brain: Brain) -> bool:
        """Whether one question by itself, with its own province and documents, asks an annex."""
        region = find_region(question, brain.lexicon)
        named = named_documents(question, brain.kb, brain.pipeline)
        own = region if region != NATIONAL else None
        return annex_asked(question, brain.kb, brain.lexicon, own, named) is not None

    @staticmethod
    def _part_context(part: Resolution, parts: list[Resolution], ctx: Context, brain: Brain) -> Context:
        """A part of a message that names its own province is answered for that province; one
        naming none, for no province when only another part names the message's."""
        named = find_region(fold(part.question), brain.lexicon)
        if named in (None, NATIONAL):
            others = {find_region(fold(p.question), brain.lexicon) for p in parts if p is not part}
            return dataclasses.replace(ctx, region=None) if ctx.region in others else ctx
        return ctx if named == ctx.region else dataclasses.replace(ctx, region=named)

    @staticmethod
    def _marked_row(text: str, cite: str, brain: Brain) -> str:
        """`text` with the line quoting this row of a table marked as the asker's own (once, in
        place: the quote is not repeated); unchanged when no line of it quotes the row."""
        start = f"「{brain.kb.clauses[cite].text[:ROW_QUOTE_START]}"
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith(start):
                lines[i] = brain.lexicon.say("row_focus") + line
                return "\n".join(lines)
        return text

    @staticmethod
    def _region_lead(res: Resolution, brain: Brain, asked: str | None = None) -> str:
        """The first words of an answer to a province's question from rules not its own: another
        province's (for reference only), or national ones (which hold there too). `asked`: the
        place the message names — an answer resting only on an unnamed city's measures (which
        may answer anywhere) is another place's rule for it too, and says so first."""
        if res.asked_region:
            return brain.lexicon.say("other_region_lead", asked=res.asked_region)
        if res.general_for:
            return brain.lexicon.say("general_rule_lead", asked=res.general_for)
        if asked and asked != NATIONAL:
            kb = brain.kb
            cites = tuple(h.cite for h in res.clauses) if res.decision == "clauses" else ()
            if res.entry_id:
                cites = kb.entries[res.entry_id].cites
            regions = brain.resolver.regions_of(cites)
            if regions and asked not in regions and NATIONAL not in regions:
                return brain.lexicon.say("other_region_lead", asked=asked)
        return ""

    def clause_answer(self, res: Resolution, ctx: Context, brain: Brain) -> Reply:
        """The clauses that answer a question no entry anticipated: quoted verbatim, cited."""
        kb = brain.kb
        cites = tuple(h.cite for h in res.clauses)
        quotes = self._quotes(cites, res.question, brain)
        probe = _clause_entry(cites)
        say = brain.lexicon.say
        by_table = all(kb.clauses[c].responsible for c in cites)
        parts = [
            f"<b>{say('clause_heading')}</b>",
            say("responsible_intro" if by_table else "clause_intro"),
            "\n\n".join(quotes),
        ]
        lead = self._region_lead(res, brain, ctx.region)
        if lead:
            parts.insert(1, lead)
        scope = scope_note(probe, kb, ctx.region)
        if scope:  # whose rule it is, said first
            parts.insert(1, scope)
        notes = time_notes(probe, kb, ctx.today, ctx.region, scope=False)
        if notes:
            parts.append("\n".join(notes))
        parts.append(self._citation_footer(probe, kb))
        related = [e for c in cites for e in brain.resolver._citing.get(c, ())]
        buttons = [(Button("📄 查看原文", CLAUSE(cites[0])),)]
        for entry_id in list(dict.fromkeys(related))[:2]:
            buttons.append((Button(kb.entries[entry_id].title[:60], ENTRY(entry_id)),))
        buttons.append((MENU_BUTTON,))
        return Reply("\n\n".join(parts), buttons=tuple(buttons), outcome="answered", score=res.score, citations=cites)

    def answer(
        self,
        entry_id: str,
        ctx: Context,
        brain: Brain | None = None,
        score: float | None = None,
        supplement: tuple[str, ...] = (),
        question: str = "",
        verdict: bool = True,
    ) -> Reply:
        """An entry's answer; `supplement` adds clauses that hold a detail the entry does not
        (quoted verbatim around the question's words, cited in the same footer). Without
        `verdict` (the rule is another province's), an opening yes or no ("有。") is left out:
        it is that province's answer, not the asker's."""
        brain = brain or self.brain
        kb = brain.kb
        entry = kb.entries[entry_id]
        body = brain.renderer.render(entry, ctx.audience, ctx.today, ctx.region)
        if not verdict:
            body = without_verdict(body, brain.lexicon.verdict_openers)
        parts = [f"<b>{escape(entry.title)}</b>", body]
        if supplement:
            parts.append(
                brain.lexicon.say("supplement_heading") + "\n" + "\n".join(self._quotes(supplement, question, brain))
            )
        cited = _clause_entry((*entry.cites, *supplement)) if supplement else entry
        scope = scope_note(cited, kb, ctx.region)
        if scope:  # whose rule it is, said first ("这是浙江省的规定")
            parts.insert(1, scope)
        notes = time_notes(entry, kb, ctx.today, ctx.region, scope=False)
        if supplement:
            more = time_notes(_clause_entry(supplement), kb, ctx.today, ctx.region, scope=False)
            notes = list(dict.fromkeys((*notes, *more)))
        home = home_region(_WHOLE_MESSAGE.get(), brain.lexicon)
        if home is not None and home != ctx.region:
            # ("我在吉林，浙江那套办法我能用吗"): the province asked about is not the asker's own
            notes = [*notes, *home_note(entry, kb, home)]
        # ("2025年山西见习补贴多少"): the documents quoted are older than the year asked
        notes = [*notes, *asked_year_note(cited, kb, _WHOLE_MESSAGE.get(), ctx.today)]
        if notes:
            parts.append("\n".join(notes))
        parts.append(self._citation_footer(cited, kb))
        return Reply(
            "\n\n".join(parts),
            buttons=entry_buttons(entry),
            outcome="answered",
            entry_id=entry.id,
            score=score,
            citations=cited.cites,
        )

    @staticmethod
    def _quotes(cites: tuple[str, ...], question: str, brain: Brain) -> list[str]:
        """Clauses quoted word for word (a long one cut at sentence ends around the question's words)."""
        kb = brain.kb
        quotes = []
        for cite in cites:
            clause = kb.clauses[cite]
            doc = kb.documents[clause.doc_id]
            excerpt = brain.clause_index.excerpt(clause, question)
            quote = f"{escape(doc.short_name)}{escape(clause.label)}：\n「{escape(excerpt)}」"
            if clause.responsible:  # the table's own column, as the document gives it
                quote += "\n" + brain.lexicon.say("responsible_note", units=clause.responsible)
            quotes.append(quote)
        return quotes

    @staticmethod
    def _citation_footer(entry: Entry, kb: KnowledgeBase) -> str:
        return citation_footer(kb, entry.cites)

    def _unsure(self, res: Resolution, ctx: Context, brain: Brain, about: str | None = None) -> Reply:
        """ "Did you mean…" — or, for a question asking a figure that none of the options states
        (nor a clause of the region asked), the plain word that the sources give no such figure,
        with the options as the nearest topics: offering them as the answer would be a guess."""
        offer = self._did_you_mean(res.candidates, brain, about=about)
        ask = quantity_asked(res.question, brain.lexicon)
        if ask is None or not offer.candidates:
            return offer
        for entry_id in offer.candidates:
            if self._states(self.answer(entry_id, ctx, brain=brain).text, ask, res.question, brain):
                return offer
        if self._clause_stating(ask, res.question, res, (), ctx, brain) is not None:
            return offer
        topics = "”、“".join(brain.kb.entries[e].title for e in offer.candidates)
        text = brain.lexicon.say("quantity_missing", quantity=ask.asked, topic=topics, date=ask.date)
        return dataclasses.replace(offer, text=text, outcome="declined")

    def _did_you_mean(self, candidates: tuple[Candidate, ...], brain: Brain, about: str | None = None) -> Reply:
        """ "Did you mean…" with 2–4 options; `about` names the part of a longer message it is for."""
        entries: list[Entry] = []
        resolver = brain.resolver
        for cand in candidates:  # 2–4 distinct options: never two near-identical titles
            entry = brain.kb.entries[cand.entry_id]
            # Two entries giving the same policy (a national rule and a province's notice repeating
            # it) are one option: the one covering more regions stands for both.
            alike = next((i for i, e in enumerate(entries) if resolver.related(e.id, entry.id)), None)
            if alike is not None:
                if resolver.regions_of(entry.cites) > resolver.regions_of(entries[alike].cites):
                    entries[alike] = entry
            elif all(fuzz.ratio(entry.title, e.title) < DISTINCT_TITLES for e in entries):
                entries.append(entry)
        buttons = (*tuple((Button(e.title, ENTRY(e.id)),) for e in entries), (MENU_BUTTON,))
        score = candidates[0].score if candidates else None
        if len(entries) == 1:
            # One option is no choice to offer ("您是想问：1. …"): the question is declined, its
            # nearest topic named with its button.
            if about is not None:
                text = brain.lexicon.say(
                    "part_near_topic", part=_as_asked(about, brain.lexicon), topic=entries[0].title
                )
            else:
                text = brain.lexicon.say("decline_near_topic")
            return Reply(text, buttons=buttons, outcome="declined", score=score, candidates=(entries[0].id,))
        listing = "\n".join(f"{i}. {escape(e.title)}" for i, e in enumerate(entries, 1))
        if about is not None:
            text = brain.lexicon.say("part_unsure", part=_as_asked(about, brain.lexicon)) + "\n" + listing
        else:
            text = brain.lexicon.say("did_you_mean") + "\n" + listing + "\n\n" + brain.lexicon.say("did_you_mean_end")
        return Reply(
            text,
            buttons=buttons,
            outcome="ambiguous",
            score=score,
            candidates=tuple(e.id for e in entries),
        )

    def _other_year(
        self, text: str, res: Resolution, brain: Brain, today: dt.date, questions: Sequence[str] = ()
    ) -> Reply | None:
        """A decline when the question names a year (2025年度; 今年的计划 in a question, not told in
        the story: "今年按计划收了几个见习生") and the answer rests only on a document made for
        another year (2023年度…计划): that year's document is not held."""
        if not res.confident:
            return None
        named = _year_named(brain.lexicon.plan_words)
        asked = {y for y in named.findall(text) if y not in _RELATIVE_YEARS} | {
            str(today.year + _RELATIVE_YEARS[y]) for q in questions for y in named.findall(q) if y in _RELATIVE_YEARS
        }
        kb = brain.kb
        cites = brain.kb.entries[res.entry_id].cites if res.entry_id else tuple(h.cite for h in res.clauses)
        docs = {kb.clauses[c].doc_id for c in cites}
        years = {d: _plan_years(kb.documents[d]) for d in docs}
        if not asked or not docs or not all(years.values()) or any(asked & set(y) for y in years.values()):
            return None
        nearest = "、".join(f"《{nested_title(kb.documents[d].title)}》" for d in sorted(docs))
        held = "、".join(sorted({y for ys in years.values() for y in ys})) + "年"
        text = brain.lexicon.say("other_year", asked="、".join(sorted(asked)) + "年", nearest=nearest, held=held)
        buttons = ((Button(kb.entries[res.entry_id].title, ENTRY(res.entry_id)),),) if res.entry_id else ()
        return Reply(text, buttons=(*buttons, (MENU_BUTTON,)), outcome="declined")

    def _annex_decline(
        self, asked: AnnexAsked, reading: Reading, audience: str | None, session: Session, brain: Brain
    ) -> Reply:
        """What is in an annex the base does not hold: said plainly, with the entries on the
        covering document that come nearest to the question as buttons."""
        kb = brain.kb
        doc = kb.documents[asked.doc_id]
        res = brain.resolver.resolve(
            reading.with_facts(" ".join(reading.questions)),
            reading.story_text,
            audience,
            None,
            brain.lexicon.covered_regions,
            (doc.id,),
        )
        nearest = [
            kb.entries[c.entry_id]
            for c in res.candidates_all
            if any(kb.clauses[cite].doc_id == doc.id for cite in kb.entries[c.entry_id].cites)
        ][:3]
        session[LAST_TURN_KEY] = {
            "q": reading.text[-MAX_REMEMBERED_CHARS:],
            "region": reading.region,
            "documents": [doc.id],
            "entry": None,
        }
        text = brain.lexicon.say(
            "annex_not_held",
            annex="、".join(f"《{a.title}》" for a in asked.annexes),
            pronoun="它们" if len(asked.annexes) > 1 else "它",
            document=f"《{nested_title(doc.title)}》",  # by title only: a decline cites no 文号
        )
        buttons = (*((Button(e.title, ENTRY(e.id)),) for e in nearest), (MENU_BUTTON,))
        return Reply(text, buttons=buttons, outcome="declined", candidates=tuple(e.id for e in nearest))

    def _decline(self, res: Resolution, brain: Brain) -> Reply:
        kb = brain.kb
        topics_hint = tuple(dict.fromkeys(kb.entries[c.entry_id].topic for c in res.candidates[:3] if c.score >= 0.2))
        if res.general_for and res.candidates:
            # A province's own change to a national rule, unknown here: the national rule is offered.
            entry = kb.entries[res.candidates[0].entry_id]
            text = brain.lexicon.say("local_change_unknown", asked=res.general_for, topic=entry.title)
            return Reply(text, buttons=((Button(entry.title, ENTRY(entry.id)),), (MENU_BUTTON,)), outcome="declined")
        if res.asked_region and res.nearest:
            nearest = "、".join(
                f"{brain.lexicon.profile.region_label(kb.documents[d].region)}的《{kb.documents[d].short_title or kb.documents[d].title}》"
                for d in res.nearest
            )
            # (a province with documents of its own has them named: it is not that nothing of it is held)
            # (… a notice issuing measures not held is named as what it is: their articles may say it)
            own = "、".join(
                f"《{d.short_title or d.title}》"
                + ("（只收录了印发通知）" if any(a.asked_by_title for a in d.annexes_not_held) else "")
                for d in kb.documents.values()
                if d.region == res.asked_region
            )
            lines = [brain.lexicon.say("near_miss", asked=res.asked_region, nearest=nearest, own=own)]
        else:
            # With a topic near the question, say it is near rather than that nothing is.
            lead = "decline_near_topic" if topics_hint else "decline"
            topics = "、".join(t.title for t in kb.topics.values())
            lines = [brain.lexicon.say(lead), brain.lexicon.say("decline_topics", topics=topics)]
        buttons = [(Button(kb.topics[t].title, TOPIC(t)),) for t in topics_hint if t in kb.topics]
        buttons.append((MENU_BUTTON,))
        return Reply("\n".join(lines), buttons=tuple(buttons), outcome="declined")

    # ---- buttons ---------------------------------------------------------------------
    def handle_action(self, action: str, ctx: Context | None = None, session: Session | None = None) -> Reply:
        """Answer a button press; unknown or stale data gets a friendly notice, never an error."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        kb = self.kb
        prefix, rest = callbacks.parse(action) or (None, "")
        if prefix is MENU:
            return self.menu(ctx)
        if prefix in (ENTRY, SOURCES, RELATED) and rest in kb.entries:
            if prefix is ENTRY:
                return self.answer(rest, ctx)
            if prefix is SOURCES:
                return self.sources_of(rest)
            return self.related_to(rest, ctx)
        if prefix is FEEDBACK:
            verdict, _, entry_id = rest.partition(":")
            if verdict in ("+", "-") and entry_id in kb.entries:  # "fb:+-:…" is forged
                return Reply(
                    "谢谢您的反馈！" + ("" if verdict == "+" else "我们会据此改进这条答复。"),
                    outcome="feedback",
                    entry_id=entry_id,
                )
        if prefix is TOPIC and rest in kb.topics:
            return self.topic(rest)
        if prefix is CLAUSE and rest in kb.clauses:
            return self.clause_source(rest)
        for specialist in self.specialists:
            reply = specialist.on_action(action, ctx, session)
            if reply is not None and reply.outcome == "expired":  # its own notice, then the main menu
                menu = self.menu(ctx)
                return Reply(reply.text + "\n\n" + menu.text, buttons=menu.buttons, outcome="expired")
            if reply is not None:
                return reply
        return self.expired(ctx)

    def handle_command(
        self, command: str, argument: str = "", ctx: Context | None = None, session: Session | None = None
    ) -> Reply | None:
        """A slash command owned by a specialist (e.g. /exams, /xiangang); None if nobody owns it."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        for specialist in self.specialists:
            reply = specialist.on_command(command, argument, ctx, session)
            if reply is not None:
                return reply
        return None

    def expired(self, ctx: Context | None = None) -> Reply:
        """A press of a button that no longer means anything: said, and the menu shown again."""
        menu = self.menu(ctx)
        return Reply(
            "这个按钮已过期（可能来自旧消息或旧版本的知识库）。请重新提问，或从菜单开始。\n\n" + menu.text,
            buttons=menu.buttons,
            outcome="expired",
        )

    def unknown_command(self, name: str, ctx: Context | None = None) -> Reply:
        """A slash command nobody owns: a hint, and the menu."""
        menu = self.menu(ctx)
        named = f" /{escape(name)} " if name else ""
        hint = f"没有{named}这个命令。发送 /help 查看可用的命令，或从菜单选择话题。"
        return Reply(hint + "\n\n" + menu.text, buttons=menu.buttons, outcome="unknown_command")

    def sources_of(self, entry_id: str) -> Reply:
        kb = self.kb
        entry = kb.entries[entry_id]
        blocks = []
        for cite in entry.cites:
            clause = kb.clauses[cite]
            doc = kb.documents[clause.doc_id]
            blocks.append(f"<b>{escape(doc.display_name)} {escape(clause.label)}</b>\n「{escape(clause.text)}」")
        text = f"📄 <b>原文</b>（{escape(entry.title)}）\n\n" + "\n\n".join(blocks)  # str + Markup would escape the str
        return Reply(
            text,
            buttons=((Button("🔙 回到答复", ENTRY(entry_id)),),),
            outcome="sources",
            entry_id=entry_id,
            citations=entry.cites,
        )

    def clause_source(self, cite: str) -> Reply:
        """One clause in full, as the document has it."""
        kb = self.kb
        clause = kb.clauses[cite]
        doc = kb.documents[clause.doc_id]
        text = f"📄 <b>原文</b>\n\n<b>{escape(doc.display_name)} {escape(clause.label)}</b>\n「{escape(clause.text)}」"
        return Reply(text, buttons=((MENU_BUTTON,),), outcome="sources", citations=(cite,))

    def related_to(self, entry_id: str, ctx: Context) -> Reply:
        kb = self.kb
        entry = kb.entries[entry_id]
        related = [r for r in entry.related if r in kb.entries]
        if len(related) < 2:
            for candidate in self.brain.matcher.score_all(entry.title + " " + entry.questions[0], ctx.audience, 6)[1]:
                if candidate.entry_id != entry_id and candidate.entry_id not in related:
                    related.append(candidate.entry_id)
                if len(related) >= 3:
                    break
        related = related[:3]
        if not related:
            return Reply("暂时没有相关问题。", buttons=((MENU_BUTTON,),), outcome="related")
        buttons = tuple((Button(kb.entries[r].title, ENTRY(r)),) for r in related)
        return Reply("🔗 相关问题：", buttons=buttons, outcome="related", entry_id=entry_id)

    def topic(self, topic_id: str) -> Reply:
        kb = self.kb
        topic = kb.topics[topic_id]
        buttons = tuple((Button(kb.entries[e].title, ENTRY(e)),) for e in topic.entry_ids[:12])
        return Reply(
            f"<b>{escape(topic.title)}</b>：请选择您关心的问题。",
            buttons=(*buttons, (MENU_BUTTON,)),
            outcome="topic",
        )

    def menu(self, ctx: Context | None = None) -> Reply:
        """The main menu, the same on every face: the specialists' entries, then the topics — for
        a user whose role is known, the topics with most answers for that role first and those
        with none for it left out — then the profile button."""
        kb = self.kb
        words = self.brain.lexicon.profile
        role = ctx.audience if ctx is not None else None
        extra = [b for s in self.specialists for b in s.menu_buttons()]
        rows = [(b,) for b in extra] + [(Button(t.title, TOPIC(t.id)),) for t in kb.topics.values()]
        if role in words.audiences:

            def answers_for_role(row: tuple[Button, ...]) -> int:
                topic_id = TOPIC.fields(row[0].action)
                topic = kb.topics.get(topic_id) if topic_id is not None else None
                if topic is None:
                    return -1  # not a topic button: keep it, after the topics
                return sum(role in kb.entries[e].audience for e in topic.entry_ids if e in kb.entries)

            ranked = sorted(rows, key=answers_for_role, reverse=True)  # stable: ties keep the order above
            rows = [row for row in ranked if answers_for_role(row) != 0]
        who = f"（为<b>{escape(words.audience_label(role))}</b>整理）" if role in words.audiences else ""
        text = f"📋 <b>主菜单</b>{who}：请选择话题，或直接输入您的问题。"
        return Reply(text, buttons=(*rows, (PROFILE_BUTTON,)), outcome="menu")


def _restore(session: Session, saved: Session) -> None:
    session.clear()
    session.update(saved)


def without_verdict(body: str, openers: tuple[str, ...]) -> str:
    """An answer's text without the yes or no it opens with ("有。", "可以。")."""
    stripped = body.lstrip()
    for opener in openers:
        if stripped.startswith(opener):
            return stripped[len(opener) :].lstrip()
    return body


def _as_asked(question: str, lexicon: Lexicon) -> str:
    """A part of a message as named back to the user: without the word joining it to the rest
    (另外, 还有), with the document title it was read without, without anything typed like
    markup (it would show as tags), and bounded."""
    part = without_connector(question, lexicon)
    typed = _TYPED_MESSAGE.get()
    return _TYPED_TAG.sub("", typed.with_title(part) if typed is not None else part)[:60]


_PART_START = re.compile(r"[。？！?!；;，,\n]")


@dataclass(frozen=True)
class _TypedMessage:
    """The message as typed (after typo correction), with the documents it names by title."""

    text: str
    documents: tuple[str, ...]
    kb: KnowledgeBase

    def with_title(self, part: str) -> str:
        """`part` with the title typed right before it in the same sentence, when the reading
        took that title out ("里对…怎么说" → "《…通知》里对…怎么说")."""
        at = self.text.find(part)
        if at <= 0:
            return part
        starts = [m.end() for m in _PART_START.finditer(self.text, 0, at)]
        before = self.text[starts[-1] if starts else 0 : at]
        read = without_named_titles(before + part, self.documents, self.kb)
        if before.strip() and read.endswith(part) and not read[: -len(part)].strip():
            return before.lstrip() + part
        return part


_TYPED_MESSAGE: contextvars.ContextVar[_TypedMessage | None] = contextvars.ContextVar("typed_message", default=None)
# The whole message being answered: a date its story tells (when a body was set up) may be what
# an answer reckons the date asked from (bot.table_notes.told_term), though its part does not tell it.
_WHOLE_MESSAGE: contextvars.ContextVar[str] = contextvars.ContextVar("whole_message", default="")


_TYPED_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")


@functools.lru_cache(maxsize=8)
def _year_named(plan_words: tuple[str, ...]) -> re.Pattern[str]:
    """A year naming a yearly document or plan: "2025年度", "2026年的岗位任务"."""
    words = "|".join(map(re.escape, plan_words)) or "(?!)"
    # (up to 20 characters between: a yearly plan named by most of its title)
    return re.compile(rf"((?:19|20)\d{{2}}|今|明|去|后)\s*年(?:度|的?[^，。？！,.?!\s]{{0,20}}?(?:{words}))")


_RELATIVE_YEARS = {"今": 0, "明": 1, "去": -1, "后": 2}  # 今年, 明年 … named as _year_named finds them


def _plan_years(document: Document) -> list[str]:
    """The years a document's plans are for: its `plan_year`, or the 年度 of its title."""
    return [str(document.plan_year)] if document.plan_year else _YEAR_OF_TITLE.findall(document.title)


def _only_greets(canonical: str, lexicon: Lexicon) -> bool:
    """Whether a message is nothing but greetings, words announcing a question it does not ask
    (`empty_asks`) and fillers (哈哈, 呀)."""
    if len(canonical) > 24 or not lexicon.empty_asks:
        return False
    rest = canonical
    for words in lexicon.greeting_pieces:
        rest = rest.replace(words, "")
    for filler in lexicon.greeting_fillers:
        rest = rest.replace(filler, "")
    return not rest


def _after_title(reply: Reply, line: str) -> Reply:
    """The reply with a line right after its title (an answer in a numbered list opens with it)."""
    title, _, body = reply.text.partition("\n\n")
    return dataclasses.replace(reply, text=f"{title}\n\n{line}\n\n{body}" if body else f"{line}\n\n{title}")


def _clause_entry(cites: tuple[str, ...]) -> Entry:
    """A stand-in entry for clause answers, so time notes and the footer are the entries' own."""
    return Entry(id="clauses", topic="", title="", audience=(), questions=(), answer="", cites=cites, path="", line=0)


def _leans_to(unsure: Resolution, sure: Resolution) -> bool:
    """Whether an unsure reading has the sure one's answer among its three best candidates (or
    found nothing to lean to at all)."""
    leaders = [c.entry_id for c in unsure.candidates_all[:3]]
    return not leaders or sure.entry_id is None or sure.entry_id in leaders


def _shows_parts(document: Document) -> bool:
    """Whether a document's card may say how its text is divided: not an interpretation's, whose
    parts are not those of the rules it explains (asked "几章几条", those are what is meant)."""
    return document.kind != "interpretation"
