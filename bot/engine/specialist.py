"""The guided-dialog specialist: plugs the engine into the Assistant (any face).

It owns each dialog's slash command, /dialogs (menu), /cancel (while a dialog runs), the
`dlg:*` button actions, and typed text while a dialog waits for an answer. The dialogs are
checked against the knowledge base the assistant currently serves; when a reload swaps in
a new knowledge version, the dialogs are loaded again for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from bot.core import Context, Session
from bot.engine import actions
from bot.engine.loader import load_dialogs
from bot.engine.machine import Event, advance
from bot.engine.model import DialogBook
from bot.engine.present import dialog_menu
from bot.kb.errors import KbLoadFailed
from bot.kb.model import KnowledgeBase
from bot.reply import Button, Reply

log = logging.getLogger(__name__)
SESSION_KEY = "dialog"
MENU_COMMANDS = ("dialogs", "guide")


class DialogSpecialist:
    def __init__(self, dialogs_dir: Path | str, knowledge: Callable[[], KnowledgeBase]):
        """`knowledge` returns the kb being served now (e.g. `lambda: assistant.kb`)."""
        self.dialogs_dir = Path(dialogs_dir)
        self._knowledge = knowledge
        self._book: DialogBook | None = None
        self.book()  # fail at start-up, not on the first user, if a dialog file is broken

    def book(self) -> DialogBook:
        kb = self._knowledge()
        if self._book is None:
            self._book = load_dialogs(self.dialogs_dir, kb)
        elif self._book.kb is not kb:
            try:
                self._book = load_dialogs(self.dialogs_dir, kb)
            except KbLoadFailed as exc:  # keep serving the dialogs that worked; say why
                log.error("dialogs do not load against the new knowledge version:\n%s", exc)
        return self._book

    def _run(self, event: Event, ctx: Context, session: Session) -> Reply | None:
        book = self.book()
        state = session.get(SESSION_KEY)
        if state is not None and state.get("dialog") not in book.dialogs:
            state = None  # the dialog was removed or renamed since the user started it
        new_state, reply = advance(book, state, event, ctx.today, ctx.audience, ctx.region)
        if new_state is None:
            session.pop(SESSION_KEY, None)
        else:
            session[SESSION_KEY] = new_state
        return reply

    # ---- Specialist protocol -------------------------------------------------------------
    def on_command(self, command: str, argument: str, ctx: Context, session: Session) -> Reply | None:
        book = self.book()
        if command in MENU_COMMANDS:
            return dialog_menu(book)
        if command == "cancel":
            if session.get(SESSION_KEY):
                return self._run(Event("cancel"), ctx, session)
            return Reply("现在没有进行中的引导问答，不需要取消。您可以直接提问，或选择一个引导问答。",
                         buttons=((Button("🗂 引导问答", "dlg:menu"), Button("📋 菜单", "menu")),),
                         outcome="dialog_nothing_to_cancel")
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
        if not session.get(SESSION_KEY):
            return None
        return self._run(Event("text", text=text), ctx, session)

    @property
    def commands(self) -> dict[str, str]:
        """Slash commands for Telegram's command menu: one per dialog, plus the menu and /cancel."""
        named = {d.id: f"引导问答：{d.title}" for d in self.book().ordered()}
        return {**named, "dialogs": "引导问答菜单", "cancel": "取消当前引导问答"}

    def menu_buttons(self) -> list[Button]:
        """The main menu's entry to the guided dialogs."""
        return [Button("🗂 引导问答（逐步判断是否适用）", "dlg:menu")]

    def menu_entries(self) -> list[tuple[str, str]]:
        """(button text, action) for every dialog, in menu order — for the /start menu."""
        return [(d.title, actions.encode("start", d.id)) for d in self.book().ordered()]
