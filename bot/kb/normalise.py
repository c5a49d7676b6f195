"""Folding text to one comparable form: NFKC (full/half width), traditional→simplified (OpenCC),
lower case; and stripping it to letters and digits. The knowledge sections compare names with
these at load time, and the brain's text pipeline builds on them (bot.text)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import opencc

_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
# Where a message's clauses break (a comma, a sentence's end, a space): the category book and
# the count book read a message's clauses apart with it.
CLAUSE_BREAK = re.compile(r"[，,；;。！!？?\s]+")
# A place in a list by its number ("第三", "第 12"): the number captured, in digits or Chinese numerals.
ORDINAL = r"第\s*([0-9]{1,3}|[一二两三四五六七八九十百]{1,4})\s*"


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """NFKC, traditional→simplified, lower case; control and zero-width characters dropped.
    Remembered (bounded): a message, its parts and its story are folded by many readers in turn."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # the common case has none of them, and is not walked char by char
        text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    simplified: str = _t2s().convert(text)
    # "二〇一七年版" is the 2017 edition: a year written digit by digit in Chinese numerals (same length)
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_CHINESE_DIGITS), simplified).lower()


_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CHINESE_YEAR = re.compile(r"(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}(?=年|版)")


def strip_to_words(text: str) -> str:
    """Letters (CJK, latin) and digits only: punctuation and spaces carry no meaning here."""
    return _KEEP.sub("", text)


_Trie = dict[str, "_Trie"]  # a character → the words going on with it ("" → a word ends here)


def longest_word_pattern(words: Iterable[str]) -> str:
    """A regular expression matching, wherever one of `words` begins, the longest of them — what an
    alternation of them sorted longest first matches, written as their trie: Python's `re` tries an
    alternation's words one by one at every position, a trie only the words going on as the text
    does (a thousand synonyms are matched three times faster). Empty when `words` is."""
    trie: _Trie = {}
    for word in filter(None, words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    # A word ends here, and longer ones go on: the longer are tried first (greedy), this one after.
    return f"(?:{body})?"
