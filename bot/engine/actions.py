"""Button actions of the dialog engine (Telegram callback data, so ≤ 64 bytes each).

    dlg:menu                    list of dialogs
    dlg:start:<dialog>          start (or restart) a dialog
    dlg:c:<dialog>:<step>:<i>   choose the i-th choice of a step ("u" = the "don't know" button)
    dlg:b:<dialog>              返回 (back one step)
    dlg:m:<dialog>              修改: list the answers that can be changed
    dlg:e:<dialog>:<step>       change the answer of a step (also "answer this unknown condition")
    dlg:x:<dialog>              取消
    dlg:r:<dialog>              继续: show the step the dialog waits at again (after a side question)
Every action names its dialog and step, so a button from an older message is recognised as
stale instead of answering the wrong question.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks

PREFIX = callbacks.DIALOG.name  # the dialogs' row of the one table of button prefixes
MAX_CALLBACK_BYTES = callbacks.MAX_CALLBACK_BYTES


@dataclass(frozen=True)
class Action:
    kind: str  # menu | start | choose | back | edit_menu | edit | cancel | resume
    dialog: str | None = None
    step: str | None = None
    index: str | None = None


_CODES = {"c": "choose", "b": "back", "m": "edit_menu", "e": "edit", "x": "cancel", "r": "resume", "start": "start"}
_KINDS = {v: k for k, v in _CODES.items()}


def encode(kind: str, dialog: str | None = None, step: str | None = None, index: str | int | None = None) -> str:
    if kind == "menu":
        return callbacks.DIALOG("menu")
    parts = [_KINDS[kind], dialog or ""]
    if step is not None:
        parts.append(step)
    if index is not None:
        parts.append(str(index))
    return callbacks.DIALOG(*parts)


def decode(data: str) -> Action | None:
    parsed = callbacks.parse(data)
    if parsed is None or parsed[0] is not callbacks.DIALOG:
        return None
    parts = data.split(callbacks.SEP)
    if len(parts) < 2:
        return None
    if parts[1] == "menu":
        return Action("menu")
    kind = _CODES.get(parts[1])
    if kind is None or len(parts) < 3:
        return None
    step = parts[3] if len(parts) > 3 else None
    index = parts[4] if len(parts) > 4 else None
    return Action(kind, parts[2], step, index)


def too_long(data: str) -> bool:
    return len(data.encode("utf-8")) > MAX_CALLBACK_BYTES
