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
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import jieba

from bot.kb.normalise import fold, strip_to_words

jieba.setLogLevel(60)

# Words that say nothing about which policy is meant.
STOPWORDS = frozenset(
    """的 了 吗 呢 吧 啊 呀 么 嘛 哦 哪 是 在 有 和 与 及 或 我 你 他 她 它 我们 你们 他们 咱们 这 那 这个 那个
    这些 那些 什么 怎么 怎么样 怎样 如何 为什么 哪些 哪个 多少 几 能 能否 可以 可不可以 能不能 会 会不会 要 需要 想
    请问 一下 一个 就 都 也 还 又 再 但 但是 如果 的话 吗 请 问 下 个 对 把 被 给 让 从 到 向 为 以 之 其 该
    所 而 并 等 中 上 里 时 后 前 已经 没有 没 不 不是 现在 今年 自己 本人 谢谢 您好 你好 呃 嗯 啥 咋 咋样 么样
    行不行 行吗 可以吗 能吗 是不是 有没有 要不要 算不算 一般 具体 相关 关于 方面 情况 问题 东西 事情 一些 哪里
    目前 还有 以及 然后 那么 这样 那样 因为 所以 比如 例如 吗呢""".split()
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


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


def general_frequency(word: str) -> int:
    """How common `word` is in general Chinese (jieba's dictionary counts; 0 when absent)."""
    return _general_words().get(word, (0, ""))[0]


# Parts of speech (jieba's tags) that say how a question is put, never what it is about: verbs,
# pronouns, adverbs, adjectives, distinguishing words (初级, 私立), numerals, conjunctions …
_MANNER_TAGS = frozenset("r rr rz d dg c p u ul uj uz ug uv ud m mq q y e o".split())


def names_a_topic(word: str) -> bool:
    """Whether a general word can be what a question is about (a noun, a name, an abbreviation);
    words general Chinese does not know are taken as topics."""
    entry = _general_words().get(word)
    return entry is None or entry[1] not in _MANNER_TAGS


class TextPipeline:
    """Normalises and segments text; built once per knowledge version (synonyms, terms)."""

    def __init__(self, synonyms: Mapping[str, str], domain_terms: Iterable[str]):
        self._synonyms = {fold(k): fold(v) for k, v in synonyms.items() if fold(k)}
        # Canonical terms map to themselves so that a variant inside a longer canonical term
        # (见习生 inside 见习生活补助) is never rewritten: the longest match wins.
        for canonical in list(self._synonyms.values()):
            if len(canonical) >= 2:
                self._synonyms.setdefault(canonical, canonical)
        variants = sorted(self._synonyms, key=len, reverse=True)
        self._synonym_re = re.compile("|".join(map(re.escape, variants))) if variants else None
        self._tokenizer = self._build_tokenizer(domain_terms)
        self._canonical_cache: dict[str, str] = {}

    def _build_tokenizer(self, domain_terms: Iterable[str]) -> jieba.Tokenizer:
        lines = list(_general_vocabulary())
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

    def forget(self) -> None:
        """Drop remembered texts (benchmarks time each question as if it were new)."""
        self._canonical_cache.clear()

    def _canonical(self, text: str) -> str:
        text = fold(text)
        if self._synonym_re is not None:
            text = self._synonym_re.sub(lambda m: self._synonyms[m.group(0)], text)
        return strip_to_words(text)

    def words(self, canonical_text: str) -> list[str]:
        return [w for w in self._tokenizer.lcut(canonical_text, HMM=False) if w and w not in STOPWORDS]

    def features(self, text: str) -> tuple[str, dict[str, float]]:
        """(canonical text, {feature: weight}) — words weigh 1, character bigrams 0.5."""
        canon = self.canonical(text)
        feats: dict[str, float] = {}
        for word in self.words(canon):
            if len(word) == 1 and not word.isdigit() and word in STOPWORDS:
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
        pinyin = _pinyin_table()
        return "@" + "".join(pinyin.get(ch, ch) for ch in bigram_feature[1:])


# Characters so common that a bigram made only of them says nothing.
_BIGRAM_SKIP = frozenset("的了吗呢吧是在有和我你他她它这那什么怎样如何能可以会要想请问一下个就都也还又再不没")
