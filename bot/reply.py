"""What the core returns to every face: text (Telegram HTML), buttons, and provenance."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.callbacks import MENU, PROFILE

_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|a)(?:\s[^>]*)?>")


@dataclass(frozen=True)
class Button:
    text: str
    action: str  # compact, ≤ 64 bytes: it becomes Telegram callback data


MENU_BUTTON = Button("📋 菜单", MENU())  # under most replies, on every face
PROFILE_BUTTON = Button("👤 修改身份/地区", PROFILE("edit"))  # the main menu's last row


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    outcome: str | None = None
    entry_id: str | None = None
    score: float | None = None
    citations: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    attachments: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def plain_text(self) -> str:
        """The text as a Telegram user sees it: markup removed, entities decoded."""
        return html.unescape(_TAG.sub("", self.text))

    def all_buttons(self) -> list[Button]:
        return [b for row in self.buttons for b in row]


def format_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_month(day) -> str:
    """The month of a day, as a reply names it when the day itself is not known."""
    return f"{day.year}年{day.month}月"
