"""The one brain: user events in, replies out. No transport code lives here.

Every face — Telegram, the terminal chat, `qualbot ask`, the tests — calls `Assistant`,
so they all answer identically. The assistant holds one immutable knowledge version at a
time (`Brain`); a reload builds a new Brain completely and then swaps the reference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import escape

from bot.kb.model import Entry, KnowledgeBase
from bot.matching import Matcher, MatchPolicy, MatchResult
from bot.render import AnswerRenderer
from bot.reply import Button, Reply
from bot.settings import china_today
from bot.text import TextPipeline
from bot.timeliness import time_notes

# Greetings and thanks get a human reply instead of "no policy found" (exact, whole messages only).
_HELLO = "您好！我是职业资格政策助手，请直接输入您的问题，例如：<i>没有教师资格证能先当老师吗？</i>，或点下方菜单。"
_THANKS = "不客气！还有问题可以继续问我。"
SMALL_TALK = {
    **dict.fromkeys(("你好", "您好", "hi", "hello", "在吗", "在不在", "哈喽", "嗨", "早上好", "下午好", "晚上好"), _HELLO),
    **dict.fromkeys(("谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "好的谢谢", "thanks", "thankyou", "辛苦了"), _THANKS),
}
MAX_QUESTION_CHARS = 500  # what FAQ matching reads of a question
MAX_INPUT_CHARS = 5000  # what a specialist sees (a pasted job posting; Telegram allows 4096)


@dataclass(frozen=True)
class Context:
    """Who asks, from where, and when."""

    today: dt.date
    audience: str | None = None
    region: str | None = None
    user_id: int | None = None


Session = dict  # per-user, JSON-serialisable conversation state; the face persists it


class Specialist(Protocol):
    """A pluggable part of the brain (exam calendar, guided dialogs …).

    Each hook returns a Reply when it handles the event, or None to pass. `session` is the
    user's persisted state (a plain dict the specialist may change); `ctx` says who and when.
    """

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None: ...

    def on_action(self, action: str, ctx: Context, session: Session) -> Reply | None: ...

    def on_command(self, command: str, argument: str, ctx: Context, session: Session) -> Reply | None: ...

    # Optional: `menu_buttons() -> list[Button]` adds entries to the main menu.


class Brain:
    """Everything derived from one knowledge version: text pipeline, index, templates."""

    def __init__(self, kb: KnowledgeBase, policy: MatchPolicy | None = None):
        self.kb = kb
        terms = [k for e in kb.entries.values() for k in e.keywords]
        terms += [k for d in kb.documents.values() for c in d.clauses for k in c.keywords]
        terms += list(kb.synonyms.values())
        self.pipeline = TextPipeline(kb.synonyms, terms)
        self.matcher = Matcher(kb, self.pipeline, policy)
        renderer = kb.extras.get("renderer")
        if renderer is None:
            renderer = AnswerRenderer(kb.clauses)
            for entry in kb.entries.values():
                renderer.compile(entry)
        self.renderer: AnswerRenderer = renderer


def entry_buttons(entry: Entry) -> tuple[tuple[Button, ...], ...]:
    return (
        (Button("📄 查看原文", f"src:{entry.id}"), Button("🔗 相关问题", f"rel:{entry.id}")),
        (Button("👍 有帮助", f"fb:+:{entry.id}"), Button("👎 没帮助", f"fb:-:{entry.id}")),
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

    def swap(self, brain: Brain) -> None:
        """Atomically serve a new knowledge version (built and validated beforehand)."""
        self.brain = brain

    def context(self, audience: str | None = None, region: str | None = None, user_id: int | None = None) -> Context:
        return Context(today=self.clock(), audience=audience, region=region, user_id=user_id)

    # ---- free text -------------------------------------------------------------------
    def ask(self, text: str, ctx: Context | None = None, session: Session | None = None) -> Reply:
        """Answer typed text. With a session, an active guided dialog sees the text first."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        # TEMPORARY SHIM (branch i10dlg) for the dialog/question contract; the integrator's core
        # replaces it: notices of expired dialogs first, a 继续 row under answers given meanwhile.
        notices = [n for s in self.specialists if (n := getattr(s, "pending_notice", lambda *_: None)(session, ctx))]
        held: list[bool] = []
        reply = self._ask(text, ctx, session, held)
        if not held:
            resume = [b for s in self.specialists for b in getattr(s, "resume_buttons", lambda _s: [])(session)]
            if resume:
                reply = dataclasses.replace(reply, buttons=(*reply.buttons, tuple(resume)))
        if notices:
            reply = dataclasses.replace(reply, text="\n\n".join([*notices, reply.text]))
        return reply

    def _ask(self, text: str, ctx: Context, session: Session, held: list[bool]) -> Reply:
        full = (text or "")[:MAX_INPUT_CHARS]
        text = full[:MAX_QUESTION_CHARS]
        brain = self.brain  # one version for the whole answer, even if a reload swaps mid-way
        canonical = brain.pipeline.canonical(text)
        # A specialist holding the conversation (a guided dialog waiting for an answer) reads first:
        # a pasted posting that names 教师资格 and 报名时间 is the dialog's answer, not an exam question.
        first = [s for s in self.specialists if getattr(s, "holds_text", lambda _session: False)(session)]
        for specialist in (*first, *(s for s in self.specialists if s not in first)):
            # the whole text: a dialog waiting for a pasted posting must not check a silently cut one
            reply = specialist.on_text(full, canonical, ctx, session)
            if reply is not None:
                if specialist in first:
                    held.append(True)
                return reply
        if not canonical or canonical.isdigit():
            return Reply(
                "请用文字输入您的问题，例如：<i>没有教师资格证能先当老师吗？</i>",
                buttons=((Button("📋 菜单", "menu"),),), outcome="declined",
            )
        small_talk = SMALL_TALK.get(canonical)
        if small_talk is not None:
            return Reply(small_talk, buttons=((Button("📋 菜单", "menu"),),), outcome="small_talk")
        result = brain.matcher.match(text, ctx.audience)
        if result.outcome == "answered":
            best = result.best
            return self.answer(best.entry_id, ctx, brain=brain, score=best.score)
        if result.outcome == "ambiguous":
            return self._did_you_mean(result, brain)
        return self._decline(result, brain)

    def answer(self, entry_id: str, ctx: Context, brain: Brain | None = None, score: float | None = None) -> Reply:
        brain = brain or self.brain
        kb = brain.kb
        entry = kb.entries[entry_id]
        body = brain.renderer.render(entry, ctx.audience, ctx.today, ctx.region)
        parts = [f"<b>{escape(entry.title)}</b>", body]
        notes = time_notes(entry, kb, ctx.today, ctx.region)
        if notes:
            parts.append("\n".join(notes))
        parts.append(self._citation_footer(entry, kb))
        return Reply(
            "\n\n".join(parts), buttons=entry_buttons(entry), outcome="answered", entry_id=entry.id,
            score=score, citations=entry.cites,
        )

    @staticmethod
    def _citation_footer(entry: Entry, kb: KnowledgeBase) -> str:
        by_doc: dict[str, list[str]] = {}
        for cite in entry.cites:
            clause = kb.clauses[cite]
            by_doc.setdefault(clause.doc_id, []).append(clause.label)
        lines = ["📎 <b>依据</b>："]
        for doc_id, labels in by_doc.items():
            doc = kb.documents[doc_id]
            lines.append(f"• {escape(doc.display_name)} {escape('、'.join(dict.fromkeys(labels)))}")
        return "\n".join(lines)

    def _did_you_mean(self, result: MatchResult, brain: Brain) -> Reply:
        entries = [brain.kb.entries[c.entry_id] for c in result.candidates]
        listing = "\n".join(f"{i}. {escape(e.title)}" for i, e in enumerate(entries, 1))
        text = (
            "抱歉，我没有找到与您的问题完全对应的答复，不确定您想问的是哪一项。您是想问：\n"
            f"{listing}\n\n请点选其中一项，或换个说法再问。"
        )
        buttons = (*tuple((Button(e.title, f"e:{e.id}"),) for e in entries), (Button("📋 菜单", "menu"),))
        return Reply(
            text, buttons=buttons, outcome="ambiguous", score=result.best.score if result.best else None,
            candidates=tuple(e.id for e in entries),
        )

    def _decline(self, result: MatchResult, brain: Brain) -> Reply:
        kb = brain.kb
        topics = "、".join(t.title for t in kb.topics.values())
        lines = [
            "抱歉，知识库中没有找到与您的问题相关的政策，无法给出可靠的答复。",
            f"我可以回答这些方面的问题：{escape(topics)}。",
            "您可以换个说法再问，或发送 /menu 查看菜单。",
        ]
        buttons = [(Button(kb.topics[t].title, f"t:{t}"),) for t in result.topics_hint if t in kb.topics]
        if result.topics_hint:
            lines.insert(1, "和您的问题最接近的话题见下方按钮。")
        buttons.append((Button("📋 菜单", "menu"),))
        return Reply("\n".join(lines), buttons=tuple(buttons), outcome="declined")

    # ---- buttons ---------------------------------------------------------------------
    def handle_action(self, action: str, ctx: Context | None = None, session: Session | None = None) -> Reply:
        """Answer a button press; unknown or stale data gets a friendly notice, never an error."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        kb = self.kb
        kind, _, rest = action.partition(":")
        if kind == "menu":
            return self.menu(ctx)
        if kind in ("e", "src", "rel") and rest in kb.entries:
            if kind == "e":
                return self.answer(rest, ctx)
            if kind == "src":
                return self.sources_of(rest)
            return self.related_to(rest, ctx)
        if kind == "fb":
            verdict, _, entry_id = rest.partition(":")
            if verdict in "+-" and verdict and entry_id in kb.entries:
                return Reply("谢谢您的反馈！" + ("" if verdict == "+" else "我们会据此改进这条答复。"), outcome="feedback",
                             entry_id=entry_id)
        if kind == "t" and rest in kb.topics:
            return self.topic(rest)
        for specialist in self.specialists:
            reply = specialist.on_action(action, ctx, session)
            if reply is not None:
                return reply
        return self.expired()

    def handle_command(self, command: str, argument: str = "", ctx: Context | None = None,
                       session: Session | None = None) -> Reply | None:
        """A slash command owned by a specialist (e.g. /exams, /xiangang); None if nobody owns it."""
        ctx = ctx or self.context()
        session = {} if session is None else session
        for specialist in self.specialists:
            reply = specialist.on_command(command, argument, ctx, session)
            if reply is not None:
                return reply
        return None

    def expired(self) -> Reply:
        return Reply("这个按钮已过期（可能来自旧消息或旧版本的知识库）。请重新提问，或从菜单开始。",
                     buttons=((Button("📋 菜单", "menu"),),), outcome="expired")

    def sources_of(self, entry_id: str) -> Reply:
        kb = self.kb
        entry = kb.entries[entry_id]
        blocks = []
        for cite in entry.cites:
            clause = kb.clauses[cite]
            doc = kb.documents[clause.doc_id]
            blocks.append(f"<b>{escape(doc.display_name)} {escape(clause.label)}</b>\n「{escape(clause.text)}」")
        text = f"📄 <b>原文</b>（{escape(entry.title)}）\n\n" + "\n\n".join(blocks)  # str + Markup would escape the str
        return Reply(text, buttons=((Button("🔙 回到答复", f"e:{entry_id}"),),), outcome="sources", entry_id=entry_id,
                     citations=entry.cites)

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
            return Reply("暂时没有相关问题。", buttons=((Button("📋 菜单", "menu"),),), outcome="related")
        buttons = tuple((Button(kb.entries[r].title, f"e:{r}"),) for r in related)
        return Reply("🔗 相关问题：", buttons=buttons, outcome="related", entry_id=entry_id)

    def topic(self, topic_id: str) -> Reply:
        kb = self.kb
        topic = kb.topics[topic_id]
        buttons = tuple((Button(kb.entries[e].title, f"e:{e}"),) for e in topic.entry_ids[:12])
        return Reply(f"<b>{escape(topic.title)}</b>：请选择您关心的问题。", buttons=(*buttons, (Button("📋 菜单", "menu"),)),
                     outcome="topic")

    def menu(self, ctx: Context | None = None) -> Reply:
        kb = self.kb
        extra = [b for s in self.specialists for b in (getattr(s, "menu_buttons", lambda: [])())]
        buttons = tuple((b,) for b in extra) + tuple((Button(t.title, f"t:{t.id}"),) for t in kb.topics.values())
        return Reply("📋 <b>主菜单</b>：请选择话题，或直接输入您的问题。", buttons=buttons, outcome="menu")
