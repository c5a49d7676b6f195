"""What every reply must satisfy before it may reach Telegram, as one assertion helper.

Stricter than Telegram itself on purpose: the core promises only b/i/u/s/code/pre/a tags,
so anything else (even a tag Telegram would accept) means user text leaked in as markup.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from bot.reply import Reply
from bot.tg.delivery import CALLBACK_DATA_LIMIT, TELEGRAM_TEXT_LIMIT, split_html, telegram_length

CORE_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}
CAPTION_LIMIT = 1024
_RAW_LT = re.compile(r"<(?!/?(?:b|i|u|s|code|pre|a)(?:\s[^<>]*)?>)")
_RAW_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Strict(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in CORE_TAGS, f"tag <{tag}> is not one the core may send"
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"], f"<a> with attributes {attrs}"
        else:
            assert not attrs, f"<{tag}> with attributes {attrs}"
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        raise AssertionError(f"self-closing <{tag}/> is not Telegram HTML")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> (open: {self.stack})"
        self.stack.pop()


def assert_valid_html(text: str) -> str:
    """Balanced core tags only, every other '<' and '&' escaped; returns the visible text."""
    assert not _RAW_LT.search(text), f"unescaped '<' in {text[:200]!r}"
    assert not _RAW_AMP.search(text), f"unescaped '&' in {text[:200]!r}"
    parser = _Strict()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed tags {parser.stack} in {text[:200]!r}"
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def assert_telegram_safe(reply: Reply) -> list[str]:
    """The reply as the face would send it fits Telegram; returns the visible parts."""
    assert isinstance(reply, Reply), f"expected a Reply, got {reply!r}"
    parts = split_html(reply.text) if reply.text else []
    assert parts or reply.attachments, "an empty reply (Telegram rejects empty messages)"
    visible = []
    for part in parts:
        plain = assert_valid_html(part)
        assert plain.strip(), f"a part with no visible text: {part!r}"
        assert telegram_length(plain) <= TELEGRAM_TEXT_LIMIT
        visible.append(plain)
    for row in reply.buttons:
        for button in row:
            assert button.text.strip(), "a button without a label"
            assert 1 <= len(button.action.encode()) <= CALLBACK_DATA_LIMIT, f"callback data {button.action!r}"
    for attachment in reply.attachments:
        assert len(attachment.get("caption") or "") <= CAPTION_LIMIT
    return visible
