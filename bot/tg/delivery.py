"""Turning a core `Reply` into Telegram messages: keyboards, long-text splitting, documents."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, ReplyParameters
from telegram.ext import ExtBot

from bot import callbacks
from bot.reply import Reply

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = callbacks.MAX_CALLBACK_BYTES
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = []
    for row in reply.buttons:
        for button in row:
            if len(button.action.encode("utf-8")) > CALLBACK_DATA_LIMIT:
                raise ValueError(f"button {button.text!r}: callback data over {CALLBACK_DATA_LIMIT} bytes")
        rows.append([InlineKeyboardButton(b.text, callback_data=b.action) for b in row])
    return InlineKeyboardMarkup(rows)


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split at paragraph boundaries (then lines, then characters), never inside a tag.

    Tags still open at a cut are closed at the end of the part and reopened at the start of
    the next, so every part is valid HTML on its own. Lengths count markup too (safe side).
    """
    if telegram_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, limit // 2):
        candidate = current + piece
        if _visible(current).strip() and telegram_length(candidate) + _reserve(candidate) > limit:
            parts.append(_close_open_tags(current))
            candidate = _reopen_tags(current) + piece
        current = candidate
    if current.strip():
        parts.append(current)
    return [p.strip() for p in parts if _visible(p).strip()]


def _pieces(text: str, max_piece: int) -> list[str]:
    """Paragraphs (keeping their separators); oversize ones broken at lines, then at tag-free points."""
    pieces = []
    for paragraph in re.split(r"(?<=\n\n)", text):
        if telegram_length(paragraph) <= max_piece:
            pieces.append(paragraph)
            continue
        for line in re.split(r"(?<=\n)", paragraph):
            while telegram_length(line) > max_piece:
                cut = _safe_cut(line, max_piece)
                pieces.append(line[:cut])
                line = line[cut:]
            pieces.append(line)
    return [p for p in pieces if p]


def _safe_cut(line: str, max_piece: int) -> int:
    """The last index ≤ max_piece characters that is not inside a tag or an entity."""
    cut = max_piece // 2  # code points; ≤ max_piece UTF-16 units even if all are emoji
    while cut > 1 and (
        line.rfind("<", 0, cut) > line.rfind(">", 0, cut) or line.rfind("&", 0, cut) > line.rfind(";", 0, cut)
    ):
        cut -= 1
    return cut


def _open_tags(html_text: str) -> list[str]:
    """The opening tags (as written) still open at the end of `html_text`, outermost first."""
    stack: list[str] = []
    for match in _TAG.finditer(html_text):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            stack.append(match.group(0))
        elif stack and _tag_name(stack[-1]) == name:
            stack.pop()
    return stack


def _tag_name(opening: str) -> str:
    match = _TAG.match(opening)
    assert match is not None, opening  # only ever called with a tag _TAG found
    return match.group(2).lower()


def _close_open_tags(html_text: str) -> str:
    return html_text.rstrip() + "".join(f"</{_tag_name(t)}>" for t in reversed(_open_tags(html_text)))


def _reopen_tags(html_text: str) -> str:
    return "".join(_open_tags(html_text))


def _reserve(html_text: str) -> int:
    return sum(len(_tag_name(t)) + 3 for t in _open_tags(html_text))


def _visible(html_text: str) -> str:
    return _TAG.sub("", html_text)


async def send_reply(bot: ExtBot[Any], chat_id: int, reply: Reply, reply_to: int | None = None) -> Message | None:
    """Send the reply's text (split if long; buttons under the last part), then its files."""
    last = None
    parts = split_html(reply.text) if reply.text else []
    for i, part in enumerate(parts):
        last = await bot.send_message(
            chat_id,
            part,
            reply_markup=keyboard(reply) if i == len(parts) - 1 else None,
            reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to and i == 0
            else None,
        )
    for attachment in reply.attachments:
        if attachment.get("kind") != "document":
            raise ValueError(f"unsupported attachment kind {attachment.get('kind')!r}")
        last = await bot.send_document(
            chat_id,
            InputFile(attachment["data"], filename=attachment["filename"]),
            caption=attachment.get("caption"),
        )
    return last
