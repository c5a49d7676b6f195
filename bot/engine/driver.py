"""A scripted user for dialogs: drives the Assistant the way a face does (no Telegram).

Used by the transcript tests (tests/dialog_transcripts/*.yaml) and handy in a REPL. After
every event the session goes through a JSON round trip, exactly as persistence would do it,
so every transcript also proves that a restart at any point resumes the dialog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.core import Assistant, Context
from bot.reply import Reply


class DriverError(AssertionError):
    pass


@dataclass
class DialogDriver:
    assistant: Assistant
    ctx: Context
    session: dict[str, Any] = field(default_factory=dict)
    last: Reply | None = None

    def _keep(self, reply: Reply | None) -> Reply:
        if reply is None:
            raise DriverError("nobody answered")
        self.session = json.loads(json.dumps(self.session, ensure_ascii=False))
        self.last = reply
        return reply

    def command(self, name: str, argument: str = "") -> Reply:
        return self._keep(self.assistant.handle_command(name, argument, self.ctx, self.session))

    def say(self, text: str) -> Reply:
        return self._keep(self.assistant.ask(text, self.ctx, self.session))

    def action(self, data: str) -> Reply:
        return self._keep(self.assistant.handle_action(data, self.ctx, self.session))

    def press(self, text: str) -> Reply:
        """Press the button on the last reply whose text equals (or else contains) `text`."""
        if self.last is None:
            raise DriverError("no reply yet: nothing to press")
        buttons = self.last.all_buttons()
        button = next((b for b in buttons if b.text == text), None) or next(
            (b for b in buttons if text in b.text), None
        )
        if button is None:
            shown = ", ".join(b.text for b in buttons)
            raise DriverError(f"no button '{text}' on the last reply; buttons: {shown}")
        return self.action(button.action)
