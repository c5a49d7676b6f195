"""Text normalisation and segmentation for Chinese questions.

Pipeline: fold (bot.kb.normalise: NFKC, traditional→simplified, lower case) →
synonym replacement (colloquial → canonical terms) → letters and digits only → jieba
segmentation with a dictionary built from a general word list plus the knowledge terms.
Matching features are the words (minus function words) plus CJK character bigrams, which
keep a typo or an unseen compound from zeroing a match.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import jieba
import numpy as np

from bot.kb.normalise import fold, longest_word_pattern, strip_to_words

# How the tokenizer splits a text before cutting each part into words (jieba.cut): by runs of
# word characters, each cut on its own.
_TOKENIZER_BLOCK = jieba.re_han_default

jieba.setLogLevel(60)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# An approximate count (十来天, 二十来人, 10来个): the figure with its unit, without the 来.
_ABOUT = re.compile(r"([0-9一二两三四五六七八九十百千万]+)来([个天年月人岁家所项次周])")
# Homophone correction: known words of 2–6 characters, found in stretches of up to 4 tokens.
MIN_SOUND_WORD, MAX_SOUND_WORD, MAX_SOUND_TOKENS = 2, 6, 4


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[str, str]:
    """Character → commonest toneless reading (generated from pypinyin by tools/gen_pinyin.py)."""
    text = (Path(__file__).parent / "data" / "pinyin.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)


@lru_cache(maxsize=1)
def _general_vocabulary() -> tuple[str, ...]:
    """'word freq' lines of common general words (generated from jieba by tools/gen_words.py)."""
    return tuple((Path(__file__).parent / "data" / "words.txt").read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def _general_words() -> dict[str, tuple[int, str]]:
    """word → (frequency, part of speech) from the 'word freq pos' lines."""
    rows = (line.split(" ") for line in _general_vocabulary())
    return {r[0]: (int(r[1]), r[2] if len(r) > 2 else "") for r in rows if len(r) >= 2 and r[1].isdigit()}


@lru_cache(maxsize=1)
def _rare_words() -> frozenset[str]:
    """Real but uncommon short words (启事, 幼师): never homophone typos (tools/gen_words.py)."""
    return frozenset((Path(__file__).parent / "data" / "rare_words.txt").read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def _dictionary_hashes() -> np.ndarray:
    """Sorted hashes of every 3–4 character word of jieba's full dictionary, however rare (站得住,
    价目表): 1.7 MB of int64 instead of a set of 216 000 strings. Read on first use; a hash
    is only compared within the process that made it. (Its rare 2-character words are left out:
    they blocked real typo corrections.)"""
    source = Path(jieba.__file__).parent / "dict.txt"
    words = (line.split(" ", 1)[0] for line in source.read_text(encoding="utf-8").splitlines())
    return np.unique(np.fromiter((hash(w) for w in words if 3 <= len(w) <= 4), dtype=np.int64))


def in_dictionary(word: str) -> bool:
    """Whether jieba's full dictionary holds `word` (3–4 characters)."""
    if not 3 <= len(word) <= 4:
        return False
    table = _dictionary_hashes()
    key = hash(word)
    at = int(np.searchsorted(table, key))
    return at < len(table) and int(table[at]) == key


def real_word(word: str) -> bool:
    """Whether general Chinese has this word, common or not."""
    return word in _general_words() or word in _rare_words() or in_dictionary(word)


def general_frequency(word: str) -> int:
    """How common `word` is in general Chinese (jieba's dictionary counts; 0 when absent)."""
    return _general_words().get(word, (0, ""))[0]


# Parts of speech (jieba's tags) that say how a question is put, never what it is about: verbs,
# pronouns, adverbs, adjectives, distinguishing words (初级, 私立), numerals, conjunctions … and
# words of time (当时, 前年, 夏天: when the story happened; blind sets +2, no answer more wrong).
_MANNER_TAGS = frozenset("r rr rz d dg c p u ul uj uz ug uv ud m mq q y e o t tg".split())


# A verb this common in general Chinese (jieba's counts: 应当, 需要, 进行, 说明 — some four hundred)
# says how a question is put, like a word of manner: a formal question's 应当 is a plain one's 要.
# Measured on every question set (5 000 against 2 000, 10 000 and 20 000): the most blind answers
# gained for the fewest read ones lost.
COMMON_VERB = 5000


def names_a_topic(word: str) -> bool:
    """Whether a general word can be what a question is about (a noun, a name, an abbreviation);
    words general Chinese does not know are taken as topics, its commonest verbs are not."""
    entry = _general_words().get(word)
    if entry is not None and entry[1] == "v" and entry[0] >= COMMON_VERB:
        return False
    return entry is None or entry[1] not in _MANNER_TAGS


class TextPipeline:
    """Normalises and segments text; built once per knowledge version (synonyms, terms)."""

    def __init__(
        self,
        synonyms: Mapping[str, str],
        domain_terms: Iterable[str],
        split_words: Iterable[str] = (),
        stopwords: Iterable[str] = (),
        dialect_words: Mapping[str, str] | None = None,
    ):
        self._stopwords = frozenset(stopwords)  # words that say nothing about which policy is meant
        # Cantonese written as it is spoken (嘅, 喺, 係唔係), read as the Mandarin it says (folded keys)
        self._dialect = dict(dialect_words or {})
        self._dialect_re = re.compile(longest_word_pattern(self._dialect)) if self._dialect else None
        self._synonyms = {fold(k): fold(v) for k, v in synonyms.items() if fold(k)}
        # Canonical terms map to themselves so that a variant inside a longer canonical term
        # (见习生 inside 见习生活补助) is never rewritten: the longest match wins.
        for canonical in list(self._synonyms.values()):
            if len(canonical) >= 2:
                self._synonyms.setdefault(canonical, canonical)
        self._synonym_re = re.compile(longest_word_pattern(self._synonyms)) if self._synonyms else None
        self._tokenizer = self._build_tokenizer(domain_terms, frozenset(split_words))
        self._canonical_cache: dict[str, str] = {}
        self._corrected_cache: dict[str, str] = {}
        self._words_cache: dict[str, tuple[str, ...]] = {}
        self._blocks_cache: dict[str, tuple[str, ...]] = {}
        self._features_cache: dict[str, tuple[str, dict[str, float]]] = {}
        self._known: frozenset[str] = frozenset()  # the knowledge's own words (learn_sounds)
        self._kept: frozenset[str] = frozenset()  # words never corrected, nor cut into (learn_sounds)
        self._by_sound: dict[str, str] = {}  # a sound only one of them has → that word
        self._alike_sounds: dict[str, tuple[str, ...]] = {}  # a sound several of them share → those words
        self._pair_written: Callable[[str], bool] = lambda pair: False  # a pair the knowledge writes

    def _build_tokenizer(self, domain_terms: Iterable[str], split_words: frozenset[str]) -> jieba.Tokenizer:
        # A general word that in this domain only ever straddles two words ("多少天才开始": 天 + 才)
        # is left out of the dictionary.
        lines = [line for line in _general_vocabulary() if line.split(" ", 1)[0] not in split_words]
        terms = {strip_to_words(fold(t)) for t in set(domain_terms)} | set(self._synonyms.values())  # fold each once
        lines += [f"{t} 50000" for t in terms if len(t) >= 2]
        tokenizer = jieba.Tokenizer()
        data = io.BytesIO("\n".join(lines).encode("utf-8"))
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(data)
        tokenizer.initialized = True
        return tokenizer

    def canonical(self, text: str) -> str:
        """Folded text with colloquial variants replaced by canonical terms, words only.

        One message is read several ways (whole, each part, with its context), so the same
        text comes back; the last few thousand are remembered per knowledge version."""
        cached = self._canonical_cache.get(text)
        if cached is not None:
            return cached
        if len(self._canonical_cache) >= 4096:
            self._canonical_cache.clear()
        self._canonical_cache[text] = result = self._canonical(text)
        return result

    def learn_sounds(self, words: Iterable[str], writes: Callable[[str], bool], kept: Iterable[str] = ()) -> None:
        """Learn the knowledge's own words, so that a homophone typo of one of them — 上刚 for
        上岗, 留用律 for 留用率, or pinyin typed in between (挂kao) — is read as that word. Only
        a sound a single known word has is used (失业 and 事业 correct nothing), and what the
        knowledge itself writes (`writes`: a character pair it holds — 之日起, 往上考) is never
        a typo. `writes` looks the pair up in the indexes, which hold every pair already. `kept`:
        words people type that general Chinese lacks (我司, 老版): no correction runs into them."""
        known = {w for w in words if MIN_SOUND_WORD <= len(w) <= MAX_SOUND_WORD and _CJK.fullmatch(w)}
        by_sound: dict[str, str | None] = {}
        for word in known:
            sound = _loose(self._sound(word))
            by_sound[sound] = None if sound in by_sound and by_sound[sound] != word else word
        self._known = frozenset(known)
        self._kept = frozenset(kept)
        self._pair_written = writes
        self._by_sound = {s: w for s, w in by_sound.items() if w is not None}
        alike: dict[str, list[str]] = {}
        for word in sorted(known):
            sound = _loose(self._sound(word))
            if by_sound[sound] is None:
                alike.setdefault(sound, []).append(word)
        self._alike_sounds = {s: tuple(w) for s, w in alike.items()}
        self._corrected_cache.clear()

    def _sounding(self, sound: str, window: str) -> str | None:
        """The known word `window` is a typo of: the one word with its sound — or, of the words
        sharing it (实施, 事实), the one keeping a typed character in its place (实失 is 实施)."""
        word = self._by_sound.get(sound)
        if word is not None:
            return word
        kept = [
            w
            for w in self._alike_sounds.get(sound, ())
            if len(w) == len(window) and any(a == b for a, b in zip(w, window, strict=True))
        ]
        return kept[0] if len(kept) == 1 else None

    @staticmethod
    def _sound(text: str) -> str:
        pinyin = _pinyin_table()
        return "".join(pinyin.get(ch, ch) for ch in text)

    def correct(self, text: str) -> str:
        """The message folded (bot.kb.normalise.fold), its dialect words read as Mandarin and
        homophone typos of the knowledge's own words replaced: read once per message, before
        anything else reads it."""
        folded = fold(text)
        if self._dialect_re is not None:
            folded = self._dialect_re.sub(lambda word: self._dialect[word.group()], folded)
        if not self._by_sound:
            return folded
        cached = self._corrected_cache.get(folded)
        if cached is None:
            if len(self._corrected_cache) >= 4096:
                self._corrected_cache.clear()
            self._corrected_cache[folded] = cached = self._corrected(folded)
        return cached

    def _corrected(self, text: str) -> str:
        """`text` with homophone typos of known words replaced. A stretch is corrected only when
        it spans whole tokens, at least one of them a single character or letters (a typo rarely
        makes a real word), and is itself neither a known word nor a word of general Chinese."""
        tokens = self._cut(text)
        # Only a stretch holding a likely typo — a lone character people do mistype, or letters —
        # is looked at; most messages have none, and reading them costs nothing more.
        suspect = [
            (len(t) == 1 and t not in _NEVER_TYPOS and bool(_CJK.match(t))) or (t.isalpha() and t.isascii())
            for t in tokens
        ]
        if not any(suspect):
            return text
        # … and a character right after a number is its unit (20年先上岗: 年 is no typo of 年限's)
        readable = [
            (bool(_CJK.fullmatch(t)) or (t.isascii() and t.isalpha())) and not (i and tokens[i - 1].isdigit())
            for i, t in enumerate(tokens)
        ]
        sounds = [_loose(self._sound(t)) if ok else "" for t, ok in zip(tokens, readable, strict=True)]
        out: list[str] = []
        i = at = 0  # token index, and its character offset in `text`
        while i < len(tokens):
            for j in range(min(len(tokens), i + MAX_SOUND_TOKENS), i, -1):
                if not all(readable[i:j]) or not any(suspect[i:j]):
                    continue
                window = "".join(tokens[i:j])
                word = self._sounding("".join(sounds[i:j]), window)
                if word is None:
                    continue
                if (
                    window != word
                    and window not in self._known
                    and not self._cuts_into_kept(text, at, at + len(window))
                    and not self._writes(window)
                    and not real_word(window)
                    and _plausible_typo(window, word)
                    and self._keeps_real_words(tokens[i:j], word)
                    and not _splits_a_word(text, at, at + len(window), self._known.__contains__)
                ):
                    out.append(word)
                    at += len(window)
                    i = j
                    break
            else:
                out.append(tokens[i])
                at += len(tokens[i])
                i += 1
        return "".join(out)

    def _cuts_into_kept(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] overlaps a word that is never a typo (`kept`: 我司, 老版)."""
        for word in self._kept:
            at = text.find(word, max(0, start - len(word) + 1))
            while at != -1 and at < end:
                if at + len(word) > start:
                    return True
                at = text.find(word, at + 1)
        return False

    def _writes(self, window: str) -> bool:
        """Whether the knowledge itself writes every character pair of `window` (之日起: 日起)."""
        pairs = [window[i : i + 2] for i in range(len(window) - 1)]
        return bool(pairs) and all(self._pair_written(p) for p in pairs)

    def _keeps_real_words(self, tokens: list[str], word: str) -> bool:
        """Whether the correction leaves every real word typed intact (职业资歌 is 职业资格 with a
        typo, not 执业资格)."""
        if len("".join(tokens)) != len(word):
            return True  # pinyin typed in between: its characters were kept (_plausible_typo)
        at = 0
        for token in tokens:
            if len(token) >= 2 and (real_word(token) or token in self._known) and word[at : at + len(token)] != token:
                return False
            at += len(token)
        return True

    def forget(self) -> None:
        """Drop remembered texts (benchmarks time each question as if it were new)."""
        fold.cache_clear()
        self._canonical_cache.clear()
        self._corrected_cache.clear()
        self._words_cache.clear()
        self._features_cache.clear()
        self._blocks_cache.clear()

    def _canonical(self, text: str) -> str:
        text = _ABOUT.sub(r"\1\2", fold(text))  # 十来天 is about 十天
        if self._synonym_re is not None:
            text = self._synonym_re.sub(lambda m: self._synonyms[m.group(0)], text)
        return strip_to_words(text)

    def tokens(self, folded_text: str) -> list[str]:
        """Every word of a folded text, in order and nothing dropped (the text joined again)."""
        return self._cut(folded_text)

    def _cut(self, text: str) -> list[str]:
        """The tokenizer's words of `text`. It cuts each run of word characters by itself, so each
        run's words are remembered: a message's parts, its story and the whole message, read in
        turn, share their runs."""
        words: list[str] = []
        cache = self._blocks_cache
        for block in _TOKENIZER_BLOCK.split(text):
            if not block:
                continue
            cut = cache.get(block)
            if cut is None:
                if len(cache) >= 4096:
                    cache.clear()
                cut = cache[block] = tuple(self._tokenizer.lcut(block, HMM=False))
            words.extend(cut)
        return words

    def words(self, canonical_text: str) -> list[str]:
        cached = self._words_cache.get(canonical_text)
        if cached is None:
            if len(self._words_cache) >= 4096:
                self._words_cache.clear()
            cached = tuple(w for w in self._cut(canonical_text) if w and w not in self._stopwords)
            self._words_cache[canonical_text] = cached
        return list(cached)

    def features(self, text: str) -> tuple[str, dict[str, float]]:
        """(canonical text, {feature: weight}) — words weigh 1, character bigrams 0.5. A message
        is read several ways (whole, parts, alone and with its story): the features of the last
        few thousand texts are remembered; callers get their own copy to change."""
        cached = self._features_cache.get(text)
        if cached is None:
            if len(self._features_cache) >= 4096:
                self._features_cache.clear()
            cached = self._features_cache[text] = self._features(text)
        return cached[0], dict(cached[1])

    def _features(self, text: str) -> tuple[str, dict[str, float]]:
        canon = self.canonical(text)
        feats: dict[str, float] = {}
        for word in self.words(canon):
            if len(word) == 1 and not word.isdigit() and word in self._stopwords:
                continue
            feats[word] = 1.0
        for run in _CJK.findall(canon):
            for i in range(len(run) - 1):
                gram = run[i : i + 2]
                if gram[0] in _BIGRAM_SKIP and gram[1] in _BIGRAM_SKIP:
                    continue
                feats.setdefault("#" + gram, 0.5)
        return canon, feats

    @staticmethod
    def sound_of(bigram_feature: str) -> str:
        """The pinyin of a '#xy' bigram feature ('@zhicheng'): a homophone typo (职成 for 职称,
        和同 for 合同) sounds like the word the user meant."""
        return "@" + TextPipeline._sound(bigram_feature[1:])


# Characters a homophone correction never replaces: so common (是, 哪, 出, 发, 去) that the user
# surely meant them ("各是多少" is not 各市, "出了事" is not 除了, "…后过几年" is not 后果, "补助
# 怎么发" is not 怎么罚, "去人社局" is not 人社区, "朋友说在杭州" is not 所在, "都谁能报" is not
# 水能, "最高能补到多少" is not 不到, "九几年" is not 究几, "先经人社局批准" is not 进, "留个电话"
# is not 六个), and the provinces' short names a 文号 opens with
# (浙人社发 is not 着人社发).
_NEVER_TYPOS = frozenset(
    "的了吗呢吧是在有我你他她它这那哪什么怎样如何能可以会要想请问一下个就都也还又再不没出几为从被把给对与及或而且等过"
    "发去县述须浙晋赣吉办时说谁补九经留聘"
)


def _loose(sound: str) -> str:
    """A sound as people who do not tell zh/ch/sh from z/c/s, nor in/en from ing/eng, type it
    (只格 for 资格, 四业单位 for 事业单位, 心级 for 星级)."""
    return _BACK_NASAL.sub("n", _RETROFLEX_H.sub("", sound))


_RETROFLEX_H = re.compile("(?<=[zcs])h")
_BACK_NASAL = re.compile("(?<=[ie])ng(?![aeiou])")


def _plausible_typo(typed: str, word: str) -> bool:
    """Whether `typed` reads as a homophone typo of `word`: they share a character (上刚 and
    上岗; 挂kao and 挂靠) — two words that merely sound alike (一建, 意见) share none — and no
    character replaced is one people do not mistype (是, 哪)."""
    if not typed.isascii() and len(typed) == len(word):
        changed = [a for a, b in zip(typed, word, strict=True) if a != b]
        return len(changed) < len(word) and not any(c in _NEVER_TYPOS for c in changed)
    hanzi = [c for c in typed if not c.isascii()]  # pinyin typed in between: its characters are kept
    return bool(hanzi) and all(c in word for c in hanzi)


def _splits_a_word(text: str, start: int, end: int, known: Callable[[str], bool] = lambda word: False) -> bool:
    """Whether a real word, or a word the knowledge writes (`known`), runs across an edge of
    text[start:end] (招聘启事里: 事里 is not a typo of 市里, it ends 启事; 挂正的: 正的 is not 真的,
    挂正 is how people write 挂证)."""
    for edge in (start, end):
        for i in range(max(0, edge - 3), edge):
            for j in range(edge + 1, min(len(text), i + 4) + 1):
                if real_word(text[i:j]) or known(text[i:j]):
                    return True
    return False


# Characters so common that a bigram made only of them says nothing.
_BIGRAM_SKIP = frozenset("的了吗呢吧是在有和我你他她它这那什么怎样如何能可以会要想请问一下个就都也还又再不没")
