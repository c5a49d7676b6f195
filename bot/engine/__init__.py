"""Guided dialogs: YAML dialogs in dialogs/, rule values from knowledge/rules (`kb.rules`),
one pure engine.

Public surface:
- `load_dialogs(dialogs_dir, kb)` / `check_dialogs(dialogs_dir, kb)` — load, or list file:line problems
- `DialogSpecialist(dialogs_dir, knowledge)` — the Assistant plug-in (commands, buttons, text)
- `advance(book, state, event, today, audience)` — the pure step function
- `preview(name, book)` — Mermaid diagram + Markdown walk-through for staff
"""

from bot.engine.loader import check_dialogs, load_dialogs
from bot.engine.machine import Event, advance
from bot.engine.preview import preview
from bot.engine.specialist import DialogSpecialist

__all__ = ["DialogSpecialist", "Event", "advance", "check_dialogs", "load_dialogs", "preview"]
