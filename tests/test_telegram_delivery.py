"""Splitting long HTML replies and building keyboards within Telegram's limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram_fakes import visible_text

from bot.reply import Button, Reply
from bot.tg.delivery import keyboard, split_html, telegram_length

WORDS = st.sampled_from(["政策", "条款", "毕业生", "&amp;", "&lt;", "📄", "见习", "x" * 50, "补助" * 40])
INLINE = st.builds(
    lambda tag, words: f"<{tag}>{''.join(words)}</{tag}>",
    st.sampled_from(["b", "i", "code"]),
    st.lists(WORDS, min_size=1, max_size=30),
)
LINE = st.lists(st.one_of(WORDS, INLINE), min_size=1, max_size=60).map("".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=6).map("\n".join)
DOCUMENT = st.lists(PARAGRAPH, min_size=1, max_size=25).map("\n\n".join)


@settings(max_examples=60, deadline=None)
@given(DOCUMENT, st.sampled_from([300, 1000, 4096]))
def test_every_part_fits_is_valid_html_and_together_they_keep_all_the_text(text, limit):
    parts = split_html(text, limit)
    assert all(telegram_length(p) <= limit for p in parts)
    visible = [visible_text(p, "HTML") for p in parts]  # raises on broken or unbalanced tags
    assert re.sub(r"\s", "", "".join(visible)) == re.sub(r"\s", "", visible_text(text, "HTML"))


def test_short_text_is_one_part_unchanged():
    assert split_html("<b>短</b>\n\n文本") == ["<b>短</b>\n\n文本"]


def test_long_text_is_cut_between_paragraphs_when_it_can_be():
    paragraphs = [f"第{i}段。" + "内容" * 300 for i in range(10)]
    parts = split_html("\n\n".join(paragraphs))
    assert len(parts) > 1
    assert all(part.startswith("第") and part.endswith("内容") for part in parts)


def test_callback_data_over_64_bytes_is_refused_before_it_reaches_telegram():
    assert keyboard(Reply("x", buttons=((Button("ok", "e:" + "a" * 62),),))) is not None
    with pytest.raises(ValueError, match="64 bytes"):
        keyboard(Reply("x", buttons=((Button("太长", "e:" + "条" * 21),),)))
