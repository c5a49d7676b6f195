"""The guided-dialog specialist: plugs the engine into the Assistant (any face).

It owns each dialog's slash command, /dialogs (menu), /cancel (while a dialog runs), the
`dlg:*` button actions, and typed text while a dialog waits for an answer. The dialogs are
checked against the knowledge base the assistant currently serves; when a reload swaps in
a new knowledge version, the dialogs are loaded again for it.

Dialogs and questions coexist. While a dialog waits, `on_text` takes only what answers the
step (a button's text, a number or date for a typed step, a name or posting for a text step,
返回/修改/取消/继续); a question typed meanwhile gets None, the dialog state untouched, so the
Assistant answers it like any question. Two more hooks for the Assistant:
- `resume_buttons(session)`: the "↩️ 继续：<title>" button to append under such an answer;
  pressing it (`dlg:r:<dialog>`) shows the waiting step again.
- `pending_notice(session, ctx)`: a dialog left alone longer than the limit in
  `dialogs/settings/conversation.yaml` is ended; the notice says so, once, before the answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from markupsafe import escape
from pydantic import Field

from bot.core import Context, Session, Specialist
from bot.engine import actions, present
from bot.engine.loader import load_dialogs
from bot.engine.machine import Event, State, advance
from bot.engine.model import DialogBook
from bot.engine.present import dialog_menu
from bot.engine.runtime import locate
from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.model import KnowledgeBase
from bot.kb.schema import Strict, Text
from bot.kb.validate import display_path, read_validated
from bot.reply import MENU_BUTTON, Button, Reply
from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)
SESSION_KEY = "dialog"
TOUCHED_KEY = "touched"  # in the dialog state: ISO time (UTC) of its last start or step
MENU_COMMANDS = ("dialogs", "guide")
CONVERSATION_FILE = Path("settings") / "conversation.yaml"
DEFAULT_CONVERSATION = PROJECT_ROOT / "dialogs" / CONVERSATION_FILE


class ConversationSpec(Strict):
    expire_after_hours: float = Field(gt=0)
    expired_notice: Text
    resume_label: Text


@dataclass(frozen=True)
class Conversation:
    """How dialogs share the conversation with questions (dialogs/settings/conversation.yaml)."""

    expire_after_hours: float
    expired_notice: str
    resume_label: str

    @classmethod
    def load(cls, path: Path) -> Conversation:
        errors: list[KbError] = []
        result = read_validated(path, display_path(path.parent.parent, path), ConversationSpec, errors)
        if result is None:
            raise KbLoadFailed(errors)
        spec = result[1]
        return cls(float(spec.expire_after_hours), spec.expired_notice, spec.resume_label)

    def fill(self, text: str, title: str) -> str:
        hours = f"{self.expire_after_hours:g}"
        return text.replace("{title}", title).replace("{hours}", hours)


def check_conversation(dialogs_dir: Path) -> list[KbError]:
    """`kb check`: the dialogs folder's settings/conversation.yaml, when it has one, must load."""
    path = Path(dialogs_dir) / CONVERSATION_FILE
    try:
        if path.is_file():
            Conversation.load(path)
    except KbLoadFailed as exc:
        return list(exc.errors)
    return []


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DialogSpecialist(Specialist):
    def __init__(
        self,
        dialogs_dir: Path | str,
        knowledge: Callable[[], KnowledgeBase],
        now: Callable[[], dt.datetime] = utc_now,
        conversation: Path | str | None = None,
    ):
        """`knowledge` returns the kb being served now (e.g. `lambda: assistant.kb`); `now` is the
        clock that dates dialog steps (for expiry); `conversation` defaults to the dialogs folder's
        settings/conversation.yaml, or the project's when that folder has none (tests' folders)."""
        self.dialogs_dir = Path(dialogs_dir)
        self._knowledge = knowledge
        self._now = now
        path = Path(conversation) if conversation else self.dialogs_dir / CONVERSATION_FILE
        self._conversation_path = path if path.is_file() or conversation else DEFAULT_CONVERSATION
        self.conversation = Conversation.load(self._conversation_path)
        self._book: DialogBook | None = None
        self.book()  # fail at start-up, not on the first user, if a dialog file is broken

    def book(self) -> DialogBook:
        kb = self._knowledge()
        if self._book is None:
            self._book = load_dialogs(self.dialogs_dir, kb)
        elif self._book.kb is not kb:
            try:
                self._book = load_dialogs(self.dialogs_dir, kb)
                self.conversation = Conversation.load(self._conversation_path)  # a reload re-reads it too
            except KbLoadFailed as exc:  # keep serving the dialogs that worked; say why
                log.error("dialogs do not load against the new knowledge version:\n%s", exc)
        return self._book

    def _run(self, event: Event, ctx: Context, session: Session) -> Reply | None:
        book = self.book()
        notice = self.pending_notice(session, ctx)  # normally already said by the Assistant
        state = session.get(SESSION_KEY)
        if state is not None and state.get("dialog") not in book.dialogs:
            state = None  # the dialog was removed or renamed since the user started it
        new_state, reply = advance(book, state, event, ctx.today, ctx.audience, ctx.region)
        if new_state is None:
            session.pop(SESSION_KEY, None)
        else:
            if reply is not None:  # started or stepped: a side question (reply None) leaves it as it was
                new_state[TOUCHED_KEY] = self._now().isoformat(timespec="seconds")
            session[SESSION_KEY] = new_state
        if notice and reply is not None:
            reply = dataclasses.replace(reply, text=f"{notice}\n\n{reply.text}")
        return reply

    # ---- the dialog waiting while the user asks something else -----------------------------
    def _waiting(self, session: Session) -> tuple[State, str] | None:
        """(state, dialog title) of a dialog that waits for an answer (not one showing its outcome)."""
        state = session.get(SESSION_KEY)
        if not isinstance(state, dict):
            return None
        book = self.book()
        dialog = book.dialogs.get(cast(str, state.get("dialog")))
        if dialog is None:
            return None
        try:
            position = locate(dialog, book, state.get("answers") or {}, self._now().date(), None)
        except Exception:  # a state from an older dialog file: offer nothing rather than fail the answer
            log.warning("dialog state of '%s' does not replay", dialog.id, exc_info=True)
            return None
        return None if position.current.end else (state, dialog.title)

    def resume_buttons(self, session: Session) -> list[Button]:
        """The 继续 button the Assistant puts under an answer given while a dialog waits."""
        waiting = self._waiting(session)
        if waiting is None:
            return []
        state, title = waiting
        return [
            Button(
                self.conversation.fill(self.conversation.resume_label, title), actions.encode("resume", state["dialog"])
            )
        ]

    def pending_notice(self, session: Session, ctx: Context) -> str | None:
        """End a dialog left alone too long; the notice (once, HTML-safe) for the Assistant to put first.

        A finished dialog (its outcome shown) is dropped silently: nothing was left waiting.
        A state without a time (saved before times were kept) is dated now.
        """
        state = session.get(SESSION_KEY)
        if not isinstance(state, dict):
            return None
        now = self._now()
        try:
            touched = dt.datetime.fromisoformat(state[TOUCHED_KEY])
        except (KeyError, TypeError, ValueError):
            state[TOUCHED_KEY] = now.isoformat(timespec="seconds")
            return None
        if touched.tzinfo is None:
            touched = touched.replace(tzinfo=dt.UTC)
        if now - touched <= dt.timedelta(hours=self.conversation.expire_after_hours):
            return None
        waiting = self._waiting(session)
        session.pop(SESSION_KEY, None)
        if waiting is None:
            return None
        return str(escape(self.conversation.fill(self.conversation.expired_notice, waiting[1])))

    # ---- Specialist protocol -------------------------------------------------------------
    def on_command(self, command: str, argument: str, ctx: Context, session: Session) -> Reply | None:
        book = self.book()
        if command in MENU_COMMANDS:
            return dialog_menu(book)
        if command == "cancel":
            if session.get(SESSION_KEY):
                return self._run(Event("cancel"), ctx, session)
            return Reply(
                "现在没有进行中的引导问答，不需要取消。您可以直接提问，或选择一个引导问答。",
                buttons=((present.DIALOG_MENU_BUTTON, MENU_BUTTON),),
                outcome="dialog_nothing_to_cancel",
            )
        dialog = book.by_command(command)
        if dialog is None:
            return None
        reply = self._run(Event("start", dialog.id), ctx, session)
        if argument.strip() and reply is not None and reply.outcome == "dialog_question":
            # "/title 技师" answers the first question at once.
            return self._run(Event("text", text=argument), ctx, session) or reply
        return reply

    def on_action(self, action: str, ctx: Context, session: Session) -> Reply | None:
        parsed = actions.decode(action)
        if parsed is None:
            return None
        book = self.book()
        if parsed.kind == "menu":
            return dialog_menu(book)
        if parsed.kind == "start":
            if parsed.dialog not in book.dialogs:
                return None  # a dialog that no longer exists: the Assistant says "expired"
            return self._run(Event("start", parsed.dialog), ctx, session)
        return self._run(Event("action", action=parsed), ctx, session)

    def holds_text(self, session: Session) -> bool:
        """A dialog in progress reads typed text before the other specialists (see Assistant.ask)."""
        return bool(session.get(SESSION_KEY))

    def on_text(self, text: str, canonical: str, ctx: Context, session: Session) -> Reply | None:
        """An answer to the waiting step, or None (no dialog, or a question: the dialog waits)."""
        if not session.get(SESSION_KEY):
            return None
        if self.pending_notice(session, ctx):
            return None  # expired just now (the Assistant did not ask first): the text is a question
        return self._run(Event("text", text=text), ctx, session)

    @property
    def commands(self) -> dict[str, str]:
        """Slash commands for Telegram's command menu: one per dialog, plus the menu and /cancel."""
        named = {d.id: f"引导问答：{d.title}" for d in self.book().ordered()}
        return {**named, "dialogs": "引导问答菜单", "cancel": "取消当前引导问答"}

    def on_reload(self) -> None:
        self.book()  # the new knowledge's dialog book, built now

    def menu_buttons(self) -> list[Button]:
        """The main menu's entry to the guided dialogs."""
        return [Button("🗂 引导问答（逐步判断是否适用）", actions.encode("menu"))]

    def offers_for_tables(self, tables: tuple[str, ...]) -> list[Button]:
        """The dialogs that read these rule tables: offered under a free-text answer that
        named one of their rows, for the full step-by-step check."""
        wanted = set(tables)
        return [
            Button(f"🗂 逐项核对：{d.title}", actions.encode("start", d.id))
            for d in self.book().ordered()
            if wanted & {lookup.table for lookup in d.lookups}
        ]

    def menu_entries(self) -> list[tuple[str, str]]:
        """(button text, action) for every dialog, in menu order — for the /start menu."""
        return [(d.title, actions.encode("start", d.id)) for d in self.book().ordered()]
