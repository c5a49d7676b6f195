"""The pure step function: (dialog state, event) → (new state, reply).

State (JSON-serialisable, kept in session["dialog"]):
    {"dialog": "title", "answers": {"level": "technician", "years": 3}, "editing": null}
`editing` = {"step": id, "old": stored value} while an earlier answer is being changed.
No clock, no I/O: today and the audience come in with the event, so a restart mid-dialog
resumes exactly where the user was, and tests replay transcripts deterministically.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, cast

from markupsafe import escape

from bot.engine import actions, present
from bot.engine.model import Choice, Dialog, DialogBook, Step
from bot.engine.runtime import Position, locate
from bot.engine.values import AnswerProblem, interpret_answer
from bot.reply import MENU_BUTTON, Button, Reply

State = dict[str, Any]
BACK_WORDS = ("返回", "上一步", "后退")
EDIT_WORDS = ("修改", "改答案", "修改回答")
CANCEL_WORDS = ("取消", "退出", "结束")
RESTART_WORDS = ("重新开始", "重来")
RESUME_WORDS = ("继续", "继续回答", "接着来", "接着回答")
# Typed text that is not an answer to the step and reads like a question is left to the rest
# of the assistant (FAQ, exam calendar): the dialog waits, unchanged, and a 继续 button brings
# its step back. Words that mark a question, and the length beyond which an unparseable text
# is a sentence rather than a mistyped short answer ("好几年", "一千八左右吧" stay answers).
QUESTION_CUES = re.compile(
    "[?？]|吗|呢|什么|啥|怎么|怎样|咋|如何|为什么|为啥|多少|多久|多长|哪|能不能|能否|可不可以|可以不|是不是|是否|"
    "要不要|需不需要|用不用|有没有|会不会|算不算|行不行|请问|想问|问一下|问问"
)
SHORT_ANSWER_CHARS = 12
ANSWER_TAIL = re.compile(r"[\s?？!！。.~～]*(吧|吗|呢|啊|呀|嘛)?[\s?？!！。.~～]*$")
NEGATIONS = re.compile("不|没|非|无|未")
SIDE_QUESTION_HINT = "想先问别的问题，直接输入问题即可，问完点“继续”回到这里。"
# A free-text step (a name, a pasted posting) takes any text, except a short one-line question.
TEXT_STEP_QUESTION_CHARS = 60


@dataclass(frozen=True)
class Event:
    kind: str  # start | action | text | cancel
    dialog: str | None = None
    action: actions.Action | None = None
    text: str = ""


def fresh(dialog: Dialog) -> State:
    return {"dialog": dialog.id, "answers": {}, "editing": None}


def advance(
    book: DialogBook, state: State | None, event: Event, today: dt.date, audience: str | None, region: str | None = None
) -> tuple[State | None, Reply | None]:
    """Apply one event. A None reply means "not mine": free text after an outcome, or a
    question typed while a step waits (the state comes back unchanged; the dialog waits).

    The given state is never changed: the new state is a copy (so a failed send can retry
    from the old one, and tests can compare before and after).
    """
    state = copy.deepcopy(state)
    if event.kind == "start":
        started = book.dialogs[cast(str, event.dialog)]  # a start event names its dialog
        new = fresh(started)
        new["region"] = region
        return new, _show(book, started, new, today, audience)
    if state is not None:
        state["region"] = region  # the user's profile region, for region warnings (not an answer)
    dialog = book.dialogs.get(state["dialog"]) if state else None
    if event.kind == "cancel":
        return None, _cancelled() if state else None
    if dialog is None:
        if event.kind == "text":
            return None, None
        return None, _finished("这个对话已经结束或已被取消。")
    state = cast(State, state)  # a dialog was found in it
    if event.kind == "text":
        return _on_text(book, dialog, state, event.text.strip(), today, audience)
    return _on_action(book, dialog, state, cast(actions.Action, event.action), today, audience)


# ---- helpers -------------------------------------------------------------------------------
def _position(book: DialogBook, dialog: Dialog, state: State, today: dt.date, audience: str | None) -> Position:
    return locate(dialog, book, state["answers"], today, audience, state.get("region"))


def _show(
    book: DialogBook, dialog: Dialog, state: State, today: dt.date, audience: str | None, notice: str | None = None
) -> Reply:
    position = _position(book, dialog, state, today, audience)
    if position.current.end:
        state["editing"] = None
        reply = present.outcome(book, dialog, position)
        return dataclasses.replace(reply, text=f"{notice}\n\n{reply.text}") if notice else reply
    editing = state.get("editing")
    old = None
    if editing and editing.get("step") == position.current.id:
        old = present.answer_label(position.current, editing.get("old"))
    return present.question(book, dialog, position, notice, old)


def _cancelled() -> Reply:
    return Reply(
        "已取消。您可以直接提问，或重新选择一个引导问答。",
        buttons=((present.DIALOG_MENU_BUTTON, MENU_BUTTON),),
        outcome="dialog_cancelled",
    )


def _finished(text: str) -> Reply:
    return Reply(text + "请从引导问答菜单重新开始。", buttons=((present.DIALOG_MENU_BUTTON,),), outcome="expired")


def _record(
    book: DialogBook,
    dialog: Dialog,
    state: State,
    step: Step,
    stored: Any,
    today: dt.date,
    audience: str | None,
    notice: str | None = None,
) -> tuple[State, Reply]:
    """Store an answer, drop the answers that depend on a changed one, then replay."""
    answers = state["answers"]
    changed = step.id in answers and answers[step.id] != stored
    editing = state.get("editing")
    if editing and editing.get("step") == step.id:
        changed = editing.get("old") != stored
        state["editing"] = None
    answers[step.id] = stored
    if changed:
        for other in dialog.steps.values():
            if step.var in other.depends_on:
                answers.pop(other.id, None)
    return state, _show(book, dialog, state, today, audience, notice=notice)


# ---- typed text ----------------------------------------------------------------------------
def reads_like_question(text: str) -> bool:
    """Not a mistyped answer but a question (or a sentence) for the rest of the assistant."""
    compact = "".join(text.split())
    return bool(QUESTION_CUES.search(compact)) or len(compact) > SHORT_ANSWER_CHARS


def _without_tail(text: str) -> str:
    """ "3年？", "技师吧": an answer said with a little doubt is still the answer."""
    return ANSWER_TAIL.sub("", text)


def _said_choice(step: Step, text: str) -> Choice | None:
    """The one button a statement names ("我是高级工，拿证好多年了" → 高级工), or None.

    Only labels of two or more characters; a label inside a longer one that is also said
    counts as the longer one; a negation outside the label ("不是技师") makes it no answer.
    """
    said = [c for c in step.choices if len(c.label) >= 2 and c.label in text]
    said = [c for c in said if not any(c.label != o.label and c.label in o.label for o in said)]
    if len(said) != 1:
        return None
    outside = text.replace(said[0].label, "")
    return None if NEGATIONS.search(outside) else said[0]


def _question_at_text_step(text: str) -> bool:
    """A free-text step takes names and pasted postings; a short one-line question is not one."""
    compact = "".join(text.split())
    return "\n" not in text.strip() and len(compact) <= TEXT_STEP_QUESTION_CHARS and bool(QUESTION_CUES.search(compact))


def _on_text(
    book: DialogBook, dialog: Dialog, state: State, text: str, today: dt.date, audience: str | None
) -> tuple[State | None, Reply | None]:
    position = _position(book, dialog, state, today, audience)
    if text in CANCEL_WORDS:
        return None, _cancelled()
    if text in RESTART_WORDS:
        return advance(book, None, Event("start", dialog.id), today, audience)
    if text in BACK_WORDS:
        return _back(book, dialog, state, today, audience)
    if text in EDIT_WORDS:
        return state, _edit_menu(book, dialog, state, today, audience)
    if text in RESUME_WORDS:
        return state, _show(book, dialog, state, today, audience)
    step = position.current
    if step.end:
        return state, None  # the dialog is finished: free text is a new question for the FAQ
    if step.input is not None:
        if step.input.unknown_label and text == step.input.unknown_label:  # typed the ❔ button's text
            return _record(book, dialog, state, step, None, today, audience)
        if step.input.type == "text" and _question_at_text_step(text):
            return state, None  # a question, not the name or posting asked for: the dialog waits
        try:
            stored, note = interpret_answer(
                text, step.input.type, step.input.min, step.input.max, today, step.input.unit
            )
        except AnswerProblem as problem:
            bare = _without_tail(text)
            if bare and bare != text:
                try:
                    stored, note = interpret_answer(
                        bare, step.input.type, step.input.min, step.input.max, today, step.input.unit
                    )
                    return _record(
                        book, dialog, state, step, stored, today, audience, notice=f"ℹ️ {escape(note)}" if note else None
                    )
                except AnswerProblem:
                    pass
            if reads_like_question(text):
                return state, None  # a side question: answered elsewhere, the dialog waits unchanged
            hint = f"⚠️ {escape(str(problem))}{escape(step.input.hint)}{SIDE_QUESTION_HINT}"
            return state, _show(book, dialog, state, today, audience, notice=hint)
        return _record(book, dialog, state, step, stored, today, audience, notice=f"ℹ️ {escape(note)}" if note else None)
    choice = next((c for c in step.choices if text in (c.label, c.value) or _without_tail(text) == c.label), None)
    if choice is None and not QUESTION_CUES.search(text):
        choice = _said_choice(step, text)
    if choice is None:
        if reads_like_question(text):
            return state, None  # a side question: answered elsewhere, the dialog waits unchanged
        labels = "、".join(c.label for c in step.choices)
        hint = f"⚠️ 请点下方按钮选择（{escape(labels)}），也可以输入“返回”“修改”或“取消”。{SIDE_QUESTION_HINT}"
        return state, _show(book, dialog, state, today, audience, notice=hint)
    return _record(book, dialog, state, step, None if choice.unknown else choice.value, today, audience)


# ---- buttons -------------------------------------------------------------------------------
def _on_action(
    book: DialogBook, dialog: Dialog, state: State, action: actions.Action, today: dt.date, audience: str | None
) -> tuple[State | None, Reply]:
    if action.dialog != dialog.id:
        return state, _show(
            book, dialog, state, today, audience, notice="⚠️ 这个按钮属于另一个已结束的对话。我们继续当前的对话："
        )
    if action.kind == "cancel":
        return None, _cancelled()
    if action.kind == "back":
        return _back(book, dialog, state, today, audience)
    if action.kind == "edit_menu":
        return state, _edit_menu(book, dialog, state, today, audience)
    if action.kind == "resume":  # 继续 after a side question: the step the dialog waits at, again
        return state, _show(book, dialog, state, today, audience)
    position = _position(book, dialog, state, today, audience)
    step = dialog.steps.get(action.step or "")
    if action.kind == "edit":
        if step is None or step.id not in (*position.path, position.current.id):
            return state, _show(book, dialog, state, today, audience, notice="⚠️ 这个问题已不在当前的对话路径上。")
        if step.id in position.path:
            state["editing"] = {"step": step.id, "old": state["answers"].pop(step.id)}
        return state, _show(book, dialog, state, today, audience)
    # choose
    if step is None or step.id != position.current.id:
        if position.current.end:  # user-qa C11: nothing to answer now; say so instead of "answer the question"
            return state, _show(
                book,
                dialog,
                state,
                today,
                audience,
                notice="⚠️ 这个按钮来自之前的问题，这个对话已经有了结论（如下）。要改之前的回答，请点“修改回答”。",
            )
        return state, _show(
            book,
            dialog,
            state,
            today,
            audience,
            notice="⚠️ 这个按钮来自之前的问题。请回答当前的问题（要改之前的回答，请点“修改”）：",
        )
    if action.index == "u" and step.input is not None and step.input.unknown_label:
        return _record(book, dialog, state, step, None, today, audience)
    if (
        action.index is None
        or not action.index.isascii()
        or not action.index.isdigit()  # '²' is a digit to isdigit()
        or len(action.index) > 4
        or int(action.index) >= len(step.choices)
    ):
        return state, _show(book, dialog, state, today, audience, notice="⚠️ 这个按钮已过期。")
    choice = step.choices[int(action.index)]
    return _record(book, dialog, state, step, None if choice.unknown else choice.value, today, audience)


def _back(book: DialogBook, dialog: Dialog, state: State, today: dt.date, audience: str | None) -> tuple[State, Reply]:
    position = _position(book, dialog, state, today, audience)
    editing = state.get("editing")
    if editing:  # leaving a change unanswered: keep the old answer, as if nothing happened
        state["answers"][editing["step"]] = editing["old"]
        state["editing"] = None
        return state, _show(book, dialog, state, today, audience, notice="↩️ 已放弃修改，保留原来的回答。")
    if not position.path:
        return state, _show(book, dialog, state, today, audience, notice="这已经是第一个问题。")
    state["answers"].pop(position.path[-1], None)
    return state, _show(book, dialog, state, today, audience)


def _edit_menu(book: DialogBook, dialog: Dialog, state: State, today: dt.date, audience: str | None) -> Reply:
    position = _position(book, dialog, state, today, audience)
    if not position.path:
        return _show(book, dialog, state, today, audience, notice="还没有可以修改的回答。")
    rows = []
    for sid in position.path:
        step = dialog.steps[sid]
        shown = present.answer_label(step, state["answers"][sid])
        label = f"{step.title}：{shown}"
        rows.append((Button(label[:40], actions.encode("edit", dialog.id, sid)),))
    back_label = "⬅️ 不修改，看结果" if position.current.end else "⬅️ 不修改，继续"
    rows.append((Button(back_label, actions.encode("edit", dialog.id, position.current.id)),))
    return Reply(
        "✏️ 要修改哪一项回答？只会重新问受这项回答影响的问题，其余回答保留。",
        buttons=tuple(rows),
        outcome="dialog_edit_menu",
    )
